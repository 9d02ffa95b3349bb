/**
 * Locale-aware formatting of sizes and times. Intl formatters are kept per
 * locale and options: constructing one costs far more than formatting with
 * it, and virtualized lists format every row that scrolls into view.
 */

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, digits?: number): Intl.NumberFormat {
  const key = `${locale}|${digits ?? ''}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, digits === undefined ? {} : { maximumFractionDigits: digits });
    numberFormats.set(key, format);
  }
  return format;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: string, timeStyle: 'medium' | 'short'): Intl.DateTimeFormat {
  const key = `${locale}|${timeStyle}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle });
    dateFormats.set(key, format);
  }
  return format;
}

/** 1536 → "1.5 KB" (binary multiples, the way file managers show sizes). */
export function formatBytes(bytes: number, locale: string): string {
  if (!Number.isFinite(bytes)) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 ? 0 : value < 10 ? 2 : value < 100 ? 1 : 0;
  return `${numberFormat(locale, digits).format(value)} ${UNITS[unit]}`;
}

/** 1234567 → "1,234,567 bytes" / "1,234,567 字节". */
export function formatExactBytes(bytes: number, locale: string): string {
  const number = numberFormat(locale).format(bytes);
  return locale.startsWith('zh') ? `${number} 字节` : `${number} ${bytes === 1 ? 'byte' : 'bytes'}`;
}

export function formatDateTime(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateFormat(locale, 'medium').format(date);
}

export function formatCount(count: number, locale: string): string {
  return numberFormat(locale).format(count);
}

/** A time given in ms since the epoch, to the minute ("Dec 4, 2026, 12:00 PM"). */
export function formatShortDateTime(ms: number, locale: string): string {
  return dateFormat(locale, 'short').format(ms);
}
