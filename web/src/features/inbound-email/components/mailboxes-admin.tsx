import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Mailbox, MailboxWithSecret } from '@docket/server/contract/mailboxes';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { DateTime } from '@/components/ui/date-time';
import { Loading } from '@/components/ui/loading';
import { useToast } from '@/components/ui/toast';
import { errorMessage } from '@/lib/form-errors';
import {
  useDeleteMailbox,
  useMailboxes,
  useRotateMailboxSecret,
  useUpdateMailbox,
} from '../api/mailboxes';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { CreateMailboxForm } from './create-mailbox-form';
import { InboundSecret } from './inbound-secret';

/**
 * The admins' mailboxes page (docs/product.md "Inbound email"): add a mailbox (its inbound
 * secret and the endpoint to post to are shown once), list every mailbox with its way in (IMAP
 * account or endpoint only) and its state (last fetch, last error, mails processed), pause or
 * resume one, rotate its secret (shown once) and delete it. A table that stacks as cards on a
 * phone.
 */
export function MailboxesAdmin() {
  const { t } = useTranslation();
  const { toast } = useToast();
  const mailboxes = useMailboxes();
  const update = useUpdateMailbox();
  const rotate = useRotateMailboxSecret();
  const remove = useDeleteMailbox();
  const [secret, setSecret] = useState<MailboxWithSecret | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  function setActive(mailbox: Mailbox, isActive: boolean) {
    setActionError(null);
    update.mutate(
      { id: mailbox.id, body: { isActive } },
      {
        onSuccess: () =>
          toast({
            tone: 'success',
            title: t(
              isActive ? 'inboundEmail.mailboxes.activated' : 'inboundEmail.mailboxes.deactivated',
              { address: mailbox.address },
            ),
          }),
        onError: setActionError,
      },
    );
  }

  return (
    <>
      {secret ? <InboundSecret mailbox={secret} onDismiss={() => setSecret(null)} /> : null}
      <CreateMailboxForm onCreated={setSecret} />
      <Card title={t('inboundEmail.mailboxes.listTitle')}>
        {actionError ? <Alert tone="error">{errorMessage(actionError, t)}</Alert> : null}
        {mailboxes.isPending ? <Loading /> : null}
        {mailboxes.isError ? <Alert tone="error">{errorMessage(mailboxes.error, t)}</Alert> : null}
        {mailboxes.data ? (
          <DataTable
            caption={t('inboundEmail.mailboxes.listTitle')}
            hideCaption
            rows={mailboxes.data.data}
            rowKey={(mailbox) => mailbox.id}
            empty={t('inboundEmail.mailboxes.empty')}
            columns={[
              {
                key: 'address',
                header: t('inboundEmail.mailboxes.address'),
                rowHeader: true,
                cell: (mailbox) => <span className="inbound-break">{mailbox.address}</span>,
              },
              {
                key: 'name',
                header: t('inboundEmail.mailboxes.displayName'),
                cell: (mailbox) => mailbox.displayName,
              },
              {
                key: 'wayIn',
                header: t('inboundEmail.mailboxes.wayIn'),
                cell: (mailbox) =>
                  mailbox.imap ? (
                    <span className="inbound-break">
                      {t('inboundEmail.mailboxes.imapAccount', {
                        host: mailbox.imap.host,
                        user: mailbox.imap.user,
                      })}
                    </span>
                  ) : (
                    t('inboundEmail.mailboxes.endpointOnly')
                  ),
              },
              {
                key: 'state',
                header: t('inboundEmail.mailboxes.state'),
                cell: (mailbox) => <MailboxState mailbox={mailbox} />,
              },
              {
                key: 'processed',
                header: t('inboundEmail.mailboxes.mailsProcessed'),
                numeric: true,
                cell: (mailbox) => mailbox.state.mailsProcessed,
              },
              {
                key: 'status',
                header: t('inboundEmail.mailboxes.status'),
                cell: (mailbox) =>
                  mailbox.isActive ? (
                    <Badge tone="success">{t('inboundEmail.mailboxes.active')}</Badge>
                  ) : (
                    <Badge tone="neutral">{t('inboundEmail.mailboxes.inactive')}</Badge>
                  ),
              },
              {
                key: 'actions',
                header: t('inboundEmail.common.actions'),
                cell: (mailbox) => (
                  <span className="admin-row-actions">
                    <Button
                      variant="secondary"
                      aria-label={t(
                        mailbox.isActive
                          ? 'inboundEmail.mailboxes.deactivateNamed'
                          : 'inboundEmail.mailboxes.activateNamed',
                        { address: mailbox.address },
                      )}
                      disabled={update.isPending && update.variables.id === mailbox.id}
                      onClick={() => setActive(mailbox, !mailbox.isActive)}
                    >
                      {mailbox.isActive
                        ? t('inboundEmail.mailboxes.deactivate')
                        : t('inboundEmail.mailboxes.activate')}
                    </Button>
                    <ConfirmDialog
                      trigger={t('inboundEmail.mailboxes.rotate')}
                      triggerLabel={t('inboundEmail.mailboxes.rotateNamed', {
                        address: mailbox.address,
                      })}
                      title={t('inboundEmail.mailboxes.rotateTitle', { address: mailbox.address })}
                      description={t('inboundEmail.mailboxes.rotateBody')}
                      confirmLabel={t('inboundEmail.mailboxes.rotate')}
                      onConfirm={async () => setSecret(await rotate.mutateAsync(mailbox.id))}
                    />
                    <ConfirmDialog
                      trigger={t('inboundEmail.mailboxes.delete')}
                      triggerLabel={t('inboundEmail.mailboxes.deleteNamed', {
                        address: mailbox.address,
                      })}
                      title={t('inboundEmail.mailboxes.deleteTitle', { address: mailbox.address })}
                      description={t('inboundEmail.mailboxes.deleteBody')}
                      confirmLabel={t('inboundEmail.mailboxes.delete')}
                      onConfirm={async () => {
                        await remove.mutateAsync(mailbox.id);
                        if (secret?.id === mailbox.id) setSecret(null);
                        toast({
                          tone: 'success',
                          title: t('inboundEmail.mailboxes.deleted', { address: mailbox.address }),
                        });
                      }}
                    />
                  </span>
                ),
              },
            ]}
          />
        ) : null}
      </Card>
    </>
  );
}

/** The last fetch over IMAP (or that the mailbox has none), and the last error, as error text. */
function MailboxState({ mailbox }: { mailbox: Mailbox }) {
  const { t } = useTranslation();
  return (
    <div className="inbound-state">
      <span>
        {mailbox.state.lastPollAt ? (
          <>
            {t('inboundEmail.mailboxes.lastFetch')} <DateTime value={mailbox.state.lastPollAt} />
          </>
        ) : mailbox.imap ? (
          t('inboundEmail.mailboxes.neverFetched')
        ) : (
          t('inboundEmail.mailboxes.noFetch')
        )}
      </span>
      {mailbox.state.lastError ? (
        <span className="inbound-error">
          {t('inboundEmail.mailboxes.lastError', { error: mailbox.state.lastError })}
        </span>
      ) : null}
    </div>
  );
}
