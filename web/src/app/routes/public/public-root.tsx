import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { paths } from '@/config/paths';
import { useSessionToken } from '@/lib/session';
import { CustomerHeader } from '../../components/customer-header';

/**
 * The frame of the pages anyone may open without signing in: the public tracker and the
 * tracking links of emails (docs/product.md "Customers"). A signed-in visitor is offered their tickets
 * (the portal sends staff on to the dashboard); anyone else, to sign in.
 */
export function PublicRoot() {
  const { t } = useTranslation();
  const signedIn = useSessionToken() !== null;
  return (
    <div className="customer-layout">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <CustomerHeader homeHref={paths.trackTicket.getHref()}>
        <NavLink to={paths.trackTicket.getHref()} className="customer-header__link">
          {t('customer.trackTicket')}
        </NavLink>
        <NavLink
          to={signedIn ? paths.portal.getHref() : paths.signIn.getHref(paths.portal.getHref())}
          className="customer-header__link"
        >
          {signedIn ? t('customer.myTickets') : t('customer.signIn')}
        </NavLink>
      </CustomerHeader>
      <main id="main" className="customer-page" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
