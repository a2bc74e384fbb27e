import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import {
  RULE_EVENTS,
  RULE_FIELDS,
  RULE_OPERATORS,
  type Rule,
  type UpdateRuleInput,
} from '@docket/server/contract/rules';
import { ActionListEditor } from '@/components/automation/components/action-row-editor';
import {
  MACRO_ACTION_TYPES,
  RULE_ONLY_ACTION_TYPES,
  fromAction,
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
import { errorMessage, serverFieldErrors, type FieldErrors } from '@/lib/form-errors';
import { useCreateRule, useDeleteRule, useRules, useUpdateRule } from '../api/rules';
import {
  CUSTOM_FIELD,
  fromCondition,
  newConditionRow,
  ruleFieldKeys,
  toCondition,
  valueKind,
  type ConditionRow,
  type RuleOperator,
} from '../utils/rule-form';
import { eventLabel } from '../utils/rule-words';
import { RuleTestPanel } from './rule-test-panel';
import './rules.css';

const RULE_ACTION_TYPES = [...MACRO_ACTION_TYPES, ...RULE_ONLY_ACTION_TYPES];

/** A rule's action row: a rule has no "me", so `assign` starts at "nobody". */
const newRuleRow = (type: ActionRow['type']) => newRow(type, { assign: 'nobody' });

type RulesAdminProps = {
  /** The organization's shared macros, which an `apply_macro` action may name. */
  macros: readonly { id: string; name: string }[];
  /** The organization's groups, which a `set_group` action may name. */
  groups?: readonly { id: string; name: string }[];
};

/**
 * The rules admin page (docs/product.md "Rules"), over `/api/rules`: the rules in the order they
 * run (position, name, event, a switch that PATCHes `{active}`, edit, test, delete after
 * confirmation), a form to create or edit one (name, event, "all" and "any" conditions, ordered
 * actions, position) showing the server's 400 under the field its path names
 * (`conditions.all.0.value`, `actions.1.content`), and the dry-run panel of the rule chosen.
 */
export function RulesAdmin({ macros, groups = [] }: RulesAdminProps) {
  const { t } = useTranslation();
  const { toast } = useToast();
  const rules = useRules();
  const update = useUpdateRule();
  const remove = useDeleteRule();
  const [editing, setEditing] = useState<Rule | null>(null);
  const [testing, setTesting] = useState<Rule | null>(null);

  function toggle(rule: Rule) {
    update.mutate(
      { id: rule.id, body: { active: !rule.active } },
      {
        onSuccess: (saved) =>
          toast({
            tone: 'success',
            title: t(saved.active ? 'rules.activated' : 'rules.deactivated', { name: saved.name }),
          }),
      },
    );
  }

  return (
    <>
      <RuleForm
        key={editing?.id ?? 'new'}
        rule={editing}
        macros={macros}
        groups={groups}
        onDone={() => setEditing(null)}
      />
      <Card title={t('rules.listTitle')}>
        {rules.isPending ? <Loading /> : null}
        {rules.isError ? (
          <Alert tone="error" title={t('rules.loadError')}>
            {errorMessage(rules.error, t)}
          </Alert>
        ) : null}
        {update.isError && !editing ? (
          <Alert tone="error">{errorMessage(update.error, t)}</Alert>
        ) : null}
        {rules.data ? (
          <DataTable
            caption={t('rules.listTitle')}
            hideCaption
            rows={rules.data.data}
            rowKey={(rule) => rule.id}
            empty={t('rules.empty')}
            columns={[
              {
                key: 'position',
                header: t('rules.columns.position'),
                cell: (rule) => rule.position,
              },
              {
                key: 'name',
                header: t('rules.columns.name'),
                rowHeader: true,
                cell: (rule) => rule.name,
              },
              {
                key: 'event',
                header: t('rules.columns.event'),
                cell: (rule) => eventLabel(rule.event, t),
              },
              {
                key: 'active',
                header: t('rules.columns.active'),
                cell: (rule) => (
                  <input
                    type="checkbox"
                    role="switch"
                    className="rule-switch"
                    checked={rule.active}
                    aria-label={t('rules.activeLabel', { name: rule.name })}
                    disabled={update.isPending && update.variables?.id === rule.id}
                    onChange={() => toggle(rule)}
                  />
                ),
              },
              {
                key: 'manage',
                header: t('rules.columns.manage'),
                cell: (rule) => (
                  <div className="rule-tools">
                    <Button
                      variant="secondary"
                      aria-label={t('rules.editLabel', { name: rule.name })}
                      onClick={() => setEditing(rule)}
                    >
                      {t('rules.edit')}
                    </Button>
                    <Button
                      variant="secondary"
                      aria-label={t('rules.testLabel', { name: rule.name })}
                      onClick={() => setTesting(rule)}
                    >
                      {t('rules.test')}
                    </Button>
                    <ConfirmDialog
                      trigger={t('rules.delete')}
                      triggerLabel={t('rules.deleteLabel', { name: rule.name })}
                      title={t('rules.deleteTitle', { name: rule.name })}
                      description={t('rules.deleteDescription')}
                      confirmLabel={t('rules.delete')}
                      onConfirm={async () => {
                        await remove.mutateAsync(rule.id);
                        if (editing?.id === rule.id) setEditing(null);
                        if (testing?.id === rule.id) setTesting(null);
                      }}
                    />
                  </div>
                ),
              },
            ]}
          />
        ) : null}
      </Card>
      {testing ? (
        <RuleTestPanel key={testing.id} rule={testing} onClose={() => setTesting(null)} />
      ) : null}
    </>
  );
}

type RuleFormProps = {
  /** The rule being edited, or null to create one. */
  rule: Rule | null;
  macros: readonly { id: string; name: string }[];
  groups: readonly { id: string; name: string }[];
  onDone: () => void;
};

function RuleForm({ rule, macros, groups, onDone }: RuleFormProps) {
  const { t } = useTranslation();
  const { toast } = useToast();
  const create = useCreateRule();
  const update = useUpdateRule();
  const [name, setName] = useState(rule?.name ?? '');
  const [event, setEvent] = useState<Rule['event']>(rule?.event ?? 'ticket.created');
  const [position, setPosition] = useState(rule ? String(rule.position) : '');
  const [active, setActive] = useState(rule?.active ?? false);
  const [all, setAll] = useState<ConditionRow[]>(() =>
    rule ? rule.conditions.all.map(fromCondition) : [],
  );
  const [any, setAny] = useState<ConditionRow[]>(() =>
    rule ? rule.conditions.any.map(fromCondition) : [],
  );
  const [rows, setRows] = useState<ActionRow[]>(() =>
    rule ? rule.actions.map(fromAction) : [newRuleRow('set_priority')],
  );
  const mutation = rule ? update : create;
  const known = ruleFieldKeys({ all: all.length, any: any.length, actions: rows.length });
  const { fields, general } = serverFieldErrors(mutation.error, known, t);

  function reset() {
    setName('');
    setEvent('ticket.created');
    setPosition('');
    setActive(false);
    setAll([]);
    setAny([]);
    setRows([newRuleRow('set_priority')]);
    create.reset();
  }

  function handleSubmit(submitted: FormEvent<HTMLFormElement>) {
    submitted.preventDefault();
    const trimmed = position.trim();
    const body = {
      name: name.trim(),
      event,
      active,
      ...(trimmed === '' ? {} : { position: Number(trimmed) }),
      conditions: { all: all.map(toCondition), any: any.map(toCondition) },
      actions: rows.map(toAction),
    } satisfies UpdateRuleInput;
    if (rule) {
      update.mutate(
        { id: rule.id, body },
        {
          onSuccess: () => {
            toast({ tone: 'success', title: t('rules.form.saved') });
            onDone();
          },
        },
      );
    } else {
      create.mutate(body, {
        onSuccess: () => {
          toast({ tone: 'success', title: t('rules.form.created') });
          reset();
        },
      });
    }
  }

  return (
    <Card
      title={rule ? t('rules.form.editTitle', { name: rule.name }) : t('rules.form.createTitle')}
    >
      <form className="admin-form" onSubmit={handleSubmit} noValidate>
        <Field label={t('rules.form.name')} error={fields.name} required>
          {(control) => (
            <input
              {...control}
              className="input"
              name="name"
              value={name}
              maxLength={100}
              onChange={(change) => setName(change.target.value)}
            />
          )}
        </Field>
        <Field
          label={t('rules.form.event')}
          hint={event === 'schedule' ? t('rules.form.scheduleHint') : t('rules.form.eventHint')}
          error={fields.event}
        >
          {(control) => (
            <select
              {...control}
              className="select"
              name="event"
              value={event}
              onChange={(change) => setEvent(change.target.value as Rule['event'])}
            >
              {RULE_EVENTS.map((value) => (
                <option key={value} value={value}>
                  {eventLabel(value, t)}
                </option>
              ))}
            </select>
          )}
        </Field>

        <ConditionGroup group="all" rows={all} onRowsChange={setAll} errors={fields} />
        <ConditionGroup group="any" rows={any} onRowsChange={setAny} errors={fields} />

        <fieldset className="fieldset">
          <legend>{t('rules.form.actions')}</legend>
          <p className="field__hint">{t('rules.form.actionsHint')}</p>
          <ActionListEditor
            rows={rows}
            onRowsChange={setRows}
            makeRow={() => newRuleRow('set_status')}
            types={RULE_ACTION_TYPES}
            allowMe={false}
            macros={macros}
            groups={groups}
            errors={fields}
          />
        </fieldset>

        <Field
          label={t('rules.form.position')}
          hint={t('rules.form.positionHint')}
          error={fields.position}
        >
          {(control) => (
            <input
              {...control}
              className="input"
              name="position"
              type="number"
              inputMode="numeric"
              min={0}
              max={100000}
              value={position}
              onChange={(change) => setPosition(change.target.value)}
            />
          )}
        </Field>
        <Checkbox
          checked={active}
          onCheckedChange={setActive}
          label={t('rules.form.active')}
          name="active"
        />

        {general ? <Alert tone="error">{general}</Alert> : null}
        <div className="admin-dialog__actions">
          {rule ? (
            <Button variant="ghost" onClick={onDone}>
              {t('rules.form.cancel')}
            </Button>
          ) : null}
          <Button type="submit" disabled={mutation.isPending || rows.length === 0}>
            {rule ? t('rules.form.save') : t('rules.form.create')}
          </Button>
        </div>
      </form>
    </Card>
  );
}

type ConditionGroupProps = {
  group: 'all' | 'any';
  rows: ConditionRow[];
  onRowsChange: (update: (rows: ConditionRow[]) => ConditionRow[]) => void;
  errors: FieldErrors;
};

/** The "all" or "any" conditions: a row per condition, the group's message, "Add a condition". */
function ConditionGroup({ group, rows, onRowsChange, errors }: ConditionGroupProps) {
  const { t } = useTranslation();
  const groupName = group === 'all' ? t('rules.form.groupAll') : t('rules.form.groupAny');
  const groupError =
    errors[`conditions.${group}`] ?? (group === 'all' ? errors.conditions : undefined);
  return (
    <fieldset className="fieldset">
      <legend>{group === 'all' ? t('rules.form.all') : t('rules.form.any')}</legend>
      <p className="field__hint">
        {group === 'all' ? t('rules.form.allHint') : t('rules.form.anyHint')}
      </p>
      {groupError ? <Alert tone="error">{groupError}</Alert> : null}
      <ol className="rule-conditions">
        {rows.map((row, index) => (
          <ConditionRowEditor
            key={row.rowId}
            row={row}
            path={`conditions.${group}.${index}`}
            label={t('rules.form.condition', { group: groupName, number: index + 1 })}
            removeLabel={t('rules.form.removeCondition', { group: groupName, number: index + 1 })}
            errors={errors}
            onChange={(change) =>
              onRowsChange((current) =>
                current.map((item, i) => (i === index ? { ...item, ...change } : item)),
              )
            }
            onRemove={() => onRowsChange((current) => current.filter((_, i) => i !== index))}
          />
        ))}
      </ol>
      <Button
        variant="secondary"
        disabled={rows.length >= 20}
        onClick={() => onRowsChange((current) => [...current, newConditionRow()])}
      >
        {t('rules.form.addCondition')}
      </Button>
    </fieldset>
  );
}

/** A field's name in the select: `ticket.hoursInStatus` is read as `rules.fields.ticket_hoursInStatus`. */
function fieldOptionLabel(field: string, t: TFunction): string {
  return t(`rules.fields.${field.replace('.', '_') as 'ticket_status'}`);
}

type ConditionRowEditorProps = {
  row: ConditionRow;
  /** The condition's server path, e.g. `conditions.all.0`. */
  path: string;
  label: string;
  removeLabel: string;
  errors: FieldErrors;
  onChange: (change: Partial<ConditionRow>) => void;
  onRemove: () => void;
};

function ConditionRowEditor({
  row,
  path,
  label,
  removeLabel,
  errors,
  onChange,
  onRemove,
}: ConditionRowEditorProps) {
  const { t } = useTranslation();
  const kind = valueKind(row.operator);
  return (
    <li>
      <div className="rule-conditions__row" role="group" aria-label={label}>
        {errors[path] ? <Alert tone="error">{errors[path]}</Alert> : null}
        <Field label={t('rules.form.field')} error={errors[`${path}.field`]}>
          {(control) => (
            <select
              {...control}
              className="select"
              name={`${path}.field`}
              value={row.field}
              onChange={(event) => onChange({ field: event.target.value as ConditionRow['field'] })}
            >
              {RULE_FIELDS.map((field) => (
                <option key={field} value={field}>
                  {fieldOptionLabel(field, t)}
                </option>
              ))}
              <option value={CUSTOM_FIELD}>{t('rules.fields.custom')}</option>
            </select>
          )}
        </Field>
        {row.field === CUSTOM_FIELD ? (
          <Field label={t('rules.form.customKey')}>
            {(control) => (
              <input
                {...control}
                className="input"
                name={`${path}.customKey`}
                value={row.customKey}
                maxLength={100}
                onChange={(event) => onChange({ customKey: event.target.value })}
              />
            )}
          </Field>
        ) : null}
        <Field label={t('rules.form.operator')} error={errors[`${path}.operator`]}>
          {(control) => (
            <select
              {...control}
              className="select"
              name={`${path}.operator`}
              value={row.operator}
              onChange={(event) => onChange({ operator: event.target.value as RuleOperator })}
            >
              {RULE_OPERATORS.map((operator) => (
                <option key={operator} value={operator}>
                  {t(`rules.operators.${operator}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {kind === 'none' ? null : (
          <Field
            label={t('rules.form.value')}
            hint={
              kind === 'list'
                ? t('rules.form.listHint')
                : kind === 'number'
                  ? t('rules.form.hoursHint')
                  : undefined
            }
            error={errors[`${path}.value`]}
          >
            {(control) => (
              <input
                {...control}
                className="input"
                name={`${path}.value`}
                type={kind === 'number' ? 'number' : 'text'}
                inputMode={kind === 'number' ? 'decimal' : undefined}
                step={kind === 'number' ? 'any' : undefined}
                value={row.value}
                onChange={(event) => onChange({ value: event.target.value })}
              />
            )}
          </Field>
        )}
        <div className="rule-tools">
          <Button variant="ghost" onClick={onRemove}>
            {removeLabel}
          </Button>
        </div>
      </div>
    </li>
  );
}
