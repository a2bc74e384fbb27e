/**
 * The public account pages (docs/product.md "Accounts"): "Forgot password?", the reset link's
 * page and the invitation link's page. Like sign-in, they are loaded on their own and never load
 * the dashboard (web/scripts/bundle-size.mjs checks the first load of the public pages).
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert } from '@/components/ui/alert';
import { LanguageSwitch } from '@/components/ui/language-switch';
import { paths } from '@/config/paths';
import { AcceptInvitationForm } from '@/features/auth/components/accept-invitation-form';
import { ForgotPasswordForm } from '@/features/auth/components/forgot-password-form';
import { ResetPasswordForm } from '@/features/auth/components/reset-password-form';

/** The sign-in page's frame around an account form. */
function AccountFrame({ title, children }: { title?: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <main id="main" className="sign-in">
      {title ? <title>{t('app.pageTitle', { page: title })}</title> : null}
      <div className="sign-in__panel">
        <p className="sign-in__brand">{t('app.name')}</p>
        {children}
        <p className="sign-in__track">
          <Link to={paths.signIn.getHref()}>{t('accounts.backToSignIn')}</Link>
        </p>
        <div className="sign-in__footer">
          <LanguageSwitch />
        </div>
      </div>
    </main>
  );
}

/** `/forgot-password`: an email, then "if an account exists, we sent a link". */
export function ForgotPasswordRoute() {
  const { t } = useTranslation();
  return (
    <AccountFrame title={t('accounts.forgot.title')}>
      <h1 className="sign-in__title">{t('accounts.forgot.title')}</h1>
      <p className="sign-in__intro">{t('accounts.forgot.intro')}</p>
      <ForgotPasswordForm />
    </AccountFrame>
  );
}

/** `/reset-password?token=`: the new password. */
export function ResetPasswordRoute() {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token') ?? '';
  return (
    <AccountFrame title={t('accounts.reset.title')}>
      <h1 className="sign-in__title">{t('accounts.reset.title')}</h1>
      {token ? (
        <ResetPasswordForm token={token} />
      ) : (
        <Alert tone="error">
          {t('accounts.reset.missingToken')}{' '}
          <Link to={paths.forgotPassword.getHref()}>{t('accounts.reset.requestNew')}</Link>
        </Alert>
      )}
    </AccountFrame>
  );
}

/** `/accept-invitation?token=`: the invitation, a name and a password; then the signed-in home. */
export function AcceptInvitationRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token') ?? '';
  return (
    <AccountFrame>
      <title>{t('app.pageTitle', { page: t('accounts.admin.title') })}</title>
      {token ? (
        <AcceptInvitationForm
          token={token}
          onSuccess={() => navigate(paths.home.getHref(), { replace: true })}
        />
      ) : (
        <Alert tone="error">{t('accounts.invite.invalid')}</Alert>
      )}
    </AccountFrame>
  );
}
