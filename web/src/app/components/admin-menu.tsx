import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { ChevronDownIcon } from '@/components/ui/icons';
import { paths } from '@/config/paths';
import '@/styles/app-nav.css';

const ADMIN_PAGES = [
  { key: 'users', label: 'admin.nav.users', href: paths.adminUsers.getHref() },
  { key: 'categories', label: 'admin.nav.categories', href: paths.adminCategories.getHref() },
  // Its words live with the feature's (custom-fields.json), not in admin.json.
  {
    key: 'customFields',
    label: 'customFields.nav',
    href: paths.adminCustomFields.getHref(),
  },
  { key: 'apiKeys', label: 'admin.nav.apiKeys', href: paths.adminApiKeys.getHref() },
  { key: 'webhooks', label: 'admin.nav.webhooks', href: paths.webhooks.getHref() },
  { key: 'notifications', label: 'admin.nav.notifications', href: paths.notifications.getHref() },
  // Their words live with the feature's (inbound-email.json), not in admin.json.
  { key: 'mailboxes', label: 'inboundEmail.nav.mailboxes', href: paths.adminMailboxes.getHref() },
  { key: 'inbound', label: 'inboundEmail.nav.inbound', href: paths.adminInboundEmail.getHref() },
  // Their words live with the feature's (sla.json), not in admin.json.
  {
    key: 'businessHours',
    label: 'sla.nav.businessHours',
    href: paths.adminBusinessHours.getHref(),
  },
  { key: 'slaPolicies', label: 'sla.nav.policies', href: paths.adminSlaPolicies.getHref() },
  // Its words live with the feature's (rules.json), not in admin.json.
  { key: 'rules', label: 'rules.nav', href: paths.adminRules.getHref() },
  // Its words live with the feature's (groups.json), not in admin.json.
  { key: 'groups', label: 'groups.nav', href: paths.adminGroups.getHref() },
  // Its words live with the feature's (activity-log.json), not in admin.json.
  { key: 'activity', label: 'activityLog.nav', href: paths.adminActivity.getHref() },
  // Its words live with the feature's (privacy.json), not in admin.json.
  { key: 'privacy', label: 'privacy.nav', href: paths.adminPrivacy.getHref() },
] as const;

/**
 * The header's "Admin" group, for admins only (the caller decides): one button opening a menu
 * (radix DropdownMenu: arrow keys, Escape, focus back on the button) of links to the users,
 * categories, API keys and webhooks pages, so the header still fits a 375 px screen. The button
 * looks active on any admin page; the current page's link carries `aria-current`.
 */
export function AdminMenu() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const onAdminPage = ADMIN_PAGES.some((page) => pathname.startsWith(page.href));
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        className={`app-header__link app-header__menu-trigger${onAdminPage ? ' active' : ''}`}
      >
        {t('admin.nav.group')}
        <ChevronDownIcon className="app-header__menu-icon" />
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        {ADMIN_PAGES.map((page) => (
          <DropdownMenuItem key={page.key} asChild>
            <Link to={page.href} aria-current={pathname.startsWith(page.href) ? 'page' : undefined}>
              {t(page.label)}
            </Link>
          </DropdownMenuItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
