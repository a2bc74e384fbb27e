/**
 * Who is calling: a signed-in user (JWT) or an integrator's API key. Every service call takes one,
 * and every query is scoped by its organizationId and role (docs/product.md "Roles").
 */
import type { Role } from './domain.js';

export interface Principal {
  /**
   * `rule`: an automation rule acting with an admin's rights on its organization's tickets
   * (modules/rules); `system`: Docket itself, e.g. routing assigning a ticket (modules/groups).
   */
  kind: 'user' | 'api_key' | 'rule' | 'system';
  /** The user id, the API key id, or the rule id. */
  id: string;
  organizationId: string;
  role: Role;
  /** Shown as the actor of activity rows. */
  name: string;
  email: string | null;
  /**
   * Staff limited to groups (a restricted agent, an API key made for groups): the ids of the
   * groups whose tickets they see; absent or null: every ticket of the organization
   * (docs/product.md "Groups and routing").
   */
  groupIds?: readonly string[] | null;
  /** API keys: what the key may do (docs/product.md "API keys and scopes"); absent for users. */
  scopes?: readonly string[];
  /**
   * Where the request came from, for the audit trail (docs/product.md "Audit trail"): set by the
   * auth plugin for users and API keys; absent for rules and Docket itself.
   */
  client?: RequestClient;
  /**
   * Signed-in users: their organization requires two-factor sign-in of their role and they have
   * not set it up, so only enrolment answers (plugins/two-factor-enrolment.ts); absent otherwise.
   */
  twoFactorEnrolmentRequired?: boolean;
}

/** The client of an HTTP request: its address (request.ip, which honours TRUST_PROXY) and User-Agent. */
export interface RequestClient {
  ip: string;
  userAgent: string | null;
}

/** Agents and admins (and API keys acting as them) work tickets; customers only their own. */
export function isStaff(principal: Principal): boolean {
  return principal.role === 'AGENT' || principal.role === 'ADMIN';
}

/** The user id to record as actor or author; null for an API key. */
export function userIdOf(principal: Principal): string | null {
  return principal.kind === 'user' ? principal.id : null;
}
