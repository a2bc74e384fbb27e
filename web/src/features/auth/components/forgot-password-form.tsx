import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { errorMessage } from '@/lib/form-errors';
import { useRequestPasswordReset } from '../api/password-reset';

/**
 * "Forgot password?": an email, then the same message whether or not it has an account
 * (docs/product.md "Accounts").
 */
export function ForgotPasswordForm() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const request = useRequestPasswordReset();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    request.mutate({ email: email.trim() });
  }

  if (request.isSuccess) {
    return <Alert tone="success">{t('accounts.forgot.sent')}</Alert>;
  }
  return (
    <form className="form" onSubmit={handleSubmit}>
      {request.error ? <Alert tone="error">{errorMessage(request.error, t)}</Alert> : null}
      <Field label={t('accounts.forgot.email')}>
        {(control) => (
          <input
            {...control}
            className="input"
            type="email"
            name="email"
            autoComplete="username"
            required
            maxLength={254}
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        )}
      </Field>
      <Button type="submit" disabled={request.isPending}>
        {request.isPending ? t('accounts.forgot.submitting') : t('accounts.forgot.submit')}
      </Button>
    </form>
  );
}
