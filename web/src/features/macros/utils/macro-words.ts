/**
 * Words for macros in the current language: a one-line summary of a macro's actions (the macros
 * page's list) and a field change of a preview ("Status: New → Resolved"), docs/product.md
 * "Macros".
 */
import type { TFunction } from 'i18next';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '@docket/server/contract/domain';
import type { MacroAction } from '@docket/server/contract/macros';

function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

/** The placeholders a reply may use (docs/product.md "Macros"); any other is refused (400). */
export const MACRO_PLACEHOLDERS = [
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

/** One action in a few words, e.g. "Status: Resolved", "Add tags: vip, billing". */
export function describeAction(action: MacroAction, t: TFunction): string {
  const none = t('macros.summary.none');
  switch (action.type) {
    case 'reply':
      return action.isInternal ? t('macros.summary.note') : t('macros.summary.reply');
    case 'set_status':
      return t('macros.summary.set_status', { value: t(`status.${action.value}`) });
    case 'set_priority':
      return t('macros.summary.set_priority', { value: t(`priority.${action.value}`) });
    case 'set_category':
      return t('macros.summary.set_category', { value: action.value ?? none });
    case 'add_tags':
    case 'remove_tags':
      return t(`macros.summary.${action.type}`, { value: action.value.join(', ') });
    case 'assign':
      return t('macros.summary.assign', {
        value:
          action.value === 'me'
            ? t('macros.form.assignMe')
            : action.value === null
              ? t('macros.form.assignNobody')
              : action.value,
      });
    case 'set_custom_field':
      return t('macros.summary.set_custom_field', {
        key: action.key,
        value: action.value === null ? none : String(action.value),
      });
  }
}

/** Every action of a macro in order, separated by " · ". */
export function summarizeActions(actions: readonly MacroAction[], t: TFunction): string {
  return actions.map((action) => describeAction(action, t)).join(' · ');
}

/**
 * A field's value as a preview shows it: status and priority translated, lists joined, a person
 * by name, custom fields as `key: value`, nothing as "—".
 */
export function formatChangeValue(field: string, value: unknown, t: TFunction): string {
  const empty = t('macros.picker.empty_value');
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

/** A field's name in a preview: its label when known, else the server's name. */
export function fieldLabel(field: string, t: TFunction): string {
  return (KNOWN_FIELDS as readonly string[]).includes(field)
    ? t(`macros.fields.${field as (typeof KNOWN_FIELDS)[number]}`)
    : field;
}

const KNOWN_FIELDS = [
  'status',
  'priority',
  'category',
  'tags',
  'assignee',
  'customFields',
] as const;
