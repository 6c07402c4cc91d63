/**
 * Cached Intl formatters: building one costs far more than using it (tens of µs, more for time
 * zones), and views format the same few shapes over and over. Keyed by locale and options.
 * Pure: no browser APIs.
 */
const dateCache = new Map<string, Intl.DateTimeFormat>();
const numberCache = new Map<string, Intl.NumberFormat>();
const relativeCache = new Map<string, Intl.RelativeTimeFormat>();
const MAX = 200;

/** The formatter for these locale and options from `cache`, built by `make` once (a bad time zone still throws). */
function cached<F, O extends object>(cache: Map<string, F>, locale: string | undefined, opts: O | undefined, make: (l: string | undefined, o?: O) => F): F {
  const k = `${locale ?? ''}|${opts ? JSON.stringify(opts) : ''}`;
  let f = cache.get(k);
  if (!f) {
    f = make(locale, opts);
    if (cache.size >= MAX) cache.clear();
    cache.set(k, f);
  }
  return f;
}

export function dateTimeFormat(locale: string | undefined, opts?: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(dateCache, locale, opts, (l, o) => new Intl.DateTimeFormat(l, o));
}

export function numberFormat(locale: string | undefined, opts?: Intl.NumberFormatOptions): Intl.NumberFormat {
  return cached(numberCache, locale, opts, (l, o) => new Intl.NumberFormat(l, o));
}

export function relativeTimeFormat(locale: string | undefined, opts?: Intl.RelativeTimeFormatOptions): Intl.RelativeTimeFormat {
  return cached(relativeCache, locale, opts, (l, o) => new Intl.RelativeTimeFormat(l, o));
}
