/**
 * The `rules` event subscriber (queued; modules/events/README.md "Subscribing"): triggers run
 * after the change that caused them has committed, off the request path, once per event, in
 * each ticket's order (docs/product.md "Rules"). The handler's transaction holds the ticket's
 * row lock; the rules' changes, their activity rows and events, and the row marking the event
 * handled commit together. An organization without an active trigger gets no row at all
 * (`accepts`, decided at dispatch from the cached rules of active-rules.ts).
 */
import type { Prisma } from '../../lib/db.js';
import { NotFoundError } from '../../lib/errors.js';
import type { DomainEvent, EventType, QueuedEventSubscriber } from '../events/index.js';
import { lockVisibleTicketRow } from '../tickets/index.js';
import { evaluateConditions } from './rule-conditions.js';
import {
  factsOf,
  readsHoursInStatus,
  rulePrincipal,
  ruleParts,
  snapshotTicket,
} from './rule-engine.js';
import { runRules } from './rule-runs.js';
import { activeTriggers } from './active-rules.js';
import { findChangeEvents, type RuleRow } from './rules.repository.js';
import type { RuleEvent } from './rules.schemas.js';

/** The events rules hear. */
export const RULE_EVENT_TYPES = [
  'ticket.created',
  'ticket.updated',
  'ticket.status_changed',
  'ticket.assigned',
  'ticket.response_added',
  'ticket.sla_warning',
  'ticket.sla_breached',
  'ticket.satisfaction_rated',
] as const satisfies readonly EventType[];

/** The rule events an event type reaches: `ticket.updated` rules hear every change of the ticket. */
export function ruleEventsFor(type: string): RuleEvent[] {
  if (type === 'ticket.status_changed' || type === 'ticket.assigned') {
    return [type, 'ticket.updated'];
  }
  return [type as RuleEvent];
}

/** The subscriber to register with `app.events.subscribe` (plugins/rules.ts). */
export function createRuleSubscriber(clock: () => Date = () => new Date()): QueuedEventSubscriber {
  return {
    name: 'rules',
    mode: 'queued',
    types: RULE_EVENT_TYPES,
    // No row for an organization without an active trigger (the common case): the handler
    // would find nothing to run. Decided with the same cached rules the handler reads
    // (active-rules.ts), so a trigger made on another instance applies within its period.
    accepts: async (event, db) => (await activeTriggers(db, event.organizationId)).length > 0,
    maxAttempts: 10,
    handle: (event, { tx }) => handleRuleEvent(tx, event, clock()),
  };
}

/**
 * The rule events the events of one change reach (`ruleEventsFor` of each); a created ticket is
 * not "updated" by the assignment made with its creation.
 */
export function ruleEventsOfChange(types: readonly string[]): RuleEvent[] {
  const reached = new Set(types.flatMap(ruleEventsFor));
  if (reached.has('ticket.created')) reached.delete('ticket.updated');
  return [...reached];
}

/**
 * Runs the organization's active rules after `event` on its ticket (see the file's comment). The
 * events one change wrote (a PATCH of status and priority writes two) are heard as one: the first
 * of them runs the rules with all their changes, the others find that done and return, so a
 * rule runs once per change and a chain grows one step per change, not one per event.
 */
export async function handleRuleEvent(
  tx: Prisma.TransactionClient,
  event: DomainEvent,
  now: Date,
): Promise<void> {
  const data = event.data as { ticket?: { id: string } };
  if (!data.ticket) return;
  // Nothing more when the organization has no trigger (the common case; cached per organization).
  const candidates = await activeTriggers(tx, event.organizationId);
  if (candidates.length === 0) return;
  const change = await findChangeEvents(tx, {
    eventId: event.id,
    ticketId: data.ticket.id,
    topics: RULE_EVENT_TYPES,
  });
  if (change.length > 0 && change[0]!.id !== event.id) return;
  const events =
    change.length > 0 ? change.map((row) => row.payload as unknown as DomainEvent) : [event];
  const reached = new Set<string>(ruleEventsOfChange(events.map((e) => e.type)));
  const rules = candidates.filter((rule) => reached.has(rule.event));
  if (rules.length === 0) return;
  // Tried first on the ticket as the change left it (the events' payload): when no rule matches
  // it, the ticket is neither read nor locked.
  if (!(await anyRuleMatchesSnapshot(tx, rules, events, now))) return;
  let ticket;
  try {
    ticket = await lockVisibleTicketRow(tx, rulePrincipal(rules[0]!), data.ticket.id);
  } catch (error) {
    if (error instanceof NotFoundError) return; // deleted since
    throw error;
  }
  await runRules(tx, {
    rules,
    ticket,
    events,
    now,
    chain: {
      depth: (change[0]?.chainDepth ?? 0) + 1,
      rootId: change[0]?.chainRootId ?? event.id,
      eventType: event.type,
      eventId: event.id,
    },
  });
}

/**
 * Whether a rule may match after `events`, judged on the last event's ticket. The payload does
 * not say when the status was entered nor the schedule: rules reading hours in status are always
 * tried on the locked ticket.
 */
async function anyRuleMatchesSnapshot(
  tx: Prisma.TransactionClient,
  rules: readonly RuleRow[],
  events: readonly DomainEvent[],
  now: Date,
): Promise<boolean> {
  const snapshot = snapshotTicket(events[events.length - 1]!);
  if (!snapshot || readsHoursInStatus(rules)) return true;
  const facts = await factsOf(tx, snapshot, events, now, new Map(), false);
  return rules.some((rule) => evaluateConditions(ruleParts(rule).conditions, facts).matches);
}
