import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import {
  TICKET_CHANNELS,
  TICKET_PRIORITIES,
  type TicketChannel,
  type TicketPriority,
} from '@docket/server/contract/domain';
import type { BusinessHours, CreateSlaPolicyInput, SlaPolicy } from '@docket/server/contract/sla';
import type { Category } from '@docket/server/contract/categories';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Checkbox } from '@/components/ui/checkbox';
import { DataTable } from '@/components/ui/data-table';
import { Field } from '@/components/ui/field';
import { Loading } from '@/components/ui/loading';
import { Select } from '@/components/ui/select';
import { useToast } from '@/components/ui/toast';
import {
  errorMessage,
  focusFirstError,
  serverFieldErrors,
  type FieldErrors,
} from '@/lib/form-errors';
import { useBusinessHours } from '../api/business-hours';
import {
  useCreateSlaPolicy,
  useDeleteSlaPolicy,
  useSlaPolicies,
  useUpdateSlaPolicy,
} from '../api/sla-policies';
import { EditDeleteActions } from './edit-delete-actions';
import { formatMinutes } from '../utils/sla-words';

/** The statuses a policy may pause its clocks in (the API's `pauseStatuses`; never NEW). */
const PAUSABLE_STATUSES = ['OPEN', 'IN_PROGRESS', 'WAITING_ON_CUSTOMER', 'ON_HOLD'] as const;
type PausableStatus = (typeof PAUSABLE_STATUSES)[number];

/** The three targets, by their key in the API's `targets`. */
const TARGETS = ['firstResponseMinutes', 'nextResponseMinutes', 'resolutionMinutes'] as const;
type TargetKey = (typeof TARGETS)[number];

/** A target's bounds in minutes: 1 minute to 365 days (the API's). */
const MAX_TARGET_MINUTES = 525_600;
/** The Select's value for "no business hours": the clock counts 24/7. */
const ALWAYS = 'always';
/** The Select's value for "leave the priority as it is" on breach. */
const NO_RAISE = 'none';

/** Every control's key, in the order they appear (for the server's paths and the first error). */
const FIELDS = [
  'name',
  'active',
  'conditions',
  'conditions.priorities',
  'conditions.channels',
  'conditions.categories',
  'conditions.tags',
  'businessHoursId',
  'targets',
  'targets.firstResponseMinutes',
  'targets.nextResponseMinutes',
  'targets.resolutionMinutes',
  'pauseStatuses',
  'warnAtPercent',
  'holdNotificationsUntilOpen',
  'escalation',
  'escalation.raisePriority',
  'escalation.addTag',
  'escalation.notify',
  'position',
] as const;

type FormValues = {
  name: string;
  active: boolean;
  priorities: TicketPriority[];
  channels: TicketChannel[];
  categories: string[];
  tags: string;
  schedule: string;
  targets: Record<TargetKey, string>;
  pauseStatuses: PausableStatus[];
  warnAtPercent: string;
  holdNotificationsUntilOpen: boolean;
  raisePriority: string;
  addTag: string;
  notify: boolean;
};

const EMPTY_FORM: FormValues = {
  name: '',
  active: true,
  priorities: [],
  channels: [],
  categories: [],
  tags: '',
  schedule: ALWAYS,
  targets: { firstResponseMinutes: '', nextResponseMinutes: '', resolutionMinutes: '' },
  pauseStatuses: ['WAITING_ON_CUSTOMER', 'ON_HOLD'],
  warnAtPercent: '80',
  holdNotificationsUntilOpen: false,
  raisePriority: NO_RAISE,
  addTag: '',
  notify: true,
};

/** A policy's values as the form holds them (minutes and percent as text). */
function formValuesOf(policy: SlaPolicy): FormValues {
  const minutes = (value: number | null) => (value === null ? '' : String(value));
  return {
    name: policy.name,
    active: policy.active,
    priorities: [...(policy.conditions.priorities ?? [])],
    channels: [...(policy.conditions.channels ?? [])],
    categories: [...(policy.conditions.categories ?? [])],
    tags: (policy.conditions.tags ?? []).join(', '),
    schedule: policy.businessHoursId ?? ALWAYS,
    targets: {
      firstResponseMinutes: minutes(policy.targets.firstResponseMinutes),
      nextResponseMinutes: minutes(policy.targets.nextResponseMinutes),
      resolutionMinutes: minutes(policy.targets.resolutionMinutes),
    },
    pauseStatuses: policy.pauseStatuses.filter((status): status is PausableStatus =>
      (PAUSABLE_STATUSES as readonly string[]).includes(status),
    ),
    warnAtPercent: String(policy.warnAtPercent),
    holdNotificationsUntilOpen: policy.holdNotificationsUntilOpen,
    raisePriority: policy.escalation.raisePriority ?? NO_RAISE,
    addTag: policy.escalation.addTag ?? '',
    notify: policy.escalation.notify,
  };
}

/** Comma-separated tags, trimmed and lower-cased as the API stores them, empty ones dropped. */
function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((tag) => tag.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
}

/** A whole number in `[min, max]` from a text input, else undefined. */
function wholeNumber(text: string, min: number, max: number): number | undefined {
  if (!/^\d+$/.test(text.trim())) return undefined;
  const value = Number(text.trim());
  return value >= min && value <= max ? value : undefined;
}

/**
 * The form's values as the API's body (every field but `position`) and the messages of the
 * fields that fail the API's rules (docs/product.md "SLA"), keyed by the body's paths. An empty
 * condition list is left out (it matches any ticket); an empty target is `null` (no target).
 */
function policyBody(
  values: FormValues,
  t: TFunction,
): { body: Omit<CreateSlaPolicyInput, 'position'>; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const name = values.name.trim();
  if (!name) errors.name = t('validation.required');
  const tags = parseTags(values.tags);
  if (tags.length > 20) errors['conditions.tags'] = t('validation.tooManyItems', { count: 20 });
  else if (tags.some((tag) => tag.length > 50)) {
    errors['conditions.tags'] = t('validation.tooLong', { count: 50 });
  }
  const targets = {} as Record<TargetKey, number | null>;
  for (const key of TARGETS) {
    const text = values.targets[key].trim();
    const minutes = wholeNumber(text, 1, MAX_TARGET_MINUTES);
    if (text && minutes === undefined) errors[`targets.${key}`] = t('sla.policies.errors.minutes');
    targets[key] = minutes ?? null;
  }
  const warnAtPercent = wholeNumber(values.warnAtPercent, 1, 99);
  if (warnAtPercent === undefined) errors.warnAtPercent = t('sla.policies.errors.percent');
  const addTag = values.addTag.trim().toLowerCase();
  if (addTag.length > 50) errors['escalation.addTag'] = t('validation.tooLong', { count: 50 });

  const conditions: CreateSlaPolicyInput['conditions'] = {};
  if (values.priorities.length) {
    conditions.priorities = TICKET_PRIORITIES.filter((p) => values.priorities.includes(p));
  }
  if (values.categories.length) conditions.categories = values.categories;
  if (values.channels.length) {
    conditions.channels = TICKET_CHANNELS.filter((c) => values.channels.includes(c));
  }
  if (tags.length) conditions.tags = tags;

  return {
    errors,
    body: {
      name,
      active: values.active,
      conditions,
      businessHoursId: values.schedule === ALWAYS ? null : values.schedule,
      targets,
      pauseStatuses: PAUSABLE_STATUSES.filter((s) => values.pauseStatuses.includes(s)),
      warnAtPercent: warnAtPercent ?? 80,
      holdNotificationsUntilOpen: values.holdNotificationsUntilOpen,
      escalation: {
        raisePriority:
          values.raisePriority === NO_RAISE
            ? null
            : (values.raisePriority as 'one_step' | TicketPriority),
        addTag: addTag || null,
        notify: values.notify,
      },
    },
  };
}

/** "Priority: High, Urgent · Channel: Email · …", or "Every ticket" when nothing narrows it. */
function conditionsSummary(
  policy: SlaPolicy,
  categories: readonly Category[],
  t: TFunction,
): string {
  const { priorities, channels, categories: categoryIds, tags } = policy.conditions;
  const parts: string[] = [];
  if (priorities?.length) {
    parts.push(
      t('sla.policies.summary.priorities', {
        list: priorities.map((p) => t(`priority.${p}`)).join(', '),
      }),
    );
  }
  if (channels?.length) {
    parts.push(
      t('sla.policies.summary.channels', {
        list: channels.map((c) => t(`sla.channels.${c}`)).join(', '),
      }),
    );
  }
  if (categoryIds?.length) {
    const names = categoryIds.map((id) => categories.find((c) => c.id === id)?.name ?? id);
    parts.push(t('sla.policies.summary.categories', { list: names.join(', ') }));
  }
  if (tags?.length) parts.push(t('sla.policies.summary.tags', { list: tags.join(', ') }));
  return parts.length ? parts.join(' · ') : t('sla.policies.summary.everyTicket');
}

/** "First response 1 h · Resolution 2 d", or "No target". */
function targetsSummary(policy: SlaPolicy, t: TFunction): string {
  const parts = TARGETS.flatMap((key) => {
    const minutes = policy.targets[key];
    return minutes === null
      ? []
      : [`${t(`sla.policies.targets.${key}`)} ${formatMinutes(minutes, t)}`];
  });
  return parts.length ? parts.join(' · ') : t('sla.policies.summary.noTarget');
}

/**
 * The admins' SLA policies page (docs/product.md "SLA"): a form to add a policy or change the
 * one picked for editing, and the policies in the order they are tried (`position`; the first
 * active one whose conditions match a ticket applies), each with what it covers, its schedule
 * and targets, an "active" switch (PATCH `active`), move up and down (PATCH `position`: the
 * two neighbours swap), edit and delete (asked first). `categories` are the organization's
 * (deactivated ones too, for the names of policies that still use them): the route fetches
 * them, as features do not import each other.
 */
export function SlaPoliciesAdmin({ categories }: { categories: readonly Category[] }) {
  const { t } = useTranslation();
  const { toast } = useToast();
  const policies = useSlaPolicies();
  const schedules = useBusinessHours();
  const update = useUpdateSlaPolicy();
  const remove = useDeleteSlaPolicy();
  const [editing, setEditing] = useState<SlaPolicy | null>(null);
  const [moving, setMoving] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);

  const ordered = [...(policies.data?.data ?? [])].sort((a, b) => a.position - b.position);
  const scheduleList = schedules.data?.data ?? [];

  function setActive(policy: SlaPolicy, active: boolean) {
    setActionError(null);
    update.mutate(
      { id: policy.id, body: { active } },
      {
        onSuccess: () =>
          toast({
            tone: 'success',
            title: t(active ? 'sla.policies.activated' : 'sla.policies.deactivated', {
              name: policy.name,
            }),
          }),
        onError: setActionError,
      },
    );
  }

  /**
   * Swaps the policy with its neighbour above (-1) or below (+1): each takes the other's
   * position. Equal positions cannot swap, so the moved one goes one past its neighbour.
   */
  async function move(index: number, direction: -1 | 1) {
    const policy = ordered[index];
    const neighbour = ordered[index + direction];
    if (!policy || !neighbour) return;
    setActionError(null);
    setMoving(true);
    try {
      if (policy.position === neighbour.position) {
        await update.mutateAsync({
          id: policy.id,
          body: { position: Math.max(0, neighbour.position + direction) },
        });
      } else {
        await update.mutateAsync({ id: policy.id, body: { position: neighbour.position } });
        await update.mutateAsync({ id: neighbour.id, body: { position: policy.position } });
      }
    } catch (error) {
      setActionError(error);
    } finally {
      setMoving(false);
    }
  }

  return (
    <>
      <SlaPolicyForm
        key={editing?.id ?? 'new'}
        editing={editing}
        nextPosition={ordered.length ? ordered.at(-1)!.position + 1 : 0}
        schedules={scheduleList}
        categories={categories}
        onDone={() => setEditing(null)}
      />
      <Card title={t('sla.policies.listTitle')}>
        <p className="admin-muted">{t('sla.policies.orderHint')}</p>
        {actionError ? <Alert tone="error">{errorMessage(actionError, t)}</Alert> : null}
        {policies.isPending ? <Loading /> : null}
        {policies.isError ? <Alert tone="error">{errorMessage(policies.error, t)}</Alert> : null}
        {policies.data ? (
          <DataTable
            caption={t('sla.policies.listTitle')}
            hideCaption
            rows={ordered}
            rowKey={(policy) => policy.id}
            empty={t('sla.policies.empty')}
            columns={[
              {
                key: 'order',
                header: t('sla.policies.order'),
                numeric: true,
                cell: (policy) => ordered.indexOf(policy) + 1,
              },
              {
                key: 'name',
                header: t('sla.policies.name'),
                rowHeader: true,
                cell: (policy) => (
                  <span className={policy.active ? undefined : 'sla-policy-off'}>
                    {policy.name}
                  </span>
                ),
              },
              {
                key: 'conditions',
                header: t('sla.policies.conditions'),
                cell: (policy) => conditionsSummary(policy, categories, t),
              },
              {
                key: 'schedule',
                header: t('sla.policies.schedule'),
                cell: (policy) =>
                  policy.businessHoursId === null
                    ? t('sla.policies.always')
                    : (scheduleList.find((s) => s.id === policy.businessHoursId)?.name ?? '—'),
              },
              {
                key: 'targets',
                header: t('sla.policies.targetsTitle'),
                cell: (policy) => targetsSummary(policy, t),
              },
              {
                key: 'active',
                header: t('sla.policies.active'),
                cell: (policy) => (
                  <Checkbox
                    checked={policy.active}
                    disabled={update.isPending && update.variables.id === policy.id}
                    onCheckedChange={(active) => setActive(policy, active)}
                    aria-label={t('sla.policies.activeNamed', { name: policy.name })}
                  />
                ),
              },
              {
                key: 'actions',
                header: t('sla.common.actions'),
                cell: (policy) => {
                  const index = ordered.indexOf(policy);
                  return (
                    <span className="admin-row-actions">
                      <Button
                        variant="secondary"
                        aria-label={t('sla.policies.moveUpNamed', { name: policy.name })}
                        disabled={index === 0 || moving}
                        onClick={() => void move(index, -1)}
                      >
                        {t('sla.policies.moveUp')}
                      </Button>
                      <Button
                        variant="secondary"
                        aria-label={t('sla.policies.moveDownNamed', { name: policy.name })}
                        disabled={index === ordered.length - 1 || moving}
                        onClick={() => void move(index, 1)}
                      >
                        {t('sla.policies.moveDown')}
                      </Button>
                      <EditDeleteActions
                        name={policy.name}
                        deleteBody={t('sla.policies.deleteBody')}
                        onEdit={() => setEditing(policy)}
                        onDelete={async () => {
                          await remove.mutateAsync(policy.id);
                          if (editing?.id === policy.id) setEditing(null);
                        }}
                      />
                    </span>
                  );
                },
              },
            ]}
          />
        ) : null}
      </Card>
    </>
  );
}

/** Adds `value` to `list` or takes it out. */
function toggle<T>(list: readonly T[], value: T, on: boolean): T[] {
  return on ? [...list.filter((item) => item !== value), value] : list.filter((i) => i !== value);
}

/**
 * "New SLA policy" (POST, placed last: `nextPosition`) or "Edit …" (PATCH with every field but
 * the position) of `editing`. Checked before sending; the server's 400 `errors[].path` land on
 * the field they name (`targets.resolutionMinutes`, `conditions.tags.1` on the tags…).
 */
function SlaPolicyForm({
  editing,
  nextPosition,
  schedules,
  categories,
  onDone,
}: {
  editing: SlaPolicy | null;
  nextPosition: number;
  schedules: readonly BusinessHours[];
  categories: readonly Category[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { toast } = useToast();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<FormValues>(() =>
    editing ? formValuesOf(editing) : EMPTY_FORM,
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useCreateSlaPolicy();
  const update = useUpdateSlaPolicy();
  const mutation = editing ? update : create;
  const server = serverFieldErrors(mutation.error, FIELDS, t);
  const fieldError = (key: (typeof FIELDS)[number]) => errors[key] ?? server.fields[key];

  function set<K extends keyof FormValues>(key: K, value: FormValues[K]) {
    setValues((current) => ({ ...current, [key]: value }));
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    mutation.reset();
    const { body, errors: checked } = policyBody(values, t);
    setErrors(checked);
    if (Object.keys(checked).length > 0) {
      focusFirstError(formRef.current, FIELDS, checked);
      return;
    }
    const done = (saved: SlaPolicy) => {
      toast({
        tone: 'success',
        title: t(editing ? 'sla.common.saved' : 'sla.common.created', { name: saved.name }),
      });
      if (!editing) setValues(EMPTY_FORM);
      onDone();
    };
    if (editing) update.mutate({ id: editing.id, body }, { onSuccess: done });
    else create.mutate({ ...body, position: nextPosition }, { onSuccess: done });
  }

  // Deactivated categories stay listed only while the policy names them.
  const categoryChoices = categories.filter(
    (category) => category.isActive || values.categories.includes(category.id),
  );

  return (
    <form ref={formRef} className="card admin-form" onSubmit={handleSubmit} noValidate>
      <h2 className="card__title">
        {editing
          ? t('sla.common.editTitle', { name: editing.name })
          : t('sla.policies.create.title')}
      </h2>
      <div className="admin-form__row">
        <Field label={t('sla.policies.name')} error={fieldError('name')} required>
          {(control) => (
            <input
              {...control}
              name="name"
              className="input"
              value={values.name}
              maxLength={100}
              onChange={(e) => set('name', e.target.value)}
            />
          )}
        </Field>
        <Field
          label={t('sla.policies.schedule')}
          hint={t('sla.policies.scheduleHint')}
          error={fieldError('businessHoursId')}
        >
          {(control) => (
            <Select
              {...control}
              name="businessHoursId"
              value={values.schedule}
              onValueChange={(schedule) => set('schedule', schedule)}
              options={[
                { value: ALWAYS, label: t('sla.policies.always') },
                ...schedules.map((schedule) => ({ value: schedule.id, label: schedule.name })),
              ]}
            />
          )}
        </Field>
      </div>
      <Checkbox
        name="active"
        checked={values.active}
        onCheckedChange={(active) => set('active', active)}
        label={t('sla.policies.activeLabel')}
      />

      <fieldset className="sla-fieldset" name="conditions">
        <legend>{t('sla.policies.conditions')}</legend>
        <p className="admin-muted">{t('sla.policies.conditionsHint')}</p>
        {fieldError('conditions') ? (
          <p className="field__error">{fieldError('conditions')}</p>
        ) : null}
        <CheckGroup
          legend={t('sla.policies.priorities')}
          error={fieldError('conditions.priorities')}
          options={TICKET_PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
          selected={values.priorities}
          onChange={(value, on) => set('priorities', toggle(values.priorities, value, on))}
        />
        <CheckGroup
          legend={t('sla.policies.channels')}
          error={fieldError('conditions.channels')}
          options={TICKET_CHANNELS.map((c) => ({ value: c, label: t(`sla.channels.${c}`) }))}
          selected={values.channels}
          onChange={(value, on) => set('channels', toggle(values.channels, value, on))}
        />
        <CheckGroup
          legend={t('sla.policies.categories')}
          error={fieldError('conditions.categories')}
          empty={t('sla.policies.noCategory')}
          options={categoryChoices.map((c) => ({ value: c.id, label: c.name }))}
          selected={values.categories}
          onChange={(value, on) => set('categories', toggle(values.categories, value, on))}
        />
        <Field
          label={t('sla.policies.tags')}
          hint={t('sla.policies.tagsHint')}
          error={fieldError('conditions.tags')}
        >
          {(control) => (
            <input
              {...control}
              name="conditions.tags"
              className="input"
              value={values.tags}
              onChange={(e) => set('tags', e.target.value)}
            />
          )}
        </Field>
      </fieldset>

      <fieldset className="sla-fieldset" name="targets">
        <legend>{t('sla.policies.targetsTitle')}</legend>
        <p className="admin-muted">{t('sla.policies.targetsHint')}</p>
        {fieldError('targets') ? <p className="field__error">{fieldError('targets')}</p> : null}
        <div className="admin-form__row">
          {TARGETS.map((key) => {
            const minutes = wholeNumber(values.targets[key], 1, MAX_TARGET_MINUTES);
            return (
              <Field
                key={key}
                label={t('sla.policies.targetLabel', {
                  target: t(`sla.policies.targets.${key}`),
                })}
                hint={
                  minutes === undefined
                    ? t('sla.policies.noTargetHint')
                    : t('sla.policies.durationHint', { duration: formatMinutes(minutes, t) })
                }
                error={fieldError(`targets.${key}`)}
              >
                {(control) => (
                  <input
                    {...control}
                    name={`targets.${key}`}
                    className="input"
                    inputMode="numeric"
                    value={values.targets[key]}
                    onChange={(e) => set('targets', { ...values.targets, [key]: e.target.value })}
                  />
                )}
              </Field>
            );
          })}
        </div>
      </fieldset>

      <fieldset className="sla-fieldset" name="clock">
        <legend>{t('sla.policies.clock')}</legend>
        <CheckGroup
          legend={t('sla.policies.pauseStatuses')}
          hint={t('sla.policies.pauseStatusesHint')}
          error={fieldError('pauseStatuses')}
          options={PAUSABLE_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          selected={values.pauseStatuses}
          onChange={(value, on) => set('pauseStatuses', toggle(values.pauseStatuses, value, on))}
        />
        <div className="admin-form__row">
          <Field
            label={t('sla.policies.warnAtPercent')}
            hint={t('sla.policies.warnAtPercentHint')}
            error={fieldError('warnAtPercent')}
            required
          >
            {(control) => (
              <input
                {...control}
                name="warnAtPercent"
                className="input"
                inputMode="numeric"
                maxLength={2}
                value={values.warnAtPercent}
                onChange={(e) => set('warnAtPercent', e.target.value)}
              />
            )}
          </Field>
        </div>
        <Checkbox
          name="holdNotificationsUntilOpen"
          checked={values.holdNotificationsUntilOpen}
          onCheckedChange={(hold) => set('holdNotificationsUntilOpen', hold)}
          label={t('sla.policies.holdNotificationsUntilOpen')}
        />
        {fieldError('holdNotificationsUntilOpen') ? (
          <p className="field__error">{fieldError('holdNotificationsUntilOpen')}</p>
        ) : null}
      </fieldset>

      <fieldset className="sla-fieldset" name="escalation">
        <legend>{t('sla.policies.escalation')}</legend>
        <p className="admin-muted">{t('sla.policies.escalationHint')}</p>
        {fieldError('escalation') ? (
          <p className="field__error">{fieldError('escalation')}</p>
        ) : null}
        <div className="admin-form__row">
          <Field
            label={t('sla.policies.raisePriority')}
            error={fieldError('escalation.raisePriority')}
          >
            {(control) => (
              <Select
                {...control}
                name="escalation.raisePriority"
                value={values.raisePriority}
                onValueChange={(raise) => set('raisePriority', raise)}
                options={[
                  { value: NO_RAISE, label: t('sla.policies.raiseNone') },
                  { value: 'one_step', label: t('sla.policies.raiseOneStep') },
                  ...TICKET_PRIORITIES.map((p) => ({
                    value: p,
                    label: t('sla.policies.raiseTo', { priority: t(`priority.${p}`) }),
                  })),
                ]}
              />
            )}
          </Field>
          <Field
            label={t('sla.policies.addTag')}
            hint={t('sla.policies.addTagHint')}
            error={fieldError('escalation.addTag')}
          >
            {(control) => (
              <input
                {...control}
                name="escalation.addTag"
                className="input"
                maxLength={50}
                value={values.addTag}
                onChange={(e) => set('addTag', e.target.value)}
              />
            )}
          </Field>
        </div>
        <Checkbox
          name="escalation.notify"
          checked={values.notify}
          onCheckedChange={(notify) => set('notify', notify)}
          label={t('sla.policies.notify')}
        />
        {fieldError('escalation.notify') ? (
          <p className="field__error">{fieldError('escalation.notify')}</p>
        ) : null}
      </fieldset>

      {server.general ? <Alert tone="error">{server.general}</Alert> : null}
      <div className="admin-form__actions">
        <Button type="submit" disabled={mutation.isPending}>
          {editing ? t('sla.common.save') : t('sla.policies.create.submit')}
        </Button>
        {editing ? (
          <Button variant="ghost" onClick={onDone}>
            {t('sla.common.cancel')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}

/** A named group of checkboxes (a condition list, the pause statuses) with its error. */
function CheckGroup<T extends string>({
  legend,
  hint,
  error,
  empty,
  options,
  selected,
  onChange,
}: {
  legend: string;
  hint?: string;
  error: string | undefined;
  empty?: string;
  options: { value: T; label: string }[];
  selected: readonly T[];
  onChange: (value: T, on: boolean) => void;
}) {
  return (
    <div className="field" role="group" aria-label={legend}>
      <span className="field__label">{legend}</span>
      {hint ? <p className="field__hint">{hint}</p> : null}
      <div className="sla-checks">
        {options.length === 0 && empty ? <span className="admin-muted">{empty}</span> : null}
        {options.map((option) => (
          <Checkbox
            key={option.value}
            checked={selected.includes(option.value)}
            onCheckedChange={(on) => onChange(option.value, on)}
            label={option.label}
          />
        ))}
      </div>
      {error ? <p className="field__error">{error}</p> : null}
    </div>
  );
}
