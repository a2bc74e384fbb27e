import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { paths } from '@/config/paths';
import { errorMessage } from '@/lib/form-errors';
import { useConfirmPasswordReset } from '../api/password-reset';
import { NewPasswordField, problemFieldMessage, usePolicyReason } from './new-password-field';

/**
 * A new password for the reset link's `token`; the policy's reason under the field on a 400, a
 * link to ask again when the link no longer works (docs/product.md "Accounts").
 */
export function ResetPasswordForm({ token }: { token: string }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const confirm = useConfirmPasswordReset();
  const policyReason = usePolicyReason();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    confirm.mutate({ token, password });
  }

  if (confirm.isSuccess) {
    return (
      <>
        <Alert tone="success">{t('accounts.reset.done')}</Alert>
        <p>
          <Link to={paths.signIn.getHref()}>{t('accounts.backToSignIn')}</Link>
        </p>
      </>
    );
  }
  const passwordError = policyReason(problemFieldMessage(confirm.error, 'password'));
  const tokenError = problemFieldMessage(confirm.error, 'token');
  return (
    <form className="form" onSubmit={handleSubmit} noValidate>
      {tokenError ? (
        <Alert tone="error">
          {tokenError}{' '}
          <Link to={paths.forgotPassword.getHref()}>{t('accounts.reset.requestNew')}</Link>
        </Alert>
      ) : confirm.error && !passwordError ? (
        <Alert tone="error">{errorMessage(confirm.error, t)}</Alert>
      ) : null}
      <NewPasswordField
        label={t('accounts.reset.password')}
        value={password}
        error={passwordError}
        onChange={setPassword}
      />
      <Button type="submit" disabled={confirm.isPending}>
        {confirm.isPending ? t('accounts.reset.submitting') : t('accounts.reset.submit')}
      </Button>
    </form>
  );
}
