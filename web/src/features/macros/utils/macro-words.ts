/**
 * Words for macros in the current language: a one-line summary of a macro's actions (the macros
 * page's list), docs/product.md "Macros". A preview's field changes are worded by
 * `@/components/automation/utils/automation-words`.
 */
import type { TFunction } from 'i18next';
import type { MacroAction } from '@docket/server/contract/macros';

/**
 * One action in a few words, e.g. "Status: Resolved", "Add tags: vip, billing", "Group: Tier 1"
 * (`groupNames`: group names by id; a group not in it is shown by its id).
 */
export function describeAction(
  action: MacroAction,
  t: TFunction,
  groupNames?: Readonly<Record<string, string>>,
): string {
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
            ? t('automation.actions.assignMe')
            : action.value === null
              ? t('automation.actions.assignNobody')
              : action.value,
      });
    case 'set_group':
      return t('macros.summary.set_group', {
        value: action.value === null ? none : (groupNames?.[action.value] ?? action.value),
      });
    case 'set_custom_field':
      return t('macros.summary.set_custom_field', {
        key: action.key,
        value: action.value === null ? none : String(action.value),
      });
  }
}

/** Every action of a macro in order, separated by " · " (`groupNames` as `describeAction`'s). */
export function summarizeActions(
  actions: readonly MacroAction[],
  t: TFunction,
  groupNames?: Readonly<Record<string, string>>,
): string {
  return actions.map((action) => describeAction(action, t, groupNames)).join(' · ');
}
