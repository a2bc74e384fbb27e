/**
 * The statistics page's SLA section (docs/product.md "SLA"), from `GET /api/tickets/stats/sla`:
 * how many SLA targets (first response, next response, resolution) were met and breached in the
 * page's window, and the share met, per metric, per ticket priority and per agent (tables), and
 * per day, week or month (a line chart of % met per metric, its figures in a table below it).
 * "Download CSV" saves the same figures (`GET /api/tickets/stats/sla.csv`) with the session's
 * token. This module (and recharts with it) loads only with the /stats route.
 */
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { SlaStats as SlaStatsBody } from '@docket/server/contract/stats';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { Field } from '@/components/ui/field';
import { Loading } from '@/components/ui/loading';
import { useToast } from '@/components/ui/toast';
import { errorMessage } from '@/lib/form-errors';
import {
  SLA_PERIODS,
  downloadSlaStatsCsv,
  useSlaStats,
  type SlaPeriod,
  type SlaStatsQuery,
} from '../api/get-sla-stats';
import type { StatsQuery } from '../utils/period';

type SlaMetric = SlaStatsBody['byMetric'][number]['metric'];
/** The metrics in the API's order. */
const SLA_METRICS: readonly SlaMetric[] = ['first_response', 'next_response', 'resolution'];

/** A line per metric, in the colours of the statistics' charts (stats-charts.tsx). */
const COLORS: Record<SlaMetric, string> = {
  first_response: '#1f4b7a',
  next_response: '#7a9cc6',
  resolution: '#9a3d00',
};
const GRID = '#d6dbe3';
const tick = { fill: '#556070', fontSize: 12 };

/** A period of the chart and its table: its start, its label, and % met per metric. */
type PeriodPoint = { start: string; label: string } & Record<SlaMetric, number | null>;

type Outcomes = { metric: SlaMetric; met: number; breached: number; percentMet: number | null };

/**
 * The CSV's file name as the server gives it (`Content-Disposition`): `sla-<from>-<to>.csv`, each
 * end as its UTC date when it is a midnight, else its date and time without colons.
 */
export function slaCsvFileName(stats: Pick<SlaStatsBody, 'from' | 'to'>): string {
  const part = (iso: string) =>
    iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 19).replaceAll(':', '')}Z`;
  return `sla-${part(stats.from)}-${part(stats.to)}.csv`;
}

/**
 * The SLA section for the page's window `query` (`{from, to?}`, as `GET /api/tickets/stats`
 * takes it), with its own choice of grain for the periods (week by default). A failed download
 * shows a toast; a failed load an alert.
 */
export function SlaStats({ query }: { query: StatsQuery }) {
  const { t } = useTranslation();
  const { toast } = useToast();
  const headingId = useId();
  const [period, setPeriod] = useState<SlaPeriod>('week');
  const slaQuery = useMemo<SlaStatsQuery>(() => ({ ...query, period }), [query, period]);
  const sla = useSlaStats(slaQuery);
  const [downloading, setDownloading] = useState(false);

  async function download(stats: SlaStatsBody) {
    setDownloading(true);
    try {
      await downloadSlaStatsCsv(slaQuery, slaCsvFileName(stats));
    } catch (error) {
      toast({ tone: 'error', title: t('stats.sla.downloadFailed'), description: String(error) });
    } finally {
      setDownloading(false);
    }
  }

  return (
    <section className="stats-sla" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('stats.sla.title')}</h2>
      <p className="stats-note">{t('stats.sla.note')}</p>
      <div className="list-toolbar">
        <Field label={t('stats.sla.period.label')}>
          {(control) => (
            <select
              {...control}
              className="select"
              value={period}
              onChange={(event) => setPeriod(event.target.value as SlaPeriod)}
            >
              {SLA_PERIODS.map((p) => (
                <option key={p} value={p}>
                  {t(`stats.sla.period.${p}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Button
          variant="secondary"
          disabled={!sla.data || downloading}
          onClick={() => (sla.data ? void download(sla.data) : undefined)}
        >
          {t('stats.sla.download')}
        </Button>
      </div>
      {sla.isPending ? <Loading /> : null}
      {sla.isError ? <Alert tone="error">{errorMessage(sla.error, t)}</Alert> : null}
      {sla.data ? <SlaFigures stats={sla.data} updating={sla.isFetching} /> : null}
    </section>
  );
}

function SlaFigures({ stats, updating }: { stats: SlaStatsBody; updating: boolean }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? i18n.language;
  const number = new Intl.NumberFormat(locale);
  const percentFormat = new Intl.NumberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: 1,
  });
  const percent = (value: number | null) =>
    value === null ? t('stats.sla.none') : percentFormat.format(value / 100);
  const metricLabel = (metric: SlaMetric) => t(`stats.sla.metric.${metric}`);
  const periodLabel = new Intl.DateTimeFormat(
    locale,
    stats.period === 'month'
      ? { timeZone: 'UTC', month: 'short', year: 'numeric' }
      : { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' },
  );

  /** met, breached and % met: the last three columns of every table. */
  const outcomeColumns = <Row extends Outcomes>(): DataTableColumn<Row>[] => [
    { key: 'met', header: t('stats.sla.met'), cell: (r) => number.format(r.met), numeric: true },
    {
      key: 'breached',
      header: t('stats.sla.breached'),
      cell: (r) => number.format(r.breached),
      numeric: true,
    },
    {
      key: 'percentMet',
      header: t('stats.sla.percentMet'),
      cell: (r) => percent(r.percentMet),
      numeric: true,
    },
  ];
  const metricColumn = <Row extends Outcomes>(rowHeader: boolean): DataTableColumn<Row> => ({
    key: 'metric',
    header: t('stats.sla.metricColumn'),
    cell: (r) => metricLabel(r.metric),
    rowHeader,
  });

  // One point per period; a metric without targets in a period leaves a gap in its line.
  const periods = [...new Set(stats.byPeriod.map((p) => p.periodStart))];
  const percentByPeriod = new Map(
    stats.byPeriod.map((p) => [`${p.periodStart} ${p.metric}`, p.percentMet]),
  );
  const percentAt = (start: string, metric: SlaMetric) =>
    percentByPeriod.get(`${start} ${metric}`) ?? null;
  const chartData: PeriodPoint[] = periods.map((start) => ({
    start,
    label: periodLabel.format(new Date(start)),
    first_response: percentAt(start, 'first_response'),
    next_response: percentAt(start, 'next_response'),
    resolution: percentAt(start, 'resolution'),
  }));

  return (
    <div className="stats-grid" aria-busy={updating}>
      <Card title={t('stats.sla.byMetric.title')} headingLevel={3}>
        <DataTable
          caption={t('stats.sla.byMetric.caption')}
          hideCaption
          columns={[metricColumn(true), ...outcomeColumns()]}
          rows={stats.byMetric}
          rowKey={(r) => r.metric}
        />
      </Card>

      <Card title={t('stats.sla.byPriority.title')} headingLevel={3}>
        <p className="stats-note">{t('stats.sla.byPriority.note')}</p>
        <DataTable
          caption={t('stats.sla.byPriority.caption')}
          hideCaption
          columns={[
            {
              key: 'priority',
              header: t('stats.sla.byPriority.priority'),
              cell: (r) => t(`priority.${r.priority}`),
              rowHeader: true,
            },
            metricColumn(false),
            ...outcomeColumns(),
          ]}
          rows={stats.byPriority}
          rowKey={(r) => `${r.priority} ${r.metric}`}
          empty={t('stats.sla.empty')}
        />
      </Card>

      <Card title={t('stats.sla.byAgent.title')} headingLevel={3}>
        <p className="stats-note">{t('stats.sla.byAgent.note')}</p>
        <DataTable
          caption={t('stats.sla.byAgent.caption')}
          hideCaption
          columns={[
            {
              key: 'agent',
              header: t('stats.sla.byAgent.agent'),
              cell: (r) => r.agent?.name ?? t('stats.sla.byAgent.unassigned'),
              rowHeader: true,
            },
            metricColumn(false),
            ...outcomeColumns(),
          ]}
          rows={stats.byAgent}
          rowKey={(r) => `${r.agent?.id ?? 'unassigned'} ${r.metric}`}
          empty={t('stats.sla.empty')}
        />
      </Card>

      <Card title={t('stats.sla.byPeriod.title')} headingLevel={3}>
        <p className="stats-note">{t('stats.sla.byPeriod.note')}</p>
        <div className="stats-chart" aria-hidden="true">
          <ResponsiveContainer width="100%" height={240}>
            <LineChart
              data={chartData}
              accessibilityLayer={false}
              margin={{ top: 8, right: 16, bottom: 8, left: -8 }}
            >
              <CartesianGrid stroke={GRID} vertical={false} />
              <XAxis dataKey="label" tick={tick} />
              <YAxis domain={[0, 100]} unit="%" tick={tick} />
              <Tooltip />
              <Legend />
              {SLA_METRICS.map((m) => (
                <Line
                  key={m}
                  type="monotone"
                  dataKey={m}
                  name={metricLabel(m)}
                  stroke={COLORS[m]}
                  strokeWidth={2}
                  dot={{ r: 3 }}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
        <DataTable
          caption={t('stats.sla.byPeriod.caption')}
          hideCaption
          columns={[
            {
              key: 'period',
              header: t('stats.sla.byPeriod.period'),
              cell: (row) => row.label,
              rowHeader: true,
            },
            ...SLA_METRICS.map((m): DataTableColumn<PeriodPoint> => ({
              key: m,
              header: metricLabel(m),
              cell: (row) => percent(row[m]),
              numeric: true,
            })),
          ]}
          rows={chartData}
          rowKey={(row) => row.start}
        />
      </Card>
    </div>
  );
}
