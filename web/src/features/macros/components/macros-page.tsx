import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '@docket/server/contract/domain';
import type { Macro } from '@docket/server/contract/macros';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Checkbox } from '@/components/ui/checkbox';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { DataTable } from '@/components/ui/data-table';
import { Field } from '@/components/ui/field';
import { Loading } from '@/components/ui/loading';
import { useToast } from '@/components/ui/toast';
import { useCurrentUser } from '@/lib/current-user';
import { errorMessage, serverFieldErrors } from '@/lib/form-errors';
import { useCreateMacro, useDeleteMacro, useMacros, useUpdateMacro } from '../api/macros';
import {
  MACRO_ACTION_TYPES,
  fromAction,
  macroFieldKeys,
  newRow,
  toAction,
  type ActionRow,
  type MacroActionType,
} from '../utils/macro-form';
import { MACRO_PLACEHOLDERS, summarizeActions } from '../utils/macro-words';
import './macros.css';

/**
 * The macros page (docs/product.md "Macros"), over `/api/macros`: the caller's macros and the
 * shared ones (name, shared or personal, owner, a one-line summary of the actions), a form to
 * create or edit one (name, "shared" for admins only, its ordered actions: added, removed and
 * moved) and deletion after confirmation. The server's 400 is shown under the field its path
 * names (`actions.0.content` under the first action's reply text). Agents manage their own
 * macros; admins also the shared ones.
 */
export function MacrosPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const macros = useMacros();
  const remove = useDeleteMacro();
  const [editing, setEditing] = useState<Macro | null>(null);
  const isAdmin = user.role === 'ADMIN';
  const canManage = (macro: Macro) => isAdmin || (!macro.shared && macro.owner.id === user.id);

  return (
    <>
      <MacroForm
        key={editing?.id ?? 'new'}
        macro={editing}
        canShare={isAdmin}
        onDone={() => setEditing(null)}
      />
      <Card title={t('macros.title')}>
        {macros.isPending ? <Loading /> : null}
        {macros.isError ? (
          <Alert tone="error" title={t('macros.loadError')}>
            {errorMessage(macros.error, t)}
          </Alert>
        ) : null}
        {macros.data ? (
          <DataTable
            caption={t('macros.title')}
            hideCaption
            rows={macros.data.data}
            rowKey={(macro) => macro.id}
            empty={t('macros.empty')}
            columns={[
              {
                key: 'name',
                header: t('macros.columns.name'),
                rowHeader: true,
                cell: (macro) => macro.name,
              },
              {
                key: 'scope',
                header: t('macros.columns.scope'),
                cell: (macro) => (macro.shared ? t('macros.shared') : t('macros.personal')),
              },
              {
                key: 'owner',
                header: t('macros.columns.owner'),
                cell: (macro) => macro.owner.name,
              },
              {
                key: 'actions',
                header: t('macros.columns.actions'),
                cell: (macro) => summarizeActions(macro.actions, t),
              },
              {
                key: 'manage',
                header: t('macros.columns.manage'),
                cell: (macro) =>
                  canManage(macro) ? (
                    <div className="macro-actions__tools">
                      <Button
                        variant="secondary"
                        aria-label={t('macros.editLabel', { name: macro.name })}
                        onClick={() => setEditing(macro)}
                      >
                        {t('macros.edit')}
                      </Button>
                      <ConfirmDialog
                        trigger={t('macros.delete')}
                        triggerLabel={t('macros.deleteLabel', { name: macro.name })}
                        title={t('macros.deleteTitle', { name: macro.name })}
                        description={t('macros.deleteDescription')}
                        confirmLabel={t('macros.delete')}
                        onConfirm={async () => {
                          await remove.mutateAsync(macro.id);
                          if (editing?.id === macro.id) setEditing(null);
                        }}
                      />
                    </div>
                  ) : null,
              },
            ]}
          />
        ) : null}
      </Card>
    </>
  );
}

type MacroFormProps = {
  /** The macro being edited, or null to create one. */
  macro: Macro | null;
  /** Admins may share a macro with every agent. */
  canShare: boolean;
  onDone: () => void;
};

function MacroForm({ macro, canShare, onDone }: MacroFormProps) {
  const { t } = useTranslation();
  const { toast } = useToast();
  const create = useCreateMacro();
  const update = useUpdateMacro();
  const [name, setName] = useState(macro?.name ?? '');
  const [shared, setShared] = useState(macro?.shared ?? false);
  const [rows, setRows] = useState<ActionRow[]>(() =>
    macro ? macro.actions.map(fromAction) : [newRow('reply')],
  );
  const mutation = macro ? update : create;
  const known = macroFieldKeys(rows.length);
  const { fields, general } = serverFieldErrors(mutation.error, known, t);

  function changeRow(index: number, change: Partial<ActionRow>) {
    setRows((current) => current.map((row, i) => (i === index ? { ...row, ...change } : row)));
  }

  function moveRow(index: number, by: -1 | 1) {
    setRows((current) => {
      const next = [...current];
      const [row] = next.splice(index, 1);
      if (row) next.splice(index + by, 0, row);
      return next;
    });
  }

  function reset() {
    setName('');
    setShared(false);
    setRows([newRow('reply')]);
    create.reset();
    update.reset();
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = {
      name: name.trim(),
      ...(canShare ? { shared } : {}),
      actions: rows.map(toAction),
    };
    if (macro) {
      update.mutate(
        { id: macro.id, body },
        {
          onSuccess: () => {
            toast({ tone: 'success', title: t('macros.form.saved') });
            onDone();
          },
        },
      );
    } else {
      create.mutate(
        { shared: false, ...body },
        {
          onSuccess: () => {
            toast({ tone: 'success', title: t('macros.form.created') });
            reset();
          },
        },
      );
    }
  }

  return (
    <Card
      title={
        macro ? t('macros.form.editTitle', { name: macro.name }) : t('macros.form.createTitle')
      }
    >
      <form className="admin-form" onSubmit={handleSubmit} noValidate>
        <Field label={t('macros.form.name')} error={fields.name} required>
          {(control) => (
            <input
              {...control}
              className="input"
              name="name"
              value={name}
              maxLength={100}
              onChange={(event) => setName(event.target.value)}
            />
          )}
        </Field>
        {canShare ? (
          <div className="field">
            <Checkbox
              checked={shared}
              onCheckedChange={setShared}
              label={t('macros.form.shared')}
              name="shared"
            />
            <p className="field__hint">{t('macros.form.sharedHint')}</p>
          </div>
        ) : null}

        <fieldset className="fieldset">
          <legend>{t('macros.form.actions')}</legend>
          <p className="field__hint">{t('macros.form.actionsHint')}</p>
          {fields.actions ? <Alert tone="error">{fields.actions}</Alert> : null}
          <ol className="macro-actions">
            {rows.map((row, index) => (
              <ActionRowEditor
                key={row.rowId}
                row={row}
                index={index}
                count={rows.length}
                errors={{
                  row: fields[`actions.${index}`],
                  content: fields[`actions.${index}.content`],
                  value: fields[`actions.${index}.value`],
                  key: fields[`actions.${index}.key`],
                }}
                onChange={(change) => changeRow(index, change)}
                onMove={(by) => moveRow(index, by)}
                onRemove={() => setRows((current) => current.filter((_, i) => i !== index))}
              />
            ))}
          </ol>
          <Button
            variant="secondary"
            disabled={rows.length >= 20}
            onClick={() => setRows((current) => [...current, newRow('set_status')])}
          >
            {t('macros.form.addAction')}
          </Button>
        </fieldset>

        {general ? <Alert tone="error">{general}</Alert> : null}
        <div className="admin-dialog__actions">
          {macro ? (
            <Button variant="ghost" onClick={onDone}>
              {t('macros.form.cancel')}
            </Button>
          ) : null}
          <Button type="submit" disabled={mutation.isPending || rows.length === 0}>
            {macro ? t('macros.form.save') : t('macros.form.create')}
          </Button>
        </div>
      </form>
    </Card>
  );
}

type ActionRowEditorProps = {
  row: ActionRow;
  index: number;
  count: number;
  errors: { row?: string; content?: string; value?: string; key?: string };
  onChange: (change: Partial<ActionRow>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
};

function ActionRowEditor({
  row,
  index,
  count,
  errors,
  onChange,
  onMove,
  onRemove,
}: ActionRowEditorProps) {
  const { t } = useTranslation();
  const number = index + 1;
  const name = (field: string) => `actions.${index}.${field}`;
  return (
    <li
      className="macro-actions__row"
      role="group"
      aria-label={t('macros.form.action', { number })}
    >
      {errors.row ? <Alert tone="error">{errors.row}</Alert> : null}
      <Field label={t('macros.form.type')}>
        {(control) => (
          <select
            {...control}
            className="select"
            name={name('type')}
            value={row.type}
            onChange={(event) => onChange({ type: event.target.value as MacroActionType })}
          >
            {MACRO_ACTION_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`macros.types.${type}`)}
              </option>
            ))}
          </select>
        )}
      </Field>

      {row.type === 'reply' ? (
        <>
          <Field
            label={t('macros.form.content')}
            hint={t('macros.form.placeholders', {
              list: MACRO_PLACEHOLDERS.join(', '),
              interpolation: { escapeValue: false },
            })}
            error={errors.content}
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
          <Checkbox
            checked={row.isInternal}
            onCheckedChange={(isInternal) => onChange({ isInternal })}
            label={t('macros.form.isInternal')}
          />
        </>
      ) : row.type === 'set_status' ? (
        <Field label={t('macros.form.value')} error={errors.value}>
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
      ) : row.type === 'set_priority' ? (
        <Field label={t('macros.form.value')} error={errors.value}>
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
      ) : row.type === 'assign' ? (
        <>
          <Field label={t('macros.form.assignee')} error={errors.value}>
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
                <option value="me">{t('macros.form.assignMe')}</option>
                <option value="nobody">{t('macros.form.assignNobody')}</option>
                <option value="user">{t('macros.form.assignUser')}</option>
              </select>
            )}
          </Field>
          {row.assign === 'user' ? (
            <Field label={t('macros.form.userId')}>
              {(control) => (
                <input
                  {...control}
                  className="input"
                  name={name('userId')}
                  value={row.userId}
                  onChange={(event) => onChange({ userId: event.target.value })}
                />
              )}
            </Field>
          ) : null}
        </>
      ) : row.type === 'set_custom_field' ? (
        <>
          <Field label={t('macros.form.key')} error={errors.key}>
            {(control) => (
              <input
                {...control}
                className="input"
                name={name('key')}
                value={row.fieldKey}
                onChange={(event) => onChange({ fieldKey: event.target.value })}
              />
            )}
          </Field>
          <Field label={t('macros.form.customValue')} error={errors.value}>
            {(control) => (
              <input
                {...control}
                className="input"
                name={name('value')}
                value={row.text}
                onChange={(event) => onChange({ text: event.target.value })}
              />
            )}
          </Field>
        </>
      ) : (
        <Field
          label={row.type === 'set_category' ? t('macros.form.category') : t('macros.form.tags')}
          error={errors.value}
        >
          {(control) => (
            <input
              {...control}
              className="input"
              name={name('value')}
              value={row.text}
              onChange={(event) => onChange({ text: event.target.value })}
            />
          )}
        </Field>
      )}

      <div className="macro-actions__tools">
        <Button
          variant="ghost"
          disabled={index === 0}
          aria-label={t('macros.form.moveUp', { number })}
          onClick={() => onMove(-1)}
        >
          ↑
        </Button>
        <Button
          variant="ghost"
          disabled={index === count - 1}
          aria-label={t('macros.form.moveDown', { number })}
          onClick={() => onMove(1)}
        >
          ↓
        </Button>
        <Button variant="ghost" onClick={onRemove}>
          {t('macros.form.remove', { number })}
        </Button>
      </div>
    </li>
  );
}
