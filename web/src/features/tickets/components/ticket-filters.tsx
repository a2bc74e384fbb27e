import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  TICKET_CHANNELS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type TicketPriority,
  type TicketStatus,
} from '@docket/server/contract/domain';
import { Button } from '@/components/ui/button';
import { groupsQueryOptions, staffQueryOptions, useCategories } from '../api/get-ticket-options';
import { useTagSuggestions } from '../api/get-tag-suggestions';
import { CustomFieldFilter } from './custom-field-filter';
import {
  SORT_ORDERS,
  TICKET_SORT_FIELDS,
  clearedFilters,
  countMoreFilters,
  hasActiveFilters,
  normalizeTags,
  type TicketListFilters,
} from '../utils/list-search-params';

type TicketFiltersProps = {
  filters: TicketListFilters;
  onChange: (filters: TicketListFilters) => void;
  /**
   * Agents and admins filter by assignee, tags and channel; customers only ever see their own
   * tickets, without tags.
   */
  showAssignee: boolean;
  /** Quick views shown under the search box (staff: the SLA's "At risk" and "Breached"). */
  quickViews?: ReactNode;
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

/**
 * The search box: the list follows on Enter or "Search" (not on each key, which would fire a
 * full-text query per letter), and "Clear search" empties it.
 */
function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState(value);
  const [seen, setSeen] = useState(value);
  // The address changed (Back, a saved view): show its search.
  if (seen !== value) {
    setSeen(value);
    setText(value);
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(text.trim());
  };
  return (
    <form role="search" className="ticket-search" onSubmit={submit}>
      <label htmlFor={`${id}-q`} className="ticket-search__label">
        {t('ticketFilters.search')}
      </label>
      <div className="ticket-search__row">
        <input
          id={`${id}-q`}
          type="search"
          className="input ticket-search__input"
          value={text}
          maxLength={200}
          aria-describedby={`${id}-hint`}
          onChange={(event) => setText(event.target.value)}
        />
        <Button type="submit" variant="secondary">
          {t('ticketFilters.searchSubmit')}
        </Button>
        {value ? (
          <Button
            variant="ghost"
            onClick={() => {
              setText('');
              onSearch('');
            }}
          >
            {t('ticketFilters.searchClear')}
          </Button>
        ) : null}
      </div>
      <p id={`${id}-hint`} className="field__hint">
        {t('ticketFilters.searchHint')}
      </p>
    </form>
  );
}

/** Tags as typed ("billing, vip"), applied on Enter or when the field loses focus. */
function TagsInput({
  id,
  value,
  suggestions,
  onChange,
}: {
  id: string;
  value: string[];
  suggestions: string[];
  onChange: (tags: string[]) => void;
}) {
  const joined = value.join(', ');
  const [text, setText] = useState(joined);
  const [seen, setSeen] = useState(joined);
  if (seen !== joined) {
    setSeen(joined);
    setText(joined);
  }
  const commit = () => {
    const tags = normalizeTags(text.split(','));
    if (tags.join(', ') !== joined) onChange(tags);
    else setText(joined);
  };
  return (
    <>
      <input
        id={id}
        className="input"
        value={text}
        list={`${id}-suggestions`}
        autoComplete="off"
        aria-describedby={`${id}-hint`}
        onChange={(event) => setText(event.target.value)}
        onBlur={commit}
        onKeyDown={(event: KeyboardEvent<HTMLInputElement>) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            commit();
          }
        }}
      />
      <datalist id={`${id}-suggestions`}>
        {suggestions.map((tag) => (
          <option key={tag} value={tag} />
        ))}
      </datalist>
    </>
  );
}

/**
 * The ticket list's filters (docs/product.md "Dashboard"; docs/api.md "Tickets" filters): search;
 * `quickViews` (for staff the SLA's at risk and breached); status and
 * priority (several at once); assignee (anyone, me, unassigned, an agent); group (any, none, a
 * group; staff only); sort; and under "More
 * filters" category, tags, channel, a custom field and created/updated day ranges. Each change goes to
 * `onChange` at once (the route writes it into the address).
 */
export function TicketFilters({ filters, onChange, showAssignee, quickViews }: TicketFiltersProps) {
  const { t } = useTranslation();
  const id = useId();
  const staff = useQuery({ ...staffQueryOptions(), enabled: showAssignee });
  const groups = useQuery({ ...groupsQueryOptions(), enabled: showAssignee });
  const groupList = showAssignee ? (groups.data?.data ?? []) : [];
  const groupKnown =
    !filters.groupId ||
    filters.groupId === 'none' ||
    groupList.some((group) => group.id === filters.groupId);
  const more = countMoreFilters(filters);
  // "More filters" is built when first opened (or when one of them is set): its date fields are
  // costly to create and its lists (categories, tags) are fetched only then.
  const [moreShown, setMoreShown] = useState(false);
  const staffList = showAssignee ? (staff.data ?? []) : [];
  const assigneeKnown =
    !filters.assigneeId ||
    filters.assigneeId === 'me' ||
    filters.assigneeId === 'none' ||
    staffList.some((person) => person.id === filters.assigneeId);

  return (
    <section className="filters-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="visually-hidden">
        {t('ticketList.filters')}
      </h2>
      <SearchBox
        value={filters.q ?? ''}
        onSearch={(q) => onChange({ ...filters, q: q || undefined })}
      />
      {quickViews}
      <div className="filters">
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
            onChange({
              ...filters,
              priority: toggle(filters.priority, priority, TICKET_PRIORITIES),
            })
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
              {staffList.length || !assigneeKnown ? (
                <optgroup label={t('ticketFilters.assigneeAgents')}>
                  {staffList.map((person) => (
                    <option key={person.id} value={person.id}>
                      {person.name}
                    </option>
                  ))}
                  {!assigneeKnown && filters.assigneeId ? (
                    <option value={filters.assigneeId}>{filters.assigneeId}</option>
                  ) : null}
                </optgroup>
              ) : null}
            </select>
          </div>
        ) : null}
        {showAssignee ? (
          <div className="filters__control">
            <label htmlFor={`${id}-group`}>{t('ticketFilters.group')}</label>
            <select
              id={`${id}-group`}
              className="select"
              value={filters.groupId ?? ''}
              onChange={(event) => onChange({ ...filters, groupId: event.target.value || null })}
            >
              <option value="">{t('ticketFilters.groupAny')}</option>
              <option value="none">{t('ticketFilters.groupNone')}</option>
              {groupList.map((group) => (
                <option key={group.id} value={group.id}>
                  {group.name}
                </option>
              ))}
              {!groupKnown && filters.groupId ? (
                <option value={filters.groupId}>{filters.groupId}</option>
              ) : null}
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
            {TICKET_SORT_FIELDS.filter((field) => showAssignee || field !== 'slaDueAt').map(
              (field) => (
                <option key={field} value={field}>
                  {field === 'slaDueAt'
                    ? t('slaTicket.sort.slaDueAt')
                    : t(`ticketList.sortFields.${field}`)}
                </option>
              ),
            )}
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
        <details
          className="filter-group filters__more"
          open={more > 0 ? true : undefined}
          onToggle={(event) => {
            if (event.currentTarget.open) setMoreShown(true);
          }}
        >
          <summary className="filter-group__summary" onClick={() => setMoreShown(true)}>
            {more
              ? t('ticketFilters.moreFiltersCount', { count: more })
              : t('ticketFilters.moreFilters')}
          </summary>
          {moreShown || more > 0 ? (
            <MoreFilters
              id={id}
              filters={filters}
              onChange={onChange}
              showAssignee={showAssignee}
            />
          ) : null}
        </details>
        {hasActiveFilters(filters) ? (
          <Button
            variant="ghost"
            className="filters__clear"
            onClick={() => onChange(clearedFilters(filters))}
          >
            {t('ticketList.clearFilters')}
          </Button>
        ) : null}
      </div>
    </section>
  );
}

/**
 * The body of "More filters": category, and for staff tags and channel; a custom field; the
 * created/updated day ranges. `id` prefixes the fields' ids (the filters panel's `useId`).
 */
function MoreFilters({
  id,
  filters,
  onChange,
  showAssignee,
}: {
  id: string;
  filters: TicketListFilters;
  onChange: (filters: TicketListFilters) => void;
  showAssignee: boolean;
}) {
  const { t } = useTranslation();
  const categories = useCategories();
  const tagSuggestions = useTagSuggestions(showAssignee);
  return (
    <div className="filters__more-body">
      <div className="filters__control">
        <label htmlFor={`${id}-category`}>{t('ticketFilters.category')}</label>
        <select
          id={`${id}-category`}
          className="select"
          value={filters.category ?? ''}
          onChange={(event) => onChange({ ...filters, category: event.target.value || null })}
        >
          <option value="">{t('ticketFilters.categoryAny')}</option>
          {(categories.data?.data ?? []).map((category) => (
            <option key={category.id} value={category.name}>
              {category.name}
            </option>
          ))}
          {filters.category && !categories.data?.data.some((c) => c.name === filters.category) ? (
            <option value={filters.category}>{filters.category}</option>
          ) : null}
        </select>
      </div>
      {showAssignee ? (
        <>
          <div className="filters__control">
            <label htmlFor={`${id}-tags`}>{t('ticketFilters.tags')}</label>
            <TagsInput
              id={`${id}-tags`}
              value={filters.tags ?? []}
              suggestions={(tagSuggestions.data?.data ?? []).map((tag) => tag.name)}
              onChange={(tags) => onChange({ ...filters, tags })}
            />
            <p id={`${id}-tags-hint`} className="field__hint">
              {t('ticketFilters.tagsHint')}
            </p>
          </div>
          <div className="filters__control">
            <label htmlFor={`${id}-channel`}>{t('ticketFilters.channel')}</label>
            <select
              id={`${id}-channel`}
              className="select"
              value={filters.channel ?? ''}
              onChange={(event) =>
                onChange({
                  ...filters,
                  channel: TICKET_CHANNELS.find((c) => c === event.target.value) ?? null,
                })
              }
            >
              <option value="">{t('ticketFilters.channelAny')}</option>
              {TICKET_CHANNELS.map((channel) => (
                <option key={channel} value={channel}>
                  {t(`ticketFilters.channels.${channel}`)}
                </option>
              ))}
            </select>
          </div>
        </>
      ) : null}
      <CustomFieldFilter
        key={
          filters.customField ? `${filters.customField.key}=${filters.customField.value}` : 'none'
        }
        value={filters.customField ?? null}
        onChange={(customField) => onChange({ ...filters, customField })}
      />
      {(['createdFrom', 'createdTo', 'updatedFrom', 'updatedTo'] as const).map((key) => (
        <div className="filters__control" key={key}>
          <label htmlFor={`${id}-${key}`}>{t(`ticketFilters.${key}`)}</label>
          <input
            id={`${id}-${key}`}
            type="date"
            className="input"
            value={filters[key] ?? ''}
            onChange={(event) => onChange({ ...filters, [key]: event.target.value || null })}
          />
        </div>
      ))}
    </div>
  );
}
