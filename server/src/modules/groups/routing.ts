/**
 * Routing (docs/product.md "Groups and routing"): a group's queue — its open, unassigned tickets —
 * is placed with its members by the group's mode, CRITICAL first, then oldest first:
 * - `round_robin`: the eligible member routing served longest ago;
 * - `load_balanced`: the eligible member with the fewest open tickets (weighed by priority when
 *   the group says so), then the one served longest ago;
 * - `skills`: as load_balanced among the eligible members whose skills cover the ticket's
 *   required skills (the group's skill rules on its category and tags); a ticket nobody covers
 *   waits and the tickets behind it move on.
 * Eligible: an active agent or admin, available (not away), under their capacity (open tickets
 * of any group, RESOLVED and CLOSED excluded).
 * Races: the queue is read with `FOR UPDATE SKIP LOCKED`, so two workers take different tickets
 * (no ticket routed twice) and a ticket being claimed or changed is left to that change; a
 * member with a capacity is locked before they get a ticket (no member over capacity); an assignment
 * is the ticket's ordinary change (tickets/changeTicket: activity with actor `system` and reason
 * `routing: <mode>`, `ticket.assigned` event, hence webhook, email and live update).
 */
import type { Db, Prisma } from '../../lib/db.js';
import type { TicketPriority } from '../../lib/domain.js';
import type { Principal } from '../../lib/principal.js';
import { emitEvent } from '../events/index.js';
import { activeTriggers } from '../rules/index.js';
import {
  changeTicket,
  lockVisibleTicketRow,
  type NewTicketRoute,
  type NewTicketRouter,
} from '../tickets/index.js';
import {
  findGroupIdsOfUser,
  findLeastLoadedMember,
  findRoutingGroup,
  findRoutingGroupWithMembers,
  listMemberRows,
  lockGroupRow,
  lockMemberLoad,
  lockOpenTicketsOf,
  lockQueuedTickets,
  markRouted,
  type GroupRow,
  type MemberRow,
  type QueuedTicketRow,
} from './groups.repository.js';
import { AssignmentsInFlight, type InFlightLoads } from './assignments-in-flight.js';
import type { SkillRule } from './groups.schemas.js';

/** Tickets one drain places at most; the rest are asked for again (a `routing.requested`). */
export const DRAIN_BATCH = 50;

/** How much an open ticket weighs in a weighted load (docs/product.md "Groups and routing"). */
export const PRIORITY_WEIGHT: Record<TicketPriority, number> = {
  LOW: 1,
  MEDIUM: 2,
  HIGH: 3,
  URGENT: 4,
  CRITICAL: 5,
};

/** The principal routing acts as: Docket itself, with an admin's reach in the organization. */
export function routingPrincipal(organizationId: string): Principal {
  return {
    kind: 'system',
    id: '00000000-0000-0000-0000-000000000000',
    organizationId,
    role: 'ADMIN',
    name: 'Routing',
    email: null,
  };
}

/** The skills a ticket requires in `group`: those of every skill rule its category or a tag matches, sorted. */
export function requiredSkills(
  group: Pick<GroupRow, 'skillRules'>,
  ticket: { categoryId: string | null; tags: readonly string[] },
): string[] {
  const rules = (group.skillRules ?? []) as SkillRule[];
  const skills = new Set<string>();
  for (const rule of rules) {
    const matches =
      (rule.categoryId !== undefined && rule.categoryId === ticket.categoryId) ||
      (rule.tag !== undefined && ticket.tags.includes(rule.tag));
    if (matches) for (const skill of rule.skills) skills.add(skill);
  }
  return [...skills].sort();
}

/** Why a member cannot take a ticket now, or null when they can. */
export function ineligibility(
  member: MemberRow,
  required: readonly string[],
): 'inactive' | 'away' | 'at_capacity' | 'missing_skills' | null {
  if (!member.isActive || (member.role !== 'AGENT' && member.role !== 'ADMIN')) return 'inactive';
  if (member.availability !== 'available') return 'away';
  if (member.capacity !== null && member.openTickets >= member.capacity) return 'at_capacity';
  if (!required.every((skill) => member.skills.includes(skill))) return 'missing_skills';
  return null;
}

/** Round robin's turn: when this group's routing last gave them a ticket (never: first). */
const routedAt = (m: MemberRow) => m.lastRoutedAt?.getTime() ?? -Infinity;
/** The load-based modes' tie-break: when anyone last assigned them a ticket (never: first). */
const assignedAt = (m: MemberRow) => m.lastAssignedAt?.getTime() ?? -Infinity;

/**
 * The member `group` gives a ticket requiring `required` skills (empty unless `skills` mode), by
 * its mode; null when no member is eligible. Round robin: the member this group's routing served
 * longest ago. Load-based: the least loaded, ties to the member assigned a ticket longest ago (by
 * anyone); then by id.
 */
export function pickMember(
  group: Pick<GroupRow, 'routing' | 'weightByPriority'>,
  members: readonly MemberRow[],
  required: readonly string[],
): MemberRow | null {
  const eligible = members.filter((m) => ineligibility(m, required) === null);
  const load = (m: MemberRow) => (group.weightByPriority ? m.weightedLoad : m.openTickets);
  eligible.sort(
    group.routing === 'round_robin'
      ? (a, b) => routedAt(a) - routedAt(b) || a.userId.localeCompare(b.userId)
      : (a, b) =>
          load(a) - load(b) || assignedAt(a) - assignedAt(b) || a.userId.localeCompare(b.userId),
  );
  return eligible[0] ?? null;
}

/**
 * What routing reads before it assigns anything: the group, its queue (up to DRAIN_BATCH tickets,
 * CRITICAL then oldest first, locked with SKIP LOCKED) and, for `round_robin`, its members with
 * their load (`members`; null in the load-based modes, whose choice PostgreSQL makes for each
 * ticket: chooseMember). Null when there is nothing to place (no group, routing by hand, an
 * empty queue: two statements).
 */
export async function planDrain(
  tx: Prisma.TransactionClient,
  groupId: string,
): Promise<{ group: GroupRow; queue: QueuedTicketRow[]; members: MemberRow[] | null } | null> {
  const group = await findRoutingGroup(tx, groupId);
  if (!group || group.routing === 'manual') return null;
  const queue = await lockQueuedTickets(tx, groupId, DRAIN_BATCH);
  if (queue.length === 0) return null;
  const members = group.routing === 'round_robin' ? await listMemberRows(tx, [groupId]) : null;
  return { group, queue, members };
}

/**
 * The member `group` gives a ticket requiring `required` skills now, as pickMember would choose
 * among all its members read at this moment, without `excluded`: in the load-based modes
 * PostgreSQL walks the members by load and reads a handful of rows
 * (groups.repository.ts findLeastLoadedMember); in `round_robin`, pickMember among `members`
 * (planDrain's). `inFlight`: a create's choice counts the tickets other creates of this process
 * are placing (assignments-in-flight.ts). Null when nobody is eligible.
 */
export async function chooseMember(
  db: Db,
  group: GroupRow,
  members: readonly MemberRow[] | null,
  required: readonly string[],
  excluded: readonly string[] = [],
  inFlight?: InFlightLoads,
): Promise<MemberRow | null> {
  if (members) {
    const left = excluded.length ? members.filter((m) => !excluded.includes(m.userId)) : members;
    return pickMember(group, left, required);
  }
  return findLeastLoadedMember(db, group, required, excluded, inFlight);
}

/**
 * Places the queue of the group `groupId` in `tx` at `now` (see the file's comment). The queue is
 * read first, with `FOR UPDATE SKIP LOCKED`: concurrent drains of a group take different tickets
 * and never wait for each other; an empty queue costs two statements. A member with a capacity is
 * locked (their user row, `FOR UPDATE`) and their load read again before they get a ticket, so
 * concurrent drains cannot both fill their last place. A group routing by hand, or gone, places
 * nothing. @returns how many tickets were assigned.
 */
export async function drainGroup(
  tx: Prisma.TransactionClient,
  groupId: string,
  now: Date,
): Promise<number> {
  const plan = await planDrain(tx, groupId);
  if (!plan) return 0;
  const { group, queue, members } = plan;
  const principal = routingPrincipal(group.organizationId);
  const skills = group.routing === 'skills';
  /** Members whose load was read again under their lock in this transaction. */
  const locked = new Set<string>();
  let assigned = 0;
  for (const ticket of queue) {
    const required = skills ? requiredSkills(group, ticket) : [];
    const member = await pickLockedMember(tx, group, members, required, locked);
    if (!member) {
      if (skills) continue;
      break;
    }
    const current = await lockVisibleTicketRow(tx, principal, ticket.id);
    await changeTicket(
      tx,
      principal,
      current,
      { assigneeId: member.userId, reason: `routing: ${group.routing}` },
      now,
    );
    await markRouted(tx, groupId, member.userId, now);
    // Round robin's members were read once; the load-based modes read them again per ticket
    // (the trigger on tickets and markRouted have written the same in this transaction).
    member.openTickets += 1;
    member.weightedLoad += PRIORITY_WEIGHT[ticket.priority];
    member.lastRoutedAt = now;
    assigned += 1;
  }
  if (queue.length === DRAIN_BATCH && assigned > 0) {
    // More may wait: ask again rather than hold the tickets' locks for a long queue.
    await requestRouting(tx, group.organizationId, [groupId], null, 'queue continues');
  }
  return assigned;
}

/**
 * The member chooseMember gives, after locking a capped member's user row and reading their
 * load and state again (another drain may have given them a ticket meanwhile): when they can no
 * longer take it, the next choice without them. Null when nobody can.
 */
async function pickLockedMember(
  tx: Prisma.TransactionClient,
  group: GroupRow,
  members: MemberRow[] | null,
  required: readonly string[],
  locked: Set<string>,
): Promise<MemberRow | null> {
  const excluded: string[] = [];
  for (;;) {
    const member = await chooseMember(tx, group, members, required, excluded);
    if (!member || member.capacity === null || locked.has(member.userId)) return member;
    const fresh = await lockMemberLoad(tx, member.userId);
    locked.add(member.userId);
    if (!fresh) member.isActive = false;
    else Object.assign(member, fresh);
    if (ineligibility(member, required) === null) return member;
    excluded.push(member.userId);
  }
}

/**
 * Routing as a ticket is created (tickets/create-ticket.ts, TicketsDeps `routeNewTicket`; one per
 * app, with its ledger `inFlight`): the member the group's mode gives the new ticket, for the
 * create's own statement to insert it assigned — the assignment the `routing` subscriber would
 * make after the commit, without its second write of the ticket (measured: bench/README.md
 * "Routing"). The group read here is also the create's check of the group (NewTicketRouter):
 * null when it is not the organization's.
 * `route` null, leaving the ticket to the subscriber, whenever placing it now could differ from
 * what the subscriber would do:
 * - the group routes by hand;
 * - the group routes `round_robin`: its turn is the members' `lastRoutedAt`, which a create
 *   would have to write in its own statement, and the order in which the parts of one statement
 *   take their row locks is not defined (measured: creates deadlocked with the subscriber's
 *   drains). The load-based modes need no such marker: a member's load is kept by the trigger on
 *   tickets (ties then go by id);
 * - the organization has an active trigger: routing runs after the rules (DECISIONS "Routing
 *   runs after the rule chain has settled"), and a rule may move or assign the ticket;
 * - nobody is eligible, or the member chosen has a capacity: a capped member's load is read
 *   under their row lock, which a create cannot take before the organization's counter without
 *   risking a deadlock with creates assigned by hand (which take the two the other way round).
 * Tickets waiting in the queue do not stop it: the member chosen has no capacity, so the new
 * ticket takes no place a waiting one could have had (the queue's order — CRITICAL, then oldest
 * first — matters where places are scarce); the waiting ones are either about to be placed by the
 * subscriber or wait for skills this member lacks. (Measured: requiring an empty queue turned it
 * off under load, since the subscriber runs behind the creates, bench/README.md "Routing".)
 * Reads: the group with, in `load_balanced`, its first few candidates by load, in one statement
 * (groups.repository.ts findRoutingGroupWithMembers: one sort of the group's member rows, which
 * carry their loads); in `skills`, the member in a second one (chooseMember, for the ticket's
 * skills). The rules are cached (rules/active-rules.ts).
 * Creates arriving together (assignments-in-flight.ts): each choice counts the tickets this app's
 * other creates are still inserting — in the statement, as they stood when it was sent, and (in
 * `load_balanced`) among the candidates again when its answer comes back, where the choice and
 * the hold on its member (released by the create, NewTicketRoute `release`) are one synchronous
 * step. Without that they all read the same loads and chose the same member.
 */
export function createNewTicketRouter(
  inFlight: AssignmentsInFlight = new AssignmentsInFlight(),
): NewTicketRouter {
  return async (db, ticket) => {
    // With an active trigger the subscriber places the ticket: the group alone is read, since the
    // candidates the combined read would give would go unused.
    const triggered = (await activeTriggers(db, ticket.organizationId)).length > 0;
    const found = triggered
      ? { group: await findRoutingGroup(db, ticket.groupId), members: [] }
      : await findRoutingGroupWithMembers(db, ticket.groupId, inFlight.loads());
    const group = found?.group;
    if (!group || group.organizationId !== ticket.organizationId) return null;
    const named = { id: group.id, name: group.name };
    if (triggered || group.routing === 'manual' || group.routing === 'round_robin') {
      return { group: named, route: null };
    }
    // load_balanced: the candidates came with the group (one statement); skills: the member is
    // chosen now, for the skills the ticket requires.
    const member =
      group.routing === 'skills'
        ? await chooseMember(db, group, null, requiredSkills(group, ticket), [], inFlight.loads())
        : pickMember(group, counting(found.members, inFlight.loads()), []);
    if (!member || member.capacity !== null) return { group: named, route: null };
    const route: NewTicketRoute = {
      assignee: { id: member.userId, name: member.name },
      reason: `routing: ${group.routing}`,
      actor: routingPrincipal(group.organizationId),
      release: inFlight.hold(member.userId, PRIORITY_WEIGHT[ticket.priority]),
    };
    return { group: named, route };
  };
}

/** `members` with their loads counting `inFlight` (the tickets being placed with them now). */
function counting(members: readonly MemberRow[], inFlight: InFlightLoads): MemberRow[] {
  return members.map((m) => ({
    ...m,
    openTickets: m.openTickets + (inFlight.counts[m.userId] ?? 0),
    weightedLoad: m.weightedLoad + (inFlight.weights[m.userId] ?? 0),
  }));
}

/**
 * Sends back to their groups' queues the open tickets `userId` holds in the groups that say
 * `returnOnAway` (they went away or were deactivated): each an ordinary unassignment, actor
 * `system`, reason `routing: agent away`. @returns the ids of those groups.
 */
export async function returnTicketsOf(
  tx: Prisma.TransactionClient,
  organizationId: string,
  userId: string,
  now: Date,
): Promise<string[]> {
  const principal = routingPrincipal(organizationId);
  const groupIds = (await findGroupIdsOfUser(tx, userId)).sort();
  const returned: string[] = [];
  for (const groupId of groupIds) {
    const group = await lockGroupRow(tx, groupId);
    if (!group?.returnOnAway || group.organizationId !== organizationId) continue;
    returned.push(groupId);
    for (const ticketId of await lockOpenTicketsOf(tx, groupId, userId)) {
      const current = await lockVisibleTicketRow(tx, principal, ticketId);
      await changeTicket(
        tx,
        principal,
        current,
        { assigneeId: null, reason: 'routing: agent away' },
        now,
      );
    }
  }
  return returned;
}

/** A member whose availability changed: away (or deactivated), or available again. */
export interface MemberChange {
  userId: string;
  availability: 'available' | 'away';
}

/**
 * Asks the routing subscriber (routing-subscriber.ts) to place the queues of `groupIds` once this
 * transaction commits; with `member`, also those of the member's groups — after sending back
 * their tickets (returnTicketsOf) when they went away. Nothing is written when there is nothing
 * to do.
 */
export async function requestRouting(
  tx: Prisma.TransactionClient,
  organizationId: string,
  groupIds: readonly string[],
  member: MemberChange | null,
  reason: string,
): Promise<void> {
  if (groupIds.length === 0 && !member) return;
  await emitEvent(tx, {
    type: 'routing.requested',
    organizationId,
    aggregateId: member?.userId ?? groupIds[0],
    actor: { kind: 'system', name: 'Routing' },
    data: { groupIds: [...groupIds], member, reason },
  });
}
