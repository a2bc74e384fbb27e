import { useTranslation } from 'react-i18next';
import type { Ticket } from '@docket/server/contract/tickets';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { DateTime } from '@/components/ui/date-time';

/**
 * The requester's latest satisfaction rating on the agent's ticket page (docs/product.md
 * "Satisfaction"): "Rated good" / "Rated bad" or "Rated 4/5", with the reason, the comment and
 * when it was given. Nothing when the ticket was never rated (or the view has no `satisfaction`).
 */
export function SatisfactionPanel({ ticket }: { ticket: Pick<Ticket, 'satisfaction'> }) {
  const { t } = useTranslation();
  const rating = ticket.satisfaction;
  if (!rating) return null;
  const positive = rating.score >= 4;
  const value =
    rating.scale === 'good_bad'
      ? t(positive ? 'satisfaction.good' : 'satisfaction.bad').toLowerCase()
      : t('satisfaction.outOfFive', { score: rating.score });
  return (
    <Card title={t('satisfaction.staff.title')} headingLevel={2}>
      <p data-testid="satisfaction-rating">
        <Badge tone={positive ? 'success' : rating.score <= 2 ? 'danger' : 'warning'}>
          {t('satisfaction.staff.rated', { rating: value })}
        </Badge>{' '}
        <DateTime value={rating.createdAt} />
      </p>
      {rating.reason ? (
        <p>
          {t('satisfaction.staff.reason', {
            reason: t(`satisfaction.reasons.${rating.reason}`),
          })}
        </p>
      ) : null}
      {rating.comment ? <blockquote className="prose">{rating.comment}</blockquote> : null}
    </Card>
  );
}
