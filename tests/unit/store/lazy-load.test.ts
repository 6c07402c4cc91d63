/**
 * A tab's store keeps the first load's raw documents and checks each one when it is first read.
 * These tests hold that path to the same guarantees as the eager one: the fast envelope check never
 * accepts what StoredDocSchema rejects, corrupt documents are still excluded and quarantined,
 * itemContext validates what it returns, and a tab's first write still orders after stored clocks.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createStore } from '@/lib/store';
import { StoredDocSchema, isStoredDocFast } from '@/lib/store/doc';

const ITEM = 'jira:acme.atlassian.net:issue:MKT-1';
const HLC = '001777000000000.00000.dev-a~x1';

const valid = () => ({
  v: 1,
  id: 'l1',
  collection: 'kpiLinks',
  rev: 1,
  hlc: HLC,
  updatedAt: '2026-05-01T00:00:00.000Z',
  updatedBy: { device: 'dev-a', person: 'ann' },
  data: { id: 'l1', itemKey: ITEM, kpiId: 'cac', effect: 'increase' },
  clocks: { id: HLC, itemKey: HLC },
  elems: { notes: { 'a|b|c': { hlc: HLC }, 'd|e|f': { hlc: HLC, removed: true } } },
});

describe('fast envelope check', () => {
  it('accepts valid envelopes (so the fast path is taken)', () => {
    expect(isStoredDocFast(valid())).toBe(true);
    const { elems: _e, ...noElems } = valid();
    expect(isStoredDocFast({ ...noElems, deleted: true })).toBe(true);
    expect(StoredDocSchema.safeParse(valid()).success).toBe(true);
  });

  it('never accepts a value the schema rejects (random mutations of a valid envelope)', () => {
    const paths: Array<string[]> = [['v'], ['id'], ['collection'], ['rev'], ['hlc'], ['updatedAt'], ['updatedBy'], ['updatedBy', 'device'], ['updatedBy', 'person'], ['updatedBy', 'extra'], ['deleted'], ['data'], ['clocks'], ['clocks', 'id'], ['elems'], ['elems', 'notes'], ['elems', 'notes', 'a|b|c'], ['elems', 'notes', 'a|b|c', 'hlc'], ['elems', 'notes', 'a|b|c', 'removed'], ['elems', 'notes', 'a|b|c', 'x'], ['extra']];
    const junk = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.double(),
      fc.string({ maxLength: 5 }),
      fc.constant('x'.repeat(700)),
      fc.constant(''),
      fc.constant([]),
      fc.constant({}),
      fc.constant(HLC),
      fc.constant(-1),
      fc.constant(1.5),
      fc.constant('kpis'),
      fc.dictionary(fc.string({ maxLength: 3 }), fc.oneof(fc.string(), fc.integer())),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...paths), junk), { minLength: 1, maxLength: 3 }), (mutations) => {
        const doc = valid() as Record<string, unknown>;
        for (const [path, value] of mutations) {
          let obj: Record<string, unknown> = doc;
          for (const p of path.slice(0, -1)) {
            const next = obj[p];
            if (!next || typeof next !== 'object') return;
            obj = next as Record<string, unknown>;
          }
          obj[path[path.length - 1]!] = value;
        }
        if (isStoredDocFast(doc)) expect(StoredDocSchema.safeParse(doc).success).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('lazy first load in a tab', () => {
  it('itemContext excludes and reports corrupt documents it names, and returns only validated ones', async () => {
    await fakeBrowser.storage.local.set({
      'doc:kpiLinks:l1': valid(),
      // Envelope fine, entity invalid (kpiId is not an id).
      'doc:kpiLinks:l2': { ...valid(), id: 'l2', data: { id: 'l2', itemKey: ITEM, kpiId: '!!', effect: 'increase' } },
      // Not an envelope at all, but names the item.
      'doc:kpiLinks:l3': { id: 'l3', data: { itemKey: ITEM } },
      'doc:dependencies:d1': { ...valid(), id: 'd1', collection: 'dependencies', data: { id: 'd1', fromKey: ITEM, to: { type: 'team', teamId: 'product' }, relation: 'needs', state: 'pending' }, elems: undefined },
    });
    const tab = createStore({ device: 'dev-tab' });
    const ctx = await tab.itemContext(ITEM);
    expect(ctx.kpis.map((k) => k.link.id)).toEqual(['l1']);
    expect(ctx.dependencies.outgoing.map((d) => d.id)).toEqual(['d1']);
    const q = await tab.quarantine();
    expect(q.map((e) => e.key).sort()).toEqual(['doc:kpiLinks:l2', 'doc:kpiLinks:l3']);
    expect(q.find((e) => e.key === 'doc:kpiLinks:l3')!.reason).toMatch(/not a Liaison document/);
    expect(q.find((e) => e.key === 'doc:kpiLinks:l2')!.reason).toMatch(/kpiLinks schema/);
    // Entries found now carry a real instant (the options page formats it as a date).
    for (const e of q) expect(Number.isNaN(Date.parse(e.at)), `${e.key} at "${e.at}"`).toBe(false);
    expect((await tab.list('kpiLinks')).map((d) => d.id)).toEqual(['l1']);
    tab.close();
  });

  it('a tab that has not read a document still writes after its stored clock (no lost update)', async () => {
    // Another device's clock 20 minutes ahead (within the 1-hour skew bound: believed and followed).
    const far = `${String(Date.now() + 20 * 60_000).padStart(15, '0')}.00000.dev-b~y1`;
    await fakeBrowser.storage.local.set({
      'doc:kpis:cac': { v: 1, id: 'cac', collection: 'kpis', rev: 3, hlc: far, updatedAt: '2286-01-01T00:00:00.000Z', updatedBy: { device: 'dev-b' }, data: { id: 'cac', name: 'Old', unit: 'count', direction: 'higher', target: 1, ownerTeamIds: ['marketing'] }, clocks: { id: far, name: far } },
      'doc:kpis:other': { v: 1, id: 'other', collection: 'kpis', rev: 1, hlc: far, updatedAt: '2286-01-01T00:00:00.000Z', updatedBy: { device: 'dev-b' }, data: { id: 'other', name: 'Other', unit: 'count', direction: 'higher', target: 1, ownerTeamIds: ['marketing'] }, clocks: { id: far, name: far } },
    });
    const tab = createStore({ device: 'dev-a' });
    await tab.ready();
    // A new document: its clock must still follow every clock the tab loaded.
    const put = await tab.put('teams', { id: 'ops', name: 'Ops' });
    expect(put.hlc > far).toBe(true);
    const patched = await tab.patch('kpis', 'cac', { name: 'New' });
    expect(patched.data.name).toBe('New');
    const other = createStore({ device: 'dev-c' });
    expect((await other.get('kpis', 'cac'))?.data.name).toBe('New');
    tab.close();
    other.close();
  });

  it('live changes from another tab reach a lazily loaded tab (subscribe and itemContext)', async () => {
    const a = createStore({ device: 'dev-a' });
    await a.put('kpis', { id: 'cac', name: 'CAC', unit: 'count', direction: 'higher', target: 1, ownerTeamIds: ['marketing'] });
    await a.put('kpiLinks', { id: 'l1', itemKey: ITEM, kpiId: 'cac' });
    const bg = createStore({ device: 'dev-bg', compactor: true });
    await bg.compact();
    const b = createStore({ device: 'dev-b' });
    expect((await b.itemContext(ITEM)).kpis).toHaveLength(1);
    const seen: string[] = [];
    b.subscribe((changes) => seen.push(...changes.map((c) => `${c.collection}:${c.id}:${c.doc ? 'live' : 'gone'}`)));
    await a.put('kpiLinks', { id: 'l2', itemKey: ITEM, kpiId: 'cac' });
    await a.remove('kpiLinks', 'l1');
    expect(seen).toEqual(['kpiLinks:l2:live', 'kpiLinks:l1:gone']);
    expect((await b.itemContext(ITEM)).kpis.map((k) => k.link.id)).toEqual(['l2']);
    // After the compactor folds the operations, nothing visible changes in b.
    seen.length = 0;
    await bg.compact();
    expect(seen).toEqual([]);
    expect((await b.itemContext(ITEM)).kpis.map((k) => k.link.id)).toEqual(['l2']);
    a.close();
    b.close();
    bg.close();
  });
});
