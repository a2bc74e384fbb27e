import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TicketCounts } from '@docket/server/contract/tickets';
import { STATUS_GROUPS, countsByGroup, type StatusGroup } from '../utils/status-groups';

type QuickCountsProps = {
  /** Null while the counts load or when they could not be loaded: the filters still work. */
  counts: TicketCounts | null;
  /** The group the list shows, null for all. */
  selected: StatusGroup | null;
  /** The address of the list filtered to `group` (null: all). */
  hrefFor: (group: StatusGroup | null) => string;
};

/**
 * The requester's tickets counted by status group (open, in progress, resolved, closed), each
 * count also the filter of the list below it, plus "All" with the total. The current filter is
 * marked `aria-current`, so it is announced, not only coloured.
 */
export function QuickCounts({ counts, selected, hrefFor }: QuickCountsProps) {
  const { t } = useTranslation();
  const byGroup = counts ? countsByGroup(counts) : null;
  const options: { group: StatusGroup | null; count: number | null }[] = [
    { group: null, count: counts?.total ?? null },
    ...STATUS_GROUPS.map((group) => ({ group, count: byGroup?.[group] ?? null })),
  ];
  return (
    <nav className="quick-counts" aria-label={t('portal.myTickets.filterLabel')}>
      <ul className="quick-counts__list">
        {options.map(({ group, count }) => {
          const current = group === selected;
          return (
            <li key={group ?? 'all'}>
              <Link
                className={`quick-count quick-count--${group ?? 'all'}`}
                to={hrefFor(group)}
                aria-current={current ? 'true' : undefined}
                data-testid={`quick-count-${group ?? 'all'}`}
              >
                <span className="quick-count__label">
                  {group ? t(`portal.groups.${group}`) : t('portal.groups.all')}
                </span>
                <span className="quick-count__value">{count ?? '–'}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
