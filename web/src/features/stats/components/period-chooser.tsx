import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { PRESET_DAYS, customRangeError, type StatsPeriod } from '../utils/period';

type PeriodChooserProps = {
  period: StatsPeriod;
  onChange: (period: StatsPeriod) => void;
};

/** Today as `YYYY-MM-DD` in UTC (the custom range's dates are whole UTC days). */
function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * The statistics' period: the last 7, 30 or 90 days (toggle buttons, `aria-pressed`), or a custom
 * range of dates (both days included) checked before it is applied — an impossible range names
 * the field at fault instead of asking the server.
 */
export function PeriodChooser({ period, onChange }: PeriodChooserProps) {
  const { t } = useTranslation();
  const id = useId();
  const [customOpen, setCustomOpen] = useState(period.kind === 'custom');
  const [from, setFrom] = useState(period.kind === 'custom' ? period.from : '');
  const [to, setTo] = useState(period.kind === 'custom' ? period.to : today());
  const [error, setError] = useState<ReturnType<typeof customRangeError>>(null);

  function handleApply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problem = customRangeError(from, to);
    setError(problem);
    if (!problem) onChange({ kind: 'custom', from, to });
  }

  const errorText = error ? t(`stats.period.errors.${error}`) : undefined;
  const fromInvalid = error === 'invalid' && !/^\d{4}-\d{2}-\d{2}$/.test(from);

  return (
    <div className="stats-period">
      <div className="segmented" role="group" aria-labelledby={`${id}-legend`}>
        <span id={`${id}-legend`} className="segmented__legend">
          {t('stats.period.label')}
        </span>
        {PRESET_DAYS.map((days) => (
          <button
            key={days}
            type="button"
            className="segmented__option"
            aria-pressed={!customOpen && period.kind === 'last' && period.days === days}
            onClick={() => {
              setCustomOpen(false);
              setError(null);
              onChange({ kind: 'last', days });
            }}
          >
            {t('stats.period.lastDays', { count: days })}
          </button>
        ))}
        <button
          type="button"
          className="segmented__option"
          aria-pressed={customOpen}
          aria-expanded={customOpen}
          aria-controls={`${id}-custom`}
          onClick={() => setCustomOpen(true)}
        >
          {t('stats.period.custom')}
        </button>
      </div>
      {customOpen ? (
        <form
          id={`${id}-custom`}
          className="stats-period__custom"
          aria-label={t('stats.period.customLabel')}
          onSubmit={handleApply}
          noValidate
        >
          <Field
            label={t('stats.period.from')}
            error={fromInvalid || error === 'order' ? errorText : undefined}
          >
            {(control) => (
              <input
                {...control}
                type="date"
                className="input"
                value={from}
                max={to || undefined}
                onChange={(e) => setFrom(e.target.value)}
              />
            )}
          </Field>
          <Field
            label={t('stats.period.to')}
            error={error && !(fromInvalid || error === 'order') ? errorText : undefined}
          >
            {(control) => (
              <input
                {...control}
                type="date"
                className="input"
                value={to}
                min={from || undefined}
                onChange={(e) => setTo(e.target.value)}
              />
            )}
          </Field>
          <Button type="submit" variant="secondary">
            {t('stats.period.apply')}
          </Button>
        </form>
      ) : null}
    </div>
  );
}
