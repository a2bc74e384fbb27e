/**
 * Who is calling: a signed-in user (JWT) or an integrator's API key. Every service call takes one,
 * and every query is scoped by its organizationId and role (docs/product.md "Roles").
 */
import type { Role } from './domain.js';

export interface Principal {
  /** `rule`: an automation rule acting with an admin's rights on its organization's tickets (modules/rules). */
  kind: 'user' | 'api_key' | 'rule';
  /** The user id, the API key id, or the rule id. */
  id: string;
  organizationId: string;
  role: Role;
  /** Shown as the actor of activity rows. */
  name: string;
  email: string | null;
}

/** Agents and admins (and API keys acting as them) work tickets; customers only their own. */
export function isStaff(principal: Principal): boolean {
  return principal.role === 'AGENT' || principal.role === 'ADMIN';
}

/** The user id to record as actor or author; null for an API key. */
export function userIdOf(principal: Principal): string | null {
  return principal.kind === 'user' ? principal.id : null;
}
