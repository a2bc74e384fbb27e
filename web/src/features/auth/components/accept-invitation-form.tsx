import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LoginResponse } from '@docket/server/contract/auth';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Loading } from '@/components/ui/loading';
import { errorMessage } from '@/lib/form-errors';
import { useAcceptInvitation, useInvitationPreview } from '../api/accept-invitation';
import { NewPasswordField, problemFieldMessage, usePolicyReason } from './new-password-field';

/**
 * An invitation link (docs/product.md "Accounts"): what it offers, then a name and a password;
 * the new account is signed in (`onSuccess`).
 */
export function AcceptInvitationForm({
  token,
  onSuccess,
}: {
  token: string;
  onSuccess: (response: LoginResponse) => void;
}) {
  const { t } = useTranslation();
  const preview = useInvitationPreview(token);
  const accept = useAcceptInvitation({ onSuccess });
  const policyReason = usePolicyReason();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');

  if (preview.isPending) return <Loading label={t('accounts.invite.loading')} />;
  if (preview.isError) {
    return (
      <Alert tone="error" title={t('accounts.invite.invalid')}>
        {problemFieldMessage(preview.error, 'token') ?? errorMessage(preview.error, t)}
      </Alert>
    );
  }
  const invitation = preview.data;

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    accept.mutate({ token, name: name.trim(), password });
  }

  const passwordError = policyReason(problemFieldMessage(accept.error, 'password'));
  const nameError = problemFieldMessage(accept.error, 'name');
  return (
    <>
      <h1 className="sign-in__title">
        {t('accounts.invite.title', { organization: invitation.organizationName })}
      </h1>
      <p className="sign-in__intro">
        {t('accounts.invite.intro', {
          email: invitation.email,
          role: t(`roles.${invitation.role}`),
        })}
      </p>
      <form className="form" onSubmit={handleSubmit} noValidate>
        {accept.error && !passwordError && !nameError ? (
          <Alert tone="error">{errorMessage(accept.error, t)}</Alert>
        ) : null}
        <Field label={t('accounts.invite.name')} error={nameError}>
          {(control) => (
            <input
              {...control}
              className="input"
              name="name"
              autoComplete="name"
              required
              maxLength={200}
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
          )}
        </Field>
        <NewPasswordField
          label={t('accounts.invite.password')}
          value={password}
          error={passwordError}
          onChange={setPassword}
        />
        <Button type="submit" disabled={accept.isPending}>
          {accept.isPending ? t('accounts.invite.submitting') : t('accounts.invite.submit')}
        </Button>
      </form>
    </>
  );
}
