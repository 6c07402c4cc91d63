/**
 * Issue 17.4: the domain's schemas are built on first use and the defaults are plain data — loading
 * lib/core/schemas.ts and lib/core/defaults.ts builds no zod schema; each default is what its schema
 * makes of it (so the data written out by hand cannot drift from the schema's own defaults).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.doUnmock('zod');
  vi.resetModules();
});

describe('schemas and defaults at import', () => {
  it('importing the schemas and the defaults builds no schema; the first parse builds what it needs', async () => {
    vi.resetModules();
    const built: string[] = [];
    vi.doMock('zod', async (importOriginal) => {
      const real = await importOriginal<typeof import('zod')>();
      const watch = <T extends object>(o: T, name: string): T =>
        new Proxy(o, {
          get(t, p, r) {
            const v = Reflect.get(t, p, r) as unknown;
            if (typeof v === 'function' && p !== 'config') return (...a: unknown[]) => (built.push(`${name}.${String(p)}`), (v as (...x: unknown[]) => unknown).apply(t, a));
            if (p === 'iso' && v && typeof v === 'object') return watch(v, 'z.iso');
            return v;
          },
        });
      return { ...real, z: watch(real.z, 'z') };
    });
    const schemas = await import('@/lib/core/schemas');
    const defaults = await import('@/lib/core/defaults');
    await import('@/lib/core/decision');
    expect(defaults.DEFAULT_KPIS.length).toBeGreaterThan(0);
    expect(built).toEqual([]);
    expect(schemas.TeamSchema.parse(defaults.DEFAULT_TEAMS[0])).toEqual(defaults.DEFAULT_TEAMS[0]);
    expect(built).toContain('z.object');
  });

  it('every default is what its schema makes of it', async () => {
    const s = await import('@/lib/core/schemas');
    const d = await import('@/lib/core/defaults');
    for (const t of d.DEFAULT_TEAMS) expect(s.TeamSchema.parse(t)).toEqual(t);
    for (const t of d.DEFAULT_BRIEF_TEMPLATES) expect(s.BriefTemplateSchema.parse(t)).toEqual(t);
    for (const p of d.DEFAULT_SLA_POLICIES) expect(s.SlaPolicySchema.parse(p)).toEqual(p);
    for (const r of d.DEFAULT_REJECTION_REASONS) expect(s.RejectionReasonSchema.parse(r)).toEqual(r);
    for (const k of d.DEFAULT_KPIS) expect(s.KpiSchema.parse(k)).toEqual(k);
    expect(s.BusinessCalendarSchema.parse(d.DEFAULT_CALENDAR)).toEqual(d.DEFAULT_CALENDAR);
    // A default the schema would refuse is caught here, not at a user's first start.
    expect(s.KpiSchema.safeParse({ ...d.DEFAULT_KPIS[0], staleAfterDays: 0 }).success).toBe(false);
  });
});
