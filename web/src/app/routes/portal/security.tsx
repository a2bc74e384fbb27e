import { useTranslation } from 'react-i18next';
import { SessionsSection } from '@/features/profile/components/sessions';
import { TwoFactorSection } from '@/features/profile/components/two-factor';

/**
 * `/portal/security`: a customer's sign-in security (docs/product.md "Accounts"): two-factor
 * sign-in, which customers may turn on for themselves (`/api/me/two-factor`), and their sessions
 * with "sign out everywhere" (`/api/me/sessions`) — the same sections as the staff's profile.
 */
export function PortalSecurityRoute() {
  const { t } = useTranslation();
  return (
    <div className="customer-narrow">
      <title>{t('app.pageTitle', { page: t('customer.security') })}</title>
      <div className="page-header">
        <h1>{t('customer.security')}</h1>
      </div>
      <p className="customer-intro">{t('customer.securityIntro')}</p>
      <TwoFactorSection />
      <SessionsSection />
    </div>
  );
}
