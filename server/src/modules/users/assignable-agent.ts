/**
 * Who may be given a ticket or a chat: an active agent or admin of the same organization (the
 * product's "Roles": customers and API keys are never assignees; another organization's user
 * reads as absent). The one place this rule is checked.
 */
import type { Db } from '../../lib/db.js';
import { findActiveUserInRoles } from './users.repository.js';

/** The agent `userId` of `organizationId` if assignable, else null. */
export async function findAssignableAgent(
  db: Db,
  organizationId: string,
  userId: string,
): Promise<{ id: string; name: string } | null> {
  return findActiveUserInRoles(db, organizationId, userId, ['AGENT', 'ADMIN']);
}
