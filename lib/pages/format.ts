/**
 * Locale-aware formatting for Liaison's pages (Intl only, the locale passed in).
 * Pure: no browser APIs. Formatters are cached (lib/core/intl.ts).
 */
import { dateTimeFormat, numberFormat } from '../core/intl';

/** A date-only value (YYYY-MM-DD) as a UTC-noon Date, so formatting never shifts the day. */
export function dateOnlyToDate(date: string): Date {
  return new Date(`${date}T12:00:00Z`);
}

export function formatDate(locale: string, date: string, opts: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' }): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return dateTimeFormat(locale, { ...opts, timeZone: 'UTC' }).format(dateOnlyToDate(date));
  return dateTimeFormat(locale, opts).format(new Date(date));
}

export function formatDateTime(locale: string, iso: string | number | Date, timeZone?: string): string {
  return dateTimeFormat(locale, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
}

export function formatNumber(locale: string, n: number, maxFractionDigits = 1): string {
  return numberFormat(locale, { maximumFractionDigits: maxFractionDigits }).format(n);
}

/** A share 0…1 as a percentage. */
export function formatShare(locale: string, share: number): string {
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** A duration as the largest sensible units ("2 d 3 h", "45 min"), via Intl unit formatting. */
export function formatDuration(locale: string, ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let rest = Math.round(Math.abs(ms) / 60000);
  const days = Math.floor(rest / 1440);
  rest -= days * 1440;
  const hours = Math.floor(rest / 60);
  const minutes = rest - hours * 60;
  const unit = (value: number, u: 'day' | 'hour' | 'minute') =>
    numberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'short' }).format(value);
  const parts: string[] = [];
  if (days) parts.push(unit(days, 'day'));
  if (hours) parts.push(unit(hours, 'hour'));
  if (!days && (minutes || !hours)) parts.push(unit(minutes, 'minute'));
  return sign + parts.join(' ');
}

/** Date-only (YYYY-MM-DD) of an ISO date or instant in a time zone. */
export function localDateOf(value: string, timeZone: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const parts = dateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(value));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Add days to YYYY-MM-DD. */
export function addDaysTo(date: string, days: number): string {
  const d = dateOnlyToDate(date);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** ISO weekday of YYYY-MM-DD, 1 Monday … 7 Sunday. */
export function weekdayOf(date: string): number {
  const d = dateOnlyToDate(date).getUTCDay();
  return d === 0 ? 7 : d;
}

/** Monday of the week containing `date` (YYYY-MM-DD). */
export function mondayOf(date: string): string {
  return addDaysTo(date, 1 - weekdayOf(date));
}

/** The viewer's time zone, or UTC when Intl cannot tell. */
export function viewerTimeZone(): string {
  try {
    return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
