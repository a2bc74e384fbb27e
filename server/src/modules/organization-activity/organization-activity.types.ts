/**
 * The kinds of organization activity entry (docs/product.md "Audit trail"): plain values, shared
 * with the SPA through contract/organization-activity.ts (its type filter).
 */

/**
 * The kinds of organization activity. Some name actions Docket does not have yet (password
 * resets, invitations, two-factor authentication, data exports and erasures): they are listed so
 * those features record with a known type.
 */
export const ORGANIZATION_ACTIVITY_TYPES = [
  'webhook_endpoint.disabled',
  'rule_chain.stopped',
  'custom_field.created',
  'custom_field.updated',
  'custom_field.deleted',
  'satisfaction_settings.updated',
  'auth.sign_in_succeeded',
  'auth.sign_in_failed',
  'auth.password_reset_requested',
  'auth.password_reset_completed',
  'auth.two_factor_enrolled',
  'auth.two_factor_reset',
  'invitation.sent',
  'invitation.accepted',
  'api_key.created',
  'api_key.revoked',
  'user.created',
  'user.updated',
  'user.role_changed',
  'user.deactivated',
  'user.reactivated',
  'webhook_endpoint.created',
  'webhook_endpoint.updated',
  'webhook_endpoint.deleted',
  'mailbox.created',
  'mailbox.updated',
  'mailbox.deleted',
  'sla_policy.created',
  'sla_policy.updated',
  'sla_policy.deleted',
  'rule.created',
  'rule.updated',
  'rule.deleted',
  'group.created',
  'group.updated',
  'group.deleted',
  'data.exported',
  'data.erased',
] as const;
export type OrganizationActivityType = (typeof ORGANIZATION_ACTIVITY_TYPES)[number];
