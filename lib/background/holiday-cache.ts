/**
 * Precomputes the public holidays of every business calendar's country (last, this and next
 * year) into storage.local, so content scripts can count working time without bundling the
 * holiday library. Recomputed when calendars change and once a day.
 */
import { browser } from 'wxt/browser';
import { dateHolidaysSource } from '../core/holidays';
import type { Store } from '../store';
import { HOLIDAY_CACHE_KEY, type HolidayCache } from '../runtime/holiday-cache';

export async function buildHolidayCache(store: Store, now: Date = new Date()): Promise<HolidayCache> {
  const calendars = await store.list('calendars');
  const year = now.getUTCFullYear();
  const cache: HolidayCache = {};
  for (const { data: cal } of calendars) {
    if (!cal.country) continue;
    for (const y of [year - 1, year, year + 1]) {
      const key = `${cal.country}/${cal.region ?? ''}/${y}`;
      if (cache[key]) continue;
      try {
        cache[key] = dateHolidaysSource(cal.country, cal.region, y).map((h) => ({ date: h.date, name: h.name }));
      } catch (err) {
        console.warn(`[liaison] no holidays for ${key}:`, err instanceof Error ? err.message : err);
        cache[key] = [];
      }
    }
  }
  return cache;
}

export function startHolidayCache(storeP: Promise<Store>): () => void {
  let last = '';
  const refresh = async () => {
    const store = await storeP;
    const cache = await buildHolidayCache(store);
    const json = JSON.stringify(cache);
    if (json === last) return;
    last = json;
    await browser.storage.local.set({ [HOLIDAY_CACHE_KEY]: cache });
  };
  void refresh().catch((err: unknown) => console.warn('[liaison] holiday cache', err));
  let off = () => {};
  void storeP.then((store) => {
    off = store.subscribe((changes) => {
      if (changes.some((c) => c.collection === 'calendars')) void refresh().catch(() => undefined);
    });
  });
  const onAlarm = (alarm: { name: string }) => {
    if (alarm.name === 'liaison-holiday-cache') void refresh().catch(() => undefined);
  };
  void browser.alarms.create('liaison-holiday-cache', { periodInMinutes: 24 * 60 });
  browser.alarms.onAlarm.addListener(onAlarm);
  return () => {
    off();
    browser.alarms.onAlarm.removeListener(onAlarm);
  };
}
