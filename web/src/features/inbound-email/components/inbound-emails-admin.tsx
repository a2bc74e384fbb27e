import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  INBOUND_LOG_OUTCOMES,
  type InboundEmail,
  type InboundResultBody,
} from '@docket/server/contract/inbound';
import { Alert } from '@/components/ui/alert';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { DataTable } from '@/components/ui/data-table';
import { DateTime } from '@/components/ui/date-time';
import { Field } from '@/components/ui/field';
import { Loading } from '@/components/ui/loading';
import { useToast } from '@/components/ui/toast';
import { paths } from '@/config/paths';
import { isApiError } from '@/lib/api-client';
import { errorMessage } from '@/lib/form-errors';
import {
  downloadOriginal,
  useAcceptInboundEmail,
  useDiscardInboundEmail,
  useInboundEmails,
  type InboundOutcome,
} from '../api/inbound-emails';
import { causeText, skipReasonText } from '../utils/inbound-words';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';

const OUTCOME_TONES: Record<InboundOutcome, BadgeTone> = {
  ticket_created: 'success',
  response_added: 'info',
  suspended: 'warning',
  discarded: 'neutral',
};

/**
 * The inbound log for admins (docs/product.md "Inbound email": "admins can read the inbound
 * log"), newest first, 25 at a time with "Load more", filtered by outcome: who sent what, when,
 * what became of it (the cause in words for a suspended mail), the ticket it made or joined, the
 * files that were not kept, the original message as a `.eml` download, and "Accept" / "Discard"
 * for suspended mail. Outcomes are written out, not colour alone; the table stacks as cards on a
 * phone.
 */
export function InboundEmailsAdmin() {
  const { t } = useTranslation();
  const { toast } = useToast();
  const [outcome, setOutcome] = useState<InboundOutcome | undefined>(undefined);
  const mails = useInboundEmails(outcome);
  const accept = useAcceptInboundEmail();
  const discard = useDiscardInboundEmail();
  const rows = mails.data?.pages.flatMap((page) => page.data) ?? [];

  function failed(error: unknown) {
    toast({
      tone: 'error',
      title:
        isApiError(error) && error.code === 'not_suspended'
          ? t('inboundEmail.log.notSuspended')
          : t('inboundEmail.log.actionFailed'),
      description: errorMessage(error, t),
    });
  }

  function accepted(result: InboundResultBody) {
    const reference = result.reference ?? '';
    const title =
      result.outcome === 'ticket_created'
        ? t('inboundEmail.log.accepted.ticketCreated', { reference })
        : result.outcome === 'response_added'
          ? t('inboundEmail.log.accepted.responseAdded', { reference })
          : result.outcome === 'duplicate'
            ? t('inboundEmail.log.accepted.duplicate')
            : t('inboundEmail.log.accepted.suspended', {
                cause: result.cause ? causeText(result.cause, t) : '',
              });
    toast({ tone: result.outcome === 'suspended' ? 'error' : 'success', title });
  }

  async function download(mail: InboundEmail) {
    try {
      await downloadOriginal(mail.id);
    } catch (error) {
      toast({
        tone: 'error',
        title: t('inboundEmail.log.downloadFailed'),
        description: String(error),
      });
    }
  }

  return (
    <section className="inbound-log" aria-labelledby="inbound-log-heading">
      <div className="list-toolbar">
        <Field label={t('inboundEmail.log.filter')}>
          {(control) => (
            <select
              {...control}
              className="select list-toolbar__filter"
              value={outcome ?? ''}
              onChange={(event) =>
                setOutcome((event.target.value || undefined) as InboundOutcome | undefined)
              }
            >
              <option value="">{t('inboundEmail.log.filters.all')}</option>
              {INBOUND_LOG_OUTCOMES.map((value) => (
                <option key={value} value={value}>
                  {t(`inboundEmail.log.outcomes.${value}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Button variant="ghost" onClick={() => void mails.refetch()}>
          {t('inboundEmail.log.refresh')}
        </Button>
      </div>
      <h2 id="inbound-log-heading" className="visually-hidden">
        {t('inboundEmail.log.title')}
      </h2>
      {mails.isPending ? (
        <Loading />
      ) : mails.isError ? (
        <Alert tone="error">{errorMessage(mails.error, t)}</Alert>
      ) : (
        <DataTable
          caption={t('inboundEmail.log.title')}
          hideCaption
          rows={rows}
          rowKey={(mail) => mail.id}
          empty={t('inboundEmail.log.empty')}
          columns={[
            {
              key: 'received',
              header: t('inboundEmail.log.received'),
              cell: (mail) => <DateTime value={mail.receivedAt} />,
            },
            {
              key: 'from',
              header: t('inboundEmail.log.from'),
              cell: (mail) => <span className="inbound-break">{senderOf(mail, t)}</span>,
            },
            {
              key: 'subject',
              header: t('inboundEmail.log.subject'),
              rowHeader: true,
              cell: (mail) => mail.subject || t('inboundEmail.log.noSubject'),
            },
            {
              key: 'outcome',
              header: t('inboundEmail.log.outcome'),
              cell: (mail) => (
                <div className="inbound-state">
                  <Badge tone={OUTCOME_TONES[mail.outcome]}>
                    {t(`inboundEmail.log.outcomes.${mail.outcome}`)}
                  </Badge>
                  {mail.cause ? <span>{causeText(mail.cause, t)}</span> : null}
                </div>
              ),
            },
            {
              key: 'ticket',
              header: t('inboundEmail.log.ticket'),
              cell: (mail) =>
                mail.ticketId ? (
                  <Link
                    to={paths.ticket.getHref(mail.ticketId)}
                    aria-label={t('inboundEmail.log.openTicketOf', {
                      subject: mail.subject || t('inboundEmail.log.noSubject'),
                    })}
                  >
                    {t('inboundEmail.log.openTicket')}
                  </Link>
                ) : (
                  '—'
                ),
            },
            {
              key: 'skipped',
              header: t('inboundEmail.log.skippedFiles'),
              cell: (mail) =>
                mail.skippedFiles.length === 0 ? (
                  '—'
                ) : (
                  <ul className="inbound-skipped">
                    {mail.skippedFiles.map((file, index) => (
                      <li key={`${index}-${file.fileName}`} className="inbound-break">
                        {t('inboundEmail.log.skippedFile', {
                          fileName: file.fileName,
                          reason: skipReasonText(file.reason, t),
                        })}
                      </li>
                    ))}
                  </ul>
                ),
            },
            {
              key: 'actions',
              header: t('inboundEmail.common.actions'),
              cell: (mail) => {
                const subject = mail.subject || t('inboundEmail.log.noSubject');
                return (
                  <span className="admin-row-actions">
                    <Button
                      variant="ghost"
                      aria-label={t('inboundEmail.log.downloadOf', { subject })}
                      onClick={() => void download(mail)}
                    >
                      {t('inboundEmail.log.download')}
                    </Button>
                    {mail.outcome === 'suspended' ? (
                      <>
                        <Button
                          variant="secondary"
                          aria-label={t('inboundEmail.log.acceptOf', { subject })}
                          disabled={accept.isPending && accept.variables === mail.id}
                          onClick={() =>
                            accept.mutate(mail.id, { onSuccess: accepted, onError: failed })
                          }
                        >
                          {t('inboundEmail.log.accept')}
                        </Button>
                        <ConfirmDialog
                          trigger={t('inboundEmail.log.discard')}
                          triggerLabel={t('inboundEmail.log.discardOf', { subject })}
                          title={t('inboundEmail.log.discardTitle', { subject })}
                          description={t('inboundEmail.log.discardBody')}
                          confirmLabel={t('inboundEmail.log.discard')}
                          onConfirm={async () => {
                            try {
                              await discard.mutateAsync(mail.id);
                            } catch (error) {
                              // Accepted or discarded meanwhile: a toast says so.
                              if (!isApiError(error) || error.code !== 'not_suspended') throw error;
                              failed(error);
                              return;
                            }
                            toast({
                              tone: 'success',
                              title: t('inboundEmail.log.discarded', { subject }),
                            });
                          }}
                        />
                      </>
                    ) : null}
                  </span>
                );
              },
            },
          ]}
        />
      )}
      {mails.hasNextPage ? (
        <Button
          variant="secondary"
          className="admin-more"
          onClick={() => void mails.fetchNextPage()}
          disabled={mails.isFetchingNextPage}
        >
          {t('inboundEmail.log.loadMore')}
        </Button>
      ) : null}
    </section>
  );
}

/** "Casey Customer <casey@acme.test>", the address alone, or "Unknown sender". */
function senderOf(mail: InboundEmail, t: TFunction): string {
  const { address, name } = mail.from;
  if (address && name) return `${name} <${address}>`;
  return address ?? name ?? t('inboundEmail.log.unknownSender');
}
