import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_KPIS, DEFAULT_TEAMS } from '@/lib/core/defaults';
import type { ItemSnapshot } from '@/lib/core/schemas';
import { sendMessage } from '@/lib/messaging';
import { startStoreService } from '@/lib/background/store-service';
import { createStore } from '@/lib/store';
import { addAudit, auditFor, closeLiaisonDb, kpiSeries, openLiaisonDb, putSnapshot, recentAudit, recentSnapshots, slaEventsFor } from '@/lib/store/idb';

const ITEM = 'jira:acme.atlassian.net:issue:MKT-1';
const snap = (seenAt: string, title = 'Launch campaign'): ItemSnapshot => ({
  key: ITEM,
  ref: { tool: 'jira', workspace: 'acme.atlassian.net', kind: 'issue', id: 'MKT-1' },
  title,
  dates: { launch: '2026-05-15' },
  labels: [],
  url: 'https://acme.atlassian.net/browse/MKT-1',
  seenAt,
});

afterEach(async () => {
  await closeLiaisonDb();
  await new Promise<void>((ok) => {
    const r = indexedDB.deleteDatabase('liaison');
    r.onsuccess = r.onerror = r.onblocked = () => ok();
  });
});

describe('IndexedDB stores', () => {
  it('keeps the newest snapshot per item and lists recent items', async () => {
    await putSnapshot(snap('2026-05-02T00:00:00.000Z', 'new'));
    await putSnapshot(snap('2026-05-01T00:00:00.000Z', 'old'));
    expect((await recentSnapshots(5)).map((s) => s.title)).toEqual(['new']);
  });
  it('audit by document, newest first', async () => {
    const e = (at: string, doc = 'kpis:cac') => ({ doc, collection: 'kpis' as const, docId: 'cac', field: 'target', kind: 'change' as const, by: { device: 'd' }, hlc: 'x', at });
    await addAudit([e('2026-05-01T00:00:00.000Z'), e('2026-05-03T00:00:00.000Z'), e('2026-05-02T00:00:00.000Z', 'kpis:ltv')]);
    expect((await auditFor('kpis:cac')).map((a) => a.at)).toEqual(['2026-05-03T00:00:00.000Z', '2026-05-01T00:00:00.000Z']);
    expect((await recentAudit(1))[0]!.at).toBe('2026-05-03T00:00:00.000Z');
  });
  it('opens once and survives being asked twice', async () => {
    expect(await openLiaisonDb()).toBe(await openLiaisonDb());
  });
});

describe('startStoreService', () => {
  it('migrates, seeds the defaults once, answers messages, mirrors KPI values and SLA events into IndexedDB, compacts with audit', async () => {
    const svc = await startStoreService();
    expect(svc.migration.error).toBeUndefined();
    const ws = await svc.store.workspace();
    expect(ws.teams.map((t) => t.id).sort()).toEqual(DEFAULT_TEAMS.map((t) => t.id).sort());
    expect(ws.kpis).toHaveLength(DEFAULT_KPIS.length);

    // A content script reports a snapshot and asks for it back.
    await sendMessage('item:seen', snap('2026-05-02T00:00:00.000Z'));
    expect((await sendMessage('items:snapshots', { keys: [ITEM, 'jira:x.atlassian.net:issue:A-1'] })).map((s) => s.title)).toEqual(['Launch campaign']);
    await expect(sendMessage('item:seen', { key: 'nope' } as never)).rejects.toThrow(/malformed/);

    // A tab writes a KPI value and an SLA event; the background mirrors them.
    const tab = createStore({ device: 'dev-tab' });
    await tab.put('kpiStatus', { kpiId: DEFAULT_KPIS[0]!.id, latest: { kpiId: DEFAULT_KPIS[0]!.id, value: 7, at: '2026-05-01T00:00:00+03:00', source: 'manual' } });
    await tab.append('slaEvents', ITEM, 'events', [{ itemKey: ITEM, policyId: 'p', type: 'start', at: '2026-05-01T00:00:00.000Z' }]);
    await tab.patch('kpis', DEFAULT_KPIS[0]!.id, { target: 99 }, { person: 'ann' });
    await vi.waitFor(async () => expect((await kpiSeries(DEFAULT_KPIS[0]!.id)).map((v) => [v.value, v.at])).toEqual([[7, '2026-04-30T21:00:00.000Z']]));
    expect(await sendMessage('kpi:series', { kpiId: DEFAULT_KPIS[0]!.id })).toHaveLength(1);
    await vi.waitFor(async () => expect(await slaEventsFor(ITEM)).toHaveLength(1));
    await svc.store.compact();
    const history = await sendMessage('audit:doc', { doc: `kpis:${DEFAULT_KPIS[0]!.id}` });
    expect(history[0]).toMatchObject({ field: 'target', kind: 'change', after: 99, by: { device: 'dev-tab', person: 'ann' } });

    // Seeding happens once: a user's deletion of a default stays deleted after a restart.
    await tab.remove('teams', 'support');
    svc.stop();
    const again = await startStoreService();
    expect((await again.store.list('teams')).map((t) => t.id)).not.toContain('support');
    again.stop();
    tab.close();
    expect(fakeBrowser.runtime.id).toBeTruthy();
  });
});
