/**
 * SLA administration and explanation (docs/product.md "SLA", docs/api.md "SLA"):
 * - business hours: a schedule is checked whole (scheduleProblems: IANA zone, HH:MM, no
 *   overlap, at least one interval) → 400 naming the field; names unique in the organization
 *   (409 `business_hours_exists`); a schedule some policy counts in cannot be deleted (409
 *   `business_hours_in_use`);
 * - policies: `businessHoursId` and the category ids of `conditions` must be the organization's
 *   (400 naming the field);
 * - editing a policy's targets, pause statuses, warning or schedule — or the business hours it
 *   counts in — moves the clocks of the tickets under it in the same transaction: each open
 *   target keeps the business time it used (counted in the old schedule) and counts the rest in
 *   the new one. Conditions, order and activation apply from each ticket's next change;
 * - `explainTicket`: each target of a ticket with the stretches its clock counted or paused.
 * Every query is scoped by the caller's organization: another organization's row is 404.
 * Creating, changing and deleting a policy are recorded in the organization activity log with
 * before/after (docs/product.md "Audit trail").
 */
import { isUuid } from '../../lib/cursor.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import type { Db, Prisma, PrismaClient } from '../../lib/db.js';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import type { Principal } from '../../lib/principal.js';
import { activityActorOf, recordOrganizationActivity } from '../organization-activity/index.js';
import { scheduleOf, scheduleProblems } from '../../lib/business-time.js';
import { findVisibleTicket } from '../tickets/index.js';
import { applySlaEvent, ticketSlaColumns, type AppliedPolicy } from './sla-clock.js';
import { appliedPolicy, conditionsOf, escalationOf } from './sla-policies.js';
import { explainTargets } from './sla-explanation.js';
import {
  countPoliciesUsing,
  deleteBusinessHoursRow,
  deleteSlaPolicyRow,
  findBusinessHours,
  findSlaPolicyRow,
  findTicketsWithOpenTargets,
  insertBusinessHours,
  insertSlaPolicy,
  listBusinessHours,
  listPoliciesUsing,
  listSlaPolicies,
  loadSlaTargets,
  lockSlaTicket,
  saveSlaTargets,
  findCategoryIds,
  updateBusinessHoursRow,
  updateSlaPolicyRow,
  type BusinessHoursRow,
  type SlaPolicyRow,
} from './sla.repository.js';
import type {
  BusinessHours,
  CreateBusinessHoursInput,
  CreateSlaPolicyInput,
  SlaPolicy,
  TicketSlaExplanation,
  UpdateBusinessHoursInput,
  UpdateSlaPolicyInput,
} from './sla.schemas.js';

/** The API shape of business hours. */
export function toBusinessHours(row: BusinessHoursRow): BusinessHours {
  const schedule = scheduleOf(row);
  return {
    id: row.id,
    name: row.name,
    timeZone: row.timeZone,
    intervals: schedule.intervals,
    holidays: schedule.holidays,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The API shape of an SLA policy. */
export function toSlaPolicy(row: SlaPolicyRow): SlaPolicy {
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    active: row.active,
    conditions: conditionsOf(row),
    businessHoursId: row.businessHoursId,
    targets: {
      firstResponseMinutes: row.firstResponseMinutes,
      nextResponseMinutes: row.nextResponseMinutes,
      resolutionMinutes: row.resolutionMinutes,
    },
    pauseStatuses: row.pauseStatuses,
    warnAtPercent: row.warnAtPercent,
    holdNotificationsUntilOpen: row.holdNotificationsUntilOpen,
    escalation: escalationOf(row),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** 400 naming each problem of a schedule (scheduleProblems). */
function checkSchedule(schedule: Pick<BusinessHours, 'timeZone' | 'intervals' | 'holidays'>) {
  const problems = scheduleProblems(schedule);
  if (problems.length) throw new ValidationError('The business hours are not valid', problems);
}

const nameTaken = (name: string) =>
  new ConflictError(`Business hours named "${name}" already exist`, 'business_hours_exists');

/**
 * Moves the clocks of the tickets with an open target under one of the policies of `before`
 * (policy id → the policy as it was) to the policies as they are now, at `now` (see the file's
 * comment). One ticket at a time, each under its row lock, in the caller's transaction.
 */
async function moveClocks(
  tx: Prisma.TransactionClient,
  organizationId: string,
  before: ReadonlyMap<string, AppliedPolicy>,
  now: Date,
): Promise<void> {
  const policies = await listSlaPolicies(tx, organizationId);
  for (const ticketId of await findTicketsWithOpenTargets(tx, [...before.keys()])) {
    const ticket = await lockSlaTicket(tx, ticketId);
    if (!ticket || ticket.deletedAt) continue;
    const targets = await loadSlaTargets(tx, ticketId);
    const row = policies.find((p) => p.id === ticket.slaPolicyId);
    const previous = ticket.slaPolicyId ? (before.get(ticket.slaPolicyId) ?? null) : null;
    const policy = row ? appliedPolicy(row) : null;
    const staffHasReplied = ticket.firstRespondedAt !== null;
    const after = applySlaEvent(targets, previous, {
      kind: 'policy',
      at: now,
      status: ticket.status,
      staffHasReplied,
      policy,
    });
    await saveSlaTargets(tx, ticket, targets, ticketSlaColumns(targets, after), now);
  }
}

/** The SLA service; every method takes the calling principal (an admin, or staff to explain). */
export function createSlaService(deps: { prisma: PrismaClient; now?: () => Date }) {
  const { prisma } = deps;
  const clock = deps.now ?? (() => new Date());

  async function businessHoursOf(db: Db, principal: Principal, id: string) {
    const row = isUuid(id) ? await findBusinessHours(db, principal.organizationId, id) : null;
    if (!row) throw new NotFoundError('Business hours');
    return row;
  }

  async function policyOf(db: Db, principal: Principal, id: string) {
    const row = isUuid(id) ? await findSlaPolicyRow(db, principal.organizationId, id) : null;
    if (!row) throw new NotFoundError('SLA policy');
    return row;
  }

  /** 400 when `businessHoursId` or a category of `conditions` is not the organization's. */
  async function checkReferences(
    db: Db,
    principal: Principal,
    input: Pick<UpdateSlaPolicyInput, 'businessHoursId' | 'conditions'>,
  ): Promise<void> {
    if (input.businessHoursId) {
      const found = await findBusinessHours(db, principal.organizationId, input.businessHoursId);
      if (!found) {
        throw new ValidationError('Unknown business hours', [
          { path: 'businessHoursId', message: 'no business hours with this id' },
        ]);
      }
    }
    const categories = input.conditions?.categories ?? [];
    if (categories.length) {
      const known = new Set(await findCategoryIds(db, principal.organizationId, categories));
      const index = categories.findIndex((id) => !known.has(id));
      if (index >= 0) {
        throw new ValidationError('Unknown category', [
          { path: `conditions.categories.${index}`, message: 'no category with this id' },
        ]);
      }
    }
  }

  /** Policy columns of a create or update body. */
  function policyData(input: UpdateSlaPolicyInput): Prisma.SlaPolicyUncheckedUpdateInput {
    const { targets, conditions, escalation, ...rest } = input;
    return {
      ...rest,
      ...(conditions ? { conditions: conditions as Prisma.InputJsonObject } : {}),
      ...(escalation ? { escalation: escalation as Prisma.InputJsonObject } : {}),
      ...(targets
        ? {
            firstResponseMinutes: targets.firstResponseMinutes,
            nextResponseMinutes: targets.nextResponseMinutes,
            resolutionMinutes: targets.resolutionMinutes,
          }
        : {}),
    };
  }

  return {
    async listBusinessHours(principal: Principal): Promise<{ data: BusinessHours[] }> {
      const rows = await listBusinessHours(prisma, principal.organizationId);
      return { data: rows.map(toBusinessHours) };
    },

    async getBusinessHours(principal: Principal, id: string): Promise<BusinessHours> {
      return toBusinessHours(await businessHoursOf(prisma, principal, id));
    },

    async createBusinessHours(
      principal: Principal,
      input: CreateBusinessHoursInput,
    ): Promise<BusinessHours> {
      checkSchedule(input);
      try {
        const row = await insertBusinessHours(prisma, {
          organizationId: principal.organizationId,
          name: input.name,
          timeZone: input.timeZone,
          intervals: input.intervals,
          holidays: input.holidays,
        });
        return toBusinessHours(row);
      } catch (error) {
        if (isUniqueViolation(error)) throw nameTaken(input.name);
        throw error;
      }
    },

    /** Updates business hours, moving the clocks of the tickets under policies counting in them. */
    async updateBusinessHours(
      principal: Principal,
      id: string,
      input: UpdateBusinessHoursInput,
    ): Promise<BusinessHours> {
      try {
        return await prisma.$transaction(async (tx) => {
          const current = toBusinessHours(await businessHoursOf(tx, principal, id));
          checkSchedule({ ...current, ...input });
          const before = new Map(
            (await listPoliciesUsing(tx, current.id)).map((p) => [p.id, appliedPolicy(p)]),
          );
          const row = await updateBusinessHoursRow(tx, current.id, {
            ...input,
          } as Prisma.BusinessHoursUncheckedUpdateInput);
          await moveClocks(tx, principal.organizationId, before, clock());
          return toBusinessHours(row);
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw nameTaken(input.name ?? '');
        throw error;
      }
    },

    async deleteBusinessHours(principal: Principal, id: string): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const row = await businessHoursOf(tx, principal, id);
        const users = await countPoliciesUsing(tx, row.id);
        if (users > 0) {
          throw new ConflictError(
            `${users} SLA ${users === 1 ? 'policy counts' : 'policies count'} in these business hours: choose other hours for ${users === 1 ? 'it' : 'them'} first`,
            'business_hours_in_use',
          );
        }
        await deleteBusinessHoursRow(tx, principal.organizationId, row.id);
      });
    },

    async listPolicies(principal: Principal): Promise<{ data: SlaPolicy[] }> {
      const rows = await listSlaPolicies(prisma, principal.organizationId);
      return { data: rows.map(toSlaPolicy) };
    },

    async getPolicy(principal: Principal, id: string): Promise<SlaPolicy> {
      return toSlaPolicy(await policyOf(prisma, principal, id));
    },

    async createPolicy(principal: Principal, input: CreateSlaPolicyInput): Promise<SlaPolicy> {
      await checkReferences(prisma, principal, input);
      return prisma.$transaction(async (tx) => {
        const policy = toSlaPolicy(
          await insertSlaPolicy(tx, {
            ...(policyData(input) as Prisma.SlaPolicyUncheckedCreateInput),
            name: input.name,
            organizationId: principal.organizationId,
          }),
        );
        await recordOrganizationActivity(tx, {
          ...activityActorOf(principal),
          type: 'sla_policy.created',
          data: { policyId: policy.id, name: policy.name },
          after: policy,
        });
        return policy;
      });
    },

    /** Updates a policy, moving the clocks of the tickets under it. */
    async updatePolicy(
      principal: Principal,
      id: string,
      input: UpdateSlaPolicyInput,
    ): Promise<SlaPolicy> {
      return prisma.$transaction(async (tx) => {
        const current = await policyOf(tx, principal, id);
        await checkReferences(tx, principal, input);
        const row = await updateSlaPolicyRow(tx, current.id, policyData(input));
        const before = new Map([[current.id, appliedPolicy(current)]]);
        await moveClocks(tx, principal.organizationId, before, clock());
        const policy = toSlaPolicy(row);
        await recordOrganizationActivity(tx, {
          ...activityActorOf(principal),
          type: 'sla_policy.updated',
          data: { policyId: policy.id, name: policy.name, fields: Object.keys(input) },
          before: toSlaPolicy(current),
          after: policy,
        });
        return policy;
      });
    },

    /**
     * Deletes a policy: its tickets' running targets keep their due times (without escalation);
     * each ticket is matched again at its next change. Reports of met and breached targets stay.
     */
    async deletePolicy(principal: Principal, id: string): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const row = await policyOf(tx, principal, id);
        await deleteSlaPolicyRow(tx, principal.organizationId, row.id);
        await recordOrganizationActivity(tx, {
          ...activityActorOf(principal),
          type: 'sla_policy.deleted',
          data: { policyId: row.id, name: row.name },
          before: toSlaPolicy(row),
        });
      });
    },

    /** GET /api/tickets/:id/sla: the ticket's policy and every target with its stretches. */
    async explainTicket(
      principal: Principal,
      idOrReference: string,
    ): Promise<TicketSlaExplanation> {
      const ticket = await findVisibleTicket(prisma, principal, idOrReference);
      const targets = await loadSlaTargets(prisma, ticket.id);
      const policies = await listSlaPolicies(prisma, principal.organizationId);
      const row = policies.find((p) => p.id === ticket.slaPolicyId) ?? null;
      return {
        policy: row
          ? {
              id: row.id,
              name: row.name,
              businessHours: row.businessHours
                ? {
                    id: row.businessHours.id,
                    name: row.businessHours.name,
                    timeZone: row.businessHours.timeZone,
                  }
                : null,
              pauseStatuses: row.pauseStatuses,
              warnAtPercent: row.warnAtPercent,
            }
          : null,
        targets: explainTargets(targets, row ? appliedPolicy(row).schedule : null, clock()),
      };
    },
  };
}

export type SlaService = ReturnType<typeof createSlaService>;
