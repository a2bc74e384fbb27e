import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { VIEW_COLUMN_KEYS, ViewColumnKey } from '@docket/server/contract/saved-views';
import type { AnyTicket } from '@docket/server/contract/tickets';
import { Checkbox } from '@/components/ui/checkbox';
import { useDateTimeFormat } from '@/i18n/format';
import { isCustomerView } from '../utils/ticket-view';
import { AssigneeName } from './ticket-row';
import { PriorityBadge } from './priority-badge';
import { StatusBadge } from './status-badge';

/**
 * The table's column keys are a saved view's `columns` (the contract's `VIEW_COLUMN_KEYS`), by
 * value: importing them would load the contract's view schemas, and the schema library, with the
 * ticket list. Typed as the contract's tuple, so any change there fails to compile here.
 */
const TICKET_COLUMNS: typeof VIEW_COLUMN_KEYS = [
  'reference',
  'subject',
  'requester',
  'status',
  'priority',
  'sla',
  'assignee',
  'group',
  'category',
  'channel',
  'updatedAt',
  'createdAt',
];
type TicketColumn = ViewColumnKey;

/** The columns shown when no view chooses them. */
const DEFAULT_COLUMNS: readonly TicketColumn[] = [
  'reference',
  'subject',
  'requester',
  'status',
  'priority',
  'sla',
  'assignee',
  'group',
  'updatedAt',
];

/** A view's `columns` as the table's: unknown keys and repeats dropped, the subject always in. */
export function tableColumns(wanted: readonly string[] | undefined): TicketColumn[] {
  const known = [...new Set((wanted ?? []).filter((key): key is TicketColumn => isColumn(key)))];
  if (known.length === 0) return [...DEFAULT_COLUMNS];
  return known.includes('subject') ? known : ['subject', ...known];
}

function isColumn(key: string): key is TicketColumn {
  return (TICKET_COLUMNS as readonly string[]).includes(key);
}

type TicketTableProps = {
  tickets: readonly AnyTicket[];
  /** A view's column keys in order (saved views' `columns`); absent or empty: the default set. */
  columns?: readonly string[];
  /** Where each ticket opens (the list's filters kept in the address). */
  hrefOf: (ticket: AnyTicket) => string;
  /** The SLA cell (another feature's badge: the route gives features/sla's `SlaBadge`). */
  slaCell?: (ticket: AnyTicket) => ReactNode;
  /** Staff select rows for bulk actions. */
  selection?: {
    isSelected: (id: string) => boolean;
    onChange: (id: string, checked: boolean) => void;
  };
  /** The ticket open beside the list (split view): its row is marked `aria-current`. */
  currentId?: string;
};

/**
 * The dense ticket table of the inbox (docs/product.md "Inbox"): a real `<table>` with a hidden
 * caption, one ~40 px row per ticket, the subject as the row's header and its link (named by the
 * reference and the subject), an optional selection checkbox with a 24 px target, and the columns
 * a view chooses (`columns`; default: reference, subject, requester, status, priority, SLA,
 * assignee, group, updated). Rows carry `data-ticket-row` for the list's keyboard shortcuts.
 */
export function TicketTable({
  tickets,
  columns,
  hrefOf,
  slaCell,
  selection,
  currentId,
}: TicketTableProps) {
  const { t } = useTranslation();
  const captionId = useId();
  const formatDate = useDateTimeFormat();
  const shown = tableColumns(columns);

  const cell = (column: TicketColumn, ticket: AnyTicket): ReactNode => {
    switch (column) {
      case 'reference':
        return <span className="ticket-table__reference">{ticket.reference}</span>;
      case 'subject':
        return null; // the row header, below
      case 'requester':
        return ticket.requester.name;
      case 'status':
        return <StatusBadge status={ticket.status} />;
      case 'priority':
        return <PriorityBadge priority={ticket.priority} />;
      case 'sla':
        return slaCell?.(ticket) ?? null;
      case 'assignee':
        return <AssigneeName ticket={ticket} />;
      case 'group':
        return isCustomerView(ticket) ? null : (ticket.group?.name ?? t('ticketFilters.groupNone'));
      case 'category':
        return ticket.category ?? '';
      case 'channel':
        return t(`ticketFilters.channels.${ticket.channel}`);
      case 'updatedAt':
        return <time dateTime={ticket.updatedAt}>{formatDate(ticket.updatedAt)}</time>;
      case 'createdAt':
        return <time dateTime={ticket.createdAt}>{formatDate(ticket.createdAt)}</time>;
    }
  };

  return (
    <div className="ticket-table">
      <table className="ticket-table__table" aria-labelledby={captionId}>
        <caption id={captionId} className="visually-hidden">
          {t('inbox.table.caption')}
        </caption>
        <thead>
          <tr>
            {selection ? (
              <th scope="col" className="ticket-table__select">
                <span className="visually-hidden">{t('inbox.table.select')}</span>
              </th>
            ) : null}
            {shown.map((column) => (
              <th key={column} scope="col" className={`ticket-table__col--${column}`}>
                {t(`inbox.table.columns.${column}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {tickets.map((ticket) => {
            const selected = selection?.isSelected(ticket.id) ?? false;
            const current = ticket.id === currentId || ticket.reference === currentId;
            const classes = [
              'ticket-table__row',
              `ticket-table__row--${ticket.priority.toLowerCase()}`,
              selected ? 'ticket-table__row--selected' : null,
              current ? 'ticket-table__row--current' : null,
            ]
              .filter(Boolean)
              .join(' ');
            return (
              <tr
                key={ticket.id}
                className={classes}
                data-testid="ticket-row"
                data-ticket-row={ticket.reference}
                aria-current={current ? 'true' : undefined}
              >
                {selection ? (
                  <td className="ticket-table__select">
                    <Checkbox
                      checked={selected}
                      onCheckedChange={(checked) => selection.onChange(ticket.id, checked)}
                      aria-label={t('ticketFilters.selection.selectTicket', {
                        reference: ticket.reference,
                      })}
                    />
                  </td>
                ) : null}
                {shown.map((column) =>
                  column === 'subject' ? (
                    <th key={column} scope="row" className="ticket-table__col--subject">
                      <Link className="ticket-table__link" to={hrefOf(ticket)} data-row-link>
                        <span className="visually-hidden">{ticket.reference} </span>
                        {ticket.subject}
                      </Link>
                    </th>
                  ) : (
                    <td key={column} className={`ticket-table__col--${column}`}>
                      {cell(column, ticket)}
                    </td>
                  ),
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
