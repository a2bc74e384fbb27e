import { useTranslation } from 'react-i18next';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '@docket/server/contract/domain';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Field } from '@/components/ui/field';
import type { FieldErrors } from '@/lib/form-errors';
import type { ActionRow, AutomationActionType } from '../utils/action-rows';
import { AUTOMATION_PLACEHOLDERS } from '../utils/automation-words';
import '../automation.css';

export type ActionRowEditorProps = {
  row: ActionRow;
  /** The row's place in the list (0-based): its label "Action N" and its server paths. */
  index: number;
  /** How many rows the list has (the last cannot move down). */
  count: number;
  /** The types offered, in this order (a macro's, or a macro's and a rule's own). */
  types: readonly AutomationActionType[];
  /** The form's messages by key (`actions.N`, `actions.N.content`…), from `serverFieldErrors`. */
  errors: FieldErrors;
  /** Whether "Whoever applies it" may be chosen for `assign` (a macro: yes; a rule: no). */
  allowMe?: boolean;
  /** The shared macros an `apply_macro` row may choose from (rules only). */
  macros?: readonly { id: string; name: string }[];
  /** The organization's groups a `set_group` row may choose from. */
  groups?: readonly { id: string; name: string }[];
  onChange: (change: Partial<ActionRow>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
};

/**
 * One action of a macro's or a rule's ordered list (docs/product.md "Macros" and "Rules"), a
 * group named "Action N": its type, the fields that type takes (reply text and "internal note",
 * a status, a priority, a category, tags, an assignee, a group, a custom field, a shared macro,
 * an email's addresses, subject and text, a webhook note; nothing for `stop`), and buttons to
 * move it up or down or remove it. Each field shows the server's message for its path
 * (`actions.N.<field>`); a message for the whole row (`actions.N`) is shown above it.
 */
export function ActionRowEditor({
  row,
  index,
  count,
  types,
  errors,
  allowMe = true,
  macros = [],
  groups = [],
  onChange,
  onMove,
  onRemove,
}: ActionRowEditorProps) {
  const { t } = useTranslation();
  const number = index + 1;
  const name = (field: string) => `actions.${index}.${field}`;
  const error = (field: string) => errors[name(field)];
  const rowError = errors[`actions.${index}`];
  const textInput = (field: string, label: string, value: string, key: keyof ActionRow) => (
    <Field label={label} error={error(field)}>
      {(control) => (
        <input
          {...control}
          className="input"
          name={name(field)}
          value={value}
          onChange={(event) => onChange({ [key]: event.target.value })}
        />
      )}
    </Field>
  );
  const contentField = (label: string) => (
    <Field
      label={label}
      hint={t('automation.actions.placeholders', { list: AUTOMATION_PLACEHOLDERS.join(', ') })}
      error={error('content')}
    >
      {(control) => (
        <textarea
          {...control}
          className="textarea"
          name={name('content')}
          rows={5}
          value={row.content}
          onChange={(event) => onChange({ content: event.target.value })}
        />
      )}
    </Field>
  );

  let fields: React.ReactNode;
  switch (row.type) {
    case 'reply':
      fields = (
        <>
          {contentField(t('automation.actions.content'))}
          <Checkbox
            checked={row.isInternal}
            onCheckedChange={(isInternal) => onChange({ isInternal })}
            label={t('automation.actions.isInternal')}
          />
        </>
      );
      break;
    case 'set_status':
      fields = (
        <Field label={t('automation.actions.value')} error={error('value')}>
          {(control) => (
            <select
              {...control}
              className="select"
              name={name('value')}
              value={row.status}
              onChange={(event) => onChange({ status: event.target.value as ActionRow['status'] })}
            >
              {TICKET_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {t(`status.${status}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      );
      break;
    case 'set_priority':
      fields = (
        <Field label={t('automation.actions.value')} error={error('value')}>
          {(control) => (
            <select
              {...control}
              className="select"
              name={name('value')}
              value={row.priority}
              onChange={(event) =>
                onChange({ priority: event.target.value as ActionRow['priority'] })
              }
            >
              {TICKET_PRIORITIES.map((priority) => (
                <option key={priority} value={priority}>
                  {t(`priority.${priority}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      );
      break;
    case 'assign':
      fields = (
        <>
          <Field label={t('automation.actions.assignee')} error={error('value')}>
            {(control) => (
              <select
                {...control}
                className="select"
                name={name('value')}
                value={row.assign}
                onChange={(event) =>
                  onChange({ assign: event.target.value as ActionRow['assign'] })
                }
              >
                {allowMe || row.assign === 'me' ? (
                  <option value="me">{t('automation.actions.assignMe')}</option>
                ) : null}
                <option value="nobody">{t('automation.actions.assignNobody')}</option>
                <option value="user">{t('automation.actions.assignUser')}</option>
              </select>
            )}
          </Field>
          {row.assign === 'user'
            ? textInput('userId', t('automation.actions.userId'), row.userId, 'userId')
            : null}
        </>
      );
      break;
    case 'set_group': {
      // A group that is gone (deleted, or not the editor's) stays choosable by its id.
      const known = groups.some((group) => group.id === row.groupId);
      fields = (
        <Field label={t('automation.actions.group')} error={error('value')}>
          {(control) => (
            <select
              {...control}
              className="select"
              name={name('value')}
              value={row.groupId}
              onChange={(event) => onChange({ groupId: event.target.value })}
            >
              <option value="">{t('automation.actions.noGroup')}</option>
              {groups.map((group) => (
                <option key={group.id} value={group.id}>
                  {group.name}
                </option>
              ))}
              {row.groupId && !known ? <option value={row.groupId}>{row.groupId}</option> : null}
            </select>
          )}
        </Field>
      );
      break;
    }
    case 'set_custom_field':
      fields = (
        <>
          {textInput('key', t('automation.actions.key'), row.fieldKey, 'fieldKey')}
          {textInput('value', t('automation.actions.customValue'), row.text, 'text')}
        </>
      );
      break;
    case 'set_category':
      fields = textInput('value', t('automation.actions.category'), row.text, 'text');
      break;
    case 'add_tags':
    case 'remove_tags':
      fields = textInput('value', t('automation.actions.tags'), row.text, 'text');
      break;
    case 'apply_macro':
      fields = (
        <Field
          label={t('automation.actions.macro')}
          hint={macros.length ? undefined : t('automation.actions.noMacros')}
          error={error('macroId')}
        >
          {(control) => (
            <select
              {...control}
              className="select"
              name={name('macroId')}
              value={row.macroId}
              onChange={(event) => onChange({ macroId: event.target.value })}
            >
              <option value="">{t('automation.actions.chooseMacro')}</option>
              {macros.map((macro) => (
                <option key={macro.id} value={macro.id}>
                  {macro.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      );
      break;
    case 'notify_email':
      fields = (
        <>
          {textInput('to', t('automation.actions.to'), row.to, 'to')}
          {textInput('subject', t('automation.actions.subject'), row.subject, 'subject')}
          {contentField(t('automation.actions.emailContent'))}
        </>
      );
      break;
    case 'send_webhook':
      fields = (
        <Field
          label={t('automation.actions.note')}
          hint={t('automation.actions.noteHint')}
          error={error('note')}
        >
          {(control) => (
            <input
              {...control}
              className="input"
              name={name('note')}
              value={row.note}
              maxLength={500}
              onChange={(event) => onChange({ note: event.target.value })}
            />
          )}
        </Field>
      );
      break;
    case 'stop':
      fields = <p className="field__hint">{t('automation.actions.stopHint')}</p>;
      break;
  }

  return (
    <li>
      {/* The group (one action) inside the list item: a <li> keeps its listitem role. */}
      <div
        className="automation-actions__row"
        role="group"
        aria-label={t('automation.actions.action', { number })}
      >
        {rowError ? <Alert tone="error">{rowError}</Alert> : null}
        <Field label={t('automation.actions.type')}>
          {(control) => (
            <select
              {...control}
              className="select"
              name={name('type')}
              value={row.type}
              onChange={(event) => onChange({ type: event.target.value as AutomationActionType })}
            >
              {types.map((type) => (
                <option key={type} value={type}>
                  {t(`automation.types.${type}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {fields}
        <div className="automation-actions__tools">
          <Button
            variant="ghost"
            disabled={index === 0}
            aria-label={t('automation.actions.moveUp', { number })}
            onClick={() => onMove(-1)}
          >
            ↑
          </Button>
          <Button
            variant="ghost"
            disabled={index === count - 1}
            aria-label={t('automation.actions.moveDown', { number })}
            onClick={() => onMove(1)}
          >
            ↓
          </Button>
          <Button variant="ghost" onClick={onRemove}>
            {t('automation.actions.remove', { number })}
          </Button>
        </div>
      </div>
    </li>
  );
}

export type ActionListEditorProps = Pick<
  ActionRowEditorProps,
  'types' | 'errors' | 'allowMe' | 'macros' | 'groups'
> & {
  rows: ActionRow[];
  onRowsChange: (update: (rows: ActionRow[]) => ActionRow[]) => void;
  /** The row "Add an action" appends. */
  makeRow: () => ActionRow;
  /** At most this many actions (the API's 20). */
  max?: number;
};

/**
 * An ordered list of actions (`ActionRowEditor` per row), its list-wide message (`actions`) and
 * an "Add an action" button: rows are changed, moved and removed through `onRowsChange`.
 */
export function ActionListEditor({
  rows,
  onRowsChange,
  makeRow,
  max = 20,
  errors,
  ...rowProps
}: ActionListEditorProps) {
  const { t } = useTranslation();

  function moveRow(index: number, by: -1 | 1) {
    onRowsChange((current) => {
      const next = [...current];
      const [row] = next.splice(index, 1);
      if (row) next.splice(index + by, 0, row);
      return next;
    });
  }

  return (
    <>
      {errors.actions ? <Alert tone="error">{errors.actions}</Alert> : null}
      <ol className="automation-actions">
        {rows.map((row, index) => (
          <ActionRowEditor
            key={row.rowId}
            row={row}
            index={index}
            count={rows.length}
            errors={errors}
            {...rowProps}
            onChange={(change) =>
              onRowsChange((current) =>
                current.map((item, i) => (i === index ? { ...item, ...change } : item)),
              )
            }
            onMove={(by) => moveRow(index, by)}
            onRemove={() => onRowsChange((current) => current.filter((_, i) => i !== index))}
          />
        ))}
      </ol>
      <Button
        variant="secondary"
        disabled={rows.length >= max}
        onClick={() => onRowsChange((current) => [...current, makeRow()])}
      >
        {t('automation.actions.add')}
      </Button>
    </>
  );
}
