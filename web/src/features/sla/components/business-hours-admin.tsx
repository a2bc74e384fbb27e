import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { BusinessHours, CreateBusinessHoursInput } from '@docket/server/contract/sla';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { Field } from '@/components/ui/field';
import { Loading } from '@/components/ui/loading';
import { useToast } from '@/components/ui/toast';
import {
  errorMessage,
  focusFirstError,
  serverFieldErrors,
  type FieldErrors,
} from '@/lib/form-errors';
import {
  useBusinessHours,
  useCreateBusinessHours,
  useDeleteBusinessHours,
  useUpdateBusinessHours,
} from '../api/business-hours';
import { EditDeleteActions } from './edit-delete-actions';
import { businessHoursSummary, WEEKDAYS, type Weekday } from '../utils/sla-words';

/** `HH:MM` as the API takes it: a start 00:00–23:59, an end 00:01–24:00 (docs/product.md "SLA"). */
const START_TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const END_TIME = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

type IntervalRow = { key: number; day: Weekday; start: string; end: string };
type HolidayRow = { key: number; date: string; name: string };

let nextRowKey = 1;
const rowKey = () => nextRowKey++;

/** Mon–Fri 09:00–17:00: what a new schedule starts from. */
function defaultIntervals(): IntervalRow[] {
  return WEEKDAYS.slice(0, 5).map((day) => ({ key: rowKey(), day, start: '09:00', end: '17:00' }));
}

/** The browser's IANA time zone, the default of a new schedule. */
function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Whether the browser knows `zone` as an IANA time zone (`Intl` throws a RangeError if not). */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The rows in the order they are sent: by day, Monday first, then as entered. */
function orderedIntervals(rows: readonly IntervalRow[]): IntervalRow[] {
  return WEEKDAYS.flatMap((day) => rows.filter((row) => row.day === day));
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours! * 60 + minutes!;
}

/**
 * The form's values checked as the API checks them (docs/product.md "SLA"): messages keyed by
 * the body's paths (`intervals.2.end`, `holidays.0.name`), none when all is well. Overlapping
 * intervals are left to the server, which names the later one (`intervals.N`).
 */
function checkSchedule(body: CreateBusinessHoursInput, t: TFunction): FieldErrors {
  const errors: FieldErrors = {};
  if (!body.name) errors.name = t('validation.required');
  if (!body.timeZone) errors.timeZone = t('validation.required');
  else if (!isTimeZone(body.timeZone)) errors.timeZone = t('sla.businessHours.errors.timeZone');
  if (body.intervals.length === 0) errors.intervals = t('sla.businessHours.errors.noInterval');
  body.intervals.forEach((interval, index) => {
    const startOk = START_TIME.test(interval.start);
    const endOk = END_TIME.test(interval.end);
    if (!startOk) errors[`intervals.${index}.start`] = t('sla.businessHours.errors.start');
    if (!endOk) errors[`intervals.${index}.end`] = t('sla.businessHours.errors.end');
    if (startOk && endOk && minutesOf(interval.start) >= minutesOf(interval.end)) {
      errors[`intervals.${index}.end`] = t('sla.businessHours.errors.endBeforeStart');
    }
  });
  body.holidays.forEach((holiday, index) => {
    if (!ISO_DATE.test(holiday.date) || Number.isNaN(Date.parse(holiday.date))) {
      errors[`holidays.${index}.date`] = t('sla.businessHours.errors.date');
    }
    if (!holiday.name) errors[`holidays.${index}.name`] = t('validation.required');
  });
  return errors;
}

/**
 * The admins' business hours page (docs/product.md "SLA"): a form to add a schedule or change
 * the one picked for editing (name, IANA time zone, opening intervals per weekday — several a
 * day — and closed holidays), and the list of schedules, one summary line each
 * ("Mon–Fri 09:00–17:00 · America/Toronto · 1 holiday"). Deleting asks first; the server's
 * 409 `business_hours_in_use` (a policy counts in it) is shown in the dialog.
 */
export function BusinessHoursAdmin() {
  const { t } = useTranslation();
  const schedules = useBusinessHours();
  const remove = useDeleteBusinessHours();
  const [editing, setEditing] = useState<BusinessHours | null>(null);

  return (
    <>
      <BusinessHoursForm
        key={editing?.id ?? 'new'}
        editing={editing}
        onDone={() => setEditing(null)}
      />
      <Card title={t('sla.businessHours.listTitle')}>
        {schedules.isPending ? <Loading /> : null}
        {schedules.isError ? <Alert tone="error">{errorMessage(schedules.error, t)}</Alert> : null}
        {schedules.data ? (
          <DataTable
            caption={t('sla.businessHours.listTitle')}
            hideCaption
            rows={schedules.data.data}
            rowKey={(schedule) => schedule.id}
            empty={t('sla.businessHours.empty')}
            columns={[
              {
                key: 'name',
                header: t('sla.businessHours.name'),
                rowHeader: true,
                cell: (schedule) => schedule.name,
              },
              {
                key: 'summary',
                header: t('sla.businessHours.summary'),
                cell: (schedule) => businessHoursSummary(schedule, t),
              },
              {
                key: 'actions',
                header: t('sla.common.actions'),
                cell: (schedule) => (
                  <span className="admin-row-actions">
                    <EditDeleteActions
                      name={schedule.name}
                      deleteBody={t('sla.businessHours.deleteBody')}
                      onEdit={() => setEditing(schedule)}
                      onDelete={async () => {
                        await remove.mutateAsync(schedule.id);
                        if (editing?.id === schedule.id) setEditing(null);
                      }}
                    />
                  </span>
                ),
              },
            ]}
          />
        ) : null}
      </Card>
    </>
  );
}

/**
 * "New business hours" (POST) or "Edit …" (PATCH with every field) of `editing`. Checked
 * before sending; the server's 400 `errors[].path` land on the field they name.
 */
function BusinessHoursForm({
  editing,
  onDone,
}: {
  editing: BusinessHours | null;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { toast } = useToast();
  const formRef = useRef<HTMLFormElement>(null);
  const zoneListId = useId();
  const [name, setName] = useState(editing?.name ?? '');
  const [timeZone, setTimeZone] = useState(editing?.timeZone ?? localTimeZone());
  const [intervals, setIntervals] = useState<IntervalRow[]>(() =>
    editing
      ? editing.intervals.map((interval) => ({ ...interval, key: rowKey() }))
      : defaultIntervals(),
  );
  const [holidays, setHolidays] = useState<HolidayRow[]>(() =>
    (editing?.holidays ?? []).map((holiday) => ({ ...holiday, key: rowKey() })),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useCreateBusinessHours();
  const update = useUpdateBusinessHours();
  const mutation = editing ? update : create;
  // Some 400 options: built once, not again on every keystroke.
  const zoneOptions = useMemo(
    () => (
      <datalist id={zoneListId}>
        {Intl.supportedValuesOf('timeZone').map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    ),
    [zoneListId],
  );

  const ordered = orderedIntervals(intervals);
  const indexOf = new Map(ordered.map((row, index) => [row.key, index]));

  const known = [
    'name',
    'timeZone',
    'intervals',
    'holidays',
    ...ordered.flatMap((_, i) => [
      `intervals.${i}`,
      `intervals.${i}.day`,
      `intervals.${i}.start`,
      `intervals.${i}.end`,
    ]),
    ...holidays.flatMap((_, i) => [`holidays.${i}.date`, `holidays.${i}.name`]),
  ];
  const server = serverFieldErrors(mutation.error, known, t);
  const fieldError = (key: string) => errors[key] ?? server.fields[key];

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    mutation.reset();
    const body: CreateBusinessHoursInput = {
      name: name.trim(),
      timeZone: timeZone.trim(),
      intervals: ordered.map(({ day, start, end }) => ({
        day,
        start: start.trim(),
        end: end.trim(),
      })),
      holidays: holidays.map(({ date, name: holidayName }) => ({
        date: date.trim(),
        name: holidayName.trim(),
      })),
    };
    const checked = checkSchedule(body, t);
    setErrors(checked);
    if (Object.keys(checked).length > 0) {
      focusFirstError(formRef.current, known, checked);
      return;
    }
    const done = (saved: BusinessHours) => {
      toast({
        tone: 'success',
        title: t(editing ? 'sla.common.saved' : 'sla.common.created', { name: saved.name }),
      });
      if (!editing) {
        setName('');
        setIntervals(defaultIntervals());
        setHolidays([]);
      }
      onDone();
    };
    if (editing) update.mutate({ id: editing.id, body }, { onSuccess: done });
    else create.mutate(body, { onSuccess: done });
  }

  function setInterval(key: number, change: Partial<IntervalRow>) {
    setIntervals((rows) => rows.map((row) => (row.key === key ? { ...row, ...change } : row)));
  }

  function setHoliday(key: number, change: Partial<HolidayRow>) {
    setHolidays((rows) => rows.map((row) => (row.key === key ? { ...row, ...change } : row)));
  }

  return (
    <form ref={formRef} className="card admin-form" onSubmit={handleSubmit} noValidate>
      <h2 className="card__title">
        {editing
          ? t('sla.common.editTitle', { name: editing.name })
          : t('sla.businessHours.create.title')}
      </h2>
      <div className="admin-form__row">
        <Field label={t('sla.businessHours.name')} error={fieldError('name')} required>
          {(control) => (
            <input
              {...control}
              name="name"
              className="input"
              value={name}
              maxLength={100}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <Field
          label={t('sla.businessHours.timeZone')}
          hint={t('sla.businessHours.timeZoneHint')}
          error={fieldError('timeZone')}
          required
        >
          {(control) => (
            <>
              <input
                {...control}
                name="timeZone"
                className="input"
                list={zoneListId}
                autoComplete="off"
                value={timeZone}
                maxLength={64}
                onChange={(e) => setTimeZone(e.target.value)}
              />
              {zoneOptions}
            </>
          )}
        </Field>
      </div>

      <fieldset className="sla-fieldset" name="intervals">
        <legend>{t('sla.businessHours.openingHours')}</legend>
        <p className="admin-muted">{t('sla.businessHours.openingHoursHint')}</p>
        {fieldError('intervals') ? <p className="field__error">{fieldError('intervals')}</p> : null}
        {WEEKDAYS.map((day) => {
          const dayName = t(`sla.days.long.${day}`);
          const rows = ordered.filter((row) => row.day === day);
          return (
            <div key={day} className="sla-day" role="group" aria-label={dayName}>
              <strong className="sla-day__name">{dayName}</strong>
              {rows.length === 0 ? (
                <span className="admin-muted">{t('sla.businessHours.closed')}</span>
              ) : null}
              {rows.map((row, n) => {
                const index = indexOf.get(row.key)!;
                const label = { day: dayName, n: n + 1 };
                return (
                  <div key={row.key} className="sla-row">
                    <RowInput
                      name={`intervals.${index}.start`}
                      label={t('sla.businessHours.intervalStart', label)}
                      placeholder="09:00"
                      maxLength={5}
                      value={row.start}
                      error={fieldError(`intervals.${index}.start`)}
                      onChange={(start) => setInterval(row.key, { start })}
                    />
                    <span aria-hidden="true">–</span>
                    <RowInput
                      name={`intervals.${index}.end`}
                      label={t('sla.businessHours.intervalEnd', label)}
                      placeholder="17:00"
                      maxLength={5}
                      value={row.end}
                      error={
                        fieldError(`intervals.${index}.end`) ??
                        fieldError(`intervals.${index}`) ??
                        fieldError(`intervals.${index}.day`)
                      }
                      onChange={(end) => setInterval(row.key, { end })}
                    />
                    <Button
                      variant="ghost"
                      aria-label={t('sla.businessHours.removeInterval', label)}
                      onClick={() =>
                        setIntervals((current) => current.filter((r) => r.key !== row.key))
                      }
                    >
                      {t('sla.common.remove')}
                    </Button>
                  </div>
                );
              })}
              <Button
                variant="secondary"
                aria-label={t('sla.businessHours.addIntervalOn', { day: dayName })}
                onClick={() => {
                  const last = rows.at(-1);
                  setIntervals((current) => [
                    ...current,
                    last
                      ? { key: rowKey(), day, start: last.end, end: last.end }
                      : { key: rowKey(), day, start: '09:00', end: '17:00' },
                  ]);
                }}
              >
                {t('sla.businessHours.addInterval')}
              </Button>
            </div>
          );
        })}
      </fieldset>

      <fieldset className="sla-fieldset" name="holidays">
        <legend>{t('sla.businessHours.holidays')}</legend>
        <p className="admin-muted">{t('sla.businessHours.holidaysHint')}</p>
        {fieldError('holidays') ? <p className="field__error">{fieldError('holidays')}</p> : null}
        {holidays.map((row, index) => {
          const label = { n: index + 1 };
          return (
            <div key={row.key} className="sla-row">
              <RowInput
                name={`holidays.${index}.date`}
                type="date"
                label={t('sla.businessHours.holidayDate', label)}
                value={row.date}
                error={fieldError(`holidays.${index}.date`)}
                onChange={(date) => setHoliday(row.key, { date })}
              />
              <RowInput
                name={`holidays.${index}.name`}
                label={t('sla.businessHours.holidayName', label)}
                placeholder={t('sla.businessHours.holidayNamePlaceholder')}
                maxLength={100}
                value={row.name}
                error={fieldError(`holidays.${index}.name`)}
                onChange={(holidayName) => setHoliday(row.key, { name: holidayName })}
              />
              <Button
                variant="ghost"
                aria-label={t('sla.businessHours.removeHoliday', label)}
                onClick={() => setHolidays((current) => current.filter((r) => r.key !== row.key))}
              >
                {t('sla.common.remove')}
              </Button>
            </div>
          );
        })}
        <Button
          variant="secondary"
          onClick={() =>
            setHolidays((current) => [...current, { key: rowKey(), date: '', name: '' }])
          }
        >
          {t('sla.businessHours.addHoliday')}
        </Button>
      </fieldset>

      {server.general ? <Alert tone="error">{server.general}</Alert> : null}
      <div className="admin-form__actions">
        <Button type="submit" disabled={mutation.isPending}>
          {editing ? t('sla.common.save') : t('sla.businessHours.create.submit')}
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

/**
 * One input of a row (an interval's start or end, a holiday's date or name), named by its
 * `aria-label` (the rows repeat, so a visible label per input would be noise) and described by
 * its error.
 */
function RowInput({
  name,
  label,
  value,
  error,
  onChange,
  type = 'text',
  placeholder,
  maxLength,
}: {
  name: string;
  label: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
  type?: 'text' | 'date';
  placeholder?: string;
  maxLength?: number;
}) {
  const errorId = useId();
  return (
    <span className={error ? 'sla-row__cell field--invalid' : 'sla-row__cell'}>
      <input
        name={name}
        type={type}
        className="input"
        aria-label={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        placeholder={placeholder}
        maxLength={maxLength}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      {error ? (
        <span className="field__error" id={errorId}>
          {error}
        </span>
      ) : null}
    </span>
  );
}
