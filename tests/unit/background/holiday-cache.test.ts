import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { installHolidayCache, HOLIDAY_CACHE_KEY } from '@/lib/runtime/holiday-cache';
import { isBusinessDay, setHolidaySource } from '@/lib/core/calendar';
import { dateHolidaysSource } from '@/lib/core/holidays';
import { DEFAULT_CALENDAR } from '@/lib/core/defaults';

describe('holidays in content scripts', () => {
  afterEach(() => setHolidaySource(dateHolidaysSource));

  it('counts holidays from the background cache, and follows its updates', async () => {
    // Russia's calendar is computed in the core (production-calendar.ts); the cache serves other countries.
    const cal = { ...DEFAULT_CALENDAR, id: 'de-cache', country: 'DE', timeZone: 'Europe/Berlin', extraWorkingDays: [], extraDaysOff: [] };
    await fakeBrowser.storage.local.set({ [HOLIDAY_CACHE_KEY]: { 'DE//2027': [{ date: '2027-06-14', name: 'Russia Day (moved)' }] } });
    const stop = await installHolidayCache();
    expect(isBusinessDay(cal, '2027-06-14')).toBe(false);
    expect(isBusinessDay(cal, '2027-06-15')).toBe(true);
    await fakeBrowser.storage.local.set({ [HOLIDAY_CACHE_KEY]: { 'DE//2027': [{ date: '2027-06-15', name: 'x' }] } });
    expect(isBusinessDay(cal, '2027-06-14')).toBe(true);
    expect(isBusinessDay(cal, '2027-06-15')).toBe(false);
    stop();
  });

  it('ignores a corrupt cache instead of throwing', async () => {
    // Russia's calendar is computed in the core (production-calendar.ts); the cache serves other countries.
    const cal = { ...DEFAULT_CALENDAR, id: 'de-cache', country: 'DE', timeZone: 'Europe/Berlin', extraWorkingDays: [], extraDaysOff: [] };
    await fakeBrowser.storage.local.set({ [HOLIDAY_CACHE_KEY]: { 'DE//2027': 'nope' } });
    const stop = await installHolidayCache();
    expect(isBusinessDay(cal, '2027-06-14')).toBe(true);
    stop();
  });
});
