import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadAttachment } from '@/components/attachments/api/attachment-url';
import { Button } from '@/components/ui/button';
import { API_BASE, toSearchParams } from '@/lib/api-client';
import {
  apiFiltersFromFilters,
  listStatuses,
  type TicketListFilters,
} from '../utils/list-search-params';

/**
 * "Download CSV": the list as it is filtered and sorted, every matching ticket
 * (`GET /api/tickets/export.csv`, docs/api.md "Exports"), fetched with the session's token and
 * saved as `tickets.csv`. The server streams it, so a large export costs the page nothing until
 * the file arrives; a failure shows beside the button.
 */
export function ExportCsvButton({ filters }: { filters: TicketListFilters }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'pending' | 'failed'>('idle');
  async function download() {
    setState('pending');
    const params = toSearchParams({
      ...apiFiltersFromFilters(filters),
      status: listStatuses(filters).join(','),
      sortBy: filters.sortBy,
      sortOrder: filters.sortOrder,
    });
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
        {t('ticketList.exportCsv')}
      </Button>
      {state === 'failed' ? (
        <span role="alert" className="form-error">
          {t('ticketList.exportFailed')}
        </span>
      ) : null}
    </>
  );
}
