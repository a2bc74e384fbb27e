import { useTranslation } from 'react-i18next';
import { Link, NavLink } from 'react-router';
import { Button } from '@/components/ui/button';
import { AdminMenu } from './admin-menu';
import { LanguageSwitch } from '@/components/ui/language-switch';
import { paths } from '@/config/paths';
import { useSignOut } from '@/features/auth/api/sign-out';
import { useCurrentUser } from '@/lib/current-user';
import { LiveIndicator } from '@/features/live';
import { AvailabilityToggle } from '@/features/groups/components/availability-toggle';

export function AppHeader() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const signOut = useSignOut();

  return (
    <header className="app-header">
      <div className="app-header__inner">
        <Link to={paths.tickets.getHref()} className="app-header__brand">
          {t('app.name')}
        </Link>
        <nav className="app-header__nav" aria-label={t('app.mainNavigation')}>
          <NavLink to={paths.tickets.getHref()} end className="app-header__link">
            {t('nav.tickets')}
          </NavLink>
          <NavLink to={paths.newTicket.getHref()} className="app-header__link">
            {t('nav.newTicket')}
          </NavLink>
          <NavLink to={paths.chats.getHref()} className="app-header__link">
            {t('chats.title')}
          </NavLink>
          <NavLink to={paths.stats.getHref()} className="app-header__link">
            {t('stats.title')}
          </NavLink>
          <NavLink to={paths.macros.getHref()} className="app-header__link">
            {t('macros.title')}
          </NavLink>
          {user.role === 'ADMIN' ? <AdminMenu /> : null}
        </nav>
        <div className="app-header__account">
          <p className="app-header__user">
            <span className="app-header__user-name">{user.name}</span>{' '}
            <span className="app-header__role">{t(`roles.${user.role}`)}</span>
          </p>
          {user.role === 'AGENT' || user.role === 'ADMIN' ? <AvailabilityToggle /> : null}
          <LiveIndicator />
          <LanguageSwitch />
          <Button variant="ghost" className="app-header__sign-out" onClick={signOut}>
            {t('header.signOut')}
          </Button>
        </div>
      </div>
    </header>
  );
}
