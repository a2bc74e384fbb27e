import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublicTicket } from '@docket/server/contract/public';
import { DateTime } from '@/components/ui/date-time';

type Session = NonNullable<PublicTicket['session']>;

/**
 * Only web addresses become links: a meeting link is typed by staff or generated, and a
 * `javascript:` or `data:` address must never be one click away on a public page.
 */
export function safeMeetingLink(link: string | null): string | null {
  if (!link) return null;
  try {
    const url = new URL(link);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The scheduled session (docs/product.md "Sessions": mode, time, duration, meeting link; customers
 * "see time, mode, link"): when, how, how long, for a recurring session its rule and next
 * occurrence, and the join link, opened in a new tab.
 */
export function SessionCard({ session }: { session: Session }) {
  const { t } = useTranslation();
  const id = useId();
  const link = safeMeetingLink(session.meetingLink);
  return (
    <section className="card session-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="card__title">
        {t('publicTicket.session.title')}
      </h2>
      <dl className="details">
        <div className="details__item">
          <dt>{t('publicTicket.session.when')}</dt>
          <dd>
            <DateTime value={session.scheduledAt} />
          </dd>
        </div>
        <div className="details__item">
          <dt>{t('publicTicket.session.mode')}</dt>
          <dd>{t(`publicTicket.session.modes.${session.mode}`)}</dd>
        </div>
        {session.durationMinutes ? (
          <div className="details__item">
            <dt>{t('publicTicket.session.duration')}</dt>
            <dd>{t('publicTicket.session.minutes', { count: session.durationMinutes })}</dd>
          </div>
        ) : null}
        {session.recurrence ? (
          <>
            <div className="details__item">
              <dt>{t('publicTicket.session.repeats')}</dt>
              <dd>
                {session.recurrence.interval === 1
                  ? t('publicTicket.session.repeatsWeekly', { count: session.recurrence.count })
                  : t('publicTicket.session.repeatsEvery', {
                      interval: session.recurrence.interval,
                      count: session.recurrence.count,
                    })}
              </dd>
            </div>
            <div className="details__item" data-testid="next-session">
              <dt>{t('publicTicket.session.next')}</dt>
              <dd>
                {session.nextOccurrence ? (
                  <DateTime value={session.nextOccurrence} />
                ) : (
                  t('publicTicket.session.noneLeft')
                )}
              </dd>
            </div>
          </>
        ) : null}
      </dl>
      {link ? (
        <a className="button button--primary" href={link} target="_blank" rel="noreferrer">
          {t('publicTicket.session.join')}
        </a>
      ) : session.mode === 'in_person' ? null : (
        <p className="field__hint">{t('publicTicket.session.noLink')}</p>
      )}
    </section>
  );
}
