import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import {
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type TicketPriority,
  type TicketStatus,
} from '@docket/server/contract';
import { Button } from '@/components/ui/button';
import {
  DEFAULT_TICKET_LIST_FILTERS,
  SORT_ORDERS,
  TICKET_SORT_FIELDS,
  hasActiveFilters,
  type TicketListFilters,
} from '../utils/list-search-params';

type TicketFiltersProps = {
  filters: TicketListFilters;
  onChange: (filters: TicketListFilters) => void;
  /** Agents and admins filter by assignee; customers only ever see their own tickets. */
  showAssignee: boolean;
};

function toggle<T>(values: readonly T[], value: T, order: readonly T[]): T[] {
  const next = values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
  return order.filter((v) => next.includes(v));
}

function CheckboxGroup<T extends string>({
  legend,
  options,
  selected,
  labelOf,
  onToggle,
}: {
  legend: string;
  options: readonly T[];
  selected: readonly T[];
  labelOf: (value: T) => string;
  onToggle: (value: T) => void;
}) {
  const { t } = useTranslation();
  // A disclosure keeps seven statuses from filling a phone screen; the summary tells how many
  // are chosen, so a closed group still says what it filters.
  return (
    <details className="filter-group" open={selected.length > 0 ? true : undefined}>
      <summary className="filter-group__summary">
        {selected.length
          ? t('ticketList.selectedCount', { label: legend, count: selected.length })
          : legend}
      </summary>
      <fieldset className="filter-group__options">
        <legend className="visually-hidden">{legend}</legend>
        {options.map((value) => (
          <label key={value} className="checkbox">
            <input
              type="checkbox"
              checked={selected.includes(value)}
              onChange={() => onToggle(value)}
            />
            <span>{labelOf(value)}</span>
          </label>
        ))}
      </fieldset>
    </details>
  );
}

export function TicketFilters({ filters, onChange, showAssignee }: TicketFiltersProps) {
  const { t } = useTranslation();
  const id = useId();

  return (
    <section className="filters" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="visually-hidden">
        {t('ticketList.filters')}
      </h2>
      <CheckboxGroup<TicketStatus>
        legend={t('ticketList.status')}
        options={TICKET_STATUSES}
        selected={filters.status}
        labelOf={(status) => t(`status.${status}`)}
        onToggle={(status) =>
          onChange({ ...filters, status: toggle(filters.status, status, TICKET_STATUSES) })
        }
      />
      <CheckboxGroup<TicketPriority>
        legend={t('ticketList.priority')}
        options={TICKET_PRIORITIES}
        selected={filters.priority}
        labelOf={(priority) => t(`priority.${priority}`)}
        onToggle={(priority) =>
          onChange({ ...filters, priority: toggle(filters.priority, priority, TICKET_PRIORITIES) })
        }
      />
      {showAssignee ? (
        <div className="filters__control">
          <label htmlFor={`${id}-assignee`}>{t('ticketList.assignee')}</label>
          <select
            id={`${id}-assignee`}
            className="select"
            value={filters.assigneeId ?? ''}
            onChange={(event) => onChange({ ...filters, assigneeId: event.target.value || null })}
          >
            <option value="">{t('ticketList.assigneeAny')}</option>
            <option value="me">{t('ticketList.assigneeMe')}</option>
            <option value="none">{t('ticketList.assigneeNone')}</option>
          </select>
        </div>
      ) : null}
      <div className="filters__control">
        <label htmlFor={`${id}-sort-by`}>{t('ticketList.sortBy')}</label>
        <select
          id={`${id}-sort-by`}
          className="select"
          value={filters.sortBy}
          onChange={(event) => {
            const sortBy = TICKET_SORT_FIELDS.find((field) => field === event.target.value);
            if (sortBy) onChange({ ...filters, sortBy });
          }}
        >
          {TICKET_SORT_FIELDS.map((field) => (
            <option key={field} value={field}>
              {t(`ticketList.sortFields.${field}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="filters__control">
        <label htmlFor={`${id}-sort-order`}>{t('ticketList.sortOrder')}</label>
        <select
          id={`${id}-sort-order`}
          className="select"
          value={filters.sortOrder}
          onChange={(event) => {
            const sortOrder = SORT_ORDERS.find((order) => order === event.target.value);
            if (sortOrder) onChange({ ...filters, sortOrder });
          }}
        >
          {SORT_ORDERS.map((order) => (
            <option key={order} value={order}>
              {t(`ticketList.sortOrders.${order}`)}
            </option>
          ))}
        </select>
      </div>
      {hasActiveFilters(filters) ? (
        <Button
          variant="ghost"
          className="filters__clear"
          onClick={() =>
            onChange({
              ...DEFAULT_TICKET_LIST_FILTERS,
              sortBy: filters.sortBy,
              sortOrder: filters.sortOrder,
            })
          }
        >
          {t('ticketList.clearFilters')}
        </Button>
      ) : null}
    </section>
  );
}
