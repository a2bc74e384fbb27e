import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SESSION_OUTCOMES, type SessionOutcome } from '@docket/server/contract/domain';
import {
  SESSION_NOTES_MAX,
  type CustomerSessionOccurrence,
  type SessionOccurrence,
} from '@docket/server/contract/tickets';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/select';
import { errorMessage } from '@/lib/form-errors';
import {
  useRecordSessionNotes,
  useSessionOccurrences,
  useUpdateSessionOccurrence,
} from '../api/session-occurrences';
import { formatInTimeZone, isoToZonedWallClock, zonedWallClockToIso } from '../utils/zoned-time';

/**
 * Whether the agent may record notes on `occurrence` at `now` (docs/product.md "Sessions": once
 * its time has come; the server answers 409 `session_not_started` before).
 */
export function canRecordNotes(occurrence: { scheduledAt: string }, now: Date): boolean {
  return Date.parse(occurrence.scheduledAt) <= now.getTime();
}

/** The notes form's body: the outcome, and the notes (trimmed; empty → null, over the bound → an error). */
export function toNotesBody(
  outcome: SessionOutcome,
  notes: string,
): { body: { outcome: SessionOutcome; notes: string | null } } | { error: 'notesTooLong' } {
  if (notes.length > SESSION_NOTES_MAX) return { error: 'notesTooLong' };
  return { body: { outcome, notes: notes.trim() ? notes : null } };
}

const isStaffView = (o: SessionOccurrence | CustomerSessionOccurrence): o is SessionOccurrence =>
  'outcome' in o;

type SessionOccurrencesProps = {
  /** The ticket's uuid. */
  ticketId: string;
  /** The ticket page's `detail` key (reference, number or uuid as in the address). */
  detailId: string;
  /** The session repeats: each occurrence can be moved or cancelled on its own. */
  recurring: boolean;
  closed: boolean;
  timeZone: string;
};

/**
 * The occurrences of the ticket's session (docs/product.md "Sessions"): each one's time, whether
 * it was moved or cancelled, its outcome and notes; for a recurring session "Move" and "Cancel
 * this one" / "Restore"; once an occurrence's time has come, "Record notes" (outcome and internal
 * notes).
 */
export function SessionOccurrences({
  ticketId,
  detailId,
  recurring,
  closed,
  timeZone,
}: SessionOccurrencesProps) {
  const { t } = useTranslation();
  const occurrences = useSessionOccurrences(ticketId);
  const list = occurrences.data?.data ?? [];
  if (occurrences.isError)
    return <Alert tone="error">{t('ticketPage.occurrences.loadError')}</Alert>;
  if (!list.length) return null;
  return (
    <section className="session-occurrences" aria-label={t('ticketPage.occurrences.heading')}>
      <h3 className="session-occurrences__heading">{t('ticketPage.occurrences.heading')}</h3>
      <ol className="session-occurrences__list" data-testid="session-occurrences">
        {list.map((occurrence) => (
          <OccurrenceItem
            key={occurrence.id}
            occurrence={occurrence}
            ticketId={ticketId}
            detailId={detailId}
            recurring={recurring}
            closed={closed}
            timeZone={timeZone}
          />
        ))}
      </ol>
    </section>
  );
}

type Editing = 'none' | 'move' | 'notes';

function OccurrenceItem({
  occurrence,
  ticketId,
  detailId,
  recurring,
  closed,
  timeZone,
}: { occurrence: SessionOccurrence | CustomerSessionOccurrence } & Omit<
  SessionOccurrencesProps,
  'ticketId'
> & { ticketId: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const update = useUpdateSessionOccurrence(ticketId, detailId);
  const notesMutation = useRecordSessionNotes(ticketId);
  const [editing, setEditing] = useState<Editing>('none');
  const wall = isoToZonedWallClock(occurrence.scheduledAt, timeZone);
  const [date, setDate] = useState(wall.date);
  const [time, setTime] = useState(wall.time);
  const staff = isStaffView(occurrence) ? occurrence : null;
  const [outcome, setOutcome] = useState<SessionOutcome>(staff?.outcome ?? 'held');
  const [notes, setNotes] = useState(staff?.notes ?? '');
  const [formError, setFormError] = useState('');
  const cancelled = occurrence.cancelledAt !== null;
  const moved = occurrence.scheduledAt !== occurrence.originalStart;
  const when = formatInTimeZone(occurrence.scheduledAt, language, timeZone);

  function move(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const scheduledAt = zonedWallClockToIso(date, time, timeZone);
    if (!scheduledAt) {
      setFormError(t('ticketPage.session.dateRequired'));
      return;
    }
    setFormError('');
    update.mutate({ id: occurrence.id, scheduledAt }, { onSuccess: () => setEditing('none') });
  }

  function saveNotes(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = toNotesBody(outcome, notes);
    if ('error' in result) {
      setFormError(t(`ticketPage.occurrences.${result.error}`));
      return;
    }
    setFormError('');
    notesMutation.mutate(
      { id: occurrence.id, ...result.body },
      { onSuccess: () => setEditing('none') },
    );
  }

  const failure = update.error ?? notesMutation.error;
  return (
    <li className="session-occurrences__item" data-testid="session-occurrence">
      <div className="session-occurrences__summary">
        <time dateTime={occurrence.scheduledAt}>{when}</time>
        {cancelled ? <Badge tone="neutral">{t('ticketPage.occurrences.cancelled')}</Badge> : null}
        {moved && !cancelled ? (
          <span className="session-card__muted">
            {' '}
            {t('ticketPage.occurrences.moved', {
              date: formatInTimeZone(occurrence.originalStart, language, timeZone),
            })}
          </span>
        ) : null}
        {staff?.outcome ? (
          <Badge tone={staff.outcome === 'held' ? 'success' : 'warning'}>
            {t(`ticketPage.occurrences.outcomes.${staff.outcome}`)}
          </Badge>
        ) : null}
      </div>
      {staff?.notes && editing !== 'notes' ? (
        <p className="session-occurrences__notes">{staff.notes}</p>
      ) : null}
      {closed || editing !== 'none' ? null : (
        <div className="session-occurrences__actions">
          {recurring && !cancelled ? (
            <Button variant="ghost" onClick={() => setEditing('move')}>
              {t('ticketPage.occurrences.reschedule')}
            </Button>
          ) : null}
          {recurring ? (
            <Button
              variant="ghost"
              disabled={update.isPending}
              onClick={() => update.mutate({ id: occurrence.id, cancelled: !cancelled })}
            >
              {cancelled ? t('ticketPage.occurrences.restore') : t('ticketPage.occurrences.cancel')}
            </Button>
          ) : null}
          {staff && canRecordNotes(occurrence, new Date()) ? (
            <Button variant="secondary" onClick={() => setEditing('notes')}>
              {staff.outcome
                ? t('ticketPage.occurrences.editNotes')
                : t('ticketPage.occurrences.recordNotes')}
            </Button>
          ) : null}
        </div>
      )}
      {editing === 'move' ? (
        <form className="form session-occurrences__form" onSubmit={move} noValidate>
          <div className="form__row">
            <Field label={t('ticketPage.session.date')}>
              {(control) => (
                <input
                  {...control}
                  className="input"
                  type="date"
                  value={date}
                  onChange={(event) => setDate(event.target.value)}
                />
              )}
            </Field>
            <Field label={t('ticketPage.session.time')}>
              {(control) => (
                <input
                  {...control}
                  className="input"
                  type="time"
                  value={time}
                  onChange={(event) => setTime(event.target.value)}
                />
              )}
            </Field>
          </div>
          <div className="form__actions">
            <Button type="submit" disabled={update.isPending}>
              {t('ticketPage.occurrences.save')}
            </Button>
            <Button variant="ghost" onClick={() => setEditing('none')}>
              {t('ticketPage.occurrences.close')}
            </Button>
          </div>
        </form>
      ) : null}
      {editing === 'notes' ? (
        <form className="form session-occurrences__form" onSubmit={saveNotes} noValidate>
          <Field label={t('ticketPage.occurrences.outcome')}>
            {(control) => (
              <Select
                {...control}
                name="outcome"
                value={outcome}
                onValueChange={(value) => {
                  const chosen = SESSION_OUTCOMES.find((o) => o === value);
                  if (chosen) setOutcome(chosen);
                }}
                options={SESSION_OUTCOMES.map((o) => ({
                  value: o,
                  label: t(`ticketPage.occurrences.outcomes.${o}`),
                }))}
              />
            )}
          </Field>
          <Field
            label={t('ticketPage.occurrences.notes')}
            hint={t('ticketPage.occurrences.notesHint')}
          >
            {(control) => (
              <textarea
                {...control}
                className="input"
                rows={4}
                maxLength={SESSION_NOTES_MAX}
                name="notes"
                value={notes}
                onChange={(event) => setNotes(event.target.value)}
              />
            )}
          </Field>
          <div className="form__actions">
            <Button type="submit" disabled={notesMutation.isPending}>
              {t('ticketPage.occurrences.save')}
            </Button>
            <Button variant="ghost" onClick={() => setEditing('none')}>
              {t('ticketPage.occurrences.close')}
            </Button>
          </div>
        </form>
      ) : null}
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {failure ? <Alert tone="error">{errorMessage(failure, t)}</Alert> : null}
    </li>
  );
}
