import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadAttachment } from '@/components/attachments/api/attachment-url';
import { Button } from '@/components/ui/button';
import { API_BASE, toSearchParams } from '@/lib/api-client';

/**
 * "Download CSV" of the tickets matching `query` (GET /api/tickets' filters and sort as query
 * strings: `status`, `createdFrom`, `cf.<key>`, …; `cursor` and `limit` are not sent), from
 * `GET /api/tickets/export.csv` (docs/api.md "Exports"), fetched with the session's token and
 * saved as `tickets.csv`. The server streams it, so a large export costs the page nothing until
 * the file arrives; a failure shows beside the button. Used by the ticket list (its filters) and
 * the statistics page (the tickets created in its period, under its own label: the SLA section
 * there has a "Download CSV" of its figures).
 */
export function TicketsCsvButton({
  query,
  label,
}: {
  query: Readonly<Record<string, string>>;
  /** The button's text when "Download CSV" would be ambiguous on the page. */
  label?: string;
}) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'pending' | 'failed'>('idle');
  async function download() {
    setState('pending');
    const params = toSearchParams(query);
    try {
      await downloadAttachment(
        `${API_BASE}/tickets/export.csv?${params.toString()}`,
        'tickets.csv',
      );
      setState('idle');
    } catch {
      setState('failed');
    }
  }
  return (
    <>
      <Button variant="secondary" disabled={state === 'pending'} onClick={() => void download()}>
        {label ?? t('ticketList.exportCsv')}
      </Button>
      {state === 'failed' ? (
        <span role="alert" className="form-error">
          {t('ticketList.exportFailed')}
        </span>
      ) : null}
    </>
  );
}
