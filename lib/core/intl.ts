/**
 * Cached Intl formatters: building one costs far more than using it (tens of µs, more for time
 * zones), and views format the same few shapes over and over. Keyed by locale and options.
 * Pure: no browser APIs.
 */
const dateCache = new Map<string, Intl.DateTimeFormat>();
const numberCache = new Map<string, Intl.NumberFormat>();
const relativeCache = new Map<string, Intl.RelativeTimeFormat>();
const MAX = 200;

function keyOf(locale: string | undefined, opts: object | undefined): string {
  return `${locale ?? ''}|${opts ? JSON.stringify(opts) : ''}`;
}

export function dateTimeFormat(locale: string | undefined, opts?: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const k = keyOf(locale, opts);
  let f = dateCache.get(k);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, opts);
    if (dateCache.size >= MAX) dateCache.clear();
    dateCache.set(k, f);
  }
  return f;
}

export function numberFormat(locale: string | undefined, opts?: Intl.NumberFormatOptions): Intl.NumberFormat {
  const k = keyOf(locale, opts);
  let f = numberCache.get(k);
  if (!f) {
    f = new Intl.NumberFormat(locale, opts);
    if (numberCache.size >= MAX) numberCache.clear();
    numberCache.set(k, f);
  }
  return f;
}

export function relativeTimeFormat(locale: string | undefined, opts?: Intl.RelativeTimeFormatOptions): Intl.RelativeTimeFormat {
  const k = keyOf(locale, opts);
  let f = relativeCache.get(k);
  if (!f) {
    f = new Intl.RelativeTimeFormat(locale, opts);
    if (relativeCache.size >= MAX) relativeCache.clear();
    relativeCache.set(k, f);
  }
  return f;
}
