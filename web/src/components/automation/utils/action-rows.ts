/**
 * The rows of an automation form's action list (docs/product.md "Macros" and "Rules"): every
 * action type edited through the same text fields, turned into the API's action on submit and
 * back when a macro or rule is edited. A macro offers `MACRO_ACTION_TYPES`; a rule offers those
 * and `RULE_ONLY_ACTION_TYPES` (apply a shared macro, send an email, send a webhook, stop).
 */
import type { TicketPriority, TicketStatus } from '@docket/server/contract/domain';
import type { MacroAction } from '@docket/server/contract/macros';
import type { RuleAction } from '@docket/server/contract/rules';

/** Any action's type: a macro's, or one only rules have. */
export type AutomationActionType = RuleAction['type'];

export const MACRO_ACTION_TYPES: readonly MacroAction['type'][] = [
  'reply',
  'set_status',
  'set_priority',
  'set_category',
  'add_tags',
  'remove_tags',
  'assign',
  'set_group',
  'set_custom_field',
];

/** The actions a rule has besides a macro's (docs/product.md "Rules"). */
export const RULE_ONLY_ACTION_TYPES: readonly AutomationActionType[] = [
  'apply_macro',
  'notify_email',
  'send_webhook',
  'stop',
];

/** One row of the form, whatever its type: the fields its type does not use are ignored. */
export type ActionRow = {
  /** A local key, stable while rows move. */
  rowId: string;
  type: AutomationActionType;
  /** A reply's text, or an email's body (`notify_email`). */
  content: string;
  isInternal: boolean;
  status: TicketStatus;
  priority: TicketPriority;
  /** Category name, tags (comma-separated) or a custom field's value. */
  text: string;
  /** `me` (whoever applies a macro; never in a rule), nobody, or a user by id. */
  assign: 'me' | 'nobody' | 'user';
  userId: string;
  fieldKey: string;
  /** `set_group`: the group's id, or '' for no group. */
  groupId: string;
  /** `apply_macro`: the shared macro's id. */
  macroId: string;
  /** `notify_email`: the addresses, comma-separated. */
  to: string;
  subject: string;
  /** `send_webhook`: the note sent with the event. */
  note: string;
};

let nextRow = 0;

/** A fresh row of `type` with its defaults (`overrides` win, e.g. `{assign: 'nobody'}`). */
export function newRow(
  type: AutomationActionType = 'reply',
  overrides: Partial<Omit<ActionRow, 'rowId' | 'type'>> = {},
): ActionRow {
  nextRow += 1;
  return {
    rowId: `row-${nextRow}`,
    type,
    content: '',
    isInternal: false,
    status: 'RESOLVED',
    priority: 'MEDIUM',
    text: '',
    assign: 'me',
    userId: '',
    fieldKey: '',
    groupId: '',
    macroId: '',
    to: '',
    subject: '',
    note: '',
    ...overrides,
  };
}

/** Comma-separated text as a list, each item trimmed, empty ones dropped. */
export function commaList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** The API's action for a row (`set_category`, custom fields, a webhook note: empty is null). */
export function toAction(row: ActionRow): RuleAction {
  switch (row.type) {
    case 'reply':
      return { type: 'reply', content: row.content, isInternal: row.isInternal };
    case 'set_status':
      return { type: 'set_status', value: row.status };
    case 'set_priority':
      return { type: 'set_priority', value: row.priority };
    case 'set_category':
      return { type: 'set_category', value: row.text.trim() || null };
    case 'add_tags':
    case 'remove_tags':
      return { type: row.type, value: commaList(row.text) };
    case 'assign':
      return {
        type: 'assign',
        value: row.assign === 'me' ? 'me' : row.assign === 'nobody' ? null : row.userId.trim(),
      };
    case 'set_group':
      return { type: 'set_group', value: row.groupId || null };
    case 'set_custom_field':
      return {
        type: 'set_custom_field',
        key: row.fieldKey,
        value: row.text === '' ? null : row.text,
      };
    case 'apply_macro':
      return { type: 'apply_macro', macroId: row.macroId };
    case 'notify_email':
      return {
        type: 'notify_email',
        to: commaList(row.to),
        subject: row.subject,
        content: row.content,
      };
    case 'send_webhook':
      return { type: 'send_webhook', note: row.note.trim() || null };
    case 'stop':
      return { type: 'stop' };
  }
}

/** Whether `action` is one a macro may have (rows of a macro form only ever give those). */
export function isMacroAction(action: RuleAction): action is MacroAction {
  return (MACRO_ACTION_TYPES as readonly string[]).includes(action.type);
}

/** A row showing an existing action. */
export function fromAction(action: RuleAction): ActionRow {
  const row = newRow(action.type);
  switch (action.type) {
    case 'reply':
      return { ...row, content: action.content, isInternal: action.isInternal };
    case 'set_status':
      return { ...row, status: action.value };
    case 'set_priority':
      return { ...row, priority: action.value };
    case 'set_category':
      return { ...row, text: action.value ?? '' };
    case 'add_tags':
    case 'remove_tags':
      return { ...row, text: action.value.join(', ') };
    case 'assign':
      return action.value === 'me'
        ? { ...row, assign: 'me' }
        : action.value === null
          ? { ...row, assign: 'nobody' }
          : { ...row, assign: 'user', userId: action.value };
    case 'set_group':
      return { ...row, groupId: action.value ?? '' };
    case 'set_custom_field':
      return {
        ...row,
        fieldKey: action.key,
        text: action.value === null ? '' : String(action.value),
      };
    case 'apply_macro':
      return { ...row, macroId: action.macroId };
    case 'notify_email':
      return { ...row, to: action.to.join(', '), subject: action.subject, content: action.content };
    case 'send_webhook':
      return { ...row, note: action.note ?? '' };
    case 'stop':
      return row;
  }
}

/** The fields of one action row the server's paths may name (`actions.N.<field>`). */
const ACTION_FIELDS = ['content', 'value', 'key', 'macroId', 'to', 'subject', 'note'] as const;

/**
 * The form keys of `count` action rows, for `serverFieldErrors`: `actions`, `actions.N` and
 * `actions.N.<field>` (RFC 9457 problem `errors[].path`, e.g. `actions.1.content`).
 */
export function actionFieldKeys(count: number): string[] {
  const keys = ['actions'];
  for (let index = 0; index < count; index += 1) {
    keys.push(`actions.${index}`, ...ACTION_FIELDS.map((field) => `actions.${index}.${field}`));
  }
  return keys;
}
