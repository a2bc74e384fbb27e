import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LanguageSwitch } from '@/components/ui/language-switch';

type CustomerHeaderProps = {
  /** Where the brand leads: the tracker for visitors, the ticket list for signed-in customers. */
  homeHref: string;
  /** The links of this part of the site. */
  children: ReactNode;
  /** Who is signed in and how to sign out, for the portal. */
  account?: ReactNode;
};

/**
 * The calm header of the customer-facing pages (tracker, tracking links, portal): the brand,
 * a few links, the language choice (English or French, remembered) and, in the portal, the
 * account. Customers never see the dashboard's header.
 */
export function CustomerHeader({ homeHref, children, account }: CustomerHeaderProps) {
  const { t } = useTranslation();
  return (
    <header className="customer-header">
      <div className="customer-header__inner">
        <Link to={homeHref} className="customer-header__brand">
          {t('app.name')} <span className="customer-header__support">{t('customer.support')}</span>
        </Link>
        <nav className="customer-header__nav" aria-label={t('customer.navigation')}>
          {children}
        </nav>
        <div className="customer-header__account">
          {account}
          <LanguageSwitch />
        </div>
      </div>
    </header>
  );
}
