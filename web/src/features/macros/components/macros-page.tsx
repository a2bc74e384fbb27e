import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Macro } from '@docket/server/contract/macros';
import { ActionListEditor } from '@/components/automation/components/action-row-editor';
import {
  MACRO_ACTION_TYPES,
  actionFieldKeys,
  fromAction,
  isMacroAction,
  newRow,
  toAction,
  type ActionRow,
} from '@/components/automation/utils/action-rows';
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
import { summarizeActions } from '../utils/macro-words';
import './macros.css';

/**
 * The macros page (docs/product.md "Macros"), over `/api/macros`: the caller's macros and the
 * shared ones (name, shared or personal, owner, a one-line summary of the actions), a form to
 * create or edit one (name, "shared" for admins only, its ordered actions: added, removed and
 * moved) and deletion after confirmation. The server's 400 is shown under the field its path
 * names (`actions.0.content` under the first action's reply text). Agents manage their own
 * macros; admins also the shared ones. `groups` are the groups a `set_group` action may name.
 */
export function MacrosPage({ groups = [] }: { groups?: readonly { id: string; name: string }[] }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const macros = useMacros();
  const remove = useDeleteMacro();
  const [editing, setEditing] = useState<Macro | null>(null);
  const isAdmin = user.role === 'ADMIN';
  const canManage = (macro: Macro) => isAdmin || (!macro.shared && macro.owner.id === user.id);
  const groupNames = Object.fromEntries(groups.map((group) => [group.id, group.name]));

  return (
    <>
      <MacroForm
        key={editing?.id ?? 'new'}
        macro={editing}
        canShare={isAdmin}
        groups={groups}
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
                cell: (macro) => summarizeActions(macro.actions, t, groupNames),
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
  /** The groups a `set_group` action may name. */
  groups: readonly { id: string; name: string }[];
  onDone: () => void;
};

function MacroForm({ macro, canShare, groups, onDone }: MacroFormProps) {
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
  const known = ['name', 'shared', ...actionFieldKeys(rows.length)];
  const { fields, general } = serverFieldErrors(mutation.error, known, t);

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
      actions: rows.map(toAction).filter(isMacroAction),
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
          <ActionListEditor
            rows={rows}
            onRowsChange={setRows}
            makeRow={() => newRow('set_status')}
            types={MACRO_ACTION_TYPES}
            groups={groups}
            errors={fields}
          />
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
