import { useDeferredValue, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnyTicket } from '@docket/server/contract/tickets';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { LoadError } from '@/components/ui/load-error';
import { Loading } from '@/components/ui/loading';
import { paths } from '@/config/paths';
import { errorMessage } from '@/lib/form-errors';
import { useTickets } from '../api/get-tickets';
import type { ListLayout } from '../utils/list-layout';
import { hasActiveFilters, type TicketListFilters } from '../utils/list-search-params';
import { BulkActions } from './bulk-actions';
import { TicketRow } from './ticket-row';
import { TicketTable } from './ticket-table';

type TicketsListProps = {
  filters: TicketListFilters;
  onClearFilters: () => void;
  /**
   * The signed-in agent or admin, who may select rows for bulk actions; absent for customers.
   * The selection lives here: give the component a `key` per view so a new view starts empty.
   */
  bulkUser?: { id: string; name: string };
  /**
   * Extra badges of each row, after its priority (the route adds the SLA badge for staff); in the
   * table they fill the SLA column.
   */
  rowBadges?: (ticket: AnyTicket) => ReactNode;
  /** Cards (default) or the dense table. */
  layout?: ListLayout;
  /** The table's columns (the active view's `columns`); absent or empty: the default set. */
  columns?: readonly string[];
  /** Where a ticket opens (the route keeps the list's filters); default: its page. */
  hrefOf?: (ticket: AnyTicket) => string;
  /** The reference of the ticket open beside the list (split view). */
  currentReference?: string;
};

/**
 * The ticket list of `filters`: cursor-paged ("Load more" fetches the next page), with the
 * selection and bulk actions for staff (select-all covers the tickets shown). An error keeps the
 * rows already shown and says so below them.
 */
export function TicketsList({
  filters,
  onClearFilters,
  bulkUser,
  rowBadges,
  layout = 'cards',
  columns,
  hrefOf,
  currentReference,
}: TicketsListProps) {
  const { t } = useTranslation();
  const tickets = useTickets(filters);
  const [selectedIds, setSelectedIds] = useState<ReadonlySet<string>>(() => new Set());
  const selectAllId = useId();
  // The first rows render in a background render (React's transition priority: cut into slices
  // of a few milliseconds, input and painting go on in between) instead of one long task; later
  // changes (more pages, refreshes, bulk actions) show at once.
  const rowsShown = useDeferredValue(tickets.data !== undefined, false);

  if (tickets.data === undefined || !rowsShown) {
    if (tickets.isPending || tickets.data !== undefined) return <Loading />;
    return (
      <LoadError
        title={t('ticketList.error')}
        error={tickets.error}
        onRetry={() => void tickets.refetch()}
      />
    );
  }

  // Data stays on screen when a later page or a background refresh fails; the error shows below.
  const rows = tickets.data.pages.flatMap((page) => page.data);

  if (rows.length === 0) {
    const filtered = hasActiveFilters(filters);
    return (
      <div className="empty-state">
        <p>{filtered ? t('ticketList.empty') : t('inbox.emptyUnsolved')}</p>
        {filtered ? (
          <Button variant="secondary" onClick={onClearFilters}>
            {t('ticketList.clearFilters')}
          </Button>
        ) : null}
      </div>
    );
  }

  const selected = rows.filter((ticket) => selectedIds.has(ticket.id));
  const allSelected = selected.length === rows.length;
  const select = (ids: string[], checked: boolean) =>
    setSelectedIds((current) => {
      const next = new Set(current);
      for (const id of ids) {
        if (checked) next.add(id);
        else next.delete(id);
      }
      return next;
    });

  return (
    <div className="tickets">
      {bulkUser ? (
        <div className="tickets__selection">
          <Checkbox
            id={selectAllId}
            checked={allSelected ? true : selected.length ? 'indeterminate' : false}
            onCheckedChange={() =>
              select(
                rows.map((ticket) => ticket.id),
                !allSelected,
              )
            }
            label={t('ticketFilters.selection.selectAll')}
          />
          <BulkActions
            selected={selected}
            currentUser={bulkUser}
            onClearSelection={() => {
              setSelectedIds(new Set());
              // The toolbar (and the control that had focus) leaves: keep keyboard users here.
              document.getElementById(selectAllId)?.focus();
            }}
          />
        </div>
      ) : null}
      {layout === 'table' ? (
        <TicketTable
          tickets={rows}
          columns={columns}
          hrefOf={hrefOf ?? ((ticket) => paths.ticket.getHref(ticket.reference))}
          slaCell={rowBadges}
          currentId={currentReference}
          selection={
            bulkUser
              ? {
                  isSelected: (id) => selectedIds.has(id),
                  onChange: (id, checked) => select([id], checked),
                }
              : undefined
          }
        />
      ) : (
        <ul className="ticket-list">
          {rows.map((ticket) => (
            <TicketRow
              key={ticket.id}
              ticket={ticket}
              extraBadges={rowBadges?.(ticket)}
              href={hrefOf?.(ticket)}
              current={ticket.reference === currentReference}
              selection={
                bulkUser
                  ? {
                      checked: selectedIds.has(ticket.id),
                      onCheckedChange: (checked) => select([ticket.id], checked),
                    }
                  : undefined
              }
            />
          ))}
        </ul>
      )}
      <div className="tickets__footer">
        <p className="tickets__count" role="status">
          {t('ticketList.shown', { count: rows.length })}
        </p>
        {tickets.hasNextPage ? (
          <Button
            variant="secondary"
            onClick={() => void tickets.fetchNextPage()}
            disabled={tickets.isFetchingNextPage}
          >
            {tickets.isFetchingNextPage ? t('ticketList.loadingMore') : t('ticketList.loadMore')}
          </Button>
        ) : null}
      </div>
      {tickets.isError ? <Alert tone="error">{errorMessage(tickets.error, t)}</Alert> : null}
    </div>
  );
}
