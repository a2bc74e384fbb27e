/**
 * The statistics page's "Satisfaction" section (docs/product.md "Satisfaction"), from
 * `GET /api/tickets/stats/satisfaction`: the ratings given in the page's window, in total and by
 * agent, group, category or week (rated, positive, score = % positive, 1–5 average), and the
 * latest comments with their ticket.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SatisfactionStats as SatisfactionStatsBody } from '@docket/server/contract/stats';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { DateTime } from '@/components/ui/date-time';
import { Loading } from '@/components/ui/loading';
import { paths } from '@/config/paths';
import { errorMessage } from '@/lib/form-errors';
import {
  SATISFACTION_GROUP_BYS,
  useSatisfactionStats,
  type SatisfactionGroupBy,
} from '../api/get-satisfaction-stats';
import type { StatsQuery } from '../utils/period';

type Row = SatisfactionStatsBody['rows'][number];

export function SatisfactionStats({ query }: { query: StatsQuery }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [groupBy, setGroupBy] = useState<SatisfactionGroupBy>('agent');
  const stats = useSatisfactionStats({ ...query, groupBy });
  const locale = i18n.resolvedLanguage ?? i18n.language;
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const percent = (value: number | null) => (value === null ? '—' : `${number.format(value)} %`);
  const plain = (value: number | null) => (value === null ? '—' : number.format(value));

  const columns: DataTableColumn<Row>[] = [
    {
      key: 'key',
      header: t(`satisfaction.stats.by.${groupBy}`),
      rowHeader: true,
      cell: (row) =>
        groupBy === 'period' ? (
          <DateTime value={row.key ?? ''} format="date" />
        ) : (
          (row.name ?? t('satisfaction.stats.none'))
        ),
    },
    { key: 'rated', header: t('satisfaction.stats.rated'), numeric: true, cell: (r) => r.rated },
    {
      key: 'positive',
      header: t('satisfaction.stats.positive'),
      numeric: true,
      cell: (r) => r.positive,
    },
    {
      key: 'score',
      header: t('satisfaction.stats.score'),
      numeric: true,
      cell: (r) => percent(r.score),
    },
    {
      key: 'average',
      header: t('satisfaction.stats.average'),
      numeric: true,
      cell: (r) => plain(r.average),
    },
  ];

  return (
    <Card title={t('satisfaction.stats.title')}>
      <div className="segmented" role="group" aria-labelledby={`${id}-group`}>
        <span id={`${id}-group`} className="segmented__legend">
          {t('satisfaction.stats.groupBy')}
        </span>
        {SATISFACTION_GROUP_BYS.map((g) => (
          <button
            key={g}
            type="button"
            className="segmented__option"
            aria-pressed={groupBy === g}
            onClick={() => setGroupBy(g)}
          >
            {t(`satisfaction.stats.by.${g}`)}
          </button>
        ))}
      </div>
      {stats.isPending ? <Loading /> : null}
      {stats.isError ? (
        <Alert tone="error" title={t('satisfaction.stats.error')}>
          {errorMessage(stats.error, t)}
        </Alert>
      ) : null}
      {stats.data ? (
        <>
          <DataTable
            caption={t('satisfaction.stats.title')}
            hideCaption
            columns={columns}
            rows={[
              { key: 'total', name: t('satisfaction.stats.total'), ...stats.data.total },
              ...stats.data.rows,
            ]}
            rowKey={(row) => `${row.key ?? 'none'}-${row.name ?? ''}`}
            empty={t('satisfaction.stats.empty')}
          />
          {stats.data.comments.length ? (
            <>
              <h3>{t('satisfaction.stats.comments')}</h3>
              <ul className="satisfaction-comments">
                {stats.data.comments.map((c) => (
                  <li key={`${c.ticketId}-${c.createdAt}`}>
                    <Link to={paths.ticket.getHref(c.reference)}>{c.reference}</Link>{' '}
                    {c.scale === 'good_bad'
                      ? t(c.score >= 4 ? 'satisfaction.good' : 'satisfaction.bad')
                      : t('satisfaction.outOfFive', { score: c.score })}{' '}
                    — “{c.comment}” <DateTime value={c.createdAt} />
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
    </Card>
  );
}
