import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createStore } from '@/lib/store';
import { applyImport, exportWorkspace, parseImport, previewImport } from '@/lib/store/transfer';

const ITEM = 'jira:acme.atlassian.net:issue:MKT-1';
const kpi = (id: string, target = 100) => ({ id, name: `KPI ${id}`, unit: 'count' as const, direction: 'higher' as const, target, ownerTeamIds: ['marketing'] });

async function seed() {
  const s = createStore({ device: 'dev-a' });
  await s.put('teams', { id: 'marketing', name: 'Marketing' });
  await s.put('kpis', kpi('cac'));
  await s.put('kpis', kpi('ltv', 5));
  await s.put('kpiLinks', { id: 'l1', itemKey: ITEM, kpiId: 'cac', effect: 'decrease' });
  await s.put('itemMeta', { key: ITEM, role: 'campaign', dates: { launch: '2026-05-15' } });
  await s.append('itemMeta', ITEM, 'notes', [{ text: 'payment form not ready', by: 'ann', at: '2026-05-01T10:00:00.000Z' }]);
  await s.put('slaPolicies', { id: 'p1', name: 'Tell product', ownerTeamId: 'marketing', kind: 'before', anchor: 'launch', days: 5 });
  return s;
}

describe('transfer', () => {
  it('export → import into an empty profile → export round-trips exactly', async () => {
    const a = await seed();
    const now = new Date('2026-05-02T00:00:00.000Z');
    const file = await exportWorkspace(a, { now });
    const json = JSON.stringify(file);
    a.close();
    fakeBrowser.reset();
    const b = createStore({ device: 'dev-b' });
    const parsed = parseImport(json);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const preview = await previewImport(b, parsed.file);
    expect(preview.total).toEqual({ added: 6, changed: 0, removed: 0 });
    expect(preview.collections.kpis?.added).toEqual(['cac', 'ltv']);
    await applyImport(b, parsed.file);
    expect(JSON.stringify(await exportWorkspace(b, { now }))).toBe(json);
    // Importing again changes nothing.
    expect((await previewImport(b, parsed.file)).total).toEqual({ added: 0, changed: 0, removed: 0 });
    b.close();
  });

  it('policy scope carries only policy collections', async () => {
    const a = await seed();
    const file = await exportWorkspace(a, { scope: 'policy' });
    expect(Object.keys(file).sort()).toEqual(['briefTemplates', 'calendars', 'exportedAt', 'format', 'kpis', 'rejectionReasons', 'scope', 'slaPolicies', 'teams', 'version']);
    const bad = parseImport({ ...file, itemMeta: [] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors).toEqual([{ path: '$.itemMeta', message: 'a "policy" file cannot carry itemMeta' }]);
    a.close();
  });

  it('reports precise JSON paths and reasons', () => {
    const r = parseImport(
      JSON.stringify({
        format: 'liaison-workspace',
        version: 1,
        scope: 'all',
        exportedAt: '2026-05-02T00:00:00.000Z',
        kpis: [kpi('a'), kpi('b'), { ...kpi('c'), target: 'ten' }, kpi('a')],
        teams: [{ id: 'x', name: '' }],
        bogus: [],
      }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.errors.map((e) => e.path);
    expect(paths).toContain('$.kpis[2].target');
    expect(paths).toContain('$.kpis[3].id');
    expect(paths).toContain('$.teams[0].name');
    expect(paths).toContain('$.bogus');
    expect(r.errors.find((e) => e.path === '$.kpis[3].id')!.message).toMatch(/duplicate id "a" \(also at \$\.kpis\[0\]\)/);
    expect(parseImport('{not json').ok).toBe(false);
    const newer = parseImport({ format: 'liaison-workspace', version: 99, scope: 'all', exportedAt: '2026-05-02T00:00:00.000Z' });
    expect(!newer.ok && newer.errors[0]!.path).toBe('$.version');
    const foreign = parseImport({ hello: 1 });
    expect(!foreign.ok && foreign.errors[0]!.path).toBe('$.format');
  });

  it('preview shows changed and (in replace mode) removed; apply does it; managed is skipped', async () => {
    await fakeBrowser.storage.managed.set({ kpis: [kpi('romi', 3)] });
    const a = await seed();
    const file = await exportWorkspace(a);
    file.kpis = [kpi('cac', 90), kpi('romi', 4)] as never;
    const p = await previewImport(a, file, { mode: 'replace' });
    expect(p.collections.kpis).toEqual({ added: [], changed: ['cac'], removed: ['ltv'], unchanged: 0, skippedManaged: ['romi'] });
    expect((await a.get('kpis', 'ltv'))).toBeDefined();
    await applyImport(a, file, { mode: 'replace' });
    expect((await a.list('kpis')).map((k) => [k.id, k.data.target]).sort()).toEqual([['cac', 90], ['romi', 3]]);
    a.close();
  });
});
