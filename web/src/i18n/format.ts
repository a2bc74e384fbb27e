import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export type DateTimeStyle = 'dateTime' | 'date';

const styles: Record<DateTimeStyle, Intl.DateTimeFormatOptions> = {
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  date: { dateStyle: 'medium' },
};

/** Formats API timestamps (ISO 8601) in the current language, in the browser's time zone. */
export function useDateTimeFormat(style: DateTimeStyle = 'dateTime'): (iso: string) => string {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(language, styles[style]);
    return (iso: string) => {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? iso : format.format(date);
    };
  }, [language, style]);
}
