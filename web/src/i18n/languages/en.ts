/**
 * The English strings: the core file `locales/en.json` and each dashboard feature's
 * `locales/en/<feature>.json`, merged under the feature's key (so `stats.json` is read as
 * `t('stats.…')`). Part of the app's entry (the default and fallback language), while each other
 * language is a chunk loaded on demand (../index.ts). Adding a feature's strings is adding a file
 * here and in fr-CA.ts.
 */
import enCore from '../locales/en.json';
import enAccounts from '../locales/en/accounts.json';
import enActivityLog from '../locales/en/activity-log.json';
import enAdmin from '../locales/en/admin.json';
import enAutomation from '../locales/en/automation.json';
import enChats from '../locales/en/chats.json';
import enCustomFields from '../locales/en/custom-fields.json';
import enGroups from '../locales/en/groups.json';
import enInboundEmail from '../locales/en/inbound-email.json';
import enInbox from '../locales/en/inbox.json';
import enLive from '../locales/en/live.json';
import enMacros from '../locales/en/macros.json';
import enNotificationCenter from '../locales/en/notification-center.json';
import enNotifications from '../locales/en/notifications.json';
import enProfile from '../locales/en/profile.json';
import enRules from '../locales/en/rules.json';
import enSatisfaction from '../locales/en/satisfaction.json';
import enSla from '../locales/en/sla.json';
import enSlaTicket from '../locales/en/sla-ticket.json';
import enStats from '../locales/en/stats.json';
import enTicketFilters from '../locales/en/ticket-filters.json';
import enTicketPage from '../locales/en/ticket-page.json';
import enTicketViews from '../locales/en/ticket-views.json';
import enReplyComposer from '../locales/en/reply-composer.json';
import enTwoFactor from '../locales/en/two-factor.json';
import enSessions from '../locales/en/sessions.json';
import enPrivacy from '../locales/en/privacy.json';

export const en = {
  ...enCore,
  accounts: enAccounts,
  activityLog: enActivityLog,
  admin: enAdmin,
  automation: enAutomation,
  chats: enChats,
  customFields: enCustomFields,
  groups: enGroups,
  inboundEmail: enInboundEmail,
  inbox: enInbox,
  live: enLive,
  macros: enMacros,
  notificationCenter: enNotificationCenter,
  notifications: enNotifications,
  profile: enProfile,
  rules: enRules,
  satisfaction: enSatisfaction,
  sla: enSla,
  slaTicket: enSlaTicket,
  stats: enStats,
  ticketFilters: enTicketFilters,
  ticketPage: enTicketPage,
  ticketViews: enTicketViews,
  replyComposer: enReplyComposer,
  twoFactor: enTwoFactor,
  sessions: enSessions,
  privacy: enPrivacy,
};

/** The shape every language has (the keys `t` accepts: ../i18next.d.ts). */
export type Translation = typeof en;
