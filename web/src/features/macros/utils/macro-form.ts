/**
 * The macros form's rows (docs/product.md "Macros"): every action type edited through the same
 * text fields, turned into the API's `MacroAction` on submit and back when a macro is edited;
 * and where a server message goes (RFC 9457 problem `errors[].path`, e.g. `actions.0.content`).
 */
import type { MacroAction } from '@docket/server/contract/macros';
import type { TicketPriority, TicketStatus } from '@docket/server/contract/domain';


export type MacroActionType = MacroAction['type'];

export const MACRO_ACTION_TYPES: readonly MacroActionType[] = [
  'reply',
  'set_status',
  'set_priority',
  'set_category',
  'add_tags',
  'remove_tags',
  'assign',
  'set_custom_field',
];

/** One row of the form, whatever its type: the fields its type does not use are ignored. */
export type ActionRow = {
  /** A local key, stable while rows move. */
  rowId: string;
  type: MacroActionType;
  content: string;
  isInternal: boolean;
  status: TicketStatus;
  priority: TicketPriority;
  /** Category name, tags (comma-separated) or a custom field's value. */
  text: string;
  assign: 'me' | 'nobody' | 'user';
  userId: string;
  fieldKey: string;
};

let nextRow = 0;

/** A fresh row of `type` with its defaults. */
export function newRow(type: MacroActionType = 'reply'): ActionRow {
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
  };
}

/** The API's action for a row (`set_category` and custom fields: empty text is null). */
export function toAction(row: ActionRow): MacroAction {
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
      return {
        type: row.type,
        value: row.text
          .split(',')
          .map((tag) => tag.trim())
          .filter(Boolean),
      };
    case 'assign':
      return {
        type: 'assign',
        value: row.assign === 'me' ? 'me' : row.assign === 'nobody' ? null : row.userId.trim(),
      };
    case 'set_custom_field':
      return {
        type: 'set_custom_field',
        key: row.fieldKey,
        value: row.text === '' ? null : row.text,
      };
  }
}

/** A row showing an existing action. */
export function fromAction(action: MacroAction): ActionRow {
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
    case 'set_custom_field':
      return {
        ...row,
        fieldKey: action.key,
        text: action.value === null ? '' : String(action.value),
      };
  }
}

/** The form's field keys for `count` rows: `name`, `shared`, `actions`, `actions.N[.field]`. */
export function macroFieldKeys(count: number): string[] {
  const keys = ['name', 'shared', 'actions'];
  for (let index = 0; index < count; index += 1) {
    keys.push(
      `actions.${index}`,
      `actions.${index}.content`,
      `actions.${index}.value`,
      `actions.${index}.key`,
    );
  }
  return keys;
}
