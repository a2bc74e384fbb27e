/**
 * The statistics' charts (recharts). Each chart is a picture of figures that the page also gives
 * as a table right below it, so the chart itself is hidden from assistive technology
 * (`aria-hidden`, recharts' keyboard layer off): nothing in it is focusable or needed to read the
 * numbers. This module (and recharts with it) loads only with the /stats route.
 */
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

export type BarDatum = { label: string; value: number; tone?: 'critical' | 'urgent' };

const COLORS = {
  accent: '#1f4b7a',
  accentLight: '#7a9cc6',
  critical: '#b42318',
  urgent: '#9a3d00',
  grid: '#d6dbe3',
  text: '#556070',
  ink: '#1c2230',
};

const tick = { fill: COLORS.text, fontSize: 12 };

/** Vertical bars, one per category (statuses, priorities); CRITICAL/URGENT in their colours. */
export function CountBarChart({ data }: { data: BarDatum[] }) {
  return (
    <div className="stats-chart" aria-hidden="true">
      <ResponsiveContainer width="100%" height={240}>
        <BarChart
          data={data}
          accessibilityLayer={false}
          margin={{ top: 8, right: 8, bottom: 8, left: -16 }}
        >
          <CartesianGrid stroke={COLORS.grid} vertical={false} />
          <XAxis
            dataKey="label"
            tick={tick}
            interval={0}
            angle={-20}
            textAnchor="end"
            height={56}
          />
          <YAxis allowDecimals={false} tick={tick} />
          <Tooltip cursor={{ fill: '#eef1f5' }} />
          <Bar dataKey="value" isAnimationActive={false}>
            {data.map((d) => (
              <Cell
                key={d.label}
                fill={
                  d.tone === 'critical'
                    ? COLORS.critical
                    : d.tone === 'urgent'
                      ? COLORS.urgent
                      : COLORS.accent
                }
              />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Horizontal bars: open tickets per agent, most loaded first. */
export function WorkloadChart({ data }: { data: BarDatum[] }) {
  const height = Math.max(120, data.length * 36 + 40);
  return (
    <div className="stats-chart" aria-hidden="true">
      <ResponsiveContainer width="100%" height={height}>
        <BarChart
          data={data}
          layout="vertical"
          accessibilityLayer={false}
          margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
        >
          <CartesianGrid stroke={COLORS.grid} horizontal={false} />
          <XAxis type="number" allowDecimals={false} tick={tick} />
          <YAxis type="category" dataKey="label" tick={tick} width={110} />
          <Tooltip cursor={{ fill: '#eef1f5' }} />
          <Bar dataKey="value" fill={COLORS.accent} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export type DurationDatum = { label: string; median: number | null; p90: number | null };

/** Median and p90 side by side for each measure, in hours. */
export function DurationChart({
  data,
  medianLabel,
  p90Label,
}: {
  data: DurationDatum[];
  medianLabel: string;
  p90Label: string;
}) {
  return (
    <div className="stats-chart" aria-hidden="true">
      <ResponsiveContainer width="100%" height={240}>
        <BarChart
          data={data}
          accessibilityLayer={false}
          margin={{ top: 8, right: 8, bottom: 8, left: -8 }}
        >
          <CartesianGrid stroke={COLORS.grid} vertical={false} />
          <XAxis dataKey="label" tick={tick} />
          <YAxis tick={tick} />
          <Tooltip cursor={{ fill: '#eef1f5' }} />
          <Legend
            formatter={(value: string) => <span style={{ color: COLORS.ink }}>{value}</span>}
          />
          <Bar dataKey="median" name={medianLabel} fill={COLORS.accent} isAnimationActive={false} />
          <Bar dataKey="p90" name={p90Label} fill={COLORS.accentLight} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
