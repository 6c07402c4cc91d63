/**
 * Business calendars: working days and hours in a time zone, public holidays of a country
 * (date-holidays), plus a team's own extra days off and moved working days.
 * Business-time arithmetic on UTC instants, exact across daylight-saving changes
 * (@date-fns/tz resolves local wall-clock times to instants).
 * Pure: no browser APIs.
 */
import type { BusinessCalendar } from './schemas';

/** An instant: a Date, epoch milliseconds, or an ISO 8601 string. */
export type TimeInput = Date | number | string;

/** One local calendar day of a calendar: whether it works and its working window as UTC ms. */
export interface BusinessDay {
  /** Local date, YYYY-MM-DD. */
  date: string;
  working: boolean;
  /** Why the day is (not) working. */
  kind: 'workday' | 'weekend' | 'holiday' | 'extra-day-off' | 'extra-working-day';
  /** Holiday name when kind is 'holiday'. */
  holiday?: string;
  /** Working window [startMs, endMs) in epoch ms; equal when not working. */
  startMs: number;
  endMs: number;
  /** Local midnight of this day and of the next day, epoch ms (a local day is 23–25 h long). */
  dayStartMs: number;
  dayEndMs: number;
}

export function toMs(t: TimeInput): number {
  throw new Error('not implemented');
}

/** Local date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(timeZone: string, t: TimeInput): string {
  throw new Error('not implemented');
}

/** The instant of a local wall-clock time (HH:MM, "24:00" = next midnight) on a local date. */
export function zonedTime(timeZone: string, date: string, hhmm: string): number {
  throw new Error('not implemented');
}

/** Start of a local day (00:00) as epoch ms. */
export function startOfLocalDay(timeZone: string, date: string): number {
  throw new Error('not implemented');
}

/** End of a local day: the last millisecond before the next local midnight, epoch ms. */
export function endOfLocalDay(timeZone: string, date: string): number {
  throw new Error('not implemented');
}

/** Add whole calendar days to a YYYY-MM-DD date (negative to subtract). */
export function addDays(date: string, days: number): string {
  throw new Error('not implemented');
}

/** ISO weekday of a YYYY-MM-DD date: 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
  throw new Error('not implemented');
}

/** The calendar's view of one local day (cached per calendar object). */
export function businessDay(cal: BusinessCalendar, date: string): BusinessDay {
  throw new Error('not implemented');
}

export function isBusinessDay(cal: BusinessCalendar, date: string): boolean {
  return businessDay(cal, date).working;
}

/** Public holidays of the calendar's country (and region) in a year, local dates. */
export function holidaysOf(cal: BusinessCalendar, year: number): { date: string; name: string }[] {
  throw new Error('not implemented');
}

/** Is the instant inside working hours of a working day? */
export function isWorkingTime(cal: BusinessCalendar, t: TimeInput): boolean {
  throw new Error('not implemented');
}

/** Business milliseconds in [from, to); negative when to < from. */
export function businessMsBetween(cal: BusinessCalendar, from: TimeInput, to: TimeInput): number {
  throw new Error('not implemented');
}

/** Business minutes in [from, to) (fractional). */
export function businessMinutesBetween(cal: BusinessCalendar, from: TimeInput, to: TimeInput): number {
  return businessMsBetween(cal, from, to) / 60000;
}

/**
 * The instant at which `ms` business milliseconds have passed after `from` (ms ≥ 0).
 * With ms = 0 returns `from` itself. The result always lies inside working time or at
 * the end of a working window (never in a gap).
 */
export function addBusinessMs(cal: BusinessCalendar, from: TimeInput, ms: number): number {
  throw new Error('not implemented');
}

/** addBusinessMs for minutes, returned as a Date. */
export function addBusinessMinutes(cal: BusinessCalendar, from: TimeInput, minutes: number): Date {
  return new Date(addBusinessMs(cal, from, minutes * 60000));
}

/** The instant `ms` business milliseconds before `to` (ms ≥ 0). */
export function subtractBusinessMs(cal: BusinessCalendar, to: TimeInput, ms: number): number {
  throw new Error('not implemented');
}

/** Add N working days to a local date (negative to go back), skipping non-working days. */
export function addBusinessDays(cal: BusinessCalendar, date: string, days: number): string {
  throw new Error('not implemented');
}
