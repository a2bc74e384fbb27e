import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Navigate, Outlet } from 'react-router';
import { Button } from '@/components/ui/button';
import { paths } from '@/config/paths';
import { useSignOut } from '@/features/auth/api/sign-out';
import { useCurrentUser } from '@/lib/current-user';
import { RequireAuth } from '@/features/auth/components/require-auth';
import { CustomerHeader } from '../../components/customer-header';

/** The portal is the customers' part of the site: agents and admins work in the dashboard. */
function CustomersOnly({ children }: { children: ReactNode }) {
  const user = useCurrentUser();
  if (user.role !== 'CUSTOMER') return <Navigate to={paths.tickets.getHref()} replace />;
  return <>{children}</>;
}

function PortalAccount() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const signOut = useSignOut();
  return (
    <>
      <span className="customer-header__user">{user.name}</span>
      <Button variant="ghost" onClick={signOut}>
        {t('header.signOut')}
      </Button>
    </>
  );
}

/**
 * The frame of the customer portal (signed-in customers: their tickets, a new ticket, a ticket's
 * page) with its own calm header. Without a session: sign in first, then back here; a signed-in
 * agent or admin is sent to the dashboard.
 */
export function PortalRoot() {
  const { t } = useTranslation();
  return (
    <RequireAuth>
      <CustomersOnly>
        <div className="customer-layout">
          <a className="skip-link" href="#main">
            {t('app.skipToContent')}
          </a>
          <CustomerHeader homeHref={paths.portal.getHref()} account={<PortalAccount />}>
            <NavLink to={paths.portal.getHref()} end className="customer-header__link">
              {t('customer.myTickets')}
            </NavLink>
            <NavLink to={paths.portalNewTicket.getHref()} className="customer-header__link">
              {t('customer.newTicket')}
            </NavLink>
            <NavLink to={paths.portalSecurity.getHref()} className="customer-header__link">
              {t('customer.security')}
            </NavLink>
          </CustomerHeader>
          <main id="main" className="customer-page" tabIndex={-1}>
            <Outlet />
          </main>
        </div>
      </CustomersOnly>
    </RequireAuth>
  );
}
