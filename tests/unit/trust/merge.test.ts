/**
 * Issue 16 point 4: one bad record never takes others down — an invalid op is quarantined alone
 * (the document keeps its base and its other ops), and list limits are applied at merge time.
 */
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createStore, type AuditEntry } from '@/lib/store';
import { fold, type Op } from '@/lib/store/doc';
import { formatHlc } from '@/lib/store/hlc';

const ITEM = 'jira:acme.atlassian.net:issue:MKT-1';

describe('one bad record', () => {
  it('an op that would make the document invalid is quarantined alone; base and other ops stay', async () => {
    const tab = createStore({ device: 'dev-a' });
    await tab.put('kpis', { id: 'cac', name: 'CAC', unit: 'count', direction: 'higher', target: 1, ownerTeamIds: ['marketing'] });
    const bg = createStore({ device: 'dev-bg', compactor: true });
    await bg.compact(); // the base is now stored
    await tab.patch('kpis', 'cac', { target: 2 });
    // A foreign writer's op (a bug, an old version, a hostile sync peer) that breaks the schema.
    const bad = formatHlc({ wall: Date.now(), counter: 7, node: 'dev-x~1' });
    await fakeBrowser.storage.local.set({ [`op:${bad}`]: { v: 1, collection: 'kpis', id: 'cac', hlc: bad, at: new Date().toISOString(), by: { device: 'dev-x' }, set: { target: 'lots' } } });
    await tab.patch('kpis', 'cac', { name: 'Customer acquisition cost' });
    await bg.compact();
    const fresh = createStore({ device: 'dev-c' });
    const got = (await fresh.get('kpis', 'cac'))!.data;
    expect([got.name, got.target]).toEqual(['Customer acquisition cost', 2]);
    const q = await fresh.quarantine();
    expect(q.map((e) => e.key)).toEqual([`op:${bad}`]);
    expect(q[0]!.reason).toMatch(/operation refused: it would make kpis "cac" invalid \(target: /);
    const raw = await fakeBrowser.storage.local.get(null);
    expect(Object.keys(raw).filter((k) => k.startsWith('op:'))).toEqual([]);
    for (const s of [tab, bg, fresh]) s.close();
  });

  it('the notes limit (500) is applied at merge time: the newest 500 stay, the document is never rejected', async () => {
    const audit: AuditEntry[] = [];
    const bg = createStore({ device: 'dev-bg', compactor: true, onAudit: (e) => void audit.push(...e) });
    const tabs = [createStore({ device: 'dev-a' }), createStore({ device: 'dev-b' })];
    const t0 = Date.parse('2026-06-01T00:00:00.000Z');
    // Two tabs append 260 notes each, concurrently: 520 in all.
    await Promise.all(
      tabs.map((s, w) =>
        (async () => {
          for (let i = 0; i < 260; i++) {
            await s.append('itemMeta', ITEM, 'notes', [{ text: `w${w} n${i}`, by: `w${w}`, at: new Date(t0 + (i * 2 + w) * 1000).toISOString() }]);
          }
        })(),
      ),
    );
    await bg.compact();
    const fresh = createStore({ device: 'dev-c' });
    const notes = (await fresh.get('itemMeta', ITEM))!.data.notes;
    expect(notes).toHaveLength(500);
    // The 20 oldest went (with an audit entry each), the newest is last.
    expect(notes[0]!.at).toBe(new Date(t0 + 20_000).toISOString());
    expect(notes[499]!.text).toBe('w1 n259');
    expect(audit.filter((e) => e.field === 'notes[-]')).toHaveLength(20);
    expect(await fresh.quarantine()).toEqual([]);
    for (const s of [bg, ...tabs, fresh]) s.close();
  });

  it('fold keeps the newest N of a list and marks the dropped ones removed (deterministic on every replica)', () => {
    const mk = (i: number, counter: number): Op => ({
      v: 1,
      collection: 'slaEvents',
      id: ITEM,
      hlc: formatHlc({ wall: 1_800_000_000_000, counter, node: 'd~1' }),
      at: '2026-01-01T00:00:00.000Z',
      by: { device: 'd' },
      add: { events: Array.from({ length: i }, (_, j) => ({ itemKey: ITEM, policyId: 'p', type: 'start', at: new Date(Date.UTC(2026, 0, 1) + (counter * 1000 + j) * 60_000).toISOString() })) },
      ...(counter === 0 ? { set: { itemKey: ITEM }, deleted: false } : {}),
    });
    const ops = [mk(600, 0), mk(600, 1)];
    const all = fold('slaEvents', ITEM, undefined, ops).doc;
    const stepwise = fold('slaEvents', ITEM, fold('slaEvents', ITEM, undefined, [ops[0]!]).doc, [ops[1]!]).doc;
    expect((all.data.events as unknown[]).length).toBe(1000);
    expect(stepwise.data.events).toEqual(all.data.events);
  });
});
