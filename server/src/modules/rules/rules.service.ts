/**
 * Rules (docs/product.md "Rules"; docs/api.md "Rules"): admins manage their organization's
 * triggers and time-based rules; another organization's rule is 404. A rule is checked when it
 * is saved — its conditions for its event (rule-conditions.ts), its placeholders (liquidjs
 * strict, as macros), `assign` naming a user (a rule has no "me"), a macro it applies existing
 * and shared — each refusal a 400 naming the field. `test` is a dry run that writes nothing;
 * `runs` lists what rules did to a ticket (agents and admins). Creating, changing and deleting
 * a rule are recorded in the organization activity log with before/after (docs/product.md
 * "Audit trail").
 */
import type { BusinessSchedule } from '../../lib/business-time.js';
import { isUuid } from '../../lib/cursor.js';
import { formatTicketReference } from '../../lib/domain.js';
import type { PrismaClient } from '../../lib/db.js';
import { AppError, NotFoundError, ValidationError, type FieldError } from '../../lib/errors.js';
import type { Principal } from '../../lib/principal.js';
import { activityActorOf, recordOrganizationActivity } from '../organization-activity/index.js';
import { findMacro, templateProblems } from '../macros/index.js';
import {
  findVisibleTicket,
  ListTicketsQuerySchema,
  ticketPages,
  type TicketRow,
} from '../tickets/index.js';
import { forgetActiveTriggers } from './active-rules.js';
import { conditionProblems, evaluateConditions } from './rule-conditions.js';
import { factsOf, planRule, ruleParts } from './rule-engine.js';
import {
  deleteRuleRow,
  findRule,
  insertRule,
  listRuleRuns,
  listRules,
  nextRulePosition,
  updateRuleRow,
  type RuleRow,
  type RuleRunRow,
} from './rules.repository.js';
import type {
  CreateRuleInput,
  Rule,
  RuleAction,
  RuleConditions,
  RuleEvent,
  RuleRun,
  RuleTestResult,
  TestRuleInput,
  UpdateRuleInput,
} from './rules.schemas.js';

/** The API shape of a rule. */
function toRule(row: RuleRow): Rule {
  const { conditions, actions } = ruleParts(row);
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    active: row.active,
    event: row.event as RuleEvent,
    conditions,
    actions,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The API shape of a rule run. */
function toRuleRun(row: RuleRunRow): RuleRun {
  return {
    id: row.id,
    rule: { id: row.ruleId, name: row.ruleName },
    event: { type: row.eventType, id: row.eventId },
    depth: row.depth,
    outcome: row.outcome as RuleRun['outcome'],
    reason: row.reason,
    effect: (row.changes ?? {}) as RuleRun['effect'],
    error: row.error,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The rules service; every method takes the calling principal (an admin, or staff for `runs`). */
export function createRulesService(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;

  /** Rule `id` of the caller's organization. @throws NotFoundError */
  async function ruleOf(principal: Principal, id: string): Promise<RuleRow> {
    const row = isUuid(id) ? await findRule(prisma, principal.organizationId, id) : null;
    if (!row) throw new NotFoundError('Rule');
    return row;
  }

  /** 400 naming each part of a rule that cannot be saved. */
  async function check(
    principal: Principal,
    event: RuleEvent,
    conditions: RuleConditions,
    actions: readonly RuleAction[],
  ): Promise<void> {
    const errors: FieldError[] = conditionProblems(event, conditions);
    for (const [index, action] of actions.entries()) {
      const path = `actions.${index}`;
      const texts =
        action.type === 'reply'
          ? { content: action.content }
          : action.type === 'notify_email'
            ? { subject: action.subject, content: action.content }
            : {};
      for (const [key, text] of Object.entries(texts)) {
        for (const message of templateProblems(text))
          errors.push({ path: `${path}.${key}`, message });
      }
      if (action.type === 'assign' && action.value === 'me') {
        errors.push({
          path: `${path}.value`,
          message: 'a rule assigns a user id or null, not "me"',
        });
      }
      if (action.type === 'apply_macro') {
        const macro = await findMacro(prisma, principal.organizationId, action.macroId);
        if (!macro?.shared) {
          errors.push({ path: `${path}.macroId`, message: 'no shared macro with this id' });
        }
      }
    }
    if (errors.length) throw new ValidationError('The rule cannot be saved', errors);
  }

  /** The tickets a dry run is about: by id or reference, or the first 100 of a list filter. */
  async function testTickets(principal: Principal, input: TestRuleInput): Promise<TicketRow[]> {
    if (input.ticketIds) {
      const rows: TicketRow[] = [];
      for (const [index, id] of input.ticketIds.entries()) {
        try {
          rows.push(await findVisibleTicket(prisma, principal, id));
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error;
          throw new ValidationError('A ticket to test on does not exist', [
            { path: `ticketIds.${index}`, message: 'no such ticket' },
          ]);
        }
      }
      return rows;
    }
    const query = ListTicketsQuerySchema.safeParse({ ...input.filter, limit: '100' });
    if (!query.success) {
      throw new ValidationError(
        'The filter is not a ticket list filter',
        query.error.issues.map((issue) => ({
          path: ['filter', ...issue.path.map(String)].join('.'),
          message: issue.message,
        })),
      );
    }
    // The list's first page (limit 100), as the rows the conditions read: one query.
    for await (const page of ticketPages(prisma, principal, query.data)) return page;
    return [];
  }

  return {
    /** The organization's rules in the order they run. */
    async list(principal: Principal): Promise<{ data: Rule[] }> {
      return { data: (await listRules(prisma, principal.organizationId)).map(toRule) };
    },

    async get(principal: Principal, id: string): Promise<Rule> {
      return toRule(await ruleOf(principal, id));
    },

    /** Creates a rule (inactive unless asked; last unless given a position). @throws 400 */
    async create(principal: Principal, input: CreateRuleInput): Promise<Rule> {
      await check(principal, input.event, input.conditions, input.actions);
      const rule = await prisma.$transaction(async (tx) => {
        const created = toRule(
          await insertRule(tx, {
            organizationId: principal.organizationId,
            name: input.name,
            position: input.position ?? (await nextRulePosition(tx, principal.organizationId)),
            active: input.active,
            event: input.event,
            conditions: input.conditions,
            actions: input.actions,
          }),
        );
        await recordOrganizationActivity(tx, {
          ...activityActorOf(principal),
          type: 'rule.created',
          data: { ruleId: created.id, name: created.name },
          after: created,
        });
        return created;
      });
      forgetActiveTriggers(principal.organizationId);
      return rule;
    },

    /** Changes any field; the rule as changed is checked as a whole. @throws 400, 404 */
    async update(principal: Principal, id: string, input: UpdateRuleInput): Promise<Rule> {
      const row = await ruleOf(principal, id);
      const parts = ruleParts(row);
      await check(
        principal,
        input.event ?? (row.event as RuleEvent),
        input.conditions ?? parts.conditions,
        input.actions ?? parts.actions,
      );
      const updated = await prisma.$transaction(async (tx) => {
        const rule = toRule(await updateRuleRow(tx, row.id, input));
        await recordOrganizationActivity(tx, {
          ...activityActorOf(principal),
          type: 'rule.updated',
          data: { ruleId: rule.id, name: rule.name, fields: Object.keys(input) },
          before: toRule(row),
          after: rule,
        });
        return rule;
      });
      forgetActiveTriggers(principal.organizationId);
      return updated;
    },

    /** Deletes a rule; its runs stay, with its name. @throws 404 */
    async remove(principal: Principal, id: string): Promise<void> {
      const row = await ruleOf(principal, id);
      await prisma.$transaction(async (tx) => {
        await deleteRuleRow(tx, row.id);
        await recordOrganizationActivity(tx, {
          ...activityActorOf(principal),
          type: 'rule.deleted',
          data: { ruleId: row.id, name: row.name },
          before: toRule(row),
        });
      });
      forgetActiveTriggers(principal.organizationId);
    },

    /**
     * The dry run: for each ticket, whether the rule's conditions hold now (as if its event had
     * just happened with no field changes: `changed…` conditions do not hold) and what it would
     * change. Writes nothing. @throws 400 (unknown ticket, bad filter), 404
     */
    async test(principal: Principal, id: string, input: TestRuleInput): Promise<RuleTestResult> {
      const rule = await ruleOf(principal, id);
      const tickets = await testTickets(principal, input);
      const now = new Date();
      const results: RuleTestResult['results'] = [];
      const schedules = new Map<string, BusinessSchedule | null>();
      for (const ticket of tickets) {
        const facts = await factsOf(prisma, ticket, [], now, schedules);
        const { matches, reason } = evaluateConditions(ruleParts(rule).conditions, facts);
        let effect = null;
        let error: string | null = null;
        if (matches) {
          try {
            effect = (await planRule(prisma, rule, ticket)).effect;
          } catch (failure) {
            if (!(failure instanceof AppError)) throw failure;
            error = failure.message;
          }
          if (ticket.status === 'CLOSED' && effect && Object.keys(effect.changes).length) {
            error = 'The ticket is CLOSED: the rule’s changes would be refused';
          }
        }
        results.push({
          ticket: {
            id: ticket.id,
            reference: formatTicketReference(ticket.number),
            subject: ticket.subject,
          },
          matches,
          reason,
          effect,
          error,
        });
      }
      return {
        evaluated: results.length,
        matched: results.filter((r) => r.matches).length,
        results,
      };
    },

    /** What rules did to a ticket the caller may see, oldest first. @throws 404 */
    async runs(principal: Principal, ticketId: string): Promise<{ data: RuleRun[] }> {
      const ticket = await findVisibleTicket(prisma, principal, ticketId);
      return { data: (await listRuleRuns(prisma, ticket.id, 500)).map(toRuleRun) };
    },
  };
}

export type RulesService = ReturnType<typeof createRulesService>;
