import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  SATISFACTION_COMMENT_MAX,
  SATISFACTION_REASONS,
  type RateBody,
  type SatisfactionState,
} from '@docket/server/contract/satisfaction';
import { Button } from '@/components/ui/button';
import { DateTime } from '@/components/ui/date-time';
import { isApiError } from '@/lib/api-client';
import { scoresOf } from '../utils/rating-choice';

type SatisfactionWidgetProps = {
  state: SatisfactionState;
  /** Gives or changes the rating (the tracker through the link, the portal signed in). */
  submit: (body: RateBody) => Promise<unknown>;
  /** A score chosen by the mail's link (`?rate=`), shown selected until confirmed. */
  preselected?: number | null;
};

/**
 * "How did we do?" for a resolved ticket (docs/product.md "Satisfaction"): the scale's buttons
 * (good/bad, or 1–5), an optional reason and comment, and a send button; then "Thanks", with the
 * rating and, while it may still be changed (7 days), a button to change it. Nothing shows when
 * no rating may be given and none was. A score pre-selected by the mail's link waits for the
 * requester's click: a link alone never rates.
 */
export function SatisfactionWidget({ state, submit, preselected = null }: SatisfactionWidgetProps) {
  const { t } = useTranslation();
  const id = useId();
  const rating = state.rating;
  const [editing, setEditing] = useState(rating === null || preselected !== null);
  const [score, setScore] = useState<number | null>(preselected ?? rating?.score ?? null);
  const [reason, setReason] = useState<string>(rating?.reason ?? '');
  const [comment, setComment] = useState(rating?.comment ?? '');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (!state.open && rating === null) return null;

  const label = (value: number) =>
    state.scale === 'good_bad'
      ? t(value >= 4 ? 'satisfaction.good' : 'satisfaction.bad')
      : t('satisfaction.outOfFive', { score: value });

  if (!editing || !state.open) {
    return (
      <section className="card" aria-labelledby={`${id}-title`} data-testid="satisfaction">
        <h2 id={`${id}-title`} className="card__title">
          {t('satisfaction.thanks')}
        </h2>
        {rating ? (
          <p>
            {t('satisfaction.yourRating', { rating: label(rating.score) })}
            {rating.comment ? ` — “${rating.comment}”` : null}
          </p>
        ) : null}
        {state.open && state.changeableUntil ? (
          <div className="form__actions">
            <span className="field__hint">
              {t('satisfaction.changeUntil')} <DateTime value={state.changeableUntil} />
            </span>
            <Button variant="secondary" onClick={() => setEditing(true)}>
              {t('satisfaction.change')}
            </Button>
          </div>
        ) : null}
      </section>
    );
  }

  const send = async () => {
    if (score === null) return;
    setPending(true);
    setError(null);
    try {
      await submit({
        score,
        comment: comment.trim() ? comment.trim() : null,
        reason: reason ? (reason as RateBody['reason']) : null,
      });
      setEditing(false);
    } catch (cause) {
      const code = isApiError(cause) ? cause.code : '';
      setError(
        code === 'not_resolved' ||
          code === 'rating_closed' ||
          code === 'satisfaction_disabled' ||
          code === 'rate_limited'
          ? t(`satisfaction.errors.${code}`)
          : t('satisfaction.errors.generic'),
      );
    } finally {
      setPending(false);
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="satisfaction">
      <h2 id={`${id}-title`} className="card__title">
        {t('satisfaction.ask')}
      </h2>
      {preselected !== null && score === preselected ? (
        <p className="field__hint">{t('satisfaction.confirmHint')}</p>
      ) : null}
      <div className="segmented" role="group" aria-labelledby={`${id}-title`}>
        {scoresOf(state.scale).map((value) => (
          <button
            key={value}
            type="button"
            className="segmented__option"
            aria-pressed={score === value}
            onClick={() => setScore(value)}
          >
            {label(value)}
          </button>
        ))}
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-reason`}>
          {t('satisfaction.reasonLabel')}
        </label>
        <select
          id={`${id}-reason`}
          className="select"
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        >
          <option value="">{t('satisfaction.reasons.none')}</option>
          {SATISFACTION_REASONS.map((r) => (
            <option key={r} value={r}>
              {t(`satisfaction.reasons.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-comment`}>
          {t('satisfaction.commentLabel')}
        </label>
        <textarea
          id={`${id}-comment`}
          className="textarea"
          rows={3}
          maxLength={SATISFACTION_COMMENT_MAX}
          value={comment}
          onChange={(event) => setComment(event.target.value)}
        />
      </div>
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="form__actions">
        <Button disabled={score === null || pending} onClick={() => void send()}>
          {t('satisfaction.send')}
        </Button>
      </div>
    </section>
  );
}
