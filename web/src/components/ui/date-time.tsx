import { useDateTimeFormat, type DateTimeStyle } from '@/i18n/format';

/** A timestamp in the current language, machine-readable through `dateTime`. */
export function DateTime({
  value,
  format = 'dateTime',
}: {
  value: string;
  format?: DateTimeStyle;
}) {
  const formatDate = useDateTimeFormat(format);
  return <time dateTime={value}>{formatDate(value)}</time>;
}
