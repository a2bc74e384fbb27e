import { useTranslation } from 'react-i18next';
import type { RuleRun } from '@docket/server/contract/rules';
import { Alert } from '@/components/ui/alert';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { DateTime } from '@/components/ui/date-time';
import { Loading } from '@/components/ui/loading';
import { useCurrentUser } from '@/lib/current-user';
import { errorMessage } from '@/lib/form-errors';
import { useTicketRuleRuns } from '../api/rules';
import { effectChanges, eventLabel } from '../utils/rule-words';
import './rules.css';

const OUTCOME_TONES: Record<RuleRun['outcome'], BadgeTone> = {
  applied: 'success',
  failed: 'danger',
  depth_limit: 'warning',
};

type TicketRuleRunsProps = {
  /** The ticket's uuid. */
  ticketId: string;
  /** The ticket's version: the runs are read again when it changes. */
  version: number;
};

/**
 * The "Rule runs" section of a ticket page (docs/product.md "Rules"), for agents and admins only
 * (rule internals are never shown to customers: nothing is requested or shown for them): each
 * run of `GET /api/tickets/:id/rule-runs`, oldest first, with the rule's name, the event it ran
 * on, its depth in the chain, its outcome (applied, failed, stopped at the depth limit), why its
 * conditions held, what it changed (before → after), the reply or note it wrote, the emails and
 * webhook it sent, and its error.
 */
export function TicketRuleRuns({ ticketId, version }: TicketRuleRunsProps) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const staff = user.role === 'AGENT' || user.role === 'ADMIN';
  const runs = useTicketRuleRuns(ticketId, version, staff);
  if (!staff) return null;

  return (
    <Card title={t('rules.runs.title')}>
      {runs.isPending ? (
        <Loading />
      ) : runs.isError ? (
        <Alert tone="error" title={t('rules.runs.loadError')}>
          {errorMessage(runs.error, t)}
        </Alert>
      ) : runs.data.data.length ? (
        <ol className="rule-runs">
          {runs.data.data.map((run) => (
            <RuleRunItem key={run.id} run={run} />
          ))}
        </ol>
      ) : (
        <p className="rule-runs__muted">{t('rules.runs.empty')}</p>
      )}
    </Card>
  );
}

function RuleRunItem({ run }: { run: RuleRun }) {
  const { t } = useTranslation();
  const changes = effectChanges(run.effect, t);
  const reply = run.effect.reply ?? null;
  const notified = run.effect.notified ?? [];
  return (
    <li className="rule-runs__item" aria-label={run.rule.name}>
      <div className="rule-runs__head">
        <strong>{run.rule.name}</strong>
        <Badge tone={OUTCOME_TONES[run.outcome]}>{t(`rules.runs.outcomes.${run.outcome}`)}</Badge>
        <span className="rule-runs__muted">
          {t('rules.runs.event', { event: eventLabel(run.event.type, t) })} ·{' '}
          {t('rules.runs.depth', { depth: run.depth })} · <DateTime value={run.createdAt} />
        </span>
      </div>
      <p className="rule-runs__muted">{t('rules.runs.reason', { reason: run.reason })}</p>
      {changes.length ? (
        <>
          <h3 className="section-title">{t('rules.runs.changed')}</h3>
          <ul className="rule-runs__changes">
            {changes.map((change) => (
              <li key={change}>{change}</li>
            ))}
          </ul>
        </>
      ) : null}
      {reply ? (
        <p>
          {reply.isInternal
            ? t('rules.runs.noted', { content: reply.content })
            : t('rules.runs.replied', { content: reply.content })}
        </p>
      ) : null}
      {notified.length ? <p>{t('rules.runs.notified', { to: notified.join(', ') })}</p> : null}
      {run.effect.webhook ? <p>{t('rules.runs.webhook')}</p> : null}
      {run.effect.stop ? <p>{t('rules.runs.stop')}</p> : null}
      {run.error ? <Alert tone="error">{t('rules.runs.error', { error: run.error })}</Alert> : null}
    </li>
  );
}
