import { useId, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { TicketSla, TicketSlaExplanation, TicketSlaTarget } from '@docket/server/contract/sla';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { LoadError } from '@/components/ui/load-error';
import { Loading } from '@/components/ui/loading';
import { useTicketSla } from '../api/ticket-sla';
import { useNow } from '../hooks/use-now';
import { useSlaDurationFormat } from '../hooks/use-sla-duration';
import { formatSlaInstant, targetSecondsLeft, targetTone, type SlaTone } from '../utils/sla-time';
import './sla-ticket.css';

const TONES: Record<SlaTone, BadgeTone> = {
  on_track: 'neutral',
  at_risk: 'warning',
  breached: 'danger',
  paused: 'neutral',
  met: 'success',
};

type TicketSlaPanelProps = {
  /** The ticket's uuid, for GET /api/tickets/:id/sla. */
  ticketId: string;
  /** The ticket's `sla` (staff only); the panel renders nothing when it is null or absent. */
  sla: TicketSla | null | undefined;
  /** IANA time zone due times are shown in: the signed-in agent's `user.timeZone`. */
  timeZone: string;
  /** The instant to show (ms since the epoch); default: now, refreshed every 30 s. */
  now?: number;
};

/** Formats an ISO instant in the reader's language and time zone ("Dec 3, 2026, 2:30 PM EST"). */
function useInstantFormat(timeZone: string): (iso: string) => string {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  return (iso: string) => formatSlaInstant(iso, language, timeZone);
}

function metricLabel(t: TFunction, target: Pick<TicketSlaTarget, 'metric' | 'cycle'>): string {
  const metric = t(`slaTicket.metrics.${target.metric}`);
  return target.metric === 'next_response'
    ? t('slaTicket.explain.targetHeading', { metric, cycle: target.cycle })
    : metric;
}

function stateLabel(t: TFunction, tone: SlaTone): string {
  switch (tone) {
    case 'on_track':
      return t('slaTicket.targetStates.active');
    case 'at_risk':
      return t('slaTicket.targetStates.atRisk');
    case 'paused':
      return t('slaTicket.targetStates.paused');
    case 'met':
      return t('slaTicket.targetStates.fulfilled');
    case 'breached':
      return t('slaTicket.targetStates.breached');
  }
}

/** One target: its metric, state, absolute due time and countdown (or when it was met). */
function SlaTargetItem({
  target,
  now,
  timeZone,
}: {
  target: TicketSlaTarget;
  now: number;
  timeZone: string;
}) {
  const { t } = useTranslation();
  const formatDuration = useSlaDurationFormat();
  const formatInstant = useInstantFormat(timeZone);
  const tone = targetTone(target, now);
  const left = targetSecondsLeft(target, now);
  const running = target.state === 'active' || target.state === 'breached';

  return (
    <li
      className={`sla-target sla-target--${tone.replace('_', '-')}`}
      data-sla-metric={target.metric}
    >
      <div className="sla-target__header">
        <span className="sla-target__metric">{metricLabel(t, target)}</span>
        <Badge tone={TONES[tone]} className="badge--sla" data-sla-state={tone}>
          {stateLabel(t, tone)}
        </Badge>
      </div>
      {running && target.dueAt ? (
        <p className="sla-target__line">
          <time dateTime={target.dueAt}>
            {t('slaTicket.panel.due', { date: formatInstant(target.dueAt) })}
          </time>{' '}
          <span className="sla-target__countdown">
            {left < 0
              ? t('slaTicket.panel.overdue', { duration: formatDuration(left) })
              : t('slaTicket.panel.dueIn', { duration: formatDuration(left) })}
          </span>
        </p>
      ) : null}
      {target.state === 'breached' && target.breachedAt ? (
        <p className="sla-target__line">
          <time dateTime={target.breachedAt}>
            {t('slaTicket.panel.breachedAt', { date: formatInstant(target.breachedAt) })}
          </time>
        </p>
      ) : null}
      {target.state === 'paused' ? (
        <p className="sla-target__line">
          {t('slaTicket.panel.pausedNote')}{' '}
          <span className="sla-target__countdown">
            {target.businessSecondsLeft < 0
              ? t('slaTicket.panel.overdue', {
                  duration: formatDuration(target.businessSecondsLeft),
                })
              : t('slaTicket.panel.leftWhenPaused', {
                  duration: formatDuration(target.businessSecondsLeft),
                })}
          </span>
        </p>
      ) : null}
      {target.state === 'fulfilled' && target.fulfilledAt ? (
        <p className="sla-target__line">
          <time dateTime={target.fulfilledAt}>
            {t('slaTicket.panel.metAt', { date: formatInstant(target.fulfilledAt) })}
          </time>
        </p>
      ) : null}
    </li>
  );
}

/** The policy, its schedule, and per target the stretches its clock counted or skipped. */
function SlaExplanation({
  explanation,
  now,
  timeZone,
}: {
  explanation: TicketSlaExplanation;
  now: number;
  timeZone: string;
}) {
  const { t, i18n } = useTranslation();
  const formatDuration = useSlaDurationFormat();
  const formatInstant = useInstantFormat(timeZone);
  const language = i18n.resolvedLanguage ?? i18n.language;
  const { policy } = explanation;
  if (!policy) return <p>{t('slaTicket.explain.noPolicy')}</p>;
  const percent = new Intl.NumberFormat(language, { style: 'percent' }).format(
    policy.warnAtPercent / 100,
  );

  return (
    <>
      <dl className="details details--stacked">
        <div className="details__item">
          <dt>{t('slaTicket.explain.policy')}</dt>
          <dd>{policy.name}</dd>
        </div>
        <div className="details__item">
          <dt>{t('slaTicket.explain.schedule')}</dt>
          <dd>
            {policy.businessHours
              ? t('slaTicket.explain.scheduleValue', {
                  name: policy.businessHours.name,
                  timeZone: policy.businessHours.timeZone,
                })
              : t('slaTicket.explain.twentyFourSeven')}
          </dd>
        </div>
        <div className="details__item">
          <dt>{t('slaTicket.explain.pauseStatuses')}</dt>
          <dd>
            {policy.pauseStatuses.length
              ? policy.pauseStatuses.map((status) => t(`status.${status}`)).join(', ')
              : t('slaTicket.explain.pauseStatusesNone')}
          </dd>
        </div>
        <div className="details__item">
          <dt>{t('slaTicket.explain.warnAt')}</dt>
          <dd>{t('slaTicket.explain.warnAtValue', { percent })}</dd>
        </div>
      </dl>
      {explanation.targets.map((target) => (
        <section
          key={`${target.metric}-${target.cycle}`}
          className="sla-explain__target"
          data-sla-metric={target.metric}
        >
          <h4 className="sla-explain__target-heading">
            {metricLabel(t, target)} · {stateLabel(t, targetTone(target, now))}
          </h4>
          <p className="sla-target__line">
            {t('slaTicket.panel.targetLength', {
              duration: formatDuration(target.targetMinutes * 60),
            })}
            {' · '}
            <time dateTime={target.armedAt}>
              {t('slaTicket.explain.armedAt', { date: formatInstant(target.armedAt) })}
            </time>
          </p>
          <p className="sla-target__line">
            {target.businessSecondsLeft < 0
              ? t('slaTicket.explain.usedOverdue', {
                  used: formatDuration(target.businessSecondsUsed),
                  overdue: formatDuration(target.businessSecondsLeft),
                })
              : t('slaTicket.explain.usedLeft', {
                  used: formatDuration(target.businessSecondsUsed),
                  left: formatDuration(target.businessSecondsLeft),
                })}
          </p>
          {target.intervals.length ? (
            <ul className="sla-explain__intervals">
              {target.intervals.map((interval) => {
                const end = interval.to ? Date.parse(interval.to) : now;
                // Counted stretches last their business time; skipped ones their wall-clock time.
                const seconds = interval.counted
                  ? interval.businessSeconds
                  : Math.max(0, Math.round((end - Date.parse(interval.from)) / 1000));
                return (
                  <li
                    key={interval.from}
                    className={`sla-interval sla-interval--${interval.counted ? 'counted' : 'paused'}`}
                    data-counted={String(interval.counted)}
                  >
                    <span className="sla-interval__kind">
                      {interval.counted
                        ? t('slaTicket.explain.counted')
                        : t('slaTicket.explain.paused')}
                    </span>{' '}
                    {formatDuration(seconds)}
                    {' · '}
                    {t('slaTicket.explain.intervalRange', {
                      from: formatInstant(interval.from),
                      to: interval.to ? formatInstant(interval.to) : t('slaTicket.explain.now'),
                    })}
                    {' · '}
                    <span className="sla-interval__reason">{interval.reason}</span>
                  </li>
                );
              })}
            </ul>
          ) : (
            <p className="sla-target__line">{t('slaTicket.explain.noIntervals')}</p>
          )}
        </section>
      ))}
    </>
  );
}

/**
 * The ticket page's SLA card for agents and admins (docs/product.md "SLA"): the policy and each
 * current target (first response, next response, resolution) with its state, its due time in
 * the agent's time zone and a countdown refreshed every 30 s. "Why?" opens the explanation,
 * fetched from GET /api/tickets/:id/sla only when opened: the policy, its schedule (business
 * hours and time zone, or 24/7), and each target's counted and paused stretches with their
 * reasons and durations. Renders nothing when no policy applies (`sla` null).
 */
export function TicketSlaPanel({ ticketId, sla, timeZone, now }: TicketSlaPanelProps) {
  const { t } = useTranslation();
  const ticking = useNow();
  const at = now ?? ticking;
  const [open, setOpen] = useState(false);
  const explanationId = useId();
  const explanation = useTicketSla(ticketId, { enabled: open && Boolean(sla) });
  if (!sla) return null;

  return (
    <Card title={t('slaTicket.panel.title')} className="sla-panel">
      {sla.policyName ? (
        <p className="sla-panel__policy">{t('slaTicket.panel.policy', { name: sla.policyName })}</p>
      ) : null}
      <ul className="sla-panel__targets">
        {sla.targets.map((target) => (
          <SlaTargetItem
            key={`${target.metric}-${target.cycle}`}
            target={target}
            now={at}
            timeZone={timeZone}
          />
        ))}
      </ul>
      <Button
        variant="ghost"
        aria-expanded={open}
        aria-controls={explanationId}
        onClick={() => setOpen((value) => !value)}
      >
        {open ? t('slaTicket.panel.hideExplanation') : t('slaTicket.panel.explain')}
      </Button>
      {open ? (
        <div id={explanationId} className="sla-explain">
          <h3 className="sla-explain__heading">{t('slaTicket.explain.heading')}</h3>
          {explanation.data ? (
            <SlaExplanation explanation={explanation.data} now={at} timeZone={timeZone} />
          ) : explanation.isError ? (
            <LoadError
              title={t('slaTicket.explain.error')}
              error={explanation.error}
              onRetry={() => void explanation.refetch()}
            />
          ) : (
            <Loading label={t('slaTicket.explain.loading')} />
          )}
        </div>
      ) : null}
    </Card>
  );
}
