import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatSlaDuration, type SlaDurationUnits } from '../utils/sla-time';

/**
 * `formatSlaDuration` in the current language: `(seconds) => "1 h 20 min"` (en) or
 * `"2 j 3 h"` (fr-CA), the sign ignored; units from `slaTicket.duration.*`.
 */
export function useSlaDurationFormat(): (seconds: number) => string {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  return useMemo(() => {
    const units: SlaDurationUnits = {
      day: (value) => t('slaTicket.duration.day', { value }),
      hour: (value) => t('slaTicket.duration.hour', { value }),
      minute: (value) => t('slaTicket.duration.minute', { value }),
      lessThanMinute: t('slaTicket.duration.lessThanMinute'),
    };
    return (seconds: number) => formatSlaDuration(seconds, language, units);
  }, [t, language]);
}
