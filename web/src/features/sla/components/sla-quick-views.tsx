import { useTranslation } from 'react-i18next';
import type { ListTicketsQuery } from '@docket/server/contract/tickets';
import { Button } from '@/components/ui/button';
import './sla-ticket.css';

/** A value of GET /api/tickets' `sla` filter: `at_risk` or `breached`. */
export type SlaQuickView = NonNullable<ListTicketsQuery['sla']>[number];
export const SLA_QUICK_VIEWS = ['at_risk', 'breached'] as const satisfies readonly SlaQuickView[];

type SlaQuickViewsProps = {
  /** The list's current `sla` filter (from the address, `?sla=breached`). */
  active: readonly SlaQuickView[];
  /**
   * The new `sla` filter (empty: none). `sortByDue` is true when a view was chosen: the list then
   * sorts by the nearest SLA due time first (`sortBy=slaDueAt&sortOrder=asc`).
   */
  onChange: (sla: SlaQuickView[], sortByDue: boolean) => void;
};

/**
 * The ticket list's SLA quick views for agents and admins (docs/product.md "SLA"; docs/api.md
 * "Tickets" `sla` filter): "At risk" asks for tickets with a running target past its warning time
 * (`sla=at_risk`), "Breached" for those past due (`sla=breached`). Toggle buttons
 * (`aria-pressed`): choosing one replaces the other and sorts by SLA due; pressing the pressed one
 * drops it and leaves the sort as it is.
 */
export function SlaQuickViews({ active, onChange }: SlaQuickViewsProps) {
  const { t } = useTranslation();
  const choose = (view: SlaQuickView) => {
    if (active.includes(view)) {
      onChange(
        active.filter((value) => value !== view),
        false,
      );
    } else {
      onChange([view], true);
    }
  };
  return (
    <div className="sla-quick-views" role="group" aria-label={t('slaTicket.quickViews.label')}>
      {SLA_QUICK_VIEWS.map((view) => (
        <Button
          key={view}
          variant={active.includes(view) ? 'primary' : 'secondary'}
          aria-pressed={active.includes(view)}
          data-sla-view={view}
          onClick={() => choose(view)}
        >
          {t(`slaTicket.quickViews.${view}`)}
        </Button>
      ))}
    </div>
  );
}
