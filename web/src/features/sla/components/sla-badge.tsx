import { useTranslation } from 'react-i18next';
import type { TicketSla } from '@docket/server/contract/sla';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { useNow } from '../hooks/use-now';
import { useSlaDurationFormat } from '../hooks/use-sla-duration';
import { slaSummaryView, type SlaTone } from '../utils/sla-time';
import './sla-ticket.css';

const TONES: Record<Exclude<SlaTone, 'met'>, BadgeTone> = {
  on_track: 'neutral',
  at_risk: 'warning',
  breached: 'danger',
  paused: 'neutral',
};

type SlaBadgeProps = {
  /** The ticket's `sla` (staff only); null, undefined or met renders nothing. */
  sla: TicketSla | null | undefined;
  /** The instant to show it at (ms since the epoch); default: now, refreshed every 30 s. */
  now?: number;
};

/**
 * A compact badge for the ticket's nearest SLA target (docs/product.md "SLA"): "Reply due in
 * 1 h 20 min" (first or next response), "Resolve in 2 d 3 h" (resolution), "Overdue 3 h" once past
 * due, "SLA paused" when every unfulfilled target is paused; nothing when all are met or no policy
 * applies. Neutral when on track, amber with the words "At risk" once past the warning time, red
 * (tinted, never the solid red of a CRITICAL priority badge, and smaller) when breached: the text
 * always says the state, never the colour alone (WCAG 2.2, 1.4.1).
 */
export function SlaBadge({ sla, now }: SlaBadgeProps) {
  const ticking = useNow();
  const at = now ?? ticking;
  const { t } = useTranslation();
  const formatDuration = useSlaDurationFormat();
  const view = slaSummaryView(sla, at);
  if (!view) return null;
  if (view.tone === 'paused') {
    return (
      <Badge tone={TONES.paused} className="badge--sla badge--sla-paused" data-sla-state="paused">
        {t('slaTicket.badge.paused')}
      </Badge>
    );
  }
  const duration = formatDuration(view.seconds);
  const text =
    view.tone === 'breached'
      ? t('slaTicket.badge.overdue', { duration })
      : view.metric === 'resolution'
        ? t('slaTicket.badge.resolveIn', { duration })
        : t('slaTicket.badge.replyDueIn', { duration });
  return (
    <Badge
      tone={TONES[view.tone]}
      className={`badge--sla badge--sla-${view.tone.replace('_', '-')}`}
      data-sla-state={view.tone}
    >
      {view.tone === 'at_risk' ? (
        <span className="badge--sla__state">{t('slaTicket.badge.atRisk')} </span>
      ) : null}
      {text}
    </Badge>
  );
}
