/**
 * The rule form's condition rows (docs/product.md "Rules"; the operators' meaning is the
 * server's rule-conditions.ts): a field (one of `RULE_FIELDS` or `ticket.customFields.<key>`),
 * an operator, and a value whose kind the operator decides — none (is_empty, is_not_empty,
 * changed), a comma-separated list (in, not_in), a number (greater_than, less_than), else text.
 * Turned into the API's `RuleCondition` on submit and back when a rule is edited; and the form's
 * keys for the server's messages (RFC 9457 problem `errors[].path`, e.g. `conditions.all.0.value`).
 */
import type { RULE_FIELDS, RULE_OPERATORS, RuleCondition } from '@docket/server/contract/rules';
import { actionFieldKeys, commaList } from '@/components/automation/utils/action-rows';

export type RuleField = (typeof RULE_FIELDS)[number];
export type RuleOperator = (typeof RULE_OPERATORS)[number];

/** The field select's value for `ticket.customFields.<key>` (the key typed beside it). */
export const CUSTOM_FIELD = 'custom';

const CUSTOM_PREFIX = 'ticket.customFields.';

/** What a condition's value is for `operator`. */
export function valueKind(operator: RuleOperator): 'none' | 'list' | 'number' | 'text' {
  if (operator === 'is_empty' || operator === 'is_not_empty' || operator === 'changed') {
    return 'none';
  }
  if (operator === 'in' || operator === 'not_in') return 'list';
  if (operator === 'greater_than' || operator === 'less_than') return 'number';
  return 'text';
}

/** One condition as the form holds it (the value always as text). */
export type ConditionRow = {
  rowId: string;
  /** One of `RULE_FIELDS`, or `CUSTOM_FIELD`. */
  field: RuleField | typeof CUSTOM_FIELD;
  /** The custom field's key when `field` is `CUSTOM_FIELD`. */
  customKey: string;
  operator: RuleOperator;
  value: string;
};

let nextCondition = 0;

/** A fresh condition: `ticket.status is …`. */
export function newConditionRow(
  overrides: Partial<Omit<ConditionRow, 'rowId'>> = {},
): ConditionRow {
  nextCondition += 1;
  return {
    rowId: `condition-${nextCondition}`,
    field: 'ticket.status',
    customKey: '',
    operator: 'is',
    value: '',
    ...overrides,
  };
}

/**
 * The API's condition for a row: no value for none-kind operators, a list for in/not_in, a
 * number for greater_than/less_than (text that is not a number is sent as is: the server names
 * it), `true`/`false` for `response.isInternal`, else the text.
 */
export function toCondition(row: ConditionRow): RuleCondition {
  const field = row.field === CUSTOM_FIELD ? `${CUSTOM_PREFIX}${row.customKey.trim()}` : row.field;
  const kind = valueKind(row.operator);
  if (kind === 'none') return { field, operator: row.operator };
  if (kind === 'list') return { field, operator: row.operator, value: commaList(row.value) };
  const text = row.value.trim();
  if (kind === 'number') {
    const number = Number(text);
    return {
      field,
      operator: row.operator,
      value: text !== '' && Number.isFinite(number) ? number : text,
    };
  }
  if (field === 'response.isInternal' && (text === 'true' || text === 'false')) {
    return { field, operator: row.operator, value: text === 'true' };
  }
  return { field, operator: row.operator, value: row.value };
}

/** A row showing an existing condition. */
export function fromCondition(condition: RuleCondition): ConditionRow {
  const custom = condition.field.startsWith(CUSTOM_PREFIX);
  const { value } = condition;
  return newConditionRow({
    field: custom ? CUSTOM_FIELD : (condition.field as RuleField),
    customKey: custom ? condition.field.slice(CUSTOM_PREFIX.length) : '',
    operator: condition.operator,
    value: Array.isArray(value)
      ? value.join(', ')
      : value === undefined || value === null
        ? ''
        : String(value),
  });
}

/**
 * The form's keys for `serverFieldErrors`: `name`, `event`, `position`, `conditions`,
 * `conditions.<group>`, `conditions.<group>.N[.field|.operator|.value]`, then the actions'.
 */
export function ruleFieldKeys(counts: { all: number; any: number; actions: number }): string[] {
  const keys = ['name', 'event', 'position', 'active', 'conditions'];
  for (const group of ['all', 'any'] as const) {
    keys.push(`conditions.${group}`);
    for (let index = 0; index < counts[group]; index += 1) {
      const path = `conditions.${group}.${index}`;
      keys.push(path, `${path}.field`, `${path}.operator`, `${path}.value`);
    }
  }
  return [...keys, ...actionFieldKeys(counts.actions)];
}
