/**
 * Words shared by macros and rules (docs/product.md "Macros" and "Rules"): the placeholders a
 * reply or email may use, and a field change as a preview, a dry run or a rule run shows it
 * ("Status: New → Resolved").
 */
import type { TFunction } from 'i18next';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '@docket/server/contract/domain';

function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

/** The placeholders a reply or email may use (docs/product.md "Macros"); any other is a 400. */
export const AUTOMATION_PLACEHOLDERS = [
  '{{ticket.reference}}',
  '{{ticket.number}}',
  '{{ticket.subject}}',
  '{{ticket.status}}',
  '{{ticket.priority}}',
  '{{ticket.category}}',
  '{{requester.name}}',
  '{{requester.firstName}}',
  '{{requester.email}}',
  '{{agent.name}}',
  '{{agent.firstName}}',
] as const;

/**
 * A field's value as a change shows it: status and priority translated, lists joined, a person
 * by name, custom fields as `key: value`, nothing as "—".
 */
export function formatChangeValue(field: string, value: unknown, t: TFunction): string {
  const empty = t('automation.emptyValue');
  if (value === null || value === undefined || value === '') return empty;
  if (field === 'status' && isOneOf(TICKET_STATUSES, value)) return t(`status.${value}`);
  if (field === 'priority' && isOneOf(TICKET_PRIORITIES, value)) return t(`priority.${value}`);
  if (Array.isArray(value)) return value.length ? value.map(String).join(', ') : empty;
  if (typeof value === 'object') {
    if ('name' in value && typeof value.name === 'string') return value.name;
    const entries = Object.entries(value);
    return entries.length ? entries.map(([k, v]) => `${k}: ${String(v)}`).join(', ') : empty;
  }
  return String(value);
}

const KNOWN_FIELDS = [
  'status',
  'priority',
  'category',
  'tags',
  'assignee',
  'assigneeId',
  'group',
  'groupId',
  'customFields',
] as const;

/** A changed field's name: its label when known, else the server's name. */
export function fieldLabel(field: string, t: TFunction): string {
  return (KNOWN_FIELDS as readonly string[]).includes(field)
    ? t(`automation.fields.${field as (typeof KNOWN_FIELDS)[number]}`)
    : field;
}

/** `{field: {before, after}}` as lines "Status: New → Resolved", in the server's order. */
export function describeChanges(
  changes: Readonly<Record<string, { before: unknown; after: unknown }>>,
  t: TFunction,
): string[] {
  return Object.entries(changes).map(([field, change]) =>
    t('automation.change', {
      field: fieldLabel(field, t),
      before: formatChangeValue(field, change.before, t),
      after: formatChangeValue(field, change.after, t),
    }),
  );
}
