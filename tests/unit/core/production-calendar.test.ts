import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, businessDay, businessMsBetween, deadlinesCalendarWarning, holidaysOf, isBusinessDay } from '@/lib/core/calendar';
import { DEFAULT_CALENDAR } from '@/lib/core/defaults';
import { productionCalendarWarning, ruProductionYear } from '@/lib/core/production-calendar';
import { BusinessCalendarSchema } from '@/lib/core/schemas';

const RU = DEFAULT_CALENDAR;
const H = 3_600_000;
// A team's own Russian calendar made in the options: another zone, other hours — the same rules.
const NSK = BusinessCalendarSchema.parse({ id: 'sales-nsk', name: 'Новосибирск', timeZone: 'Asia/Novosibirsk', country: 'RU', start: '10:00', end: '19:00' });

function monthCounts(cal = RU, year: number): number[] {
  const out = Array.from({ length: 12 }, () => 0);
  for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) if (isBusinessDay(cal, d)) out[Number(d.slice(5, 7)) - 1]!++;
  return out;
}
function hours(cal = RU, year: number): number {
  let h = 0;
  for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) {
    const day = businessDay(cal, d);
    h += (day.endMs - day.startMs) / H;
  }
  return h;
}
/** Weekdays (Mon–Fri) that are not working, and weekend days that are. */
function exceptions(cal = RU, year: number): { off: string[]; on: string[]; short: string[] } {
  const off: string[] = [];
  const on: string[] = [];
  const short: string[] = [];
  for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) {
    const day = businessDay(cal, d);
    const wd = new Date(`${d}T12:00:00Z`).getUTCDay();
    const weekend = wd === 0 || wd === 6;
    if (!weekend && !day.working) off.push(d.slice(5));
    if (weekend && day.working) on.push(d.slice(5));
    if (day.shortened) short.push(d.slice(5));
  }
  return { off, on, short };
}

describe('the Russian production calendar, hand-computed 2024–2028', () => {
  it('2025 (decree of 04.10.2024 № 1335): 247 working days, 1972 hours, months as published', () => {
    expect(monthCounts(RU, 2025)).toEqual([17, 20, 21, 22, 18, 19, 23, 21, 22, 23, 19, 22]);
    expect(hours(RU, 2025)).toBe(247 * 9 - 4); // 09:00–18:00 days; the 40-hour norm is 247 × 8 − 4 = 1972
    expect(exceptions(RU, 2025)).toEqual({
      // 1–3, 6–8 Jan; 23 Feb (Sun) → 8 May; 8 Mar (Sat) → 13 Jun; 4 Jan → 2 May; 5 Jan → 31 Dec; Sat 1 Nov → Mon 3 Nov.
      off: ['01-01', '01-02', '01-03', '01-06', '01-07', '01-08', '05-01', '05-02', '05-08', '05-09', '06-12', '06-13', '11-03', '11-04', '12-31'],
      on: ['11-01'],
      short: ['03-07', '04-30', '06-11', '11-01'],
    });
    // 24 February and 10 March are ordinary working days: the decree moved those holidays' days off.
    expect(isBusinessDay(RU, '2025-02-24')).toBe(true);
    expect(isBusinessDay(RU, '2025-03-10')).toBe(true);
  });

  it('2026 (decree of 24.09.2025): 247 working days, 1972 hours; 8 Mar and 9 May move by art. 112', () => {
    expect(monthCounts(RU, 2026)).toEqual([15, 19, 21, 22, 19, 21, 23, 21, 22, 22, 20, 22]);
    expect(hours(RU, 2026)).toBe(247 * 9 - 4);
    expect(exceptions(RU, 2026)).toEqual({
      off: ['01-01', '01-02', '01-05', '01-06', '01-07', '01-08', '01-09', '02-23', '03-09', '05-01', '05-11', '06-12', '11-04', '12-31'],
      on: [],
      short: ['04-30', '05-08', '06-11', '11-03'],
    });
    expect(businessDay(RU, '2026-03-09')).toMatchObject({ working: false, kind: 'extra-day-off' });
    expect(businessDay(RU, '2026-03-09').holiday).toMatch(/Международный женский день/);
  });

  it('2027 without a decree: the Labour Code rules only (January weekend holidays do not move)', () => {
    expect(exceptions(RU, 2027)).toEqual({
      // 1 Jan Fri; 2–3 Jan weekend (January: only a decree moves them); 1 May Sat → 3 May; 9 May Sun → 10 May; 12 Jun Sat → 14 Jun.
      off: ['01-01', '01-04', '01-05', '01-06', '01-07', '01-08', '02-23', '03-08', '05-03', '05-10', '06-14', '11-04'],
      on: [],
      // 22 Feb, 30 Apr (before Sat 1 May), 11 Jun (before Sat 12 Jun), 3 Nov, 31 Dec (before 1 Jan 2028).
      short: ['02-22', '04-30', '06-11', '11-03', '12-31'],
    });
    expect(monthCounts(RU, 2027).reduce((a, b) => a + b)).toBe(249);
  });

  it('2028 without a decree: 4 Nov (Sat) → Mon 6 Nov; 1–2 Jan stay on the weekend', () => {
    expect(exceptions(RU, 2028)).toEqual({
      off: ['01-03', '01-04', '01-05', '01-06', '01-07', '02-23', '03-08', '05-01', '05-09', '06-12', '11-06'],
      on: [],
      short: ['02-22', '03-07', '05-08', '11-03'],
    });
    // 260 weekdays in 2028 (a leap year starting on a Saturday) − 11 days off.
    expect(monthCounts(RU, 2028).reduce((a, b) => a + b)).toBe(249);
  });

  it('2024 (decree № 1314): 248 working days, 1979 hours — the shortening of a moved Saturday matches', () => {
    expect(monthCounts(RU, 2024).reduce((a, b) => a + b)).toBe(248);
    expect(hours(RU, 2024)).toBe(248 * 9 - 5); // the 40-hour norm 1979
    expect(exceptions(RU, 2024).short).toEqual(['02-22', '03-07', '05-08', '06-11', '11-02']);
  });

  it('a shortened day ends an hour early in the team zone (art. 95)', () => {
    const d = businessDay(RU, '2026-04-30');
    expect(d).toMatchObject({ working: true, shortened: true });
    expect(new Date(d.endMs).toISOString()).toBe('2026-04-30T14:00:00.000Z'); // 17:00 MSK
    expect(businessMsBetween(RU, '2026-04-30T00:00:00Z', '2026-05-01T00:00:00Z')).toBe(8 * H);
  });

  it('every Russian calendar a team creates follows the same rules, in its own zone and hours', () => {
    expect(exceptions(NSK, 2026)).toEqual(exceptions(RU, 2026));
    expect(exceptions(NSK, 2027)).toEqual(exceptions(RU, 2027));
    const d = businessDay(NSK, '2026-11-03');
    expect(d.shortened).toBe(true);
    expect(new Date(d.endMs).toISOString()).toBe('2026-11-03T11:00:00.000Z'); // 18:00 in Novosibirsk (UTC+7)
    expect(holidaysOf(NSK, 2026).map((h) => h.date)).toContain('2026-05-11');
  });

  it("a team's own extra days still win over the production calendar", () => {
    const own = BusinessCalendarSchema.parse({ id: 'own', name: 'Own', timeZone: 'Europe/Moscow', country: 'RU', extraWorkingDays: ['2026-01-09'], extraDaysOff: ['2026-06-15'] });
    expect(isBusinessDay(own, '2026-01-09')).toBe(true);
    expect(isBusinessDay(own, '2026-06-15')).toBe(false);
  });

  it('other countries keep the holiday library rules', () => {
    const de = BusinessCalendarSchema.parse({ id: 'de', name: 'Berlin', timeZone: 'Europe/Berlin', country: 'DE', region: 'BE' });
    expect(isBusinessDay(de, '2026-05-01')).toBe(false); // Tag der Arbeit
    expect(isBusinessDay(de, '2026-05-11')).toBe(true); // Russia's moved 9 May means nothing in Berlin
    expect(businessDay(de, '2026-04-30').shortened).toBeUndefined();
  });

  it('warns when this or next year’s decree is not in the data yet', () => {
    expect(productionCalendarWarning('RU', Date.parse('2026-12-05T00:00:00Z'))).toMatchObject({ years: [2027] });
    expect(productionCalendarWarning('RU', Date.parse('2025-06-01T00:00:00Z'))).toBeNull();
    expect(productionCalendarWarning('RU', Date.parse('2028-01-10T00:00:00Z'))?.years).toEqual([2028, 2029]);
    expect(productionCalendarWarning('DE', Date.parse('2026-12-05T00:00:00Z'))).toBeNull();
  });

  it('warns only about the years the item\'s own deadlines touch (in the calendar\'s time zone)', () => {
    const now = Date.parse('2026-12-05T09:00:00Z');
    // A lead contacted in March 2025 (its clock met): nothing to say in December 2026.
    const metLead = { startedAt: '2025-03-12T06:41:00Z', dueAt: '2025-03-12T10:41:00Z', metAt: '2025-03-12T07:05:00Z', running: false };
    expect(deadlinesCalendarWarning('RU', [metLead], now)).toBeNull();
    // A notice due on 11 January 2027, counting now: 2027's decree is not in the data.
    const notice = { startedAt: '2026-11-20T07:00:00Z', dueAt: '2027-01-11T21:00:00Z', running: true };
    expect(deadlinesCalendarWarning('RU', [metLead, notice], now)?.years).toEqual([2027]);
    // Due before the new year: none.
    expect(deadlinesCalendarWarning('RU', [{ startedAt: '2026-12-01T07:00:00Z', dueAt: '2026-12-25T21:00:00Z', running: true }], now)).toBeNull();
    // Breached and still counting into January: now is in 2027.
    expect(deadlinesCalendarWarning('RU', [{ startedAt: '2026-12-20T07:00:00Z', dueAt: '2026-12-28T15:00:00Z', running: true }], Date.parse('2027-01-03T09:00:00Z'))?.years).toEqual([2027]);
    // 31 December 21:30 UTC is 1 January 00:30 in Moscow, still 31 December in UTC.
    const edge = { startedAt: '2026-12-30T07:00:00Z', dueAt: '2026-12-31T21:30:00Z', running: true };
    expect(deadlinesCalendarWarning('RU', [edge], now, 'Europe/Moscow')?.years).toEqual([2027]);
    expect(deadlinesCalendarWarning('RU', [edge], now, 'UTC')).toBeNull();
    // A clock from before the data starts (2023): said, since its days off follow the rules only.
    expect(deadlinesCalendarWarning('RU', [{ startedAt: '2023-12-28T07:00:00Z', dueAt: '2024-01-10T07:00:00Z', running: false, metAt: '2024-01-09T07:00:00Z' }], now)?.years).toEqual([2023]);
    expect(deadlinesCalendarWarning('DE', [notice], now)).toBeNull();
    expect(deadlinesCalendarWarning('RU', [], now)).toBeNull();
    expect(deadlinesCalendarWarning('RU', [{ startedAt: null, dueAt: null, running: false }], now)).toBeNull();
  });

  it('property: every year has the 14 holidays, moved days off land on weekdays, and no day is both', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2100 }), (year) => {
        const y = ruProductionYear(year);
        expect(y.holidays.size).toBe(14);
        for (const d of y.movedDaysOff.keys()) {
          const wd = new Date(`${d}T12:00:00Z`).getUTCDay();
          expect(wd === 0 || wd === 6).toBe(false);
          expect(y.holidays.has(d)).toBe(false);
        }
        for (const d of y.shortened) expect(y.holidays.has(d) || y.movedDaysOff.has(d)).toBe(false);
        // A weekend holiday other than January's always yields exactly one moved day (no decree years).
        if (!y.decree) {
          const weekendHolidays = [...y.holidays.keys()].filter((d) => !d.includes('-01-') && [0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay()));
          expect(y.movedDaysOff.size).toBe(weekendHolidays.length);
        }
      }),
      { numRuns: 60 },
    );
  });
});
