import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LoginResponse } from '@docket/server/contract/auth';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { isApiError } from '@/lib/api-client';
import { errorMessage } from '@/lib/form-errors';
import { useSignIn } from '../api/sign-in';

export function SignInForm({ onSuccess }: { onSuccess: (response: LoginResponse) => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // Two-factor sign-in (docs/product.md "Accounts"): asked for once the password is proven.
  const [code, setCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const signIn = useSignIn({ onSuccess });

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    signIn.mutate(
      { email: email.trim(), password, ...(needsCode ? { code: code.trim() } : {}) },
      {
        onError: (error) => {
          if (isApiError(error) && error.code === 'two_factor_required') setNeedsCode(true);
        },
      },
    );
  }

  const problem = isApiError(signIn.error) ? signIn.error.code : null;
  const failure = signIn.error
    ? problem === 'two_factor_required'
      ? t('twoFactor.signIn.needed')
      : problem === 'invalid_two_factor_code'
        ? t('twoFactor.signIn.wrong')
        : isApiError(signIn.error) && signIn.error.status === 401
          ? t('signIn.invalidCredentials')
          : errorMessage(signIn.error, t)
    : null;

  return (
    <form className="form" onSubmit={handleSubmit}>
      {failure ? <Alert tone="error">{failure}</Alert> : null}
      <Field label={t('signIn.email')}>
        {(control) => (
          <input
            {...control}
            className="input"
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        )}
      </Field>
      <Field label={t('signIn.password')}>
        {(control) => (
          <input
            {...control}
            className="input"
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        )}
      </Field>
      {needsCode ? (
        <Field label={t('twoFactor.signIn.codeLabel')} hint={t('twoFactor.signIn.codeHint')}>
          {(control) => (
            <input
              {...control}
              className="input"
              name="code"
              inputMode="text"
              autoComplete="one-time-code"
              autoFocus
              required
              maxLength={32}
              value={code}
              onChange={(event) => setCode(event.target.value)}
            />
          )}
        </Field>
      ) : null}
      <Button type="submit" disabled={signIn.isPending}>
        {signIn.isPending ? t('signIn.submitting') : t('signIn.submit')}
      </Button>
    </form>
  );
}
