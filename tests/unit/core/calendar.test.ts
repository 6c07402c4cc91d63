import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addBusinessDays,
  addBusinessMinutes,
  addBusinessMs,
  businessDay,
  businessMinutesBetween,
  businessMsBetween,
  endOfLocalDay,
  holidaysOf,
  isBusinessDay,
  isWorkingTime,
  localDate,
  startOfLocalDay,
  subtractBusinessMs,
  zonedTime,
} from '@/lib/core/calendar';
import { DEFAULT_CALENDAR } from '@/lib/core/defaults';
import { BusinessCalendarSchema } from '@/lib/core/schemas';

const RU = DEFAULT_CALENDAR;
const berlin = BusinessCalendarSchema.parse({ id: 'de', name: 'Berlin', timeZone: 'Europe/Berlin', country: 'DE', region: 'BE' });
const ny = BusinessCalendarSchema.parse({ id: 'us', name: 'New York', timeZone: 'America/New_York', country: 'US' });
const always = (tz: string) =>
  BusinessCalendarSchema.parse({ id: `always-${tz.replace('/', '-')}`, name: '24/7', timeZone: tz, workingDays: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' });
const H = 3_600_000;

describe('local dates and zones', () => {
  it('resolves wall-clock times to instants across DST', () => {
    expect(new Date(zonedTime('Europe/Berlin', '2026-03-27', '09:00')).toISOString()).toBe('2026-03-27T08:00:00.000Z');
    expect(new Date(zonedTime('Europe/Berlin', '2026-03-30', '09:00')).toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(new Date(zonedTime('America/New_York', '2026-11-02', '09:00')).toISOString()).toBe('2026-11-02T14:00:00.000Z');
    expect(new Date(zonedTime('Europe/Moscow', '2026-05-10', '24:00')).toISOString()).toBe('2026-05-10T21:00:00.000Z');
    expect(localDate('Europe/Moscow', '2026-05-10T21:30:00Z')).toBe('2026-05-11');
    expect(endOfLocalDay('Europe/Moscow', '2026-05-10') + 1).toBe(startOfLocalDay('Europe/Moscow', '2026-05-11'));
  });
  it('a wall-clock time inside a spring-forward gap moves forward by the gap', () => {
    expect(new Date(zonedTime('Europe/Berlin', '2026-03-29', '02:30')).toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
    expect(new Date(zonedTime('America/New_York', '2026-03-08', '02:30')).toISOString()).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
    expect(new Date(zonedTime('America/New_York', '2026-03-08', '03:00')).toISOString()).toBe('2026-03-08T07:00:00.000Z');
    expect(new Date(zonedTime('America/New_York', '2026-03-08', '01:59')).toISOString()).toBe('2026-03-08T06:59:00.000Z');
  });
  it('a local day lasts 23 h or 25 h on DST days', () => {
    const d1 = businessDay(always('Europe/Berlin'), '2026-03-29');
    expect(d1.dayEndMs - d1.dayStartMs).toBe(23 * H);
    const d2 = businessDay(always('America/New_York'), '2026-11-01');
    expect(d2.dayEndMs - d2.dayStartMs).toBe(25 * H);
  });
});

describe('the Russian production calendar', () => {
  it('public holidays come from the holiday library, New Year holidays expanded', () => {
    const days = holidaysOf(RU, 2026).map((h) => h.date);
    for (const d of ['2026-01-01', '2026-01-02', '2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-02-23', '2026-03-09', '2026-05-01', '2026-06-12', '2026-11-04']) {
      expect(days).toContain(d);
    }
    expect(businessDay(RU, '2026-01-05')).toMatchObject({ working: false, kind: 'holiday' });
  });
  it('transfers: extra days off and moved working days', () => {
    expect(businessDay(RU, '2025-11-01')).toMatchObject({ working: true, kind: 'extra-working-day' }); // a Saturday
    expect(businessDay(RU, '2025-11-03')).toMatchObject({ working: false, kind: 'extra-day-off' }); // a Monday
    expect(isBusinessDay(RU, '2026-01-09')).toBe(false);
    expect(isBusinessDay(RU, '2026-05-11')).toBe(false);
    expect(isBusinessDay(RU, '2026-05-12')).toBe(true);
    expect(isBusinessDay(RU, '2026-05-09')).toBe(false);
  });
  it('business time skips the transfers: Fri 31 Oct 2025 17:00 + 4 h = Sat 1 Nov 12:00 MSK', () => {
    expect(addBusinessMinutes(RU, '2025-10-31T14:00:00Z', 240).toISOString()).toBe('2025-11-01T09:00:00.000Z');
    expect(businessMsBetween(RU, '2025-11-02T21:00:00Z', '2025-11-04T21:00:00Z')).toBe(0); // 3–4 Nov off
    // Saturday 1 November 2025 is a working day and a shortened one (art. 95): 09:00–17:00.
    expect(businessMsBetween(RU, '2025-10-31T21:00:00Z', '2025-11-01T21:00:00Z')).toBe(8 * H);
  });
});

describe('business-time arithmetic', () => {
  it('Moscow: Friday 17:00 → Monday 10:00 is 120 business minutes', () => {
    expect(businessMinutesBetween(RU, '2026-04-17T14:00:00Z', '2026-04-20T07:00:00Z')).toBe(120);
    expect(businessMinutesBetween(RU, '2026-04-20T07:00:00Z', '2026-04-17T14:00:00Z')).toBe(-120);
  });
  it('30 business minutes from Friday 17:45 is Monday 09:15', () => {
    expect(addBusinessMinutes(RU, '2026-04-17T14:45:00Z', 30).toISOString()).toBe('2026-04-20T06:15:00.000Z');
  });
  it('an instant before opening starts counting at opening', () => {
    expect(addBusinessMinutes(RU, '2026-04-20T03:00:00Z', 10).toISOString()).toBe('2026-04-20T06:10:00.000Z');
    expect(isWorkingTime(RU, '2026-04-20T06:00:00Z')).toBe(true);
    expect(isWorkingTime(RU, '2026-04-20T15:00:00Z')).toBe(false);
  });
  it('Berlin across the spring DST change (Sunday 29 March 2026)', () => {
    // Friday 17:00 CET + 2 h → Monday 10:00 CEST.
    expect(addBusinessMinutes(berlin, '2026-03-27T16:00:00Z', 120).toISOString()).toBe('2026-03-30T08:00:00.000Z');
    expect(businessMsBetween(always('Europe/Berlin'), zonedTime('Europe/Berlin', '2026-03-28', '00:00'), zonedTime('Europe/Berlin', '2026-03-30', '00:00'))).toBe(47 * H);
  });
  it('New York across the autumn DST change (Sunday 1 November 2026)', () => {
    // Friday 30 Oct 17:00 EDT + 4 h → Monday 2 Nov 12:00 EST.
    expect(addBusinessMinutes(ny, '2026-10-30T21:00:00Z', 240).toISOString()).toBe('2026-11-02T17:00:00.000Z');
    expect(businessMsBetween(always('America/New_York'), zonedTime('America/New_York', '2026-10-31', '00:00'), zonedTime('America/New_York', '2026-11-02', '00:00'))).toBe(49 * H);
  });
  it('US public holidays are skipped (Thanksgiving 2026)', () => {
    expect(isBusinessDay(ny, '2026-11-26')).toBe(false);
    expect(addBusinessDays(ny, '2026-11-25', 1)).toBe('2026-11-27');
    expect(addBusinessDays(RU, '2026-05-12', -2)).toBe('2026-05-07'); // back over the 9–11 May holidays
  });

  const calendars = [RU, berlin, ny, always('Europe/Berlin'), always('America/New_York')];
  const instant = fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2027-01-01T00:00:00Z') });

  it('property: between(a, add(a, x)) = x, and subtract inverts add', () => {
    fc.assert(
      fc.property(fc.constantFrom(...calendars), instant, fc.integer({ min: 1, max: 60 * 24 * 30 }), (cal, a, minutes) => {
        const ms = minutes * 60_000;
        const b = addBusinessMs(cal, a, ms);
        expect(b).toBeGreaterThan(a);
        expect(businessMsBetween(cal, a, b)).toBe(ms);
        const back = subtractBusinessMs(cal, b, ms);
        expect(businessMsBetween(cal, back, b)).toBe(ms);
      }),
      { numRuns: 300 },
    );
  });
  it('property: business time is additive and never exceeds wall time', () => {
    fc.assert(
      fc.property(fc.constantFrom(...calendars), instant, instant, instant, (cal, x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p - q) as [number, number, number];
        expect(businessMsBetween(cal, a, b) + businessMsBetween(cal, b, c)).toBe(businessMsBetween(cal, a, c));
        expect(businessMsBetween(cal, a, c)).toBeLessThanOrEqual(c - a);
      }),
      { numRuns: 200 },
    );
  });
  it('property: a 24/7 calendar counts wall time exactly, DST or not', () => {
    fc.assert(
      fc.property(fc.constantFrom('Europe/Berlin', 'America/New_York', 'Europe/Moscow'), instant, fc.integer({ min: 0, max: 90 * 24 * 60 }), (tz, a, minutes) => {
        const cal = always(tz);
        expect(businessMsBetween(cal, a, a + minutes * 60_000)).toBe(minutes * 60_000);
      }),
      { numRuns: 200 },
    );
  });
});
