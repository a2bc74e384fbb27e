import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DATA_SUBJECT_EMAIL_MAX } from '@docket/server/contract/data-subjects';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { DateTime } from '@/components/ui/date-time';
import { Field } from '@/components/ui/field';
import { Loading } from '@/components/ui/loading';
import { Select } from '@/components/ui/select';
import { useToast } from '@/components/ui/toast';
import { errorMessage } from '@/lib/form-errors';
import { useEraseDataSubject } from '../api/erase-data-subject';
import { useExportDataSubject } from '../api/export-data-subject';
import { useRetention, useUpdateRetention } from '../api/retention';

/**
 * Data-subject requests (docs/product.md "Data-subject requests"), for admins: download a
 * person's data, erase it (the email typed a second time to confirm), and the organization's
 * retention of closed tickets.
 */
export function PrivacyAdmin() {
  return (
    <>
      <ExportCard />
      <EraseCard />
      <RetentionCard />
    </>
  );
}

function ExportCard() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const exporting = useExportDataSubject();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    exporting.mutate({ email: email.trim() });
  };
  return (
    <Card title={t('privacy.export.title')}>
      <p className="admin-muted">{t('privacy.export.intro')}</p>
      <form onSubmit={submit} noValidate>
        {exporting.error ? <Alert tone="error">{errorMessage(exporting.error, t)}</Alert> : null}
        <Field label={t('privacy.email')} required>
          {(control) => (
            <input
              {...control}
              className="input"
              type="email"
              autoComplete="off"
              maxLength={DATA_SUBJECT_EMAIL_MAX}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <Button type="submit" disabled={exporting.isPending || !email.trim()}>
          {exporting.isPending ? t('privacy.export.working') : t('privacy.export.submit')}
        </Button>
      </form>
    </Card>
  );
}

function EraseCard() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const erase = useEraseDataSubject();
  const matches =
    email.trim() !== '' && email.trim().toLowerCase() === confirmation.trim().toLowerCase();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!matches) return;
    erase.mutate(email.trim(), {
      onSuccess: () => {
        setEmail('');
        setConfirmation('');
      },
    });
  };
  return (
    <Card title={t('privacy.erase.title')}>
      <p className="admin-muted">{t('privacy.erase.intro')}</p>
      <form onSubmit={submit} noValidate>
        {erase.error ? <Alert tone="error">{errorMessage(erase.error, t)}</Alert> : null}
        {erase.data ? (
          <Alert
            tone="success"
            title={t('privacy.erase.done', { name: erase.data.pseudonym.name })}
          >
            {t('privacy.erase.doneCounts', {
              tickets: erase.data.counts.tickets,
              responses: erase.data.counts.responses,
              files: erase.data.counts.attachments,
            })}
          </Alert>
        ) : null}
        <Field label={t('privacy.email')} required>
          {(control) => (
            <input
              {...control}
              className="input"
              type="email"
              autoComplete="off"
              maxLength={DATA_SUBJECT_EMAIL_MAX}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <Field
          label={t('privacy.erase.confirmLabel')}
          hint={t('privacy.erase.confirmHint')}
          required
        >
          {(control) => (
            <input
              {...control}
              className="input"
              type="email"
              autoComplete="off"
              maxLength={DATA_SUBJECT_EMAIL_MAX}
              value={confirmation}
              onChange={(e) => setConfirmation(e.target.value)}
            />
          )}
        </Field>
        <Button type="submit" disabled={erase.isPending || !matches}>
          {erase.isPending ? t('privacy.erase.working') : t('privacy.erase.submit')}
        </Button>
      </form>
    </Card>
  );
}

/** The retention choices: off, or a number of months. */
const MONTHS = [null, 6, 12, 24, 36, 60, 84, 120] as const;

function RetentionCard() {
  const { t } = useTranslation();
  const { toast } = useToast();
  const retention = useRetention();
  const update = useUpdateRetention();
  const state = retention.data;
  const save = (change: { closedTicketsMonths?: number | null; action?: 'erase' | 'delete' }) => {
    if (!state) return;
    update.mutate(
      {
        closedTicketsMonths:
          change.closedTicketsMonths === undefined
            ? state.closedTicketsMonths
            : change.closedTicketsMonths,
        action: change.action ?? state.action,
      },
      { onSuccess: () => toast({ tone: 'success', title: t('privacy.retention.saved') }) },
    );
  };
  return (
    <Card title={t('privacy.retention.title')}>
      <p className="admin-muted">{t('privacy.retention.intro')}</p>
      {retention.isPending ? <Loading /> : null}
      {retention.isError ? <Alert tone="error">{errorMessage(retention.error, t)}</Alert> : null}
      {update.error ? <Alert tone="error">{errorMessage(update.error, t)}</Alert> : null}
      {state ? (
        <>
          <Field label={t('privacy.retention.monthsLabel')}>
            {(control) => (
              <Select
                id={control.id}
                aria-describedby={control['aria-describedby']}
                value={String(state.closedTicketsMonths ?? 'off')}
                disabled={update.isPending}
                onValueChange={(value) =>
                  save({ closedTicketsMonths: value === 'off' ? null : Number(value) })
                }
                options={[
                  ...MONTHS,
                  // A value set through the API that the list does not offer.
                  ...(MONTHS.some((m) => m === state.closedTicketsMonths)
                    ? []
                    : [state.closedTicketsMonths]),
                ].map((months) => ({
                  value: String(months ?? 'off'),
                  label:
                    months === null
                      ? t('privacy.retention.off')
                      : t('privacy.retention.months', { count: months }),
                }))}
              />
            )}
          </Field>
          <Field
            label={t('privacy.retention.actionLabel')}
            hint={t('privacy.retention.actionHint')}
          >
            {(control) => (
              <Select
                id={control.id}
                aria-describedby={control['aria-describedby']}
                value={state.action}
                disabled={update.isPending}
                onValueChange={(value) => save({ action: value === 'delete' ? 'delete' : 'erase' })}
                options={[
                  { value: 'erase', label: t('privacy.retention.erase') },
                  { value: 'delete', label: t('privacy.retention.delete') },
                ]}
              />
            )}
          </Field>
          <p className="admin-muted">
            {state.lastRunAt ? (
              <>
                {t('privacy.retention.lastRun')} <DateTime value={state.lastRunAt} />
              </>
            ) : (
              t('privacy.retention.neverRun')
            )}
          </p>
        </>
      ) : null}
    </Card>
  );
}
