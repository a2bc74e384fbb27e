import { TicketsCsvButton } from '@/components/tickets-csv-button';
import {
  apiFiltersFromFilters,
  listStatuses,
  type TicketListFilters,
} from '../utils/list-search-params';

/**
 * The ticket list's "Download CSV": the list as it is filtered and sorted, every matching ticket
 * (`GET /api/tickets/export.csv`, docs/api.md "Exports"; the download itself is
 * components/tickets-csv-button.tsx). The default list's statuses are spelled out, as the list
 * asks for them.
 */
export function ExportCsvButton({ filters }: { filters: TicketListFilters }) {
  return (
    <TicketsCsvButton
      query={{
        ...(apiFiltersFromFilters(filters) as Record<string, string>),
        status: listStatuses(filters).join(','),
        sortBy: filters.sortBy,
        sortOrder: filters.sortOrder,
      }}
    />
  );
}
