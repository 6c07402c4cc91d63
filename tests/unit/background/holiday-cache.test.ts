import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { installHolidayCache, HOLIDAY_CACHE_KEY } from '@/lib/runtime/holiday-cache';
import { isBusinessDay, setHolidaySource } from '@/lib/core/calendar';
import { dateHolidaysSource } from '@/lib/core/holidays';
import { DEFAULT_CALENDAR } from '@/lib/core/defaults';

describe('holidays in content scripts', () => {
  afterEach(() => setHolidaySource(dateHolidaysSource));

  it('counts holidays from the background cache, and follows its updates', async () => {
    const cal = { ...DEFAULT_CALENDAR, extraWorkingDays: [], extraDaysOff: [] };
    await fakeBrowser.storage.local.set({ [HOLIDAY_CACHE_KEY]: { 'RU//2027': [{ date: '2027-06-14', name: 'Russia Day (moved)' }] } });
    const stop = await installHolidayCache();
    expect(isBusinessDay(cal, '2027-06-14')).toBe(false);
    expect(isBusinessDay(cal, '2027-06-15')).toBe(true);
    await fakeBrowser.storage.local.set({ [HOLIDAY_CACHE_KEY]: { 'RU//2027': [{ date: '2027-06-15', name: 'x' }] } });
    expect(isBusinessDay(cal, '2027-06-14')).toBe(true);
    expect(isBusinessDay(cal, '2027-06-15')).toBe(false);
    stop();
  });

  it('ignores a corrupt cache instead of throwing', async () => {
    const cal = { ...DEFAULT_CALENDAR, extraWorkingDays: [], extraDaysOff: [] };
    await fakeBrowser.storage.local.set({ [HOLIDAY_CACHE_KEY]: { 'RU//2027': 'nope' } });
    const stop = await installHolidayCache();
    expect(isBusinessDay(cal, '2027-06-14')).toBe(true);
    stop();
  });
});
