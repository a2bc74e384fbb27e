import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { TrackTicketBodySchema, type PublicTicket } from '@docket/server/contract/public';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { isApiError } from '@/lib/api-client';
import { errorMessage, fieldErrorsFromZod, type FieldErrors } from '@/lib/form-errors';
import { useTrackTicket } from '../api/track-ticket';
import { useRateLimit } from '../utils/countdown';
import { RateLimitNotice } from './rate-limit-notice';

/**
 * The API's rule for the look-up (`TrackTicketBodySchema`: both fields required), plus a
 * well-formed email, so that a typo is pointed out here rather than answered "not found".
 */
const TrackFormSchema = TrackTicketBodySchema.extend({ email: z.email().max(254) });

/**
 * The public tracker's form (docs/product.md "Customers"): the ticket reference (TKT-00042) and the
 * requester's email. An unknown reference and a wrong email get the one same message, as the
 * server answers both with the same 404; a 429 shows "try again in N seconds" from Retry-After
 * and holds the button until then.
 */
export function TrackTicketForm({ onFound }: { onFound: (ticket: PublicTicket) => void }) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const [reference, setReference] = useState('');
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const track = useTrackTicket();
  const rateLimit = useRateLimit(track.error);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    track.reset();
    const parsed = TrackFormSchema.safeParse({ reference, email });
    if (!parsed.success) {
      const fieldErrors = fieldErrorsFromZod(parsed.error, t);
      setErrors(fieldErrors);
      const first = (['reference', 'email'] as const).find((name) => fieldErrors[name]);
      if (first) formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      return;
    }
    setErrors({});
    track.mutate(parsed.data, {
      onSuccess: (ticket) => onFound(ticket),
      onError: (error) => {
        if (isApiError(error)) setErrors(error.fieldErrors);
      },
    });
  }

  const error = track.error;
  const notFound = isApiError(error) && error.status === 404;
  const placed = isApiError(error) && (error.fieldErrors.reference || error.fieldErrors.email);
  const otherError = error && !notFound && !rateLimit && !placed ? errorMessage(error, t) : null;
  const waiting = rateLimit !== null && rateLimit.secondsLeft !== 0;

  return (
    <form ref={formRef} className="form track-form" onSubmit={handleSubmit} noValidate>
      {notFound ? (
        <Alert tone="error" title={t('tracker.notFoundTitle')}>
          {t('tracker.notFound')}
        </Alert>
      ) : null}
      {rateLimit ? <RateLimitNotice secondsLeft={rateLimit.secondsLeft} /> : null}
      {otherError ? <Alert tone="error">{otherError}</Alert> : null}

      <Field
        label={t('tracker.reference')}
        hint={t('tracker.referenceHint')}
        error={errors.reference}
        required
      >
        {(control) => (
          <input
            {...control}
            className="input"
            name="reference"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={64}
            value={reference}
            onChange={(event) => {
              setReference(event.target.value);
              if (errors.reference) setErrors((e) => ({ ...e, reference: undefined }));
            }}
          />
        )}
      </Field>
      <Field label={t('tracker.email')} hint={t('tracker.emailHint')} error={errors.email} required>
        {(control) => (
          <input
            {...control}
            className="input"
            name="email"
            type="email"
            autoComplete="email"
            maxLength={254}
            value={email}
            onChange={(event) => {
              setEmail(event.target.value);
              if (errors.email) setErrors((e) => ({ ...e, email: undefined }));
            }}
          />
        )}
      </Field>
      <div className="form__actions">
        <Button type="submit" disabled={track.isPending || waiting}>
          {track.isPending ? t('tracker.submitting') : t('tracker.submit')}
        </Button>
      </div>
    </form>
  );
}
