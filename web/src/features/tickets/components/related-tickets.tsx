import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { LinkRelation, Ticket } from '@docket/server/contract/tickets';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Field, TextField } from '@/components/ui/field';
import { Select } from '@/components/ui/select';
import { paths } from '@/config/paths';
import { errorMessage } from '@/lib/form-errors';
import { useMergeTicket, useTicketLinkMutations, useTicketLinks } from '../api/ticket-relations';
import { StatusBadge } from './status-badge';

const RELATIONS: readonly LinkRelation[] = ['related', 'parent', 'child'];

/**
 * The ticket's links to other tickets (docs/product.md "Merge and links"): each with what the
 * other ticket is to this one, its status and a remove button; a form to link another ticket by
 * its reference; and "Merge into…", which closes this ticket and moves its conversation to the
 * named one after a confirmation. Read-only on a CLOSED ticket (links stay removable).
 */
export function RelatedTickets({ ticket, detailId }: { ticket: Ticket; detailId: string }) {
  const { t } = useTranslation();
  const links = useTicketLinks(ticket.id);
  const { add, remove } = useTicketLinkMutations(ticket.id);
  const merge = useMergeTicket(ticket.id, detailId);
  const [other, setOther] = useState('');
  const [relation, setRelation] = useState<LinkRelation>('related');
  const [target, setTarget] = useState('');
  const [comment, setComment] = useState('');
  const closed = ticket.status === 'CLOSED';

  function submitLink(event: FormEvent) {
    event.preventDefault();
    if (!other.trim()) return;
    add.mutate({ ticketId: other.trim(), relation }, { onSuccess: () => setOther('') });
  }

  return (
    <Card title={t('ticketPage.relations.heading')} className="related-tickets">
      {links.data?.data.length ? (
        <ul className="related-tickets__list">
          {links.data.data.map((link) => (
            <li key={link.id} className="related-tickets__item">
              <span className="related-tickets__relation">
                {t(`ticketPage.relations.relation.${link.relation}`)}
              </span>{' '}
              <Link to={paths.ticket.getHref(link.ticket.reference)}>{link.ticket.reference}</Link>{' '}
              <span className="related-tickets__subject">{link.ticket.subject}</span>{' '}
              <StatusBadge status={link.ticket.status} />
              <Button
                variant="ghost"
                className="related-tickets__remove"
                aria-label={t('ticketPage.relations.remove', { reference: link.ticket.reference })}
                disabled={remove.isPending}
                onClick={() => remove.mutate(link.id)}
              >
                ×
              </Button>
            </li>
          ))}
        </ul>
      ) : links.isSuccess ? (
        <p className="muted">{t('ticketPage.relations.none')}</p>
      ) : null}
      {remove.isError ? <Alert tone="error">{errorMessage(remove.error, t)}</Alert> : null}

      <form className="related-tickets__form" onSubmit={submitLink}>
        <TextField
          label={t('ticketPage.relations.ticket')}
          value={other}
          maxLength={64}
          placeholder="TKT-00042"
          onChange={(event) => setOther(event.target.value)}
        />
        <Field label={t('ticketPage.relations.as')}>
          {(control) => (
            <Select
              id={control.id}
              value={relation}
              onValueChange={(value) => setRelation(value as LinkRelation)}
              options={RELATIONS.map((value) => ({
                value,
                label: t(`ticketPage.relations.relation.${value}`),
              }))}
            />
          )}
        </Field>
        <Button type="submit" variant="secondary" disabled={add.isPending || !other.trim()}>
          {t('ticketPage.relations.link')}
        </Button>
      </form>
      {add.isError ? <Alert tone="error">{errorMessage(add.error, t)}</Alert> : null}

      {closed ? null : (
        <div className="related-tickets__merge">
          <h3 className="section-title">{t('ticketPage.merge.heading')}</h3>
          <TextField
            label={t('ticketPage.merge.target')}
            value={target}
            maxLength={64}
            placeholder="TKT-00042"
            onChange={(event) => setTarget(event.target.value)}
          />
          <Field label={t('ticketPage.merge.comment')} hint={t('ticketPage.merge.commentHint')}>
            {(control) => (
              <textarea
                {...control}
                className="input"
                rows={2}
                maxLength={5000}
                value={comment}
                onChange={(event) => setComment(event.target.value)}
              />
            )}
          </Field>
          <ConfirmDialog
            trigger={t('ticketPage.merge.action')}
            title={t('ticketPage.merge.confirmTitle', {
              source: ticket.reference,
              target: target.trim() || '—',
            })}
            description={t('ticketPage.merge.confirmText')}
            confirmLabel={t('ticketPage.merge.confirm')}
            onConfirm={() =>
              merge.mutateAsync({
                targetId: target.trim(),
                ...(comment.trim() ? { comment: comment.trim() } : {}),
              })
            }
          />
        </div>
      )}
    </Card>
  );
}

/** "Merged into TKT-…" above a merged ticket, linking to where the conversation went on. */
export function MergedNotice({ ticket }: { ticket: Pick<Ticket, 'mergedInto'> }) {
  const { t } = useTranslation();
  if (!ticket.mergedInto) return null;
  return (
    <Alert tone="info">
      {t('ticketPage.merge.mergedInto')}{' '}
      <Link to={paths.ticket.getHref(ticket.mergedInto.reference)}>
        {ticket.mergedInto.reference}
      </Link>
    </Alert>
  );
}
