/**
 * A rule's conditions (docs/product.md "Rules"), pure: which combinations are allowed for an
 * event (`conditionProblems`, checked when a rule is saved: 400 naming the condition), and whether
 * they hold for a ticket at an event (`evaluateConditions`), with the words that say why.
 *
 * - `all` must all hold; `any`, when not empty, needs one that holds.
 * - Text compares without regard to case; `ticket.tags` with is/contains means "has the tag".
 * - `changed`, `changed_to`, `changed_from` read the event's changes: a created ticket changed
 *   every field from nothing; a time-based rule has no event, so they are refused there.
 * - `ticket.hoursInStatus` counts business hours when the ticket's SLA policy has a schedule,
 *   else calendar hours; the other hours are calendar hours.
 */
import type { TicketRow } from '../tickets/index.js';
import {
  CUSTOM_FIELD_PATTERN,
  type RuleCondition,
  type RuleConditions,
  type RuleEvent,
  type RuleOperator,
} from './rules.schemas.js';

/** What a rule's conditions are evaluated against. */
export interface RuleFacts {
  ticket: TicketRow;
  /** The event's changes `{field: {before, after}}` by condition field (`ticket.priority`…). */
  changes: Readonly<Record<string, { before: unknown; after: unknown }>>;
  /** The response of a `ticket.response_added` event. */
  response: { authorType: string; isInternal: boolean; content: string } | null;
  /**
   * The rating of a `ticket.satisfaction_rated` event (docs/product.md "Satisfaction"): score
   * 1–5 (good/bad: 5 or 1), the comment and reason; absent for other events.
   */
  satisfaction?: { score: number; comment: string | null; reason: string | null } | null;
  /** Hours in the current status (business hours under a schedule), since created, since updated. */
  hours: { inStatus: number; sinceCreated: number; sinceUpdated: number };
}

const HOUR_FIELDS = new Set([
  'ticket.hoursInStatus',
  'ticket.hoursSinceCreated',
  'ticket.hoursSinceUpdated',
]);
const CHANGE_OPERATORS = new Set<RuleOperator>(['changed', 'changed_to', 'changed_from']);
const NO_VALUE = new Set<RuleOperator>(['is_empty', 'is_not_empty', 'changed']);
const LIST_OPERATORS = new Set<RuleOperator>(['in', 'not_in']);
const NUMBER_OPERATORS = new Set<RuleOperator>(['greater_than', 'less_than']);

/**
 * What is wrong with `conditions` for a rule on `event` (each with the path of the condition,
 * e.g. `conditions.all.0.operator`); [] when they may be saved.
 */
export function conditionProblems(
  event: RuleEvent,
  conditions: RuleConditions,
): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  for (const group of ['all', 'any'] as const) {
    conditions[group].forEach((condition, index) => {
      const path = `conditions.${group}.${index}`;
      const problem = problemOf(event, condition);
      if (problem) problems.push({ path: `${path}.${problem.key}`, message: problem.message });
    });
  }
  if (event === 'schedule') {
    const statusCondition = conditions.all.some(
      (c) => c.field === 'ticket.status' && (c.operator === 'is' || c.operator === 'in'),
    );
    const timeCondition = conditions.all.some(
      (c) => HOUR_FIELDS.has(c.field) && c.operator === 'greater_than',
    );
    if (!statusCondition || !timeCondition) {
      problems.push({
        path: 'conditions.all',
        message:
          'a time-based rule needs, under "all", ticket.status is/in and an hours field greater_than',
      });
    }
  }
  return problems;
}

function problemOf(
  event: RuleEvent,
  { field, operator, value }: RuleCondition,
): { key: 'operator' | 'value' | 'field'; message: string } | null {
  if (field.startsWith('response.') && event !== 'ticket.response_added') {
    return { key: 'field', message: 'response fields exist only for ticket.response_added rules' };
  }
  if (field.startsWith('satisfaction.') && event !== 'ticket.satisfaction_rated') {
    return {
      key: 'field',
      message: 'satisfaction fields exist only for ticket.satisfaction_rated rules',
    };
  }
  if (field === 'satisfaction.score' && CHANGE_OPERATORS.has(operator)) {
    return { key: 'operator', message: 'satisfaction.score does not change with an event' };
  }
  if (CHANGE_OPERATORS.has(operator)) {
    if (event === 'schedule')
      return { key: 'operator', message: 'a time-based rule has no changes' };
    if (!field.startsWith('ticket.') || HOUR_FIELDS.has(field)) {
      return { key: 'operator', message: `${field} does not change with an event` };
    }
  }
  if (HOUR_FIELDS.has(field) && !NUMBER_OPERATORS.has(operator)) {
    return { key: 'operator', message: 'hours take greater_than or less_than' };
  }
  if (NO_VALUE.has(operator)) return null;
  if (value === undefined) return { key: 'value', message: `${operator} needs a value` };
  if (LIST_OPERATORS.has(operator) && !Array.isArray(value)) {
    return { key: 'value', message: `${operator} takes a list` };
  }
  if (NUMBER_OPERATORS.has(operator) && typeof value !== 'number') {
    return { key: 'value', message: `${operator} takes a number` };
  }
  return null;
}

/** The value of a condition's field for `facts`; undefined when the field has none here. */
function valueOf(field: string, facts: RuleFacts): unknown {
  const { ticket } = facts;
  if (CUSTOM_FIELD_PATTERN.test(field)) {
    const key = field.slice('ticket.customFields.'.length);
    return (ticket.customFields as Record<string, unknown>)[key] ?? null;
  }
  switch (field) {
    case 'ticket.status':
      return ticket.status;
    case 'ticket.priority':
      return ticket.priority;
    case 'ticket.category':
      return ticket.category?.name ?? null;
    case 'ticket.channel':
      return ticket.channel;
    case 'ticket.subject':
      return ticket.subject;
    case 'ticket.tags':
      return ticket.tags;
    case 'ticket.assigneeId':
      return ticket.assigneeId;
    case 'ticket.groupId':
      return ticket.groupId;
    case 'requester.email':
      return ticket.requesterEmail;
    case 'requester.domain':
      return ticket.requesterEmail.slice(ticket.requesterEmail.lastIndexOf('@') + 1);
    case 'requester.name':
      return ticket.requesterName;
    case 'response.authorType':
      return facts.response?.authorType;
    case 'response.isInternal':
      return facts.response?.isInternal;
    case 'response.content':
      return facts.response?.content;
    case 'satisfaction.score':
      return facts.satisfaction?.score;
    case 'satisfaction.comment':
      return facts.satisfaction?.comment ?? null;
    case 'satisfaction.reason':
      return facts.satisfaction?.reason ?? null;
    case 'ticket.hoursInStatus':
      return facts.hours.inStatus;
    case 'ticket.hoursSinceCreated':
      return facts.hours.sinceCreated;
    case 'ticket.hoursSinceUpdated':
      return facts.hours.sinceUpdated;
    default:
      return undefined;
  }
}

const fold = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);

/** `actual` equals `expected` (text without regard to case); a list field: it has `expected`. */
function equals(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(actual)) return actual.some((item) => fold(item) === fold(expected));
  return fold(actual) === fold(expected);
}

function text(v: unknown): string {
  return typeof v === 'string' ? v.toLowerCase() : v === null || v === undefined ? '' : String(v);
}

/** Whether `operator` holds between `actual` and `value` (the change operators aside). */
function compare(operator: RuleOperator, actual: unknown, value: unknown): boolean {
  const list = Array.isArray(value) ? value : [value];
  switch (operator) {
    case 'is':
      return equals(actual, value);
    case 'is_not':
      return !equals(actual, value);
    case 'in':
      return list.some((v) => equals(actual, v));
    case 'not_in':
      return !list.some((v) => equals(actual, v));
    case 'contains':
      return Array.isArray(actual)
        ? list.some((v) => equals(actual, v))
        : text(actual).includes(text(value));
    case 'not_contains':
      return Array.isArray(actual)
        ? !list.some((v) => equals(actual, v))
        : !text(actual).includes(text(value));
    case 'starts_with':
      return text(actual).startsWith(text(value));
    case 'ends_with':
      return text(actual).endsWith(text(value));
    case 'is_empty':
      return actual === null || actual === '' || (Array.isArray(actual) && actual.length === 0);
    case 'is_not_empty':
      return !(actual === null || actual === '' || (Array.isArray(actual) && actual.length === 0));
    case 'greater_than':
      return typeof actual === 'number' && actual > Number(value);
    case 'less_than':
      return typeof actual === 'number' && actual < Number(value);
    default:
      return false;
  }
}

/** Whether one condition holds for `facts`. */
export function conditionHolds(condition: RuleCondition, facts: RuleFacts): boolean {
  const { field, operator, value } = condition;
  if (CHANGE_OPERATORS.has(operator)) {
    const change = facts.changes[field];
    if (!change) return false;
    if (operator === 'changed') return true;
    return equals(operator === 'changed_to' ? change.after : change.before, value);
  }
  const actual = valueOf(field, facts);
  if (actual === undefined) return false;
  return compare(operator, actual, value);
}

/** A condition in words: `ticket.priority changed_to "URGENT"`. */
export function describeCondition({ field, operator, value }: RuleCondition): string {
  return value === undefined
    ? `${field} ${operator}`
    : `${field} ${operator} ${JSON.stringify(value)}`;
}

/**
 * Whether `conditions` hold for `facts`, and why: the conditions that held (all of `all`, the
 * first of `any` that held), or the first that did not.
 */
export function evaluateConditions(
  conditions: RuleConditions,
  facts: RuleFacts,
): { matches: boolean; reason: string } {
  const held: string[] = [];
  for (const condition of conditions.all) {
    if (!conditionHolds(condition, facts)) {
      return { matches: false, reason: `not ${describeCondition(condition)}` };
    }
    held.push(describeCondition(condition));
  }
  if (conditions.any.length > 0) {
    const first = conditions.any.find((condition) => conditionHolds(condition, facts));
    if (!first) return { matches: false, reason: 'none of "any" held' };
    held.push(describeCondition(first));
  }
  return { matches: true, reason: held.length ? held.join('; ') : 'no conditions' };
}
