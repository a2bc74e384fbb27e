/**
 * The French (Canada) strings, built like the English ones (en.ts); a chunk of its own, loaded
 * only by a visitor reading French (../index.ts).
 */
import type { Translation } from './en';
import frCACore from '../locales/fr-CA.json';
import frCAAccounts from '../locales/fr-CA/accounts.json';
import frCAActivityLog from '../locales/fr-CA/activity-log.json';
import frCAAdmin from '../locales/fr-CA/admin.json';
import frCAAutomation from '../locales/fr-CA/automation.json';
import frCAChats from '../locales/fr-CA/chats.json';
import frCACustomFields from '../locales/fr-CA/custom-fields.json';
import frCAGroups from '../locales/fr-CA/groups.json';
import frCAInboundEmail from '../locales/fr-CA/inbound-email.json';
import frCAInbox from '../locales/fr-CA/inbox.json';
import frCALive from '../locales/fr-CA/live.json';
import frCAMacros from '../locales/fr-CA/macros.json';
import frCANotificationCenter from '../locales/fr-CA/notification-center.json';
import frCANotifications from '../locales/fr-CA/notifications.json';
import frCAProfile from '../locales/fr-CA/profile.json';
import frCARules from '../locales/fr-CA/rules.json';
import frCASatisfaction from '../locales/fr-CA/satisfaction.json';
import frCASla from '../locales/fr-CA/sla.json';
import frCASlaTicket from '../locales/fr-CA/sla-ticket.json';
import frCAStats from '../locales/fr-CA/stats.json';
import frCATicketFilters from '../locales/fr-CA/ticket-filters.json';
import frCATicketPage from '../locales/fr-CA/ticket-page.json';
import frCATicketViews from '../locales/fr-CA/ticket-views.json';
import frCAReplyComposer from '../locales/fr-CA/reply-composer.json';
import frCATwoFactor from '../locales/fr-CA/two-factor.json';
import frCASessions from '../locales/fr-CA/sessions.json';
import frCAPrivacy from '../locales/fr-CA/privacy.json';

export const frCA: Translation = {
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
