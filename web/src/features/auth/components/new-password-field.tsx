import { useTranslation } from 'react-i18next';
import { Field } from '@/components/ui/field';
import { isApiError } from '@/lib/api-client';

/** A new password with the policy as its hint and the server's reason as its error. */
export function NewPasswordField({
  label,
  value,
  error,
  onChange,
}: {
  label: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Field label={label} hint={t('accounts.passwordHint')} error={error}>
      {(control) => (
        <input
          {...control}
          className="input"
          type="password"
          name="new-password"
          autoComplete="new-password"
          required
          minLength={10}
          maxLength={1024}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

/**
 * The server's reasons for refusing a password (server/src/lib/password.ts passwordProblem), in
 * English, mapped to the reader's language; any other reason is shown as the server wrote it.
 */
const POLICY_REASONS = [
  [/at least \d+ characters/, 'accounts.policy.tooShort'],
  [/at most [\d,]+ characters/, 'accounts.policy.tooLong'],
  [/email address/, 'accounts.policy.email'],
  [/too common/, 'accounts.policy.common'],
] as const;

/** The policy's reason for a refused password in the reader's language (see POLICY_REASONS). */
export function usePolicyReason(): (message: string | undefined) => string | undefined {
  const { t } = useTranslation();
  return (message) => {
    if (message === undefined) return undefined;
    const known = POLICY_REASONS.find(([pattern]) => pattern.test(message));
    return known ? t(known[1]) : message;
  };
}

/** The problem's message for `field` (problem+json `errors[]`), if the server named it. */
export function problemFieldMessage(error: unknown, field: string): string | undefined {
  return isApiError(error) ? error.fieldErrors[field] : undefined;
}
