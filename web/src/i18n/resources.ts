/**
 * The translation resources, one object per language. The core strings live in
 * `locales/<language>.json`; each dashboard feature keeps its own file in
 * `locales/<language>/<feature>.json`, merged here under the feature's key (so `stats.json` is
 * read as `t('stats.…')`). Adding a feature's strings is adding two files and two lines here.
 */
import enCore from './locales/en.json';
import enAccounts from './locales/en/accounts.json';
import enActivityLog from './locales/en/activity-log.json';
import enAdmin from './locales/en/admin.json';
import enAutomation from './locales/en/automation.json';
import enChats from './locales/en/chats.json';
import enCustomFields from './locales/en/custom-fields.json';
import enGroups from './locales/en/groups.json';
import enInboundEmail from './locales/en/inbound-email.json';
import enInbox from './locales/en/inbox.json';
import enLive from './locales/en/live.json';
import enMacros from './locales/en/macros.json';
import enNotificationCenter from './locales/en/notification-center.json';
import enNotifications from './locales/en/notifications.json';
import enProfile from './locales/en/profile.json';
import enRules from './locales/en/rules.json';
import enSatisfaction from './locales/en/satisfaction.json';
import enSla from './locales/en/sla.json';
import enSlaTicket from './locales/en/sla-ticket.json';
import enStats from './locales/en/stats.json';
import enTicketFilters from './locales/en/ticket-filters.json';
import enTicketPage from './locales/en/ticket-page.json';
import enTicketViews from './locales/en/ticket-views.json';
import enReplyComposer from './locales/en/reply-composer.json';
import enTwoFactor from './locales/en/two-factor.json';
import enSessions from './locales/en/sessions.json';
import enPrivacy from './locales/en/privacy.json';
import frCACore from './locales/fr-CA.json';
import frCAAccounts from './locales/fr-CA/accounts.json';
import frCAActivityLog from './locales/fr-CA/activity-log.json';
import frCAAdmin from './locales/fr-CA/admin.json';
import frCAAutomation from './locales/fr-CA/automation.json';
import frCAChats from './locales/fr-CA/chats.json';
import frCACustomFields from './locales/fr-CA/custom-fields.json';
import frCAGroups from './locales/fr-CA/groups.json';
import frCAInboundEmail from './locales/fr-CA/inbound-email.json';
import frCAInbox from './locales/fr-CA/inbox.json';
import frCALive from './locales/fr-CA/live.json';
import frCAMacros from './locales/fr-CA/macros.json';
import frCANotificationCenter from './locales/fr-CA/notification-center.json';
import frCANotifications from './locales/fr-CA/notifications.json';
import frCAProfile from './locales/fr-CA/profile.json';
import frCARules from './locales/fr-CA/rules.json';
import frCASatisfaction from './locales/fr-CA/satisfaction.json';
import frCASla from './locales/fr-CA/sla.json';
import frCASlaTicket from './locales/fr-CA/sla-ticket.json';
import frCAStats from './locales/fr-CA/stats.json';
import frCATicketFilters from './locales/fr-CA/ticket-filters.json';
import frCATicketPage from './locales/fr-CA/ticket-page.json';
import frCATicketViews from './locales/fr-CA/ticket-views.json';
import frCAReplyComposer from './locales/fr-CA/reply-composer.json';
import frCATwoFactor from './locales/fr-CA/two-factor.json';
import frCASessions from './locales/fr-CA/sessions.json';
import frCAPrivacy from './locales/fr-CA/privacy.json';

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

export const frCA: typeof en = {
  ...frCACore,
  accounts: frCAAccounts,
  activityLog: frCAActivityLog,
  admin: frCAAdmin,
  automation: frCAAutomation,
  chats: frCAChats,
  customFields: frCACustomFields,
  groups: frCAGroups,
  inboundEmail: frCAInboundEmail,
  inbox: frCAInbox,
  live: frCALive,
  macros: frCAMacros,
  notificationCenter: frCANotificationCenter,
  notifications: frCANotifications,
  profile: frCAProfile,
  rules: frCARules,
  satisfaction: frCASatisfaction,
  sla: frCASla,
  slaTicket: frCASlaTicket,
  stats: frCAStats,
  ticketFilters: frCATicketFilters,
  ticketPage: frCATicketPage,
  ticketViews: frCATicketViews,
  replyComposer: frCAReplyComposer,
  twoFactor: frCATwoFactor,
  sessions: frCASessions,
  privacy: frCAPrivacy,
};
