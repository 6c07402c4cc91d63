/**
 * Public holidays from the maintained `date-holidays` library (public holidays only,
 * multi-day holidays expanded to each local date). Importing this module registers it as
 * the calendars' holiday source. It is large (all countries' rules), so only the background,
 * extension pages, tests and benches import it; content scripts use the background's cache.
 */
import Holidays from 'date-holidays';
import { addDays, setHolidaySource, type HolidaySource } from './calendar';

const libs = new Map<string, Holidays>();

export const dateHolidaysSource: HolidaySource = (country, region, year) => {
  const libKey = `${country}/${region ?? ''}`;
  let lib = libs.get(libKey);
  if (!lib) {
    lib = region ? new Holidays(country, region) : new Holidays(country);
    libs.set(libKey, lib);
  }
  const out: { date: string; name: string }[] = [];
  for (const h of lib.getHolidays(year) || []) {
    if (h.type !== 'public') continue;
    const date = h.date.slice(0, 10);
    const span = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
    for (let i = 0; i < span; i++) out.push({ date: addDays(date, i), name: h.name });
  }
  return out;
};

setHolidaySource(dateHolidaysSource);
