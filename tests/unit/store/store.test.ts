import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createStore, ManagedDocumentError, StoreValidationError, type AuditEntry, type StoreChange } from '@/lib/store';
import { fold, type Op } from '@/lib/store/doc';

const ITEM = 'jira:acme.atlassian.net:issue:MKT-1';

const kpi = (id: string, target = 100) => ({
  id,
  name: `KPI ${id}`,
  unit: 'count' as const,
  direction: 'higher' as const,
  target,
  ownerTeamIds: ['marketing'],
});

describe('store documents', () => {
  it('puts, gets, lists, patches and removes with envelopes and zod defaults', async () => {
    const s = createStore({ device: 'dev-a' });
    const put = await s.put('kpis', kpi('cac'), { person: 'ann' });
    expect(put).toMatchObject({ id: 'cac', collection: 'kpis', rev: 1, updatedBy: { device: 'dev-a', person: 'ann' }, source: 'local' });
    expect(put.data.staleAfterDays).toBe(14); // default filled by the schema
    expect(put.hlc).toMatch(/^\d{15}\.\d{5}\.dev-a~/);
    const patched = await s.patch('kpis', 'cac', { target: 120 });
    expect(patched.data.target).toBe(120);
    expect(patched.rev).toBe(2);
    expect((await s.list('kpis')).map((d) => d.id)).toEqual(['cac']);
    await s.remove('kpis', 'cac');
    expect(await s.get('kpis', 'cac')).toBeUndefined();
    expect(await s.list('kpis')).toEqual([]);
    // The tombstone is still there for replication.
    const raw = await fakeBrowser.storage.local.get(null);
    expect(Object.values(raw).some((v) => (v as Op).deleted === true)).toBe(true);
    // put restores.
    expect((await s.put('kpis', kpi('cac'))).data.target).toBe(100);
    s.close();
  });

  it('refuses invalid data with paths and writes nothing', async () => {
    const s = createStore({ device: 'dev-a' });
    await expect(s.put('kpis', { ...kpi('x'), target: 'lots' } as never)).rejects.toThrow(StoreValidationError);
    await expect(s.put('kpis', { ...kpi('x'), target: 'lots' } as never)).rejects.toThrow(/target/);
    await s.put('kpis', kpi('x'));
    await expect(s.patch('kpis', 'x', { ownerTeamIds: [] })).rejects.toThrow(/ownerTeamIds/);
    expect((await s.get('kpis', 'x'))!.data.ownerTeamIds).toEqual(['marketing']);
    s.close();
  });

  it('sees another tab\'s change within 200 ms via subscribe', async () => {
    const a = createStore({ device: 'dev-a' });
    const b = createStore({ device: 'dev-b' });
    await Promise.all([a.ready(), b.ready()]);
    const seen = new Promise<{ changes: StoreChange[]; ms: number }>((resolve) => {
      const t0 = performance.now();
      b.subscribe((changes) => resolve({ changes, ms: performance.now() - t0 }));
    });
    await a.put('teams', { id: 'growth', name: 'Growth' });
    const { changes, ms } = await seen;
    expect(ms).toBeLessThan(200);
    expect(changes[0]).toMatchObject({ collection: 'teams', id: 'growth' });
    expect((await b.get('teams', 'growth'))!.data.name).toBe('Growth');
    a.close();
    b.close();
  });

  it('5 writers × 100 appends to the same item keep all 500, with a compactor running', async () => {
    const audit: AuditEntry[] = [];
    const bg = createStore({ device: 'dev-bg', compactor: true, onAudit: (e) => void audit.push(...e) });
    const writers = Array.from({ length: 5 }, (_, i) => createStore({ device: `dev-w${i}` }));
    await Promise.all([bg.ready(), ...writers.map((w) => w.ready())]);
    await Promise.all(
      writers.map(async (w, wi) => {
        for (let n = 0; n < 100; n++) {
          await w.append('itemMeta', ITEM, 'notes', [{ text: `w${wi} note ${n}`, by: `w${wi}`, at: new Date(Date.UTC(2026, 4, 1, 0, 0, n, wi)).toISOString() }]);
          if (n % 25 === 0) await bg.compact();
        }
      }),
    );
    await bg.compact();
    for (const s of [bg, ...writers]) {
      const meta = (await s.get('itemMeta', ITEM))!;
      expect(meta.data.notes).toHaveLength(500);
      expect(new Set(meta.data.notes.map((x) => x.text)).size).toBe(500);
    }
    const raw = await fakeBrowser.storage.local.get(null);
    expect(Object.keys(raw).filter((k) => k.startsWith('op:'))).toHaveLength(0);
    expect(audit.filter((e) => e.field === 'notes[+]')).toHaveLength(500);
    for (const s of [bg, ...writers]) s.close();
  });

  it('5 writers × 100 patches of different fields of one item: every writer\'s last value survives', async () => {
    const writers = Array.from({ length: 5 }, (_, i) => createStore({ device: `dev-w${i}` }));
    await writers[0]!.put('itemMeta', { key: ITEM });
    await Promise.all(writers.map((w) => w.ready()));
    const fields = ['launch', 'due', 'end', 'release', 'created'] as const;
    await Promise.all(
      writers.map(async (w, wi) => {
        for (let n = 0; n < 100; n++) {
          const day = String((n % 28) + 1).padStart(2, '0');
          const value = fields[wi] === 'created' ? `2026-05-${day}T00:00:00.000Z` : `2026-05-${day}`;
          const cur = (await w.get('itemMeta', ITEM))!.data;
          // Each writer only changes its own date; map fields merge per key.
          await w.patch('itemMeta', ITEM, { dates: { ...cur.dates, [fields[wi]!]: value } });
        }
      }),
    );
    const final = (await writers[0]!.get('itemMeta', ITEM))!.data.dates;
    expect(final).toEqual({ launch: '2026-05-16', due: '2026-05-16', end: '2026-05-16', release: '2026-05-16', created: '2026-05-16T00:00:00.000Z' });
    for (const w of writers) w.close();
  });

  it('conflicting edits of one field resolve by HLC then device id, the loser goes to the audit log', async () => {
    const audit: AuditEntry[] = [];
    const t = 1_780_000_000_000;
    const bg = createStore({ device: 'dev-bg', compactor: true, onAudit: (e) => void audit.push(...e), now: () => t });
    const a = createStore({ device: 'dev-a', now: () => t + 5 });
    const z = createStore({ device: 'dev-z', now: () => t + 5 });
    await bg.put('kpis', kpi('ltv'));
    await Promise.all([a.ready(), z.ready(), bg.compact()]);
    // Both saw target 100 and write at the same wall time: dev-z > dev-a wins the tie.
    const p1 = a.patch('kpis', 'ltv', { target: 200 });
    const p2 = z.patch('kpis', 'ltv', { target: 300 });
    await Promise.all([p1, p2]);
    await bg.compact();
    for (const s of [a, z, bg]) expect((await s.get('kpis', 'ltv'))!.data.target).toBe(300);
    const conflict = audit.find((e) => e.kind === 'conflict' && e.field === 'target');
    expect(conflict).toMatchObject({ doc: 'kpis:ltv', before: 200, after: 300 });
    for (const s of [a, z, bg]) s.close();
  });

  it('fold is order-independent and idempotent', () => {
    const by = { device: 'd' };
    const ops: Op[] = [
      { v: 1, collection: 'teams', id: 't', hlc: '000000000000001.00000.a~1', at: '2026-01-01T00:00:00.000Z', by, set: { id: 't', name: 'A' }, deleted: false },
      { v: 1, collection: 'teams', id: 't', hlc: '000000000000002.00000.b~1', at: '2026-01-01T00:00:00.000Z', by, set: { name: 'B' } },
      { v: 1, collection: 'teams', id: 't', hlc: '000000000000002.00000.c~1', at: '2026-01-01T00:00:00.000Z', by, set: { color: '#ffffff' } },
    ];
    const one = fold('teams', 't', undefined, ops).doc;
    const two = fold('teams', 't', undefined, [...ops].reverse()).doc;
    expect(two).toEqual(one);
    expect(one.data).toEqual({ id: 't', name: 'B', color: '#ffffff' });
    expect(fold('teams', 't', one, ops).doc).toEqual(one);
  });

  it('managed policy is merged read-only over local', async () => {
    await fakeBrowser.storage.managed.set({ kpis: [kpi('romi', 3)], teams: [{ id: 'marketing', name: 'Marketing (HQ)' }, { id: 'bad id!', name: 'x' }] });
    const s = createStore({ device: 'dev-a' });
    await s.put('kpis', kpi('cac'));
    const kpis = await s.list('kpis');
    expect(kpis.map((k) => [k.id, k.source]).sort()).toEqual([['cac', 'local'], ['romi', 'managed']]);
    await expect(s.patch('kpis', 'romi', { target: 4 })).rejects.toThrow(ManagedDocumentError);
    const ws = await s.workspace();
    expect(ws.managed.kpis).toEqual(['romi']);
    expect(ws.teams.map((t) => t.name)).toEqual(['Marketing (HQ)']);
    const q = await s.quarantine();
    expect(q.find((e) => e.key === 'managed:teams[1]')?.reason).toMatch(/id/);
    // A policy change shows without reload.
    const changed = new Promise<StoreChange[]>((r) => s.subscribe(r));
    await fakeBrowser.storage.managed.set({ kpis: [kpi('romi', 5)] });
    expect((await changed)[0]).toMatchObject({ collection: 'kpis', id: 'romi' });
    expect((await s.get('kpis', 'romi'))!.data.target).toBe(5);
    s.close();
  });

  it('quarantines corrupt and foreign values instead of dropping or throwing', async () => {
    await fakeBrowser.storage.local.set({
      'doc:kpis:broken': { hello: 'world' },
      'doc:nonsense:x': { v: 1 },
      'op:garbage': 42,
    });
    const bg = createStore({ device: 'dev-bg', compactor: true });
    await bg.ready();
    expect(await bg.list('kpis')).toEqual([]);
    const pending = await bg.quarantine();
    expect(pending.map((q) => q.key).sort()).toEqual(['doc:kpis:broken', 'doc:nonsense:x', 'op:garbage']);
    await bg.compact();
    const raw = await fakeBrowser.storage.local.get(null);
    expect(raw['quarantine:doc:kpis:broken']).toMatchObject({ value: { hello: 'world' } });
    expect(raw['doc:kpis:broken']).toBeUndefined();
    const listed = await bg.quarantine();
    expect(listed.find((q) => q.key === 'op:garbage')).toMatchObject({ value: 42 });
    expect(listed.every((q) => q.reason.length > 0)).toBe(true);
    await bg.discardQuarantined('op:garbage');
    expect((await bg.quarantine()).map((q) => q.key)).not.toContain('op:garbage');
    bg.close();
  });

  it('itemContext resolves links, dependencies, notes, events and policies for one item', async () => {
    const s = createStore({ device: 'dev-a' });
    await s.put('kpis', kpi('cac'));
    await s.put('kpiStatus', { kpiId: 'cac', latest: { kpiId: 'cac', value: 42, at: '2026-05-01T00:00:00.000Z', source: 'manual' } });
    await s.put('kpiLinks', { id: 'l1', itemKey: ITEM, kpiId: 'cac' });
    await s.put('kpiLinks', { id: 'l2', itemKey: 'jira:acme.atlassian.net:issue:MKT-2', kpiId: 'cac' });
    await s.put('dependencies', { id: 'd1', fromKey: ITEM, to: { type: 'team', teamId: 'product' }, relation: 'needs', state: 'pending' });
    await s.put('dependencies', { id: 'd2', fromKey: 'jira:acme.atlassian.net:issue:PRD-9', to: { type: 'item', itemKey: ITEM }, relation: 'blocks', state: 'blocked' });
    await s.put('itemMeta', { key: ITEM, role: 'campaign' });
    await s.put('slaPolicies', { id: 'p1', name: 'Tell product', ownerTeamId: 'marketing', kind: 'before', anchor: 'launch', days: 5, appliesTo: ['campaign'] });
    await s.put('slaPolicies', { id: 'p2', name: 'Lead', ownerTeamId: 'sales', kind: 'elapsed', appliesTo: ['lead'] });
    await s.append('slaEvents', ITEM, 'events', [{ itemKey: ITEM, policyId: 'p1', type: 'start', at: '2026-05-01T00:00:00.000Z' }]);
    const ctx = await s.itemContext(ITEM);
    expect(ctx.kpis).toHaveLength(1);
    expect(ctx.kpis[0]!.status?.latest?.value).toBe(42);
    expect(ctx.dependencies.outgoing.map((d) => d.id)).toEqual(['d1']);
    expect(ctx.dependencies.incoming.map((d) => d.id)).toEqual(['d2']);
    expect(ctx.slaPolicies.map((p) => p.id)).toEqual(['p1']);
    expect(ctx.slaEvents).toHaveLength(1);
    expect(ctx.meta?.role).toBe('campaign');
    // The index follows changes.
    await s.remove('kpiLinks', 'l1');
    expect((await s.itemContext(ITEM)).kpis).toHaveLength(0);
    s.close();
  });

  it('never throws into a listener loop when a listener fails', async () => {
    const s = createStore({ device: 'dev-a' });
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    s.subscribe(() => {
      throw new Error('boom');
    });
    await s.put('teams', { id: 'x', name: 'X' });
    expect(err).toHaveBeenCalled();
    err.mockRestore();
    s.close();
  });
});
