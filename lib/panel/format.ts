/**
 * Locale-aware formatting for the panel (Intl only, through the cached formatters of lib/core/intl.ts;
 * the locale is passed in, so this stays pure).
 */
import type { Kpi } from '../core/schemas';
import { dateTimeFormat, numberFormat } from '../core/intl';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A date-only value as that calendar day; an instant as local date and time. */
export function formatDate(value: string, locale: string | undefined, timeZone?: string): string {
  try {
    if (DATE_ONLY.test(value)) {
      const d = new Date(`${value}T00:00:00Z`);
      return dateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
    }
    const d = new Date(value);
    if (Number.isNaN(d.getTime())) return value;
    return dateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(d);
  } catch {
    return value;
  }
}

function unit(locale: string | undefined, u: 'day' | 'hour' | 'minute', n: number): string {
  return numberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'narrow', maximumFractionDigits: 0 }).format(n);
}

/** "2d 3h", "45m", "0m" — the absolute value of a duration at minute precision. */
export function formatDuration(ms: number, locale: string | undefined): string {
  const totalMin = Math.floor(Math.abs(ms) / 60000);
  const d = Math.floor(totalMin / 1440);
  const h = Math.floor((totalMin % 1440) / 60);
  const m = totalMin % 60;
  if (d > 0) return h > 0 ? `${unit(locale, 'day', d)} ${unit(locale, 'hour', h)}` : unit(locale, 'day', d);
  if (h > 0) return m > 0 ? `${unit(locale, 'hour', h)} ${unit(locale, 'minute', m)}` : unit(locale, 'hour', h);
  return unit(locale, 'minute', m);
}

/** A KPI value in its unit: percent values are stored as percents (2 = 2%). */
export function formatKpiValue(value: number, kpi: Pick<Kpi, 'unit' | 'currency'>, locale: string | undefined): string {
  try {
    switch (kpi.unit) {
      case 'percent':
        return numberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value / 100);
      case 'currency':
        return kpi.currency
          ? numberFormat(locale, { style: 'currency', currency: kpi.currency, maximumFractionDigits: 0 }).format(value)
          : numberFormat(locale, { maximumFractionDigits: 0 }).format(value);
      case 'days':
        return numberFormat(locale, { style: 'unit', unit: 'day', unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
      case 'months':
        return numberFormat(locale, { style: 'unit', unit: 'month', unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
      case 'hours':
        return numberFormat(locale, { style: 'unit', unit: 'hour', unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
      case 'ratio':
        return numberFormat(locale, { maximumFractionDigits: 2 }).format(value);
      default:
        return numberFormat(locale, { maximumFractionDigits: 1 }).format(value);
    }
  } catch {
    return String(value);
  }
}

export function formatPercent(share: number, locale: string | undefined): string {
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** The next whole minute after `now` (epoch ms), for the countdown display tick. */
export function nextMinute(now: number): number {
  return Math.floor(now / 60000) * 60000 + 60000;
}

/** The one check for links the panel renders as hrefs (http(s) only, no credentials): components/panel/ItemName.tsx should use it. */
export { safeHttpUrl } from '../core/url';

/** A duration in its largest whole unit, spelled out: "3 days", "5 hours", "12 minutes" (for the verdict line). */
export function formatSpan(ms: number, locale: string | undefined): string {
  const min = Math.floor(Math.abs(ms) / 60000);
  const [u, n]: ['day' | 'hour' | 'minute', number] = min >= 1440 ? ['day', Math.floor(min / 1440)] : min >= 60 ? ['hour', Math.floor(min / 60)] : ['minute', min];
  try {
    return numberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'long', maximumFractionDigits: 0 }).format(n);
  } catch {
    return `${n} ${u}`;
  }
}

/** A short day ("Dec 1") for "sent Dec 1" and launch dates in the verdict line. */
export function formatDay(value: string, locale: string | undefined, timeZone?: string): string {
  try {
    const dateOnly = DATE_ONLY.test(value);
    const d = new Date(dateOnly ? `${value}T00:00:00Z` : value);
    if (Number.isNaN(d.getTime())) return value;
    return dateTimeFormat(locale, { month: 'short', day: 'numeric', ...(dateOnly ? { timeZone: 'UTC' } : timeZone ? { timeZone } : {}) }).format(d);
  } catch {
    return value;
  }
}
