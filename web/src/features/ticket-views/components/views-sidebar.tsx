import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type {
  SavedViewCounts,
  SavedViewFilters,
  ViewColumnKey,
} from '@docket/server/contract/saved-views';
import {
  useBuiltInViews,
  useLiveViewCounts,
  useSavedViews,
  useViewCounts,
} from '../api/saved-views';
import { VIEW_PARAM, viewHref } from '../utils/view-href';
import './views-sidebar.css';

type Count = SavedViewCounts['data'][number];

/**
 * Counts as the language writes them (`Intl.NumberFormat`). Below 1,000 every supported language
 * writes the plain digits, so the format — whose first construction costs tens of milliseconds on
 * a phone — is only built for a larger count, once per language.
 */
function countFormat(language: string): (count: number) => string {
  let format: Intl.NumberFormat | undefined;
  return (count) => {
    if (Number.isInteger(count) && count >= 0 && count < 1000) return String(count);
    format ??= new Intl.NumberFormat(language);
    return format.format(count);
  };
}

/** One entry of the sidebar. */
type Entry = { id: string; name: string; filters: SavedViewFilters; detail?: string };

/**
 * The inbox's views (docs/product.md "Views"): the built-in views, the views shared with the
 * organization or one of the caller's groups ("Shared", the group named), and the caller's own,
 * each with its ticket count — capped by the server, shown "1000+" — kept live (refetched at most
 * every 2 s after ticket changes, useLiveViewCounts). Each is a link to the ticket list with the
 * view's filters and `view=<id>`; the view named in the address is the current one
 * (`aria-current="page"`).
 */
export function ViewsSidebar() {
  const { t, i18n } = useTranslation();
  const formatCount = useMemo(() => countFormat(i18n.language), [i18n.language]);
  const [searchParams] = useSearchParams();
  const activeId = searchParams.get(VIEW_PARAM);
  const builtIn = useBuiltInViews();
  const saved = useSavedViews();
  const counts = useViewCounts();
  useLiveViewCounts();
  const countOf = new Map((counts.data?.data ?? []).map((row) => [row.viewId, row]));

  const builtInEntries: Entry[] = (builtIn.data?.data ?? []).map((view) => ({
    id: view.id,
    name: t(`ticketViews.builtIn.${view.key}`, { defaultValue: view.name }),
    filters: view.filters,
  }));
  const savedViews = saved.data?.data ?? [];
  const shared: Entry[] = savedViews
    .filter((view) => view.visibility !== 'personal')
    .map((view) => ({
      id: view.id,
      name: view.name,
      filters: view.filters,
      detail: view.group
        ? t('ticketViews.sidebar.group', { name: view.group.name })
        : t('ticketViews.sidebar.everyone'),
    }));
  const personal: Entry[] = savedViews.filter((view) => view.visibility === 'personal');

  const list = (entries: Entry[]) => (
    <ul className="views-sidebar__list">
      {entries.map((entry) => (
        <li key={entry.id}>
          <ViewLink
            entry={entry}
            count={countOf.get(entry.id)}
            active={entry.id === activeId}
            formatCount={formatCount}
          />
        </li>
      ))}
    </ul>
  );

  return (
    <nav className="views-sidebar" aria-label={t('ticketViews.sidebar.label')}>
      <h2 className="views-sidebar__heading">{t('ticketViews.sidebar.builtInHeading')}</h2>
      {list(builtInEntries)}
      {shared.length ? (
        <>
          <h2 className="views-sidebar__heading">{t('ticketViews.sidebar.sharedHeading')}</h2>
          {list(shared)}
        </>
      ) : null}
      <h2 className="views-sidebar__heading">{t('ticketViews.sidebar.personalHeading')}</h2>
      {personal.length ? (
        list(personal)
      ) : saved.isSuccess ? (
        <p className="views-sidebar__empty">{t('ticketViews.sidebar.personalEmpty')}</p>
      ) : null}
      {builtIn.isError || saved.isError ? (
        <p className="views-sidebar__error" role="alert">
          {t('ticketViews.sidebar.loadError')}
        </p>
      ) : null}
    </nav>
  );
}

function ViewLink({
  entry,
  count,
  active,
  formatCount,
}: {
  entry: Entry;
  count?: Count;
  active: boolean;
  formatCount: (count: number) => string;
}) {
  const { t } = useTranslation();
  const number = count ? formatCount(count.count) : null;
  return (
    <Link
      to={viewHref(entry.id, entry.filters)}
      className={active ? 'views-sidebar__link views-sidebar__link--active' : 'views-sidebar__link'}
      aria-current={active ? 'page' : undefined}
    >
      <span className="views-sidebar__name">
        {entry.name}
        {entry.detail ? <span className="views-sidebar__detail">{entry.detail}</span> : null}
      </span>
      {count && number !== null ? (
        <span
          className="views-sidebar__count"
          data-view-count={entry.id}
          title={
            count.capped
              ? t('ticketViews.sidebar.countCappedLabel', { count: count.count })
              : t('ticketViews.sidebar.countLabel', { count: count.count })
          }
        >
          {count.capped ? `${number}+` : number}
        </span>
      ) : null}
    </Link>
  );
}

/**
 * The table columns of the view named in the address (`view=<id>`), in order; null when no view
 * is current or it keeps the default columns (built-in views always do).
 */
export function useActiveViewColumns(): ViewColumnKey[] | null {
  const [searchParams] = useSearchParams();
  const activeId = searchParams.get(VIEW_PARAM);
  const saved = useSavedViews();
  if (!activeId) return null;
  const view = saved.data?.data.find((v) => v.id === activeId);
  return view?.columns.length ? view.columns : null;
}
