/**
 * Groups (teams), availability and suggested agents (docs/product.md "Groups and routing"; roles
 * table: admins manage groups, API keys never do). Every query is scoped by the caller's
 * organization, and for staff restricted to groups by their groups: another's group is 404.
 * - Names are unique in the organization (409 `group_exists`).
 * - Members are active agents or admins of the organization (400 naming `members.N.userId`);
 *   skill rules name its categories (400 naming `skillRules.N.categoryId`).
 * - A create or change that may move a queue (members, capacity, mode) asks routing to look at it
 *   once it commits (routing.ts requestRouting).
 * - Creating, changing and deleting a group are recorded in the organization activity log with
 *   before/after (docs/product.md "Audit trail").
 */
import { isUniqueViolation } from '../../lib/db-errors.js';
import { isUuid } from '../../lib/cursor.js';
import type { Db, PrismaClient } from '../../lib/db.js';
import { activityActorOf, recordOrganizationActivity } from '../organization-activity/index.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type FieldError,
} from '../../lib/errors.js';
import { isStaff, type Principal } from '../../lib/principal.js';
import { findVisibleTicket } from '../tickets/index.js';
import {
  countQueued,
  deleteGroup,
  findCategoryIds,
  findGroupRow,
  findStaffIds,
  findUserAvailability,
  insertGroup,
  listGroupRows,
  listMemberRows,
  lockGroupRow,
  replaceMembers,
  setUserAvailability,
  updateGroup,
  type GroupColumns,
  type GroupRow,
  type MemberColumns,
  type MemberRow,
} from './groups.repository.js';
import type {
  Availability,
  CreateGroupInput,
  Group,
  GroupList,
  SkillRule,
  SuggestedAgent,
  SuggestedAgentList,
  UpdateGroupInput,
} from './groups.schemas.js';
import { ineligibility, requestRouting, requiredSkills } from './routing.js';

const groupExists = (name: string) =>
  new ConflictError(`A group named "${name}" already exists`, 'group_exists');

/** The API shape of a group with its members and queue. */
export function toGroup(row: GroupRow, members: MemberRow[], queued: number): Group {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    routing: row.routing,
    weightByPriority: row.weightByPriority,
    returnOnAway: row.returnOnAway,
    skillRules: (row.skillRules ?? []) as SkillRule[],
    members: members
      .filter((m) => m.groupId === row.id)
      .map((m) => ({
        userId: m.userId,
        name: m.name,
        capacity: m.capacity,
        skills: m.skills,
        availability: m.availability,
        isActive: m.isActive,
        openTickets: m.openTickets,
      })),
    queued,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Why a member is listed as they are, in words: "skills anxiety, lang:fr; 2 open tickets". */
export function suggestionReason(
  member: MemberRow,
  required: readonly string[],
  why: ReturnType<typeof ineligibility>,
): string {
  const matched = required.filter((s) => member.skills.includes(s));
  const parts = [
    required.length
      ? `skills ${matched.length ? matched.join(', ') : 'none of those required'}`
      : 'no skills required',
    `${member.openTickets} open ticket${member.openTickets === 1 ? '' : 's'}${member.capacity === null ? '' : ` of ${member.capacity}`}`,
  ];
  if (why === 'away') parts.push('away');
  if (why === 'at_capacity') parts.push('at capacity');
  if (why === 'inactive') parts.push('deactivated');
  if (why === 'missing_skills') {
    parts.push(`lacks ${required.filter((s) => !member.skills.includes(s)).join(', ')}`);
  }
  return parts.join('; ');
}

/** The groups service: CRUD (admins), availability (staff users), suggested agents (staff). */
export function createGroupsService(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;

  /** The group `id` the principal may see. @throws NotFoundError */
  async function findVisible(db: Db, principal: Principal, id: string): Promise<GroupRow> {
    const key = id.toLowerCase();
    if (!isUuid(key) || (principal.groupIds && !principal.groupIds.includes(key))) {
      throw new NotFoundError('Group');
    }
    const row = await findGroupRow(db, principal.organizationId, key);
    if (!row) throw new NotFoundError('Group');
    return row;
  }

  async function present(db: Db, rows: GroupRow[]): Promise<Group[]> {
    const ids = rows.map((r) => r.id);
    const [members, queued] = await Promise.all([listMemberRows(db, ids), countQueued(db, ids)]);
    return rows.map((row) => toGroup(row, members, queued.get(row.id) ?? 0));
  }

  /**
   * Checks members (active staff of the organization, each once) and skill rules (categories of
   * the organization). @throws ValidationError naming each field at fault
   */
  async function checkParts(
    db: Db,
    organizationId: string,
    input: Pick<UpdateGroupInput, 'members' | 'skillRules'>,
  ): Promise<void> {
    const errors: FieldError[] = [];
    if (input.members) {
      const ids = input.members.map((m) => m.userId.toLowerCase());
      const staff = await findStaffIds(db, organizationId, ids);
      ids.forEach((id, i) => {
        if (!staff.has(id)) {
          errors.push({
            path: `members.${i}.userId`,
            message: 'no such active agent or admin in this organization',
          });
        } else if (ids.indexOf(id) !== i) {
          errors.push({ path: `members.${i}.userId`, message: 'listed twice' });
        }
      });
    }
    if (input.skillRules) {
      const ids = input.skillRules.flatMap((r) =>
        r.categoryId ? [r.categoryId.toLowerCase()] : [],
      );
      const known = await findCategoryIds(db, organizationId, ids);
      input.skillRules.forEach((rule, i) => {
        if (rule.categoryId && !known.has(rule.categoryId.toLowerCase())) {
          errors.push({
            path: `skillRules.${i}.categoryId`,
            message: 'no such category in this organization',
          });
        }
      });
    }
    if (errors.length) throw new ValidationError('Some fields are invalid', errors);
  }

  const memberColumns = (members: NonNullable<UpdateGroupInput['members']>): MemberColumns[] =>
    members.map((m) => ({
      userId: m.userId.toLowerCase(),
      capacity: m.capacity ?? null,
      skills: m.skills ?? [],
    }));

  /** The organization's groups by name (staff restricted to groups: theirs). */
  async function list(principal: Principal): Promise<GroupList> {
    const rows = await listGroupRows(
      prisma,
      principal.organizationId,
      principal.groupIds ? [...principal.groupIds] : undefined,
    );
    return { data: await present(prisma, rows) };
  }

  /** One group. @throws NotFoundError */
  async function get(principal: Principal, id: string): Promise<Group> {
    const row = await findVisible(prisma, principal, id);
    return (await present(prisma, [row]))[0]!;
  }

  /**
   * Creates a group with its members; a routed group's queue is looked at once it commits.
   * @throws ValidationError, ConflictError `group_exists`
   */
  async function create(principal: Principal, input: CreateGroupInput): Promise<Group> {
    const organizationId = principal.organizationId;
    await checkParts(prisma, organizationId, input);
    try {
      const row = await prisma.$transaction(async (tx) => {
        const group = await insertGroup(tx, organizationId, {
          name: input.name,
          description: input.description ?? null,
          routing: input.routing,
          weightByPriority: input.weightByPriority,
          returnOnAway: input.returnOnAway,
          skillRules: input.skillRules,
        });
        await replaceMembers(tx, group.id, memberColumns(input.members));
        if (group.routing !== 'manual') {
          await requestRouting(tx, organizationId, [group.id], null, 'group created');
        }
        await recordOrganizationActivity(tx, {
          ...activityActorOf(principal),
          type: 'group.created',
          data: { groupId: group.id, name: group.name },
          after: (await present(tx, [group]))[0]!,
        });
        return group;
      });
      return (await present(prisma, [row]))[0]!;
    } catch (error) {
      if (isUniqueViolation(error)) throw groupExists(input.name);
      throw error;
    }
  }

  /**
   * Changes a group; `members` replaces its members (round robin keeps its place). Holds the
   * group's row lock, so routing and the change happen one after the other.
   * @throws NotFoundError, ValidationError, ConflictError `group_exists`
   */
  async function update(principal: Principal, id: string, input: UpdateGroupInput): Promise<Group> {
    const current = await findVisible(prisma, principal, id);
    await checkParts(prisma, principal.organizationId, input);
    try {
      const row = await prisma.$transaction(async (tx) => {
        await lockGroupRow(tx, current.id);
        const before = (await present(tx, [current]))[0]!;
        const columns: GroupColumns = {};
        if (input.name !== undefined) columns.name = input.name;
        if (input.description !== undefined) columns.description = input.description;
        if (input.routing !== undefined) columns.routing = input.routing;
        if (input.weightByPriority !== undefined) columns.weightByPriority = input.weightByPriority;
        if (input.returnOnAway !== undefined) columns.returnOnAway = input.returnOnAway;
        if (input.skillRules !== undefined) columns.skillRules = input.skillRules;
        const group = await updateGroup(tx, current.id, columns);
        if (input.members) await replaceMembers(tx, group.id, memberColumns(input.members));
        if (group.routing !== 'manual') {
          await requestRouting(tx, group.organizationId, [group.id], null, 'group changed');
        }
        await recordOrganizationActivity(tx, {
          ...activityActorOf(principal),
          type: 'group.updated',
          data: { groupId: group.id, name: group.name, fields: Object.keys(input) },
          before,
          after: (await present(tx, [group]))[0]!,
        });
        return group;
      });
      return (await present(prisma, [row]))[0]!;
    } catch (error) {
      if (isUniqueViolation(error)) throw groupExists(input.name ?? current.name);
      throw error;
    }
  }

  /** Deletes a group: its tickets keep no group, its members stay users. @throws NotFoundError */
  async function remove(principal: Principal, id: string): Promise<void> {
    const current = await findVisible(prisma, principal, id);
    await prisma.$transaction(async (tx) => {
      const before = (await present(tx, [current]))[0]!;
      await deleteGroup(tx, current.id);
      await recordOrganizationActivity(tx, {
        ...activityActorOf(principal),
        type: 'group.deleted',
        data: { groupId: current.id, name: current.name },
        before,
      });
    });
  }

  /** Signed-in staff only: API keys and customers have no availability. @throws ForbiddenError */
  function refuseNonAgent(principal: Principal): void {
    if (principal.kind !== 'user' || !isStaff(principal)) {
      throw new ForbiddenError('Only signed-in agents and admins have an availability');
    }
  }

  /** The caller's availability. @throws ForbiddenError */
  async function getAvailability(principal: Principal): Promise<{ status: Availability }> {
    refuseNonAgent(principal);
    return { status: await findUserAvailability(prisma, principal.id) };
  }

  /**
   * Sets the caller's availability. Going away: routing gives them nothing, and groups that say
   * `returnOnAway` take back their open tickets; coming back: their groups' queues move.
   * @throws ForbiddenError
   */
  async function setAvailability(
    principal: Principal,
    status: Availability,
  ): Promise<{ status: Availability }> {
    refuseNonAgent(principal);
    await prisma.$transaction(async (tx) => {
      const before = await findUserAvailability(tx, principal.id);
      await setUserAvailability(tx, principal.id, status);
      if (before === status) return;
      await requestRouting(
        tx,
        principal.organizationId,
        [],
        { userId: principal.id, availability: status },
        status === 'away' ? 'agent away' : 'agent available',
      );
    });
    return { status };
  }

  /**
   * The agents who could take the ticket, best first, each with why: the members of its group
   * (no group: of every group the caller sees), eligible ones first, then by skills matched and
   * by load. For a person to pick, in any routing mode. @throws NotFoundError
   */
  async function suggestAgents(
    principal: Principal,
    ticketId: string,
  ): Promise<SuggestedAgentList> {
    const ticket = await findVisibleTicket(prisma, principal, ticketId);
    const groups = ticket.groupId
      ? await listGroupRows(prisma, principal.organizationId, [ticket.groupId])
      : await listGroupRows(
          prisma,
          principal.organizationId,
          principal.groupIds ? [...principal.groupIds] : undefined,
        );
    const members = await listMemberRows(
      prisma,
      groups.map((g) => g.id),
    );
    const best = new Map<string, SuggestedAgent & { rank: number[] }>();
    const allRequired = new Set<string>();
    for (const group of groups) {
      const required = requiredSkills(group, ticket);
      required.forEach((s) => allRequired.add(s));
      for (const member of members.filter((m) => m.groupId === group.id)) {
        const why = ineligibility(member, required);
        if (why === 'inactive') continue;
        const matchedSkills = required.filter((s) => member.skills.includes(s));
        const suggestion = {
          agent: { id: member.userId, name: member.name },
          group: { id: group.id, name: group.name },
          availability: member.availability,
          matchedSkills,
          missingSkills: required.filter((s) => !member.skills.includes(s)),
          openTickets: member.openTickets,
          capacity: member.capacity,
          eligible: why === null,
          reason: suggestionReason(member, required, why),
          rank: [why === null ? 0 : 1, -matchedSkills.length, member.openTickets],
        };
        const seen = best.get(member.userId);
        if (!seen || compareRank(suggestion.rank, seen.rank) < 0)
          best.set(member.userId, suggestion);
      }
    }
    const data = [...best.values()]
      .sort((a, b) => compareRank(a.rank, b.rank) || a.agent.name.localeCompare(b.agent.name))
      .map(({ rank: _rank, ...suggestion }) => suggestion);
    return { requiredSkills: [...allRequired].sort(), data };
  }

  return { list, get, create, update, remove, getAvailability, setAvailability, suggestAgents };
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

export type GroupsService = ReturnType<typeof createGroupsService>;
