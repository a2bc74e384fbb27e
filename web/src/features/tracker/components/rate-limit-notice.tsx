import { useTranslation } from 'react-i18next';

/**
 * "Too many attempts. Try again in N seconds." for a 429 answer, counting down to "You can try
 * again now." The first words are announced once (`role="alert"`); the ticking number is not
 * re-announced every second (`aria-live="off"`), which would drown a screen reader.
 * `secondsLeft` null: the answer gave no Retry-After, so no number is promised.
 */
export function RateLimitNotice({ secondsLeft }: { secondsLeft: number | null }) {
  const { t } = useTranslation();
  if (secondsLeft === 0) {
    return (
      <p className="alert alert--info" role="status" data-testid="rate-limit">
        {t('rateLimit.canRetry')}
      </p>
    );
  }
  return (
    <div className="alert alert--error" role="alert" data-testid="rate-limit">
      <p className="alert__title">{t('rateLimit.title')}</p>
      <p className="alert__body" aria-live="off">
        {secondsLeft === null
          ? t('rateLimit.waitAMoment')
          : t('rateLimit.tryAgainIn', { count: secondsLeft })}
      </p>
    </div>
  );
}
