/**
 * Routing's choice of a member in the load-based modes (docs/product.md "Groups and routing";
 * groups/routing.ts chooseMember, made by PostgreSQL from the member rows, which carry their loads) against pickMember,
 * the same rules applied in JS to every member read: on boards of random loads, ties, capacities,
 * skills, availability, deactivated and demoted members, with staff of the organization outside
 * the group and staff of another organization less loaded than anyone, both must name the same
 * member, for both loads (open tickets, weight by priority), any required skills, and members
 * excluded.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/generated/prisma/client.js';
import {
  findRoutingGroup,
  findRoutingGroupWithMembers,
  ROUTING_CANDIDATES,
  listMemberRows,
  type GroupRow,
} from '../src/modules/groups/groups.repository.js';
import { chooseMember, pickMember } from '../src/modules/groups/routing.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { createOrganization, createUser } from './helpers/factories.js';

let db: TestDatabase;
let organizationId: string;
/** The group's members, and staff of the organization outside it. */
let memberIds: string[];
let outsiderIds: string[];
let groupId: string;

const MEMBERS = 14;
const SKILLS = ['billing', 'lang:fr', 'vip'];
const ROUTED_AT = [null, new Date('2026-12-01T10:00:00Z'), new Date('2026-12-02T10:00:00Z')];

/** A small deterministic generator (mulberry32: the same boards on every run), 0 ≤ result < n. */
function random(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  organizationId = (await createOrganization(db.prisma)).id;
  memberIds = [];
  for (let i = 0; i < MEMBERS; i++) {
    memberIds.push((await createUser(db.prisma, { organizationId, password: null })).id);
  }
  outsiderIds = [];
  for (let i = 0; i < 3; i++) {
    outsiderIds.push((await createUser(db.prisma, { organizationId, password: null })).id);
  }
  // Staff of another organization, idle: never a candidate.
  const other = await createOrganization(db.prisma);
  await createUser(db.prisma, { organizationId: other.id, password: null });
  groupId = (
    await db.prisma.group.create({
      data: { organizationId, name: 'Choice', routing: 'load_balanced' },
    })
  ).id;
});
afterAll(async () => db?.drop());

/** Deals a random board: each member's state, load, capacity, skills and turn. */
async function deal(next: (n: number) => number): Promise<void> {
  await db.prisma.groupMember.deleteMany({ where: { groupId } });
  const roles: Role[] = ['AGENT', 'AGENT', 'AGENT', 'ADMIN', 'CUSTOMER'];
  for (const id of [...memberIds, ...outsiderIds]) {
    const open = next(4);
    await db.prisma.user.update({
      where: { id },
      data: {
        role: roles[next(roles.length)]!,
        isActive: next(6) > 0,
        availability: next(5) > 0 ? 'available' : 'away',
        openTicketCount: open,
        openTicketWeight: open + next(3),
        // The load-based modes' tie-break (by anyone, in any group): the same few instants, so
        // that ties on it go on to the id.
        lastAssignedAt: ROUTED_AT[next(ROUTED_AT.length)],
      },
    });
  }
  // Outsiders: the least loaded of all, available, but not members.
  await db.prisma.user.updateMany({
    where: { id: { in: outsiderIds } },
    data: { role: 'AGENT', isActive: true, availability: 'available', openTicketCount: 0 },
  });
  await db.prisma.groupMember.createMany({
    data: memberIds
      .filter(() => next(8) > 0)
      .map((userId) => ({
        groupId,
        userId,
        capacity: next(3) === 0 ? null : next(5),
        skills: SKILLS.filter(() => next(2) === 0),
        lastRoutedAt: ROUTED_AT[next(ROUTED_AT.length)],
      })),
  });
}

describe('chooseMember (load-based modes)', () => {
  it('names the member pickMember would among all members, on 40 random boards', async () => {
    let compared = 0;
    let chosen = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(seed);
      await deal(next);
      const members = await listMemberRows(db.prisma, [groupId]);
      for (const weightByPriority of [false, true]) {
        const group: GroupRow = {
          ...(await findRoutingGroup(db.prisma, groupId))!,
          weightByPriority,
        };
        for (const required of [[], ['billing'], ['lang:fr', 'vip']]) {
          const expected = pickMember(group, members, required);
          const excluded = expected ? [expected.userId] : [];
          const expectedNext = pickMember(
            group,
            members.filter((m) => !excluded.includes(m.userId)),
            required,
          );
          const got = await chooseMember(db.prisma, group, null, required);
          const gotNext = await chooseMember(db.prisma, group, null, required, excluded);
          const where = `seed ${seed}, weighted ${weightByPriority}, required ${required}`;
          expect(got, where).toEqual(expected);
          expect(gotNext?.userId ?? null, where).toBe(expectedNext?.userId ?? null);
          compared += 2;
          if (expected) chosen += 1;
        }
      }
    }
    // The boards exercise both outcomes: someone chosen, and nobody eligible.
    expect(compared).toBe(480);
    expect(chosen).toBeGreaterThan(40);
    expect(chosen).toBeLessThan(240);
  });
});

describe('findRoutingGroupWithMembers (the one read of a create in a load_balanced group)', () => {
  it('gives the group and the first candidates in pickMember’s order, on 20 random boards, by count and by weight', async () => {
    let chosen = 0;
    for (let seed = 101; seed <= 120; seed++) {
      await deal(random(seed));
      const members = await listMemberRows(db.prisma, [groupId]);
      for (const weightByPriority of [false, true]) {
        await db.prisma.group.update({ where: { id: groupId }, data: { weightByPriority } });
        const group = (await findRoutingGroup(db.prisma, groupId))!;
        const found = await findRoutingGroupWithMembers(db.prisma, groupId);
        const where = `seed ${seed}, weighted ${weightByPriority}`;
        expect(found?.group, where).toEqual(group);
        // pickMember's order: its choice, then its choice without the ones before, and so on.
        const expected = [];
        for (let left = members; expected.length < ROUTING_CANDIDATES;) {
          const next = pickMember(group, left, []);
          if (!next) break;
          expected.push(next);
          left = left.filter((m) => m.userId !== next.userId);
        }
        const got = [...(found?.members ?? [])];
        expect(pickMember(group, got, []), where).toEqual(expected[0] ?? null);
        expect(new Set(got.map((m) => m.userId)), where).toEqual(
          new Set(expected.map((m) => m.userId)),
        );
        if (expected.length) chosen += 1;
      }
    }
    expect(chosen).toBeGreaterThan(0);
    // Another mode: the group alone, no member read.
    await db.prisma.group.update({ where: { id: groupId }, data: { routing: 'skills' } });
    const skills = await findRoutingGroupWithMembers(db.prisma, groupId);
    expect(skills?.group.routing).toBe('skills');
    expect(skills?.members).toEqual([]);
    await db.prisma.group.update({
      where: { id: groupId },
      data: { routing: 'load_balanced', weightByPriority: false },
    });
    expect(await findRoutingGroupWithMembers(db.prisma, randomUUID())).toBeNull();
  });
});
