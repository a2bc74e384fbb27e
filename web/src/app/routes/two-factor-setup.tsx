/**
 * `/two-factor-setup`: the enrolment an organization that requires two-factor sign-in forces on
 * its agents and admins (docs/product.md "Accounts"). The dashboard's frame sends them here while
 * their user says `twoFactorEnrolmentRequired` (the API refuses everything else meanwhile, 403
 * `two_factor_enrolment_required`); the only ways out are enrolling or signing out.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import type { User } from '@docket/server/contract/auth';
import { Button } from '@/components/ui/button';
import { LanguageSwitch } from '@/components/ui/language-switch';
import { paths } from '@/config/paths';
import { useSignOut } from '@/features/auth/api/sign-out';
import { RequireAuth } from '@/features/auth/components/require-auth';
import { TwoFactorEnrolment } from '@/features/profile/components/two-factor';
import { useCurrentUser } from '@/lib/current-user';
import { authKeys } from '@/lib/query-keys';

export function TwoFactorSetupRoute() {
  return (
    <RequireAuth>
      <ForcedEnrolment />
    </RequireAuth>
  );
}

function ForcedEnrolment() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const signOut = useSignOut();
  // Read once: after enrolling the user no longer needs it, but the recovery codes still show.
  const [required] = useState(user.twoFactorEnrolmentRequired === true);
  if (!required) return <Navigate to={paths.home.getHref()} replace />;

  function enrolled() {
    // The dashboard's frame must not send them back here on a user not yet refetched.
    queryClient.setQueryData<User>(authKeys.me(), (current) =>
      current ? { ...current, twoFactorEnrolmentRequired: false } : current,
    );
    void navigate(paths.home.getHref(), { replace: true });
  }

  return (
    <main id="main" className="sign-in">
      <title>{t('app.pageTitle', { page: t('twoFactor.forced.title') })}</title>
      <div className="sign-in__panel">
        <p className="sign-in__brand">{t('app.name')}</p>
        <h1 className="sign-in__title">{t('twoFactor.forced.title')}</h1>
        <p className="sign-in__intro">{t('twoFactor.forced.body')}</p>
        <TwoFactorEnrolment
          autoStart
          doneLabel={t('twoFactor.forced.continue')}
          onEnrolled={enrolled}
        />
        <p className="sign-in__track">
          <Button variant="ghost" onClick={signOut}>
            {t('twoFactor.forced.signOut')}
          </Button>
        </p>
        <div className="sign-in__footer">
          <LanguageSwitch />
        </div>
      </div>
    </main>
  );
}
