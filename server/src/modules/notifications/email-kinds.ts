/** The kinds of email notification, each with its template (email-templates.ts). No dependencies: the SPA's contract reads it. */
export const EMAIL_KINDS = [
  'ticket_created',
  'reply_added',
  'status_changed',
  'ticket_resolved',
  'session_scheduled',
  'ticket_assigned',
  'customer_replied',
  'webhook_disabled',
  'sla_warning',
  'sla_breached',
  'rule_notification',
  'password_reset',
  'invitation',
] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];
