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

/** The problem's message for `field` (problem+json `errors[]`), if the server named it. */
export function problemFieldMessage(error: unknown, field: string): string | undefined {
  return isApiError(error) ? error.fieldErrors[field] : undefined;
}
