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
  'auth.signed_out',
  'auth.signed_out_everywhere',
  'auth.sessions_revoked',
  'auth.refresh_token_reused',
  'auth.two_factor_enrolled',
  'auth.two_factor_reset',
  'auth.two_factor_disabled',
  'auth.recovery_codes_regenerated',
  'auth.recovery_code_used',
  'security_settings.updated',
  'invitation.sent',
  'invitation.resent',
  'invitation.revoked',
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
  'data_subject.exported',
  'data_subject.erased',
  'retention.updated',
  'retention.ran',
] as const;
export type OrganizationActivityType = (typeof ORGANIZATION_ACTIVITY_TYPES)[number];
