import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SESSION_MODES, type SessionMode } from '@docket/server/contract/domain';
import {
  RECURRENCE_LIMITS,
  ScheduleSessionBodySchema,
  type ScheduleSessionInput,
  type Ticket,
} from '@docket/server/contract/tickets';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Checkbox } from '@/components/ui/checkbox';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/select';
import { isApiError } from '@/lib/api-client';
import { errorMessage, type FieldErrors } from '@/lib/form-errors';
import { useScheduleSession } from '../api/schedule-session';
import { SessionOccurrences } from './session-occurrences';
import {
  formatInTimeZone,
  isValidTimeZone,
  isoToZonedWallClock,
  zonedWallClockToIso,
} from '../utils/zoned-time';

/** Modes for which the server generates a meeting link when none is given (tickets.routes.ts). */
const GENERATED_LINK_MODES: ReadonlySet<SessionMode> = new Set(['video', 'audio']);

export type SessionFormValues = {
  mode: SessionMode;
  date: string;
  time: string;
  duration: string;
  linkChoice: 'generate' | 'paste';
  link: string;
  /** Repeat weekly or every `interval` weeks, `count` times (docs/product.md "Sessions"). */
  repeat?: boolean;
  interval?: string;
  count?: string;
};

/**
 * The request body from the form, the date and time read on the wall clock of `timeZone` (the
 * agent's `user.timeZone`), validated with the API's own schema. A generated link is asked for by
 * leaving `meetingLink` out (video and audio only).
 */
export function toScheduleSessionBody(
  values: SessionFormValues,
  timeZone: string,
): { body: ScheduleSessionInput } | { errors: FieldErrors } {
  const scheduledAt = zonedWallClockToIso(values.date, values.time, timeZone);
  if (!scheduledAt) return { errors: { scheduledAt: 'dateRequired' } };
  const candidate: Record<string, unknown> = { mode: values.mode, scheduledAt };
  if (values.duration.trim()) candidate.durationMinutes = Number(values.duration);
  const pasted = values.linkChoice === 'paste' || !GENERATED_LINK_MODES.has(values.mode);
  if (pasted && values.link.trim()) candidate.meetingLink = values.link.trim();
  if (values.repeat) {
    candidate.recurrence = {
      interval: Number(values.interval?.trim() || 'NaN'),
      count: Number(values.count?.trim() || 'NaN'),
    };
  }
  const parsed = ScheduleSessionBodySchema.safeParse(candidate);
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      if (field === 'durationMinutes') errors.durationMinutes ??= 'durationInvalid';
      else if (field === 'meetingLink') errors.meetingLink ??= 'linkInvalid';
      else if (field === 'recurrence') errors.recurrence ??= 'recurrenceInvalid';
      else errors[field] ??= 'invalid';
    }
    return { errors };
  }
  return { body: parsed.data };
}

function initialValues(ticket: Ticket, timeZone: string): SessionFormValues {
  const session = ticket.session;
  if (session) {
    const { date, time } = isoToZonedWallClock(session.scheduledAt, timeZone);
    return {
      mode: session.mode,
      date,
      time,
      duration: session.durationMinutes ? String(session.durationMinutes) : '',
      linkChoice: 'paste',
      link: session.meetingLink ?? '',
      repeat: Boolean(session.recurrence),
      interval: String(session.recurrence?.interval ?? 1),
      count: String(session.recurrence?.count ?? 4),
    };
  }
  return {
    mode: 'video',
    date: '',
    time: '',
    duration: '30',
    linkChoice: 'generate',
    link: '',
    repeat: false,
    interval: '1',
    count: '4',
  };
}

type SessionSchedulerProps = {
  ticket: Ticket;
  detailId: string;
  /** The agent's IANA time zone (`user.timeZone`): dates are entered and shown in it. */
  timeZone: string;
};

/**
 * The ticket's session (docs/product.md "Sessions": mode, scheduled time, meeting link, duration,
 * repeated weekly or every N weeks M times): shown with a "Join" link and its next occurrence,
 * scheduled or rescheduled with a form in the agent's time zone, cancelled; below it, its
 * occurrences (session-occurrences.tsx). Video and audio sessions may get a generated link.
 */
export function SessionScheduler({ ticket, detailId, timeZone: userZone }: SessionSchedulerProps) {
  const { t } = useTranslation();
  const id = useId();
  const timeZone = isValidTimeZone(userZone) ? userZone : 'UTC';
  const schedule = useScheduleSession(detailId);
  const [editing, setEditing] = useState(false);
  const [values, setValues] = useState<SessionFormValues>(() => initialValues(ticket, timeZone));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState('');
  const session = ticket.session;
  const closed = ticket.status === 'CLOSED';

  function update<K extends keyof SessionFormValues>(name: K, value: SessionFormValues[K]) {
    setValues((current) => ({ ...current, [name]: value }));
  }

  function open() {
    setValues(initialValues(ticket, timeZone));
    setErrors({});
    schedule.reset();
    setEditing(true);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = toScheduleSessionBody(values, timeZone);
    if ('errors' in result) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    schedule.mutate(result.body, {
      onSuccess: () => {
        setEditing(false);
        setNotice(t('ticketPage.session.scheduled'));
      },
      onError: (error) => {
        if (isApiError(error)) setErrors(error.fieldErrors);
      },
    });
  }

  function cancelSession() {
    schedule.mutate(null, {
      onSuccess: () => setNotice(t('ticketPage.session.cancelled')),
    });
  }

  /** Our own codes are translated; the server's messages (already sentences) are shown as they are. */
  const message = (field: string) => {
    const code = errors[field];
    if (!code) return undefined;
    return [
      'dateRequired',
      'durationInvalid',
      'linkInvalid',
      'recurrenceInvalid',
      'invalid',
    ].includes(code)
      ? code === 'invalid'
        ? t('validation.invalid')
        : t(`ticketPage.session.${code as 'dateRequired'}`)
      : code;
  };
  const generated = GENERATED_LINK_MODES.has(values.mode);
  const serverError =
    schedule.error &&
    !(isApiError(schedule.error) && Object.keys(schedule.error.fieldErrors).length)
      ? errorMessage(schedule.error, t)
      : null;

  return (
    <Card
      title={t('ticketPage.session.heading')}
      className="session-card"
      actions={
        closed || editing ? null : (
          <Button variant="secondary" onClick={open}>
            {session ? t('ticketPage.session.reschedule') : t('ticketPage.session.schedule')}
          </Button>
        )
      }
    >
      {session && !editing ? (
        <div className="session-card__current" data-testid="session">
          <p className="session-card__when">
            <strong>{t(`ticketPage.session.modes.${session.mode}`)}</strong>
            {' · '}
            <SessionTime iso={session.scheduledAt} timeZone={timeZone} />
            {session.durationMinutes ? (
              <>
                {' · '}
                {t('ticketPage.session.durationValue', { count: session.durationMinutes })}
              </>
            ) : null}
          </p>
          {session.recurrence ? (
            <p className="session-card__repeat" data-testid="session-recurrence">
              {session.recurrence.interval === 1
                ? t('ticketPage.session.repeatsWeekly', { count: session.recurrence.count })
                : t('ticketPage.session.repeatsEvery', {
                    interval: session.recurrence.interval,
                    count: session.recurrence.count,
                  })}
              {' · '}
              {session.nextOccurrence ? (
                <span data-testid="session-next">
                  {t('ticketPage.session.next', { date: '' })}
                  <SessionTime iso={session.nextOccurrence} timeZone={timeZone} />
                </span>
              ) : session.nextOccurrence === null ? (
                t('ticketPage.session.noneLeft')
              ) : null}
            </p>
          ) : null}
          <div className="session-card__actions">
            {session.meetingLink ? (
              <a
                className="button button--primary"
                href={session.meetingLink}
                target="_blank"
                rel="noopener noreferrer"
                aria-label={t('ticketPage.session.joinLabel', {
                  mode: t(`ticketPage.session.modes.${session.mode}`),
                })}
              >
                {t('ticketPage.session.join')}
              </a>
            ) : (
              <span className="session-card__muted">{t('ticketPage.session.noLink')}</span>
            )}
            {closed ? null : (
              <Button variant="ghost" disabled={schedule.isPending} onClick={cancelSession}>
                {t('ticketPage.session.cancel')}
              </Button>
            )}
          </div>
        </div>
      ) : !editing ? (
        <p className="session-card__muted">{t('ticketPage.session.none')}</p>
      ) : null}

      {editing ? (
        <form
          className="form session-form"
          onSubmit={submit}
          noValidate
          aria-labelledby={`${id}-legend`}
        >
          <p id={`${id}-legend`} className="visually-hidden">
            {session ? t('ticketPage.session.reschedule') : t('ticketPage.session.schedule')}
          </p>
          <Field label={t('ticketPage.session.mode')} error={message('mode')}>
            {(control) => (
              <Select
                {...control}
                name="mode"
                value={values.mode}
                onValueChange={(value) => {
                  const mode = SESSION_MODES.find((m) => m === value);
                  if (mode) update('mode', mode);
                }}
                options={SESSION_MODES.map((mode) => ({
                  value: mode,
                  label: t(`ticketPage.session.modes.${mode}`),
                }))}
              />
            )}
          </Field>
          <fieldset className="form__group">
            <legend className="form__legend">{t('ticketPage.session.when')}</legend>
            <p className="field__hint">{t('ticketPage.session.timeZoneHint', { timeZone })}</p>
            <div className="form__row">
              <Field label={t('ticketPage.session.date')} error={message('scheduledAt')}>
                {(control) => (
                  <input
                    {...control}
                    className="input"
                    type="date"
                    name="date"
                    value={values.date}
                    onChange={(event) => update('date', event.target.value)}
                  />
                )}
              </Field>
              <Field label={t('ticketPage.session.time')}>
                {(control) => (
                  <input
                    {...control}
                    className="input"
                    type="time"
                    name="time"
                    value={values.time}
                    onChange={(event) => update('time', event.target.value)}
                  />
                )}
              </Field>
              <Field label={t('ticketPage.session.duration')} error={message('durationMinutes')}>
                {(control) => (
                  <input
                    {...control}
                    className="input"
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={480}
                    name="duration"
                    value={values.duration}
                    onChange={(event) => update('duration', event.target.value)}
                  />
                )}
              </Field>
            </div>
          </fieldset>
          {generated ? (
            <fieldset className="form__group">
              <legend className="form__legend">{t('ticketPage.session.linkChoice')}</legend>
              <label className="radio">
                <input
                  type="radio"
                  name={`${id}-link-choice`}
                  checked={values.linkChoice === 'generate'}
                  onChange={() => update('linkChoice', 'generate')}
                />
                {t('ticketPage.session.linkGenerate')}
              </label>
              <label className="radio">
                <input
                  type="radio"
                  name={`${id}-link-choice`}
                  checked={values.linkChoice === 'paste'}
                  onChange={() => update('linkChoice', 'paste')}
                />
                {t('ticketPage.session.linkPaste')}
              </label>
            </fieldset>
          ) : null}
          <div className="form__group">
            <Checkbox
              name="repeat"
              checked={Boolean(values.repeat)}
              onCheckedChange={(checked) => update('repeat', checked)}
              label={t('ticketPage.session.repeat')}
            />
            {values.repeat ? (
              <div className="form__row">
                <Field label={t('ticketPage.session.interval')} error={message('recurrence')}>
                  {(control) => (
                    <input
                      {...control}
                      className="input"
                      type="number"
                      inputMode="numeric"
                      min={RECURRENCE_LIMITS.interval.min}
                      max={RECURRENCE_LIMITS.interval.max}
                      name="interval"
                      value={values.interval ?? ''}
                      onChange={(event) => update('interval', event.target.value)}
                    />
                  )}
                </Field>
                <Field label={t('ticketPage.session.count')}>
                  {(control) => (
                    <input
                      {...control}
                      className="input"
                      type="number"
                      inputMode="numeric"
                      min={RECURRENCE_LIMITS.count.min}
                      max={RECURRENCE_LIMITS.count.max}
                      name="count"
                      value={values.count ?? ''}
                      onChange={(event) => update('count', event.target.value)}
                    />
                  )}
                </Field>
              </div>
            ) : null}
          </div>
          {!generated || values.linkChoice === 'paste' ? (
            <Field
              label={t('ticketPage.session.link')}
              hint={
                generated ? t('ticketPage.session.linkHint') : t('ticketPage.session.linkNeeded')
              }
              error={message('meetingLink')}
            >
              {(control) => (
                <input
                  {...control}
                  className="input"
                  type="url"
                  inputMode="url"
                  name="meetingLink"
                  placeholder="https://"
                  value={values.link}
                  onChange={(event) => update('link', event.target.value)}
                />
              )}
            </Field>
          ) : null}
          {serverError ? <Alert tone="error">{serverError}</Alert> : null}
          <div className="form__actions">
            <Button type="submit" disabled={schedule.isPending}>
              {schedule.isPending ? t('ticketPage.session.saving') : t('ticketPage.session.save')}
            </Button>
            <Button variant="ghost" onClick={() => setEditing(false)}>
              {t('ticketPage.session.close')}
            </Button>
          </div>
        </form>
      ) : null}
      {session ? (
        <SessionOccurrences
          ticketId={ticket.id}
          detailId={detailId}
          recurring={Boolean(session.recurrence)}
          closed={closed}
          timeZone={timeZone}
        />
      ) : null}
      <p className="visually-hidden" role="status">
        {notice}
      </p>
    </Card>
  );
}

/** The session's time in the agent's time zone and language. */
function SessionTime({ iso, timeZone }: { iso: string; timeZone: string }) {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const text = formatInTimeZone(iso, language, timeZone, 'full');
  return <time dateTime={iso}>{text}</time>;
}
