/**
 * Running rules on a ticket (docs/product.md "Rules"), shared by the event subscriber
 * (rule-subscriber.ts), the time-based scheduler (rule-scheduler.ts) and the dry run
 * (rules.service.ts `test`):
 * - A rule acts as the principal `{kind: "rule", id, name}` with an admin's rights on its
 *   organization's tickets; its activity rows and events name it (actor type `rule`), its
 *   replies are automatic (author type SYSTEM: no SLA target is fulfilled by them).
 * - Its actions, in order: the macro actions (`apply_macro` inlines a shared macro's), then
 *   `notify_email` (an internal event the email subscriber turns into mails) and `send_webhook`
 *   (a `ticket.rule_triggered` event); `stop` ends the event's rules after this one.
 * - Applied as a macro is: the reply first, then the field changes with PATCH's rules
 *   (`changeTicket`), the reason `Rule: <name>` on every activity row.
 */
import type { Db, Prisma } from '../../lib/db.js';
import { businessSecondsBetween, type BusinessSchedule } from '../../lib/business-time.js';
import { ValidationError } from '../../lib/errors.js';
import type { Principal } from '../../lib/principal.js';
import { emitEvent, type DomainEvent } from '../events/index.js';
import {
  changesOf,
  findMacro,
  planActions,
  renderTemplate,
  templateVariables,
  type ActionPlan,
} from '../macros/index.js';
import type { MacroAction } from '../macros/macros.schemas.js';
import type { Ticket } from '../tickets/tickets.schemas.js';
import { addStaffResponse } from '../responses/index.js';
import { ticketSchedule } from '../sla/index.js';
import { changeTicket, emitTicketEvent, reloadTicket, type TicketRow } from '../tickets/index.js';
import type { RuleFacts } from './rule-conditions.js';
import type { RuleRow } from './rules.repository.js';
import type { RuleAction, RuleConditions, RuleEffect } from './rules.schemas.js';

/** How deep a chain of rules triggering rules may go (docs/product.md "Rules", "Depth"). */
export const MAX_RULE_DEPTH = 5;

const HOUR_MS = 3_600_000;

/** The principal a rule acts as. */
export function rulePrincipal(rule: Pick<RuleRow, 'id' | 'organizationId' | 'name'>): Principal {
  return {
    kind: 'rule',
    id: rule.id,
    organizationId: rule.organizationId,
    role: 'ADMIN',
    name: rule.name,
    email: null,
  };
}

/** A rule's stored conditions and actions, typed. */
export function ruleParts(rule: RuleRow): { conditions: RuleConditions; actions: RuleAction[] } {
  return {
    conditions: rule.conditions as unknown as RuleConditions,
    actions: rule.actions as unknown as RuleAction[],
  };
}

/** A rule event's changes, by condition field (see rule-conditions.ts). */
export function eventChanges(event: DomainEvent, ticket: TicketRow): RuleFacts['changes'] {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  switch (event.type) {
    case 'ticket.created': {
      const fields = {
        status: ticket.status,
        priority: ticket.priority,
        category: ticket.category?.name ?? null,
        channel: ticket.channel,
        subject: ticket.subject,
        tags: ticket.tags,
        assigneeId: ticket.assigneeId,
        groupId: ticket.groupId,
      };
      for (const [field, after] of Object.entries(fields)) {
        changes[`ticket.${field}`] = { before: null, after };
      }
      for (const [key, after] of Object.entries(ticket.customFields as Record<string, unknown>)) {
        changes[`ticket.customFields.${key}`] = { before: null, after };
      }
      break;
    }
    case 'ticket.updated': {
      const data = event.data as DomainEvent<'ticket.updated'>['data'];
      for (const [field, change] of Object.entries(data.changes)) {
        if (field === 'group') {
          // The group changes as `{id, name}`; conditions compare its id.
          const id = (group: unknown) => (group as { id?: string } | null)?.id ?? null;
          changes['ticket.groupId'] = { before: id(change.before), after: id(change.after) };
          continue;
        }
        if (field !== 'customFields') {
          changes[`ticket.${field}`] = change;
          continue;
        }
        const before = (change.before ?? {}) as Record<string, unknown>;
        const after = (change.after ?? {}) as Record<string, unknown>;
        for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
          if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
            changes[`ticket.customFields.${key}`] = {
              before: before[key] ?? null,
              after: after[key] ?? null,
            };
          }
        }
      }
      break;
    }
    case 'ticket.status_changed': {
      const data = event.data as DomainEvent<'ticket.status_changed'>['data'];
      changes['ticket.status'] = { before: data.previousStatus, after: data.status };
      break;
    }
    case 'ticket.assigned': {
      const data = event.data as DomainEvent<'ticket.assigned'>['data'];
      changes['ticket.assigneeId'] = {
        before: data.previousAssignee?.id ?? null,
        after: data.assignee?.id ?? null,
      };
      break;
    }
  }
  return changes;
}

/** Whether any of `rules` reads hours in status (which may need the ticket's SLA schedule). */
export function readsHoursInStatus(rules: readonly RuleRow[]): boolean {
  return rules.some((rule) => {
    const { all, any } = ruleParts(rule).conditions;
    return [...all, ...any].some((c) => c.field === 'ticket.hoursInStatus');
  });
}

/**
 * The ticket of an event's payload (the ticket as agents see it, right after the change) as the
 * conditions read it: enough of a TicketRow for every field but hours in status, for which it
 * counts from `updatedAt`. Rules are first tried on it, without reading or locking the ticket.
 */
export function snapshotTicket(event: DomainEvent): TicketRow | null {
  const ticket = (event.data as { ticket?: Ticket }).ticket;
  if (!ticket) return null;
  return {
    ...ticket,
    category: ticket.category === null ? null : { name: ticket.category },
    assigneeId: ticket.assignee?.id ?? null,
    requesterEmail: ticket.requester.email,
    requesterName: ticket.requester.name,
    createdAt: new Date(ticket.createdAt),
    updatedAt: new Date(ticket.updatedAt),
    statusChangedAt: new Date(ticket.updatedAt),
    slaPolicyId: null,
  } as unknown as TicketRow;
}

/**
 * The facts a rule's conditions read for `ticket` at `now` after `events`, the events of one
 * change ([]: a time-based rule or a dry run): their changes together, the response of a
 * `ticket.response_added` among them. Hours in status count in the ticket's SLA schedule when
 * it has one and `withSchedule` (else in calendar hours).
 */
export async function factsOf(
  db: Db,
  ticket: TicketRow,
  events: readonly DomainEvent[],
  now: Date,
  schedules: Map<string, BusinessSchedule | null> = new Map(),
  withSchedule = true,
): Promise<RuleFacts> {
  const key = ticket.slaPolicyId ?? '';
  if (withSchedule && !schedules.has(key)) schedules.set(key, await ticketSchedule(db, ticket));
  const schedule = withSchedule ? (schedules.get(key) ?? null) : null;
  const responseEvent = events.find((event) => event.type === 'ticket.response_added');
  const response = responseEvent
    ? (responseEvent.data as DomainEvent<'ticket.response_added'>['data']).response
    : null;
  const ratingEvent = events.find((event) => event.type === 'ticket.satisfaction_rated');
  const rating = ratingEvent
    ? (ratingEvent.data as DomainEvent<'ticket.satisfaction_rated'>['data']).rating
    : null;
  const changes = Object.assign(
    {},
    ...events.map((event) => eventChanges(event, ticket)),
  ) as RuleFacts['changes'];
  return {
    ticket,
    changes,
    response: response
      ? {
          authorType: response.authorType,
          isInternal: response.isInternal,
          content: response.content,
        }
      : null,
    satisfaction: rating
      ? { score: rating.score, comment: rating.comment, reason: rating.reason }
      : null,
    hours: {
      inStatus: businessSecondsBetween(schedule, ticket.statusChangedAt, now) / 3600,
      sinceCreated: (now.getTime() - ticket.createdAt.getTime()) / HOUR_MS,
      sinceUpdated: (now.getTime() - ticket.updatedAt.getTime()) / HOUR_MS,
    },
  };
}

/** What a rule would do to a ticket: the PATCH and reply, and its own actions. */
export interface RulePlan extends ActionPlan {
  effect: RuleEffect;
  emails: { to: string[]; subject: string; text: string }[];
  webhookNote: string | null | undefined;
}

/**
 * What `rule` would do to `ticket` (nothing written). A macro it applies must be shared and of
 * the organization (else ValidationError naming the action).
 */
export async function planRule(db: Db, rule: RuleRow, ticket: TicketRow): Promise<RulePlan> {
  const { actions } = ruleParts(rule);
  const macroActions: MacroAction[] = [];
  const emails: RulePlan['emails'] = [];
  let webhookNote: string | null | undefined;
  let stop = false;
  const variables = templateVariables(ticket, { id: null, name: rule.name });
  for (const [index, action] of actions.entries()) {
    switch (action.type) {
      case 'apply_macro': {
        const macro = await findMacro(db, rule.organizationId, action.macroId);
        if (!macro?.shared) {
          throw new ValidationError('The rule applies a macro that is gone or not shared', [
            { path: `actions.${index}.macroId`, message: 'no shared macro with this id' },
          ]);
        }
        // "Assign to me" names whoever applies a macro: a rule is no one, so it is skipped.
        macroActions.push(
          ...(macro.actions as unknown as MacroAction[]).filter(
            (a) => !(a.type === 'assign' && a.value === 'me'),
          ),
        );
        break;
      }
      case 'notify_email':
        emails.push({
          to: action.to,
          subject: renderTemplate(action.subject, variables),
          text: renderTemplate(action.content, variables),
        });
        break;
      case 'send_webhook':
        webhookNote = action.note;
        break;
      case 'stop':
        stop = true;
        break;
      default:
        macroActions.push(action);
    }
  }
  const plan = planActions(
    macroActions,
    ticket,
    { id: null, name: rule.name },
    `Rule: ${rule.name}`,
  );
  return {
    ...plan,
    emails,
    webhookNote,
    effect: {
      changes: changesOf(ticket, plan.input),
      reply: plan.reply,
      notified: emails.flatMap((email) => email.to),
      webhook: webhookNote !== undefined,
      stop,
    },
  };
}

/**
 * Applies `rule` to `ticket` (read under its row lock in `tx`) at `now`: its reply, its field
 * changes, its mails and webhook event, all in `tx`.
 * @returns the ticket after it and what the rule did.
 * @throws as changeTicket and addStaffResponse (409 for a CLOSED ticket or a forbidden
 * transition, 400 for an unknown category or assignee): the caller undoes the rule alone.
 */
export async function applyRule(
  tx: Prisma.TransactionClient,
  rule: RuleRow,
  ticket: TicketRow,
  now: Date,
): Promise<{ ticket: TicketRow; effect: RuleEffect }> {
  const principal = rulePrincipal(rule);
  const plan = await planRule(tx, rule, ticket);
  let current = ticket;
  if (plan.reply) {
    await addStaffResponse(tx, current, principal, plan.reply);
    current = await reloadTicket(tx, current.id);
  }
  current = await changeTicket(tx, principal, current, plan.input, now);
  const ref = { id: rule.id, name: rule.name };
  for (const email of plan.emails) {
    await emitEvent(tx, {
      type: 'rule.email_requested',
      organizationId: rule.organizationId,
      ticketId: current.id,
      actor: principal,
      at: now,
      data: { ticketId: current.id, rule: ref, ...email },
    });
  }
  if (plan.webhookNote !== undefined) {
    await emitTicketEvent(
      tx,
      'ticket.rule_triggered',
      current,
      principal,
      { rule: ref, note: plan.webhookNote },
      now,
    );
  }
  return { ticket: current, effect: plan.effect };
}
