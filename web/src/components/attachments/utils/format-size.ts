/**
 * File sizes for people: "812 bytes", "14 kB", "3.2 MB" ("812 octets", "14 ko" in French), in
 * the current language's number format. Bytes are spelled out: CLDR's short form for them is the
 * singular "byte" in English. Counted in 1024s, as the server's limits are
 * (ATTACHMENT_MAX_FILE_MB = 32 is "32 MB").
 */
export function formatFileSize(bytes: number, language: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: value < 10 && unit > 0 ? 1 : 0,
  }).format(value);
}
