/**
 * Business calendars: working days and hours in a time zone, public holidays of a country
 * (date-holidays; for Russia the production calendar of ./production-calendar.ts: the Labour
 * Code's holidays and moves, the decree's moved days, shortened pre-holiday days), plus a team's
 * own extra days off and moved working days (these win over everything else).
 * Business-time arithmetic on UTC instants, exact across daylight-saving changes
 * (@date-fns/tz resolves local wall-clock times to instants).
 * Pure: no browser APIs.
 */
import { tzOffset } from '@date-fns/tz';
import { decreeWarning, ruProductionDay, ruProductionYear, type ProductionCalendarWarning } from './production-calendar';
import type { BusinessCalendar } from './schemas';
import { dateTimeFormat } from './intl';

/** An instant: a Date, epoch milliseconds, or an ISO 8601 string. */
export type TimeInput = Date | number | string;

/** One local calendar day of a calendar: whether it works and its working window as UTC ms. */
export interface BusinessDay {
  /** Local date, YYYY-MM-DD. */
  date: string;
  working: boolean;
  /** Why the day is (not) working. */
  kind: 'workday' | 'weekend' | 'holiday' | 'extra-day-off' | 'extra-working-day';
  /** Holiday name when kind is 'holiday' (or the reason of a moved day off / working day of a production calendar). */
  holiday?: string;
  /** A pre-holiday working day one hour shorter (Russian Labour Code art. 95). */
  shortened?: boolean;
  /** Working window [startMs, endMs) in epoch ms; equal when not working. */
  startMs: number;
  endMs: number;
  /** Local midnight of this day and of the next day, epoch ms (a local day is 23–25 h long). */
  dayStartMs: number;
  dayEndMs: number;
}

export function toMs(t: TimeInput): number {
  const ms = typeof t === 'number' ? t : typeof t === 'string' ? Date.parse(t) : t.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not a valid instant: ${String(t)}`);
  return ms;
}

/** Local date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(timeZone: string, t: TimeInput): string {
  const ms = toMs(t);
  return utcDateString(ms + offsetMinutes(timeZone, ms) * 60000);
}

/** The instant of a local wall-clock time (HH:MM, "24:00" = next midnight) on a local date. */
export function zonedTime(timeZone: string, date: string, hhmm: string): number {
  const [y, m, d] = splitDate(date);
  const hm = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!hm) throw new RangeError(`not a time HH:MM: ${hhmm}`);
  const h = Number(hm[1]);
  const min = Number(hm[2]);
  if (h > 24 || min > 59 || (h === 24 && min !== 0)) throw new RangeError(`not a time HH:MM: ${hhmm}`);
  // The wall-clock time read as if it were UTC, then shifted by the zone's offset at that
  // instant (two passes settle the offset around a transition). A time that does not exist
  // (inside a spring-forward gap) moves forward by the gap, as clocks do.
  const wall = Date.UTC(y, m - 1, d, h, min);
  const off1 = offsetMinutes(timeZone, wall - offsetMinutes(timeZone, wall) * 60000);
  const ms = wall - off1 * 60000;
  const off2 = offsetMinutes(timeZone, ms);
  if (off2 === off1) return ms;
  const alt = wall - off2 * 60000;
  if (offsetMinutes(timeZone, alt) === off2) return alt;
  // In a gap neither reading is consistent: read the time with the offset before the change.
  return wall - Math.min(off1, off2) * 60000;
}

/** Start of a local day (00:00) as epoch ms. */
export function startOfLocalDay(timeZone: string, date: string): number {
  const key = `${timeZone}|${date}`;
  const hit = midnights.get(key);
  if (hit !== undefined) return hit;
  const ms = zonedTime(timeZone, date, '00:00');
  if (midnights.size > 20_000) midnights.clear();
  midnights.set(key, ms);
  return ms;
}

/** End of a local day: the last millisecond before the next local midnight, epoch ms. */
export function endOfLocalDay(timeZone: string, date: string): number {
  return zonedTime(timeZone, addDays(date, 1), '00:00') - 1;
}

/** Add whole calendar days to a YYYY-MM-DD date (negative to subtract). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = splitDate(date);
  return utcDateString(Date.UTC(y, m - 1, d + days));
}

/** ISO weekday of a YYYY-MM-DD date: 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
  const [y, m, d] = splitDate(date);
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return wd === 0 ? 7 : wd;
}

/** The calendar's view of one local day (cached per calendar object). */
export function businessDay(cal: BusinessCalendar, date: string): BusinessDay {
  const c = compiled(cal);
  const hit = c.days.get(date);
  if (hit) return hit;
  const day = computeDay(c, date);
  if (c.days.size > 5000) c.days.clear();
  c.days.set(date, day);
  return day;
}

export function isBusinessDay(cal: BusinessCalendar, date: string): boolean {
  return businessDay(cal, date).working;
}

/** Public holidays of the calendar's country (and region) in a year, local dates. */
export function holidaysOf(cal: BusinessCalendar, year: number): { date: string; name: string }[] {
  if (!cal.country) return [];
  if (cal.country === 'RU') {
    const y = ruProductionYear(year);
    return [...y.holidays.entries(), ...y.movedDaysOff.entries()]
      .map(([date, name]) => ({ date, name }))
      .sort((a, b) => (a.date < b.date ? -1 : 1));
  }
  const map = holidayMap(cal.country, cal.region, year);
  return [...map.entries()].map(([date, name]) => ({ date, name })).sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** Is the instant inside working hours of a working day? */
export function isWorkingTime(cal: BusinessCalendar, t: TimeInput): boolean {
  const ms = toMs(t);
  const day = businessDay(cal, localDate(cal.timeZone, ms));
  return day.working && ms >= day.startMs && ms < day.endMs;
}

/** Business milliseconds in [from, to); negative when to < from. */
export function businessMsBetween(cal: BusinessCalendar, from: TimeInput, to: TimeInput): number {
  const a = toMs(from);
  const b = toMs(to);
  if (b < a) return -businessMsBetween(cal, b, a);
  if (b === a) return 0;
  let date = localDate(cal.timeZone, a);
  let total = 0;
  for (;;) {
    const day = businessDay(cal, date);
    if (day.dayStartMs >= b) break;
    if (day.working) {
      const s = Math.max(a, day.startMs);
      const e = Math.min(b, day.endMs);
      if (e > s) total += e - s;
    }
    date = addDays(date, 1);
  }
  return total;
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
  const a = toMs(from);
  if (!(ms > 0)) return a;
  let left = ms;
  let date = localDate(cal.timeZone, a);
  for (let i = 0; i < MAX_DAYS_WALK; i++) {
    const day = businessDay(cal, date);
    if (day.working) {
      const s = Math.max(a, day.startMs);
      if (s < day.endMs) {
        const avail = day.endMs - s;
        if (left <= avail) return s + left;
        left -= avail;
      }
    }
    date = addDays(date, 1);
  }
  throw new RangeError(`calendar ${cal.id} has no working time within ${MAX_DAYS_WALK} days`);
}

/** addBusinessMs for minutes, returned as a Date. */
export function addBusinessMinutes(cal: BusinessCalendar, from: TimeInput, minutes: number): Date {
  return new Date(addBusinessMs(cal, from, minutes * 60000));
}

/** The instant `ms` business milliseconds before `to` (ms ≥ 0). */
export function subtractBusinessMs(cal: BusinessCalendar, to: TimeInput, ms: number): number {
  const b = toMs(to);
  if (!(ms > 0)) return b;
  let left = ms;
  let date = localDate(cal.timeZone, b);
  for (let i = 0; i < MAX_DAYS_WALK; i++) {
    const day = businessDay(cal, date);
    if (day.working) {
      const e = Math.min(b, day.endMs);
      if (e > day.startMs) {
        const avail = e - day.startMs;
        if (left <= avail) return e - left;
        left -= avail;
      }
    }
    date = addDays(date, -1);
  }
  throw new RangeError(`calendar ${cal.id} has no working time within ${MAX_DAYS_WALK} days`);
}

/** Add N working days to a local date (negative to go back), skipping non-working days. */
export function addBusinessDays(cal: BusinessCalendar, date: string, days: number): string {
  const step = days < 0 ? -1 : 1;
  let left = Math.abs(Math.trunc(days));
  let d = date;
  let guard = 0;
  while (left > 0) {
    d = addDays(d, step);
    if (businessDay(cal, d).working) left--;
    if (++guard > MAX_DAYS_WALK) throw new RangeError(`calendar ${cal.id} has no working days`);
  }
  return d;
}

// ───────────────────────────── internals ─────────────────────────────

const midnights = new Map<string, number>();

/**
 * UTC offset of a zone at an instant, in minutes. Intl formatting is slow, so offsets are
 * cached per UTC day when the offset is the same at both ends of the day (no transition),
 * and per quarter hour on transition days (zone transitions happen on whole quarter hours).
 */
const QUARTER_HOUR = 900_000;
const DAY = 86_400_000;
interface ZoneOffsets {
  /** UTC day → its single offset, or null on a transition day. */
  days: Map<number, number | null>;
  quarters: Map<number, number>;
}
const offsets = new Map<string, ZoneOffsets>();

function rawOffset(timeZone: string, ms: number): number {
  const off = tzOffset(timeZone, new Date(ms));
  if (!Number.isFinite(off)) throw new RangeError(`unknown time zone: ${timeZone}`);
  return off;
}

export function offsetMinutes(timeZone: string, ms: number): number {
  let zone = offsets.get(timeZone);
  if (!zone) {
    zone = { days: new Map(), quarters: new Map() };
    offsets.set(timeZone, zone);
  }
  const day = Math.floor(ms / DAY);
  let uniform = zone.days.get(day);
  if (uniform === undefined) {
    const a = rawOffset(timeZone, day * DAY);
    const b = rawOffset(timeZone, (day + 1) * DAY - 1);
    uniform = a === b ? a : null;
    if (zone.days.size > 20_000) zone.days.clear();
    zone.days.set(day, uniform);
  }
  if (uniform !== null) return uniform;
  const bucket = Math.floor(ms / QUARTER_HOUR);
  const hit = zone.quarters.get(bucket);
  if (hit !== undefined) return hit;
  const off = rawOffset(timeZone, bucket * QUARTER_HOUR);
  if (zone.quarters.size > 20_000) zone.quarters.clear();
  zone.quarters.set(bucket, off);
  return off;
}

/** Ten years: the longest walk for one business-time computation. */
const MAX_DAYS_WALK = 3660;

function splitDate(date: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a date YYYY-MM-DD: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function utcDateString(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

interface Compiled {
  cal: BusinessCalendar;
  workingDays: Set<number>;
  extraOff: Set<string>;
  extraOn: Set<string>;
  /** Working hours; when end is not after start the day has no working time. */
  start: string;
  end: string;
  days: Map<string, BusinessDay>;
}

let byObject = new WeakMap<BusinessCalendar, Compiled>();
const bySignature = new Map<string, Compiled>();

function signature(cal: BusinessCalendar): string {
  return JSON.stringify([
    cal.id,
    cal.timeZone,
    cal.workingDays,
    cal.start,
    cal.end,
    cal.country ?? '',
    cal.region ?? '',
    cal.extraDaysOff,
    cal.extraWorkingDays,
  ]);
}

/** Compile a calendar once per object (and per content, for calendars re-read from storage). */
function compiled(cal: BusinessCalendar): Compiled {
  const hit = byObject.get(cal);
  if (hit) return hit;
  const sig = signature(cal);
  let c = bySignature.get(sig);
  if (!c) {
    // Validate the zone early: an unknown zone throws a RangeError here, not deep in a clock.
    dateTimeFormat('en-US', { timeZone: cal.timeZone });
    c = {
      cal,
      workingDays: new Set(cal.workingDays ?? [1, 2, 3, 4, 5]),
      extraOff: new Set(cal.extraDaysOff ?? []),
      extraOn: new Set(cal.extraWorkingDays ?? []),
      start: cal.start ?? '09:00',
      end: cal.end ?? '18:00',
      days: new Map(),
    };
    if (bySignature.size > 64) bySignature.clear();
    bySignature.set(sig, c);
  }
  byObject.set(cal, c);
  return c;
}

function computeDay(c: Compiled, date: string): BusinessDay {
  const tz = c.cal.timeZone;
  const dayStartMs = startOfLocalDay(tz, date);
  const dayEndMs = startOfLocalDay(tz, addDays(date, 1));
  let kind: BusinessDay['kind'];
  let holiday: string | undefined;
  let shortened = false;
  if (c.extraOn.has(date)) kind = 'extra-working-day';
  else if (c.extraOff.has(date)) kind = 'extra-day-off';
  else if (c.cal.country === 'RU') {
    const p = ruProductionDay(date);
    shortened = p.shortened;
    if (p.kind === 'holiday') {
      kind = 'holiday';
      holiday = p.name;
    } else if (p.kind === 'moved-day-off') {
      kind = 'extra-day-off';
      holiday = p.name;
    } else if (p.kind === 'moved-working-day') {
      kind = c.workingDays.has(isoWeekday(date)) ? 'workday' : 'extra-working-day';
      holiday = p.name;
    } else kind = c.workingDays.has(isoWeekday(date)) ? 'workday' : 'weekend';
  } else {
    holiday = c.cal.country ? holidayMap(c.cal.country, c.cal.region, Number(date.slice(0, 4))).get(date) : undefined;
    if (holiday !== undefined) kind = 'holiday';
    else kind = c.workingDays.has(isoWeekday(date)) ? 'workday' : 'weekend';
  }
  let working = kind === 'workday' || kind === 'extra-working-day';
  let startMs = dayStartMs;
  let endMs = dayStartMs;
  if (working) {
    startMs = zonedTime(tz, date, c.start);
    endMs = zonedTime(tz, date, c.end);
    // Art. 95: one hour shorter (never below nothing).
    if (shortened) endMs = Math.max(startMs, endMs - 3_600_000);
    if (!(endMs > startMs)) {
      working = false;
      endMs = startMs;
    }
  }
  const day: BusinessDay = { date, working, kind, startMs, endMs, dayStartMs, dayEndMs };
  if (holiday !== undefined) day.holiday = holiday;
  if (shortened && working) day.shortened = true;
  return day;
}

/**
 * Where public holidays come from: a function (country, region, year) → holidays.
 * The holiday library (lib/core/holidays.ts, date-holidays) is large, so it is registered only
 * where it can be afforded (background, extension pages, tests); content scripts register a
 * source over the background's precomputed cache instead. Without a source, only a calendar's
 * own extra days off count.
 */
export type HolidaySource = (country: string, region: string | undefined, year: number) => readonly { date: string; name: string }[];

let holidaySource: HolidaySource | null = null;
const holidayYears = new Map<string, Map<string, string>>();

/** Register the holiday source (replaces any earlier one and forgets cached years). */
export function setHolidaySource(source: HolidaySource | null): void {
  holidaySource = source;
  holidayYears.clear();
  // Days computed with the old source are stale.
  bySignature.clear();
  byObject = new WeakMap();
}

export function hasHolidaySource(): boolean {
  return holidaySource !== null;
}

/** Public holidays of a country/region in a year: local date → name. */
function holidayMap(country: string, region: string | undefined, year: number): Map<string, string> {
  const key = `${country}/${region ?? ''}/${year}`;
  const hit = holidayYears.get(key);
  if (hit) return hit;
  const map = new Map<string, string>();
  for (const h of holidaySource?.(country, region, year) ?? []) if (!map.has(h.date)) map.set(h.date, h.name);
  if (holidaySource) holidayYears.set(key, map);
  return map;
}

/** The instants an SLA clock's computation covers (its start, its deadline, when it was met). */
export interface ClockSpan {
  startedAt: string | null;
  dueAt: string | null;
  metAt?: string;
  /** The date a before/after clock counts from or to (YYYY-MM-DD or an instant). */
  anchor?: string;
  /** A clock still counting also covers now. */
  running: boolean;
}

/**
 * For a Russian calendar: a warning naming the years without a decree in the data that the item's
 * own deadlines touch — from the earliest clock start to the latest deadline, anchor date (launch,
 * release…) or now, for a clock still counting, in the calendar's time zone. A lead met in March
 * 2025 gets none in December 2026; a notice due in January 2027 does. Null when no clock touches
 * such a year or the calendar is not Russian.
 */
export function deadlinesCalendarWarning(country: string | undefined, clocks: readonly ClockSpan[], now: Date | number, timeZone = 'Europe/Moscow'): ProductionCalendarWarning | null {
  if (country !== 'RU') return null;
  const nowMs = new Date(now).getTime();
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of clocks) {
    // A date-only anchor is read at its noon (UTC), inside that local day in any Russian zone.
    const anchor = c.anchor && /^\d{4}-\d{2}-\d{2}$/.test(c.anchor) ? `${c.anchor}T12:00:00Z` : c.anchor;
    const at = [c.startedAt, c.dueAt, c.metAt, anchor].map((x) => (x ? Date.parse(x) : NaN)).filter(Number.isFinite);
    if (c.running) at.push(nowMs);
    for (const t of at) {
      lo = Math.min(lo, t);
      hi = Math.max(hi, t);
    }
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return null;
  // The calendar's own years (31 December 23:00 UTC is already 1 January in Moscow).
  const yearOf = (ms: number) => {
    try {
      return Number(localDate(timeZone, ms).slice(0, 4));
    } catch {
      return new Date(ms).getUTCFullYear(); // an unknown zone: UTC's year
    }
  };
  const years: number[] = [];
  for (let y = yearOf(lo), to = Math.min(yearOf(hi), yearOf(lo) + 20); y <= to; y++) years.push(y);
  return decreeWarning(years);
}
