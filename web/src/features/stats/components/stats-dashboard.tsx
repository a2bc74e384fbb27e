import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '@docket/server/contract/domain';
import type { DurationStats, TicketStats } from '@docket/server/contract/stats';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { DateTime } from '@/components/ui/date-time';
import { Loading } from '@/components/ui/loading';
import { TicketsCsvButton } from '@/components/tickets-csv-button';
import { useCurrentUser } from '@/lib/current-user';
import { errorMessage } from '@/lib/form-errors';
import { useTicketStats } from '../api/get-ticket-stats';
import { formatDuration, toHours } from '../utils/format-duration';
import {
  periodFromSearchParams,
  periodToQuery,
  periodToSearchParams,
  periodToTicketListQuery,
} from '../utils/period';
import { PeriodChooser } from './period-chooser';
import { SlaStats } from './sla-stats';
import { SatisfactionSettingsCard } from './satisfaction-settings';
import { SatisfactionStats } from './satisfaction-stats';
import { CountBarChart, DurationChart, WorkloadChart, type BarDatum } from './stats-charts';

/** Statuses of the backlog: every status but RESOLVED and CLOSED (as the server counts "open"). */
const OPEN_STATUSES = TICKET_STATUSES.filter((s) => s !== 'RESOLVED' && s !== 'CLOSED');

/**
 * The statistics page (`/stats`; docs/product.md "Dashboard": "statistics (open by status and priority,
 * first response and resolution times, agent workload)"), from `GET /api/tickets/stats`:
 * the backlog now (open tickets by status and by priority, unassigned, workload per agent) and,
 * for the tickets created in the chosen period, first response and resolution times (median and
 * p90). Every chart's figures are also in a table below it. Below them, the SLA section
 * (sla-stats.tsx, `GET /api/tickets/stats/sla`) for the same window. "Download CSV" exports the
 * tickets created in the window (GET /api/tickets/export.csv with `createdFrom`/`createdTo`).
 */
export function StatsDashboard() {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const periodKey = searchParams.toString();
  const period = useMemo(() => periodFromSearchParams(new URLSearchParams(periodKey)), [periodKey]);
  const query = useMemo(() => periodToQuery(period, new Date()), [period]);
  const stats = useTicketStats(query);
  const user = useCurrentUser();

  return (
    <>
      <PeriodChooser
        key={periodKey}
        period={period}
        onChange={(next) => setSearchParams(periodToSearchParams(next), { replace: true })}
      />
      <div className="stats-export">
        <TicketsCsvButton query={periodToTicketListQuery(query)} label={t('stats.export.button')} />
        <span className="stats-note">{t('stats.export.hint')}</span>
      </div>
      {stats.isPending ? <Loading /> : null}
      {stats.isError ? <Alert tone="error">{errorMessage(stats.error, t)}</Alert> : null}
      {stats.data ? <StatsFigures stats={stats.data} updating={stats.isFetching} /> : null}
      <SlaStats query={query} />
      <SatisfactionStats query={query} />
      {user.role === 'ADMIN' ? <SatisfactionSettingsCard /> : null}
    </>
  );
}

function StatsFigures({ stats, updating }: { stats: TicketStats; updating: boolean }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? i18n.language;
  const number = new Intl.NumberFormat(locale);
  const openTotal = OPEN_STATUSES.reduce((sum, s) => sum + stats.byStatus[s], 0);
  const duration = (value: number | null) =>
    value === null ? t('stats.times.none') : formatDuration(value, locale);

  const byStatus: BarDatum[] = OPEN_STATUSES.map((s) => ({
    label: t(`status.${s}`),
    value: stats.byStatus[s],
  }));
  const byPriority: BarDatum[] = TICKET_PRIORITIES.map((p) => ({
    label: t(`priority.${p}`),
    value: stats.byPriority[p],
    tone: p === 'CRITICAL' ? 'critical' : p === 'URGENT' ? 'urgent' : undefined,
  }));
  const times: { key: string; label: string; stats: DurationStats }[] = [
    { key: 'firstResponse', label: t('stats.times.firstResponse'), stats: stats.firstResponseTime },
    { key: 'resolution', label: t('stats.times.resolution'), stats: stats.resolutionTime },
  ];
  // Sessions of the period by outcome (docs/product.md "Sessions").
  const sessionRows = (['held', 'no_show', 'cancelled', 'notRecorded'] as const).map((key) => ({
    key,
    count: stats.sessions[key],
  }));
  const workload: BarDatum[] = stats.workload.map((w) => ({
    label: w.assignee.name,
    value: w.open,
  }));

  return (
    <div className="stats-figures" aria-busy={updating}>
      <p className="stats-window">
        {t('stats.window')} <DateTime value={stats.from} /> – <DateTime value={stats.to} />
      </p>
      <dl className="stats-summary">
        <div className="stats-summary__item">
          <dt>{t('stats.summary.open')}</dt>
          <dd>{number.format(openTotal)}</dd>
        </div>
        <div className="stats-summary__item">
          <dt>{t('stats.summary.unassigned')}</dt>
          <dd>{number.format(stats.unassigned)}</dd>
        </div>
        <div className="stats-summary__item">
          <dt>{t('stats.summary.created')}</dt>
          <dd>{number.format(stats.ticketsCreated)}</dd>
        </div>
        <div className="stats-summary__item">
          <dt>{t('stats.summary.firstResponseMedian')}</dt>
          <dd>{duration(stats.firstResponseTime.median)}</dd>
        </div>
      </dl>

      <div className="stats-grid">
        <CountsCard
          title={t('stats.byStatus.title')}
          note={t('stats.byStatus.note')}
          caption={t('stats.byStatus.caption')}
          labelColumn={{ key: 'status', header: t('stats.byStatus.status') }}
          chartData={byStatus}
          rows={[
            ...byStatus,
            { label: t('status.RESOLVED'), value: stats.byStatus.RESOLVED },
            { label: t('status.CLOSED'), value: stats.byStatus.CLOSED },
          ]}
          number={number}
        />

        <CountsCard
          title={t('stats.byPriority.title')}
          note={t('stats.byPriority.note')}
          caption={t('stats.byPriority.caption')}
          labelColumn={{ key: 'priority', header: t('stats.byPriority.priority') }}
          chartData={byPriority}
          rows={byPriority}
          number={number}
        />

        <Card title={t('stats.times.title')}>
          <p className="stats-note">{t('stats.times.note')}</p>
          <DurationChart
            medianLabel={t('stats.times.medianHours')}
            p90Label={t('stats.times.p90Hours')}
            data={times.map((m) => ({
              label: m.label,
              median: toHours(m.stats.median),
              p90: toHours(m.stats.p90),
            }))}
          />
          <DataTable
            caption={t('stats.times.caption')}
            hideCaption
            columns={[
              {
                key: 'measure',
                header: t('stats.times.measure'),
                cell: (m) => m.label,
                rowHeader: true,
              },
              {
                key: 'median',
                header: t('stats.times.median'),
                cell: (m) => duration(m.stats.median),
                numeric: true,
              },
              {
                key: 'p90',
                header: t('stats.times.p90'),
                cell: (m) => duration(m.stats.p90),
                numeric: true,
              },
              {
                key: 'count',
                header: t('stats.times.count'),
                cell: (m) => number.format(m.stats.count),
                numeric: true,
              },
            ]}
            rows={times}
            rowKey={(m) => m.key}
          />
        </Card>

        <Card title={t('stats.sessions.title')}>
          <p className="stats-note">{t('stats.sessions.note')}</p>
          <DataTable
            caption={t('stats.sessions.caption')}
            hideCaption
            columns={[
              {
                key: 'outcome',
                header: t('stats.sessions.outcome'),
                cell: (row) => t(`stats.sessions.outcomes.${row.key}`),
                rowHeader: true,
              },
              {
                key: 'count',
                header: t('stats.sessions.count'),
                cell: (row) => number.format(row.count),
                numeric: true,
              },
            ]}
            rows={sessionRows}
            rowKey={(row) => row.key}
          />
        </Card>

        <Card title={t('stats.workload.title')}>
          <p className="stats-note">{t('stats.workload.note')}</p>
          {workload.length > 0 ? <WorkloadChart data={workload} /> : null}
          <DataTable
            caption={t('stats.workload.caption')}
            hideCaption
            columns={[
              {
                key: 'agent',
                header: t('stats.workload.agent'),
                cell: (w) => w.assignee.name,
                rowHeader: true,
              },
              {
                key: 'open',
                header: t('stats.workload.open'),
                cell: (w) => number.format(w.open),
                numeric: true,
              },
            ]}
            rows={stats.workload}
            rowKey={(w) => w.assignee.id}
            empty={t('stats.workload.empty')}
          />
        </Card>
      </div>
    </div>
  );
}

type CountsCardProps = {
  title: string;
  note: string;
  /** The table's caption (read by screen readers only). */
  caption: string;
  /** The first column: what is counted (its `key` and its header). */
  labelColumn: { key: string; header: string };
  /** The bars drawn. */
  chartData: BarDatum[];
  /** The table's rows: the bars' figures, and more where the chart leaves some out. */
  rows: BarDatum[];
  number: Intl.NumberFormat;
};

/** A card of counts (tickets by status, by priority): a note, a bar chart and its figures. */
function CountsCard({
  title,
  note,
  caption,
  labelColumn,
  chartData,
  rows,
  number,
}: CountsCardProps) {
  const { t } = useTranslation();
  return (
    <Card title={title}>
      <p className="stats-note">{note}</p>
      <CountBarChart data={chartData} />
      <DataTable
        caption={caption}
        hideCaption
        columns={[
          { ...labelColumn, cell: (r) => r.label, rowHeader: true },
          {
            key: 'count',
            header: t('stats.count'),
            cell: (r) => number.format(r.value),
            numeric: true,
          },
        ]}
        rows={rows}
        rowKey={(r) => r.label}
      />
    </Card>
  );
}
