import { describe, expect, it } from 'vitest';
import { dateTimeFormat, numberFormat, relativeTimeFormat } from '@/lib/core/intl';

describe('cached Intl formatters (issue 17 point 4)', () => {
  it('hand out one formatter per locale and options, formatting as a new one would', () => {
    const a = dateTimeFormat('ru', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
    expect(dateTimeFormat('ru', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' })).toBe(a);
    expect(dateTimeFormat('en', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' })).not.toBe(a);
    expect(a.format(new Date('2026-05-01T09:05:00Z'))).toBe(new Intl.DateTimeFormat('ru', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(new Date('2026-05-01T09:05:00Z')));
    const n = numberFormat('en', { style: 'percent', maximumFractionDigits: 0 });
    expect(numberFormat('en', { style: 'percent', maximumFractionDigits: 0 })).toBe(n);
    expect(n.format(0.9)).toBe('90%');
    const r = relativeTimeFormat('en', { numeric: 'auto' });
    expect(relativeTimeFormat('en', { numeric: 'auto' })).toBe(r);
    expect(r.format(-1, 'day')).toBe('yesterday');
    expect(relativeTimeFormat('ru', { numeric: 'auto' }).format(1, 'day')).toBe('завтра');
  });
  it('an unknown time zone still throws (the zone checks rely on it) and is not cached', () => {
    expect(() => dateTimeFormat('en', { timeZone: 'Mars/Olympus' })).toThrow(RangeError);
    expect(() => dateTimeFormat('en', { timeZone: 'Mars/Olympus' })).toThrow(RangeError);
  });
});
