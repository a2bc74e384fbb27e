import { Menu } from 'lucide-react';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, useLocation } from 'react-router';
import { Button } from '@/components/ui/button';
import { AdminMenu } from './admin-menu';
import { LanguageSwitch } from '@/components/ui/language-switch';
import { paths } from '@/config/paths';
import { useSignOut } from '@/features/auth/api/sign-out';
import { useCurrentUser } from '@/lib/current-user';
import { LiveIndicator } from '@/features/live';
import { AvailabilityToggle } from '@/features/groups/components/availability-toggle';
import { NotificationBell } from '@/features/notification-center/components/notification-bell';
import { ThemeToggle } from '@/features/profile/components/theme-toggle';
import { KeyboardShortcuts } from '@/features/shortcuts/components/keyboard-shortcuts';
import '@/styles/app-header.css';

export function AppHeader() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const signOut = useSignOut();
  // Phones: the nav and the account controls fold behind a "Menu" button (a disclosure,
  // app-header.css), closed again on the next page (the path it was opened on no longer matches).
  const { pathname } = useLocation();
  const [menuOpenOn, setMenuOpenOn] = useState<string | null>(null);
  const menuOpen = menuOpenOn === pathname;
  const menuId = useId();
  const menuButton = useRef<HTMLButtonElement>(null);

  return (
    <header
      className="app-header"
      data-menu-open={menuOpen}
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || !menuOpen) return;
        setMenuOpenOn(null);
        menuButton.current?.focus();
      }}
    >
      <div className="app-header__inner">
        <Link to={paths.tickets.getHref()} className="app-header__brand">
          {t('app.name')}
        </Link>
        <KeyboardShortcuts />
        <button
          ref={menuButton}
          type="button"
          className="app-header__menu-button"
          aria-expanded={menuOpen}
          aria-controls={`${menuId}-nav ${menuId}-account`}
          onClick={() => setMenuOpenOn(menuOpen ? null : pathname)}
        >
          <Menu aria-hidden="true" focusable="false" className="app-header__menu-button-icon" />
          {t('inbox.header.menu')}
        </button>
        <nav id={`${menuId}-nav`} className="app-header__nav" aria-label={t('app.mainNavigation')}>
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
        <div id={`${menuId}-account`} className="app-header__account">
          <p className="app-header__user">
            <span className="app-header__user-name">{user.name}</span>{' '}
            <span className="app-header__role">{t(`roles.${user.role}`)}</span>
          </p>
          {user.role === 'AGENT' || user.role === 'ADMIN' ? <AvailabilityToggle /> : null}
          {user.role === 'AGENT' || user.role === 'ADMIN' ? <NotificationBell /> : null}
          <ThemeToggle />
          <NavLink to={paths.profile.getHref()} className="app-header__link">
            {t('profile.link')}
          </NavLink>
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
