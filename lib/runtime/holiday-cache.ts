/**
 * The content script's holiday source: the background's precomputed cache in storage.local
 * (lib/background/holiday-cache.ts), validated with zod, kept current through storage.onChanged.
 */
import { z } from 'zod';
import { browser } from 'wxt/browser';
import { DateOnlySchema } from '../core/schemas';
import { setHolidaySource } from '../core/calendar';
import { lazySchema } from '../core/lazy-schema';

export const HOLIDAY_CACHE_KEY = 'cache:holidays';

export const HolidayCacheSchema = /* @__PURE__ */ lazySchema(() => z.record(
  z.string().regex(/^[A-Z]{2}\/[^/]*\/\d{4}$/),
  z.array(z.object({ date: DateOnlySchema, name: z.string().max(200) })).max(400),
));
export type HolidayCache = z.infer<typeof HolidayCacheSchema>;

function apply(raw: unknown): void {
  const parsed = HolidayCacheSchema.safeParse(raw ?? {});
  const cache = parsed.success ? parsed.data : {};
  setHolidaySource((country, region, year) => cache[`${country}/${region ?? ''}/${year}`] ?? []);
}

/** Register the cache as the holiday source; returns a function that stops watching. */
export async function installHolidayCache(): Promise<() => void> {
  const got = await browser.storage.local.get(HOLIDAY_CACHE_KEY).catch(() => ({}) as Record<string, unknown>);
  apply((got as Record<string, unknown>)[HOLIDAY_CACHE_KEY]);
  const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && HOLIDAY_CACHE_KEY in changes) apply(changes[HOLIDAY_CACHE_KEY]?.newValue);
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}
