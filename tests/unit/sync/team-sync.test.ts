/**
 * The background service's messages, end to end: an extension page asks, the background tests,
 * previews, connects (merging this browser's data into the workspace), syncs, resumes after a
 * restart and signs out. PouchDB's memory adapter stands in for IndexedDB (fake-indexeddb's
 * transaction timing does not suit pouchdb-adapter-indexeddb; the browser e2e tests cover it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createStore } from '@/lib/store/store';
import { startTeamSync, originPattern } from '@/lib/background/team-sync';
import { TEAM_CONFIG_KEY, TEAM_CREDENTIALS_KEY, TEAM_STATUS_KEY, type SyncStatus } from '@/lib/sync/contract';
import { toCouch } from '@/lib/sync/docs';
import { fold } from '@/lib/store/doc';
import { formatHlc } from '@/lib/store/hlc';
import { Pouch, startRig, until, type Rig } from './helpers';

const ITEM = 'jira:acme.atlassian.net:issue:MKT-5';

let nextId = 1;
/** Send a message the way an extension page (or a content script, with `url`) does. */
async function send<T>(type: string, data: unknown, url = fakeBrowser.runtime.getURL('/options.html')): Promise<T> {
  let respond!: (v: unknown) => void;
  const response = new Promise<{ res?: T; err?: { message: string } }>((r) => (respond = r as never));
  await fakeBrowser.runtime.onMessage.trigger({ id: nextId++, type, data, timestamp: Date.now() }, { url, id: fakeBrowser.runtime.id }, respond);
  const { res, err } = await response;
  if (err) throw new Error(err.message);
  return res as T;
}

describe('team sync in the background (messages)', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig([['alice', 'alice-pw']]);
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it('tests, previews, connects with a merge of both sides, resumes after a restart and signs out', { timeout: 60_000 }, async () => {
    const granted = new Set<string>();
    const store = createStore({ device: 'dev-alice', compactor: true });
    await store.ready();
    // This browser already has data; the workspace already has someone else's.
    await store.put('itemMeta', { key: ITEM, role: 'campaign', dates: { launch: '2026-09-01' } }, { person: 'alice' });
    await store.put('teams', { id: 'growth', name: 'Growth' }, { person: 'alice' });
    const h = formatHlc({ wall: Date.now() - 1000, counter: 0, node: 'dev-bob~1' });
    const remote = fold('teams', 'partners', undefined, [{ v: 1, collection: 'teams', id: 'partners', hlc: h, at: new Date().toISOString(), by: { device: 'dev-bob', person: 'bob' }, set: { id: 'partners', name: 'Partners' }, deleted: false }]).doc;
    const put = await fetch(`${rig.srv.url}/${rig.db}/teams:partners`, { method: 'PUT', headers: { Authorization: rig.adminAuth, 'Content-Type': 'application/json' }, body: JSON.stringify(toCouch(remote, { user: 'admin' })) });
    expect(put.status).toBe(201);

    const deps = { PouchDB: Pouch, localAdapter: 'memory', hasPermission: async (o: string[]) => o.every((x) => granted.has(x)), maxBackOffMs: 300 };
    let team = startTeamSync(store, deps);
    await team.ready;
    const creds = { url: rig.srv.url, db: rig.db, user: 'alice', password: 'alice-pw' };

    // A content script may not drive the workspace.
    await expect(send('team:test', creds, 'https://acme.atlassian.net/browse/MKT-5')).rejects.toThrow(/only (Liaison's own pages|extension pages may ask for it)/);
    // Without the origin's permission: a clear 'permission' error.
    const denied = await send<{ ok: boolean; error?: { code: string; message: string } }>('team:test', creds);
    expect(denied).toMatchObject({ ok: false, error: { code: 'permission' } });
    expect(denied.error!.message).toContain(originPattern(rig.srv.url));
    granted.add(originPattern(rig.srv.url));
    expect(await send('team:test', creds)).toMatchObject({ ok: true, server: { vendor: expect.any(String) } });
    // Malformed payloads never reach the handler.
    await expect(send('team:test', { ...creds, url: 'http://couch.acme.com' })).rejects.toThrow(/malformed/);

    const preview = await send<{ ok: true; preview: { local: Record<string, number>; remote: Record<string, number>; both: number } }>('team:preview', creds);
    expect(preview.preview.local).toMatchObject({ itemMeta: 1, teams: 1 });
    expect(preview.preview.remote).toEqual({ teams: 1 });
    expect(preview.preview.both).toBe(0);

    const connected = await send<{ ok: true; status: SyncStatus }>('team:connect', { ...creds, auth: 'basic' });
    expect(connected.ok).toBe(true);
    expect(connected.status).toMatchObject({ state: 'idle', user: 'alice', db: rig.db, pending: 0 });
    // Both sides merged: the workspace's team is here, this browser's data is on the server.
    expect((await store.get('teams', 'partners'))?.data.name).toBe('Partners');
    const onServer = await fetch(`${rig.srv.url}/${rig.db}/${encodeURIComponent(`itemMeta:${ITEM}`)}`, { headers: { Authorization: rig.adminAuth } });
    expect(((await onServer.json()) as { data: { dates: { launch: string } }; updatedBy: string }).updatedBy).toBe('alice');
    const saved = await fakeBrowser.storage.local.get([TEAM_CONFIG_KEY, TEAM_CREDENTIALS_KEY, TEAM_STATUS_KEY]);
    expect(saved[TEAM_CONFIG_KEY]).toMatchObject({ url: rig.srv.url, db: rig.db, user: 'alice', auth: 'basic' });
    expect(saved[TEAM_CREDENTIALS_KEY]).toEqual({ password: 'alice-pw' });
    await until(async () => ((await fakeBrowser.storage.local.get(TEAM_STATUS_KEY))[TEAM_STATUS_KEY] as SyncStatus | undefined)?.state === 'idle', 5000, 'status saved');

    // A push right after a local write.
    await store.patch('itemMeta', ITEM, { briefTemplateId: 'tpl-campaign' }, { person: 'alice' });
    await until(async () => {
      const r = await fetch(`${rig.srv.url}/${rig.db}/${encodeURIComponent(`itemMeta:${ITEM}`)}`, { headers: { Authorization: rig.adminAuth } });
      return ((await r.json()) as { data: { briefTemplateId?: string } }).data.briefTemplateId === 'tpl-campaign';
    }, 10_000, 'pushed');
    expect(await send<SyncStatus>('team:sync-now', {})).toMatchObject({ state: 'idle' });

    // The worker restarts: replication resumes from storage.local alone.
    await team.stop();
    team = startTeamSync(store, deps);
    await team.ready;
    expect(team.engine()).not.toBeNull();
    expect((await send<SyncStatus>('team:status', {})).state).toBe('idle');
    // The alarm, with live replication healthy, costs nothing; it wakes a worker otherwise.
    await fakeBrowser.alarms.onAlarm.trigger({ name: 'liaison-team-sync', scheduledTime: Date.now() } as never);

    // Sign out without keeping a local copy: credentials and team data are gone.
    const off = await send<SyncStatus>('team:disconnect', { keepLocal: false });
    expect(off.state).toBe('off');
    const after = await fakeBrowser.storage.local.get([TEAM_CONFIG_KEY, TEAM_CREDENTIALS_KEY]);
    expect(after).toEqual({});
    expect(await store.get('itemMeta', ITEM)).toBeUndefined();
    expect(await store.get('teams', 'partners')).toBeUndefined();
    expect(team.engine()).toBeNull();
    await team.stop();
    store.close();
  });
});
