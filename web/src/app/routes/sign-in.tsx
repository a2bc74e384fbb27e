import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { LanguageSwitch } from '@/components/ui/language-switch';
import { paths, safeRedirectTarget } from '@/config/paths';
import { SignInForm } from '@/features/auth/components/sign-in-form';
import { useSessionToken } from '@/lib/session';

export function SignInRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const token = useSessionToken();
  const redirectTo = safeRedirectTarget(searchParams.get('redirectTo'));

  if (token !== null) return <Navigate to={redirectTo} replace />;

  return (
    <main id="main" className="sign-in">
      <title>{t('app.pageTitle', { page: t('signIn.title') })}</title>
      <div className="sign-in__panel">
        <p className="sign-in__brand">{t('app.name')}</p>
        <h1 className="sign-in__title">{t('signIn.title')}</h1>
        <p className="sign-in__intro">{t('signIn.intro')}</p>
        <SignInForm onSuccess={() => navigate(redirectTo, { replace: true })} />
        <p className="sign-in__track">
          <Link to={paths.forgotPassword.getHref()}>{t('accounts.forgotLink')}</Link>
        </p>
        <p className="sign-in__track">
          <Link to={paths.trackTicket.getHref()}>{t('signIn.trackTicket')}</Link>
        </p>
        <div className="sign-in__footer">
          <LanguageSwitch />
        </div>
      </div>
    </main>
  );
}
