/**
 * A ticket's group (docs/product.md "Groups and routing"): which group a create or a change may
 * name, and the rule that a ticket's assignee, when set, is a member of its group.
 */
import type { Db } from '../../lib/db.js';
import { ConflictError, type FieldError } from '../../lib/errors.js';
import type { Principal } from '../../lib/principal.js';
import { findGroupInOrganization, isGroupMember } from './ticket-parties.repository.js';

/** A group as tickets refer to it. */
export interface TicketGroup {
  id: string;
  name: string;
}

/** Reads a group of the principal's organization by id: null when it is not one of them. */
export type GroupFinder<G extends TicketGroup> = (id: string) => Promise<G | null>;

/**
 * The group `groupId` names for `principal`: one of the organization's groups and, for staff
 * restricted to groups, one of theirs (another group reads as absent, as its tickets do).
 * Pushes an error on `path` to `errors` and returns null when it is not. `find` reads the group
 * (organizationGroupFinder; a create's routing reads it with its member: create-ticket.ts).
 */
export async function resolveTicketGroup<G extends TicketGroup>(
  principal: Principal,
  groupId: string,
  path: string,
  errors: FieldError[],
  find: GroupFinder<G>,
): Promise<G | null> {
  const id = groupId.toLowerCase();
  const visible = !principal.groupIds || principal.groupIds.includes(id);
  const group = visible ? await find(id) : null;
  if (!group) errors.push({ path, message: 'no such group in this organization' });
  return group;
}

/**
 * The group a new ticket gets when its creator names none: staff restricted to groups put it in
 * their first group (they would not see it otherwise); everyone else, no group. `find` as in
 * resolveTicketGroup.
 */
export async function defaultTicketGroup<G extends TicketGroup>(
  principal: Principal,
  find: GroupFinder<G>,
): Promise<G | null> {
  const first = principal.groupIds?.[0];
  return first ? find(first) : null;
}

/** The plain GroupFinder: findGroupInOrganization for the principal's organization. */
export function organizationGroupFinder(db: Db, principal: Principal): GroupFinder<TicketGroup> {
  return (id) => findGroupInOrganization(db, principal.organizationId, id);
}

/**
 * Checks that `assignee` is a member of `group` when both are set (docs/product.md "Groups and
 * routing": a ticket's assignee is one of its group's members).
 * @throws ConflictError 409 `assignee_not_in_group`, naming both
 */
export async function checkAssigneeInGroup(
  db: Db,
  group: TicketGroup | null,
  assignee: { id: string; name: string } | null,
): Promise<void> {
  if (!group || !assignee) return;
  if (await isGroupMember(db, group.id, assignee.id)) return;
  throw new ConflictError(
    `${assignee.name} is not a member of the group "${group.name}": add them to it, or choose another assignee or group`,
    'assignee_not_in_group',
  );
}
