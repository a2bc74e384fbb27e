import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  GROUP_ROUTINGS,
  type Group,
  type GroupRouting,
  type UpdateGroupBody,
} from '@docket/server/contract/groups';
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
import { useCreateGroup, useDeleteGroup, useGroups, useUpdateGroup } from '../api/groups';
import {
  groupFieldKeys,
  memberRowsOf,
  newMemberRow,
  newSkillRuleRow,
  skillRuleRowsOf,
  toMember,
  toSkillRule,
  type MemberRow,
  type SkillRuleRow,
} from '../utils/group-form';
import './groups.css';

/** Someone who may be a member: an active agent or admin. */
export type StaffOption = { id: string; name: string };
/** A category a skill rule may name. */
export type CategoryOption = { id: string; name: string };

type GroupsAdminProps = {
  /** The organization's active agents and admins (`GET /api/users?role=AGENT,ADMIN`). */
  staff: readonly StaffOption[];
  /** The organization's categories, for skill rules. */
  categories: readonly CategoryOption[];
};

/**
 * The groups admin page (docs/product.md "Groups and routing"), over `/api/groups`: the groups by
 * name (routing mode, members, tickets queued; edit; delete after confirmation) and a form to
 * create or edit one (name, description, routing, weight by priority, return tickets on away,
 * members with capacity and skills, skill rules) showing the server's 400 under the field its
 * path names (`members.0.userId`) and its 409 `group_exists` above the button.
 */
export function GroupsAdmin({ staff, categories }: GroupsAdminProps) {
  const { t } = useTranslation();
  const groups = useGroups();
  const remove = useDeleteGroup();
  const [editing, setEditing] = useState<Group | null>(null);

  return (
    <>
      <GroupForm
        key={editing?.id ?? 'new'}
        group={editing}
        staff={staff}
        categories={categories}
        onDone={() => setEditing(null)}
      />
      <Card title={t('groups.listTitle')}>
        {groups.isPending ? <Loading /> : null}
        {groups.isError ? (
          <Alert tone="error" title={t('groups.loadError')}>
            {errorMessage(groups.error, t)}
          </Alert>
        ) : null}
        {groups.data ? (
          <DataTable
            caption={t('groups.listTitle')}
            hideCaption
            rows={groups.data.data}
            rowKey={(group) => group.id}
            empty={t('groups.empty')}
            columns={[
              {
                key: 'name',
                header: t('groups.columns.name'),
                rowHeader: true,
                cell: (group) => group.name,
              },
              {
                key: 'routing',
                header: t('groups.columns.routing'),
                cell: (group) => t(`groups.routing.${group.routing}`),
              },
              {
                key: 'members',
                header: t('groups.columns.members'),
                cell: (group) => group.members.length,
              },
              {
                key: 'queued',
                header: t('groups.columns.queued'),
                cell: (group) => group.queued,
              },
              {
                key: 'manage',
                header: t('groups.columns.manage'),
                cell: (group) => (
                  <div className="group-tools">
                    <Button
                      variant="secondary"
                      aria-label={t('groups.editLabel', { name: group.name })}
                      onClick={() => setEditing(group)}
                    >
                      {t('groups.edit')}
                    </Button>
                    <ConfirmDialog
                      trigger={t('groups.delete')}
                      triggerLabel={t('groups.deleteLabel', { name: group.name })}
                      title={t('groups.deleteTitle', { name: group.name })}
                      description={t('groups.deleteDescription')}
                      confirmLabel={t('groups.delete')}
                      onConfirm={async () => {
                        await remove.mutateAsync(group.id);
                        if (editing?.id === group.id) setEditing(null);
                      }}
                    />
                  </div>
                ),
              },
            ]}
          />
        ) : null}
      </Card>
    </>
  );
}

type GroupFormProps = {
  /** The group being edited, or null to create one. */
  group: Group | null;
  staff: readonly StaffOption[];
  categories: readonly CategoryOption[];
  onDone: () => void;
};

function GroupForm({ group, staff, categories, onDone }: GroupFormProps) {
  const { t } = useTranslation();
  const { toast } = useToast();
  const create = useCreateGroup();
  const update = useUpdateGroup();
  const [name, setName] = useState(group?.name ?? '');
  const [description, setDescription] = useState(group?.description ?? '');
  const [routing, setRouting] = useState<GroupRouting>(group?.routing ?? 'manual');
  const [weightByPriority, setWeightByPriority] = useState(group?.weightByPriority ?? false);
  const [returnOnAway, setReturnOnAway] = useState(group?.returnOnAway ?? false);
  const [members, setMembers] = useState<MemberRow[]>(() => (group ? memberRowsOf(group) : []));
  const [rules, setRules] = useState<SkillRuleRow[]>(() => (group ? skillRuleRowsOf(group) : []));
  const mutation = group ? update : create;
  const known = groupFieldKeys({ members: members.length, skillRules: rules.length });
  const { fields, general } = serverFieldErrors(mutation.error, known, t);

  // A member who left the staff list (deactivated) stays choosable on their row.
  const staffOptions = [...staff];
  for (const member of group?.members ?? []) {
    if (!staffOptions.some((person) => person.id === member.userId)) {
      staffOptions.push({ id: member.userId, name: member.name });
    }
  }

  function reset() {
    setName('');
    setDescription('');
    setRouting('manual');
    setWeightByPriority(false);
    setReturnOnAway(false);
    setMembers([]);
    setRules([]);
    create.reset();
  }

  function handleSubmit(submitted: FormEvent<HTMLFormElement>) {
    submitted.preventDefault();
    const body = {
      name: name.trim(),
      description: description.trim() || null,
      routing,
      weightByPriority,
      returnOnAway,
      members: members.map(toMember),
      skillRules: rules.map(toSkillRule),
    } satisfies UpdateGroupBody;
    if (group) {
      update.mutate(
        { id: group.id, body },
        {
          onSuccess: () => {
            toast({ tone: 'success', title: t('groups.form.saved') });
            onDone();
          },
        },
      );
    } else {
      create.mutate(body, {
        onSuccess: (created) => {
          toast({ tone: 'success', title: t('groups.form.created', { name: created.name }) });
          reset();
        },
      });
    }
  }

  function changeMember(index: number, change: Partial<MemberRow>) {
    setMembers((current) => current.map((row, i) => (i === index ? { ...row, ...change } : row)));
  }

  function changeRule(index: number, change: Partial<SkillRuleRow>) {
    setRules((current) => current.map((row, i) => (i === index ? { ...row, ...change } : row)));
  }

  return (
    <Card
      title={
        group ? t('groups.form.editTitle', { name: group.name }) : t('groups.form.createTitle')
      }
    >
      <form className="admin-form" onSubmit={handleSubmit} noValidate>
        <Field label={t('groups.form.name')} error={fields.name} required>
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
        <Field label={t('groups.form.description')} error={fields.description}>
          {(control) => (
            <textarea
              {...control}
              className="textarea"
              name="description"
              rows={2}
              maxLength={500}
              value={description}
              onChange={(change) => setDescription(change.target.value)}
            />
          )}
        </Field>
        <Field
          label={t('groups.form.routing')}
          hint={t(`groups.routingHints.${routing}`)}
          error={fields.routing}
        >
          {(control) => (
            <select
              {...control}
              className="select"
              name="routing"
              value={routing}
              onChange={(change) => setRouting(change.target.value as GroupRouting)}
            >
              {GROUP_ROUTINGS.map((value) => (
                <option key={value} value={value}>
                  {t(`groups.routing.${value}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Checkbox
          checked={weightByPriority}
          onCheckedChange={setWeightByPriority}
          label={t('groups.form.weightByPriority')}
          name="weightByPriority"
        />
        <Checkbox
          checked={returnOnAway}
          onCheckedChange={setReturnOnAway}
          label={t('groups.form.returnOnAway')}
          name="returnOnAway"
        />

        <fieldset className="fieldset">
          <legend>{t('groups.form.members')}</legend>
          <p className="field__hint">{t('groups.form.membersHint')}</p>
          {fields.members ? <Alert tone="error">{fields.members}</Alert> : null}
          <ol className="group-rows">
            {members.map((row, index) => (
              <MemberRowEditor
                key={row.rowId}
                row={row}
                index={index}
                staff={staffOptions}
                errors={fields}
                onChange={(change) => changeMember(index, change)}
                onRemove={() => setMembers((current) => current.filter((_, i) => i !== index))}
              />
            ))}
          </ol>
          <Button
            variant="secondary"
            disabled={members.length >= 500}
            onClick={() => setMembers((current) => [...current, newMemberRow()])}
          >
            {t('groups.form.addMember')}
          </Button>
        </fieldset>

        <fieldset className="fieldset">
          <legend>{t('groups.form.skillRules')}</legend>
          <p className="field__hint">{t('groups.form.skillRulesHint')}</p>
          {fields.skillRules ? <Alert tone="error">{fields.skillRules}</Alert> : null}
          <ol className="group-rows">
            {rules.map((row, index) => (
              <SkillRuleEditor
                key={row.rowId}
                row={row}
                index={index}
                categories={categories}
                errors={fields}
                onChange={(change) => changeRule(index, change)}
                onRemove={() => setRules((current) => current.filter((_, i) => i !== index))}
              />
            ))}
          </ol>
          <Button
            variant="secondary"
            disabled={rules.length >= 100}
            onClick={() => setRules((current) => [...current, newSkillRuleRow()])}
          >
            {t('groups.form.addSkillRule')}
          </Button>
        </fieldset>

        {general ? <Alert tone="error">{general}</Alert> : null}
        <div className="admin-dialog__actions">
          {group ? (
            <Button variant="ghost" onClick={onDone}>
              {t('groups.form.cancel')}
            </Button>
          ) : null}
          <Button type="submit" disabled={mutation.isPending}>
            {group ? t('groups.form.save') : t('groups.form.create')}
          </Button>
        </div>
      </form>
    </Card>
  );
}

type MemberRowEditorProps = {
  row: MemberRow;
  index: number;
  staff: readonly StaffOption[];
  errors: FieldErrors;
  onChange: (change: Partial<MemberRow>) => void;
  onRemove: () => void;
};

/** One member, a group named "Member N": the agent, their capacity and skills. */
function MemberRowEditor({ row, index, staff, errors, onChange, onRemove }: MemberRowEditorProps) {
  const { t } = useTranslation();
  const path = `members.${index}`;
  const number = index + 1;
  return (
    <li>
      <div
        className="group-rows__row"
        role="group"
        aria-label={t('groups.form.member', { number })}
      >
        {errors[path] ? <Alert tone="error">{errors[path]}</Alert> : null}
        <Field label={t('groups.form.agent')} error={errors[`${path}.userId`]}>
          {(control) => (
            <select
              {...control}
              className="select"
              name={`${path}.userId`}
              value={row.userId}
              onChange={(event) => onChange({ userId: event.target.value })}
            >
              <option value="">{t('groups.form.chooseAgent')}</option>
              {staff.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label={t('groups.form.capacity')}
          hint={t('groups.form.capacityHint')}
          error={errors[`${path}.capacity`]}
        >
          {(control) => (
            <input
              {...control}
              className="input"
              name={`${path}.capacity`}
              type="number"
              inputMode="numeric"
              min={0}
              max={1000}
              value={row.capacity}
              onChange={(event) => onChange({ capacity: event.target.value })}
            />
          )}
        </Field>
        <Field
          label={t('groups.form.skills')}
          hint={t('groups.form.skillsHint')}
          error={errors[`${path}.skills`]}
        >
          {(control) => (
            <input
              {...control}
              className="input"
              name={`${path}.skills`}
              value={row.skills}
              onChange={(event) => onChange({ skills: event.target.value })}
            />
          )}
        </Field>
        <div className="group-tools">
          <Button variant="ghost" onClick={onRemove}>
            {t('groups.form.removeMember', { number })}
          </Button>
        </div>
      </div>
    </li>
  );
}

type SkillRuleEditorProps = {
  row: SkillRuleRow;
  index: number;
  categories: readonly CategoryOption[];
  errors: FieldErrors;
  onChange: (change: Partial<SkillRuleRow>) => void;
  onRemove: () => void;
};

/** One skill rule, a group named "Skill rule N": a category or a tag, and the skills it needs. */
function SkillRuleEditor({
  row,
  index,
  categories,
  errors,
  onChange,
  onRemove,
}: SkillRuleEditorProps) {
  const { t } = useTranslation();
  const path = `skillRules.${index}`;
  const number = index + 1;
  return (
    <li>
      <div
        className="group-rows__row"
        role="group"
        aria-label={t('groups.form.skillRule', { number })}
      >
        {errors[path] ? <Alert tone="error">{errors[path]}</Alert> : null}
        <Field label={t('groups.form.ruleKind')}>
          {(control) => (
            <select
              {...control}
              className="select"
              name={`${path}.kind`}
              value={row.kind}
              onChange={(event) => onChange({ kind: event.target.value as SkillRuleRow['kind'] })}
            >
              <option value="category">{t('groups.form.kindCategory')}</option>
              <option value="tag">{t('groups.form.kindTag')}</option>
            </select>
          )}
        </Field>
        {row.kind === 'category' ? (
          <Field label={t('groups.form.category')} error={errors[`${path}.categoryId`]}>
            {(control) => (
              <select
                {...control}
                className="select"
                name={`${path}.categoryId`}
                value={row.categoryId}
                onChange={(event) => onChange({ categoryId: event.target.value })}
              >
                <option value="">{t('groups.form.chooseCategory')}</option>
                {categories.map((category) => (
                  <option key={category.id} value={category.id}>
                    {category.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : (
          <Field label={t('groups.form.tag')} error={errors[`${path}.tag`]}>
            {(control) => (
              <input
                {...control}
                className="input"
                name={`${path}.tag`}
                maxLength={50}
                value={row.tag}
                onChange={(event) => onChange({ tag: event.target.value })}
              />
            )}
          </Field>
        )}
        <Field
          label={t('groups.form.requiredSkills')}
          hint={t('groups.form.skillsHint')}
          error={errors[`${path}.skills`]}
        >
          {(control) => (
            <input
              {...control}
              className="input"
              name={`${path}.skills`}
              value={row.skills}
              onChange={(event) => onChange({ skills: event.target.value })}
            />
          )}
        </Field>
        <div className="group-tools">
          <Button variant="ghost" onClick={onRemove}>
            {t('groups.form.removeSkillRule', { number })}
          </Button>
        </div>
      </div>
    </li>
  );
}
