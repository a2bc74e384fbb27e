import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AnyTicket } from '@docket/server/contract/tickets';
import { Badge } from '@/components/ui/badge';
import { Checkbox } from '@/components/ui/checkbox';
import { CalendarIcon, UserCheckIcon } from '@/components/ui/icons';
import { paths } from '@/config/paths';
import { useDateTimeFormat } from '@/i18n/format';
import { isCustomerView } from '../utils/ticket-view';
import { PriorityBadge } from './priority-badge';
import { StatusBadge } from './status-badge';

export function AssigneeName({ ticket }: { ticket: AnyTicket }) {
  const { t } = useTranslation();
  if (isCustomerView(ticket)) {
    return <>{ticket.assignee.assigned ? t('ticket.assigned') : t('ticket.unassigned')}</>;
  }
  return <>{ticket.assignee?.name ?? t('ticket.unassigned')}</>;
}

type TicketRowProps = {
  ticket: AnyTicket;
  /** Agents and admins select rows for bulk actions; customers' rows have no checkbox. */
  selection?: { checked: boolean; onCheckedChange: (checked: boolean) => void };
  /** Badges another feature adds after the priority (staff: the SLA badge of features/sla). */
  extraBadges?: ReactNode;
  /** Where the row opens (default: the ticket's page); the inbox keeps its filters in it. */
  href?: string;
  /** The ticket open beside the list (split view): marked `aria-current`. */
  current?: boolean;
};

/**
 * One ticket in the list: the row's main part is a link, named by its reference and subject first;
 * beside it, the selection checkbox (staff); staff also read the ticket's group. Badges say status
 * and priority (CRITICAL and URGENT with icon and colour), any `extraBadges` (the SLA for staff),
 * and the seeds' "claimed" (someone has it) and "scheduled" (a session is booked) standing — each
 * in words, never by colour alone.
 */
export function TicketRow({ ticket, selection, extraBadges, href, current }: TicketRowProps) {
  const { t } = useTranslation();
  const formatDate = useDateTimeFormat();
  const urgent = ticket.priority === 'CRITICAL' || ticket.priority === 'URGENT';
  const claimed = isCustomerView(ticket) ? false : ticket.assignee !== null;
  const classes = [
    'ticket-row',
    urgent ? `ticket-row--${ticket.priority.toLowerCase()}` : null,
    selection ? 'ticket-row--selectable' : null,
    selection?.checked ? 'ticket-row--selected' : null,
    current ? 'ticket-row--current' : null,
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <li
      className={classes}
      data-testid="ticket-row"
      data-ticket-row={ticket.reference}
      aria-current={current ? 'true' : undefined}
    >
      {selection ? (
        <span className="ticket-row__select">
          <Checkbox
            checked={selection.checked}
            onCheckedChange={selection.onCheckedChange}
            aria-label={t('ticketFilters.selection.selectTicket', { reference: ticket.reference })}
          />
        </span>
      ) : null}
      <Link
        className="ticket-row__link"
        to={href ?? paths.ticket.getHref(ticket.reference)}
        data-row-link
      >
        <span className="ticket-row__heading">
          <span className="ticket-row__reference">{ticket.reference}</span>
          <span className="ticket-row__subject">{ticket.subject}</span>
        </span>
        <span className="ticket-row__badges">
          <StatusBadge status={ticket.status} />
          <PriorityBadge priority={ticket.priority} />
          {extraBadges}
          {claimed ? (
            <Badge
              tone="info"
              icon={<UserCheckIcon className="badge__icon" />}
              data-badge="claimed"
            >
              {t('ticketFilters.badges.claimed')}
            </Badge>
          ) : null}
          {ticket.session ? (
            <Badge
              tone="neutral"
              icon={<CalendarIcon className="badge__icon" />}
              data-badge="scheduled"
            >
              {t('ticketFilters.badges.scheduledAt', {
                date: formatDate(ticket.session.scheduledAt),
              })}
            </Badge>
          ) : null}
        </span>
        <span className="ticket-row__meta">
          <span className="meta-item">
            <span className="meta-item__label">{t('ticketList.requester')}</span>{' '}
            {ticket.requester.name}
          </span>
          <span className="meta-item">
            <span className="meta-item__label">{t('ticketList.assignedTo')}</span>{' '}
            <AssigneeName ticket={ticket} />
          </span>
          {isCustomerView(ticket) ? null : (
            <span className="meta-item" data-meta="group">
              <span className="meta-item__label">{t('ticketFilters.group')}</span>{' '}
              {ticket.group?.name ?? t('ticketFilters.groupNone')}
            </span>
          )}
          <time className="meta-item meta-item--time" dateTime={ticket.updatedAt}>
            {t('ticketList.updated', { date: formatDate(ticket.updatedAt) })}
          </time>
        </span>
      </Link>
    </li>
  );
}
