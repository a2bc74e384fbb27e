import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ticket } from '@docket/server/contract/tickets';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { errorMessage } from '@/lib/form-errors';
import { useUpdateTicket } from '../api/update-ticket';

/** The server's bound on a resolution note (PATCH /api/tickets/:id `resolutionNote`). */
const MAX_NOTE = 2000;

/**
 * The resolution note (docs/product.md "Resolution note"): a short summary for the requester,
 * shown on the tracker, in the portal and in the "resolved" email; saved with PATCH
 * `resolutionNote` (empty removes it) and editable until the ticket is CLOSED.
 */
export function ResolutionNote({ ticket, detailId }: { ticket: Ticket; detailId: string }) {
  const { t } = useTranslation();
  const update = useUpdateTicket(detailId);
  const [draft, setDraft] = useState<string | null>(null);
  const value = draft ?? ticket.resolutionNote ?? '';
  const closed = ticket.status === 'CLOSED';
  const changed = value.trim() !== (ticket.resolutionNote ?? '');

  function save(event: FormEvent) {
    event.preventDefault();
    update.mutate(
      { change: { resolutionNote: value.trim() }, version: ticket.version },
      { onSuccess: () => setDraft(null) },
    );
  }

  return (
    <Card title={t('ticketPage.resolutionNote.heading')} className="resolution-note">
      <form onSubmit={save}>
        <Field
          label={t('ticketPage.resolutionNote.label')}
          hint={t('ticketPage.resolutionNote.hint')}
        >
          {(control) => (
            <textarea
              {...control}
              className="input"
              rows={3}
              maxLength={MAX_NOTE}
              value={value}
              disabled={closed}
              onChange={(event) => setDraft(event.target.value)}
            />
          )}
        </Field>
        {closed ? null : (
          <Button type="submit" variant="secondary" disabled={!changed || update.isPending}>
            {t('ticketPage.resolutionNote.save')}
          </Button>
        )}
      </form>
      {update.isError ? <Alert tone="error">{errorMessage(update.error, t)}</Alert> : null}
    </Card>
  );
}
