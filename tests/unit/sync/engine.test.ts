/**
 * The replication engine against a real CouchDB-protocol server on 127.0.0.1, two (or more)
 * browsers each with its own storage.local, store and replica.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatHlc } from '@/lib/store/hlc';
import type { BatchWrite } from '@/lib/store/api';
import { openBrowser, startRig, until, type Browser, type Rig } from './helpers';

const ITEM = 'jira:acme.atlassian.net:issue:MKT-1';
const LEAD = 'amocrm:acme.amocrm.ru:lead:4242';

async function meta(b: Browser, key = ITEM) {
  return b.run(() => b.store.get('itemMeta', key));
}

async function serverDoc(rig: Rig, id: string) {
  const r = await fetch(`${rig.srv.url}/${rig.db}/${encodeURIComponent(id)}?conflicts=true`, { headers: { Authorization: rig.adminAuth } });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

describe('team sync between browsers', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig([
      ['alice', 'alice-pw'],
      ['bob', 'bob-pw'],
      ['carol', 'carol-pw'],
      ['dave', 'dave-pw'],
    ]);
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it('two browsers editing the same item see each other\'s edits live, authored by the signed-in person', async () => {
    const a = await openBrowser(rig, 'alice', 'alice-pw');
    const b = await openBrowser(rig, 'bob', 'bob-pw');
    await a.run(() => a.engine.start());
    await b.run(() => b.engine.start());
    expect(a.engine.status()).toMatchObject({ state: 'idle', user: 'alice', db: rig.db });
    await a.run(() => a.store.put('itemMeta', { key: ITEM, role: 'campaign', dates: { launch: '2026-06-01' } }, { person: 'alice' }));
    await until(async () => (await meta(b))?.data.dates?.launch === '2026-06-01', 10_000, 'B sees A');
    await b.run(() => b.store.append('itemMeta', ITEM, 'notes', [{ text: 'Lead quality is poor from this source', by: 'bob', at: '2026-05-02T10:00:00.000Z' }], { person: 'bob' }));
    await until(async () => (await meta(a))?.data.notes?.length === 1, 10_000, 'A sees B');
    const onA = (await meta(a))!;
    expect(onA.data.notes[0]!.text).toBe('Lead quality is poor from this source');
    expect(onA.data.dates.launch).toBe('2026-06-01');
    // The server holds one document per entity, written by the person signed in.
    const srv = await serverDoc(rig, `itemMeta:${ITEM}`);
    expect(srv.body).toMatchObject({ schema: 1, collection: 'itemMeta', id: ITEM, updatedBy: 'bob', createdBy: 'alice' });
    expect(srv.body._conflicts).toBeUndefined();
    // Lead verdicts (another collection) and deletions replicate too.
    await b.run(() => b.store.put('leadNotes', { id: 'ln-1', itemKey: LEAD, source: 'spring-seo-course', verdict: 'mql', criteria: { need: true }, note: 'Real budget, wants a demo', authorTeamId: 'sales', at: '2026-05-02T10:00:00.000Z' }, { person: 'bob' }));
    await until(async () => (await a.run(() => a.store.get('leadNotes', 'ln-1')))?.data.verdict === 'mql', 10_000, 'A sees the verdict');
    await b.run(() => b.store.remove('leadNotes', 'ln-1', { person: 'bob' }));
    await until(async () => !(await a.run(() => a.store.get('leadNotes', 'ln-1'))), 10_000, 'A sees the deletion');
    await a.close();
    await b.close();
  });

  it('both offline, both editing the same fields and notes: on reconnect nothing is lost and the losers are in the audit log', async () => {
    const a = await openBrowser(rig, 'alice', 'alice-pw');
    const b = await openBrowser(rig, 'bob', 'bob-pw');
    const key = 'jira:acme.atlassian.net:issue:MKT-77';
    await a.run(() => a.engine.start());
    await b.run(() => b.engine.start());
    await a.run(() => a.store.put('itemMeta', { key, role: 'campaign', dates: { launch: '2026-06-01' }, briefTemplateId: 'tpl-campaign' }, { person: 'alice' }));
    await until(async () => (await meta(b, key))?.data.role === 'campaign', 10_000, 'B has the item');
    await a.run(() => a.engine.stop());
    await b.run(() => b.engine.stop());

    // Offline: the same field (launch date) on both, a field each, a note each.
    await a.run(() => a.store.patch('itemMeta', key, { dates: { launch: '2026-06-10' } }, { person: 'alice' }));
    await a.run(() => a.store.append('itemMeta', key, 'notes', [{ text: 'Alice: moved after the release', by: 'alice', at: '2026-05-03T09:00:00.000Z' }], { person: 'alice' }));
    await new Promise((r) => setTimeout(r, 5));
    await b.run(() => b.store.patch('itemMeta', key, { dates: { launch: '2026-06-20', release: '2026-06-15' } }, { person: 'bob' }));
    await b.run(() => b.store.append('itemMeta', key, 'notes', [{ text: 'Bob: product slips a week', by: 'bob', at: '2026-05-03T09:05:00.000Z' }], { person: 'bob' }));
    await a.run(() => a.store.compact());
    await b.run(() => b.store.compact());

    await a.run(() => a.engine.start());
    await b.run(() => b.engine.start());
    await a.run(() => a.engine.syncOnce());
    await b.run(() => b.engine.syncOnce());
    const done = async () => {
      const [ma, mb] = [await meta(a, key), await meta(b, key)];
      return ma && mb && ma.data.notes.length === 2 && mb.data.notes.length === 2 && ma.data.dates.launch === mb.data.dates.launch && ma.data.dates.release === '2026-06-15';
    };
    await until(done, 8_000, 'both converge').catch(async (e) => { console.log('A', JSON.stringify((await meta(a, key))?.data), 'B', JSON.stringify((await meta(b, key))?.data)); console.log(JSON.stringify((await serverDoc(rig, `itemMeta:${key}`)).body)); throw e; });
    const ma = (await meta(a, key))!;
    const mb = (await meta(b, key))!;
    expect(ma.data).toEqual(mb.data);
    expect(ma.data.dates).toEqual({ launch: '2026-06-20', release: '2026-06-15' }); // Bob wrote the launch date last
    expect(ma.data.notes.map((n) => n.text).sort()).toEqual(['Alice: moved after the release', 'Bob: product slips a week']);
    // Alice's losing launch date is in her audit log, as a value a person can find and restore.
    expect(a.audit.some((e) => e.doc === `itemMeta:${key}` && e.field === 'dates.launch' && e.before === '2026-06-10' && e.after === '2026-06-20')).toBe(true);
    // The server ends with one branch: the conflict was folded and the losing branch closed.
    await until(async () => !(await serverDoc(rig, `itemMeta:${key}`)).body._conflicts, 10_000, 'server conflict closed');
    // Nothing was refused by the server on the way (a conflict branch keeps the item's creator).
    expect(a.engine.status().lastError).toBeUndefined();
    expect(b.engine.status().lastError).toBeUndefined();
    // No ping-pong: after settling, another round writes nothing.
    const before = (await serverDoc(rig, `itemMeta:${key}`)).body._rev;
    await a.run(() => a.engine.syncOnce());
    await b.run(() => b.engine.syncOnce());
    expect((await serverDoc(rig, `itemMeta:${key}`)).body._rev).toBe(before);
    await a.close();
    await b.close();
  });

  it('the server going down mid-sync: offline status with a reason, then everything arrives when it is back', async () => {
    const a = await openBrowser(rig, 'alice', 'alice-pw');
    const b = await openBrowser(rig, 'bob', 'bob-pw');
    await a.run(() => a.engine.start());
    await b.run(() => b.engine.start());
    const writes: BatchWrite[] = Array.from({ length: 150 }, (_, i) => ({ type: 'put', collection: 'kpiLinks', data: { id: `down-${i}`, itemKey: ITEM, kpiId: 'cac', effect: 'decrease' } }));
    await a.run(() => a.store.batch(writes, { person: 'alice' }));
    await new Promise((r) => setTimeout(r, 30));
    await rig.srv.pause();
    await a.run(() => a.store.patch('itemMeta', ITEM, { briefTemplateId: 'tpl-while-down' }, { person: 'alice' }).catch(() => a.store.put('itemMeta', { key: ITEM, briefTemplateId: 'tpl-while-down' }, { person: 'alice' })));
    await until(() => a.engine.status().state === 'offline', 10_000, 'A offline');
    const off = a.engine.status();
    expect(off.offlineSince).toBeTruthy();
    expect(off.lastError?.code).toBe('unreachable');
    expect(off.lastError?.message).toMatch(/refused|reach/i);
    await rig.srv.resume();
    await until(async () => (await b.run(() => b.store.list('kpiLinks'))).filter((l) => l.id.startsWith('down-')).length === 150, 20_000, 'B has every link');
    await until(async () => (await meta(b))?.data.briefTemplateId === 'tpl-while-down', 20_000, 'B has the edit made while down');
    await until(() => a.engine.status().state === 'idle', 10_000, 'A idle again');
    expect(a.engine.status().lastSyncedAt).toBeTruthy();
    expect(a.engine.status().lastError).toBeUndefined();
    await a.close();
    await b.close();
  });

  it('initial sync of 1,000 documents into a new browser', { timeout: 60_000 }, async () => {
    const a = await openBrowser(rig, 'carol', 'carol-pw');
    const writes: BatchWrite[] = Array.from({ length: 1000 }, (_, i) => ({
      type: 'put',
      collection: 'dependencies',
      data: { id: `bulk-${i}`, fromKey: `jira:acme.atlassian.net:issue:MKT-${i}`, to: { type: 'team', teamId: 'product' }, relation: 'needs', state: 'pending' },
    }));
    await a.run(() => a.store.batch(writes, { person: 'carol' }));
    await a.run(() => a.engine.start());
    const b = await openBrowser(rig, 'dave', 'dave-pw');
    await b.run(() => b.engine.start());
    const got = await b.run(() => b.store.list('dependencies'));
    expect(got.filter((d) => d.id.startsWith('bulk-'))).toHaveLength(1000);
    expect(b.engine.status()).toMatchObject({ state: 'idle', pending: 0 });
    expect(b.engine.status().docs).toBeGreaterThanOrEqual(1000);
    await a.close();
    await b.close();
  });

  it('a malformed document or one from a clock far in the future is quarantined with its reason, never applied', async () => {
    const b = await openBrowser(rig, 'bob', 'bob-pw');
    await b.run(() => b.engine.start());
    const now = Date.now();
    const put = (id: string, body: unknown) =>
      fetch(`${rig.srv.url}/${rig.db}/${encodeURIComponent(id)}`, { method: 'PUT', headers: { Authorization: rig.adminAuth, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const hlc = (ms: number) => formatHlc({ wall: ms, counter: 0, node: 'dev-x~y' });
    const base = { schema: 1, collection: 'teams', updatedAt: new Date(now).toISOString(), author: { device: 'dev-x' }, updatedBy: 'admin', createdBy: 'admin' };
    // An admin import with a broken entity (admins pass the server's validation).
    expect((await put('teams:broken', { ...base, id: 'broken', data: { id: 'broken', name: 42 }, clocks: { id: hlc(now), name: hlc(now) }, hlc: hlc(now) })).status).toBe(201);
    // A device whose clock is three days ahead.
    const ahead = now + 3 * 24 * 3600_000;
    expect((await put('teams:future', { ...base, id: 'future', data: { id: 'future', name: 'From the future' }, clocks: { id: hlc(ahead), name: hlc(ahead) }, hlc: hlc(ahead) })).status).toBe(201);
    await until(async () => (await b.run(() => b.store.quarantine())).filter((q) => q.key.startsWith('remote:')).length >= 2, 10_000, 'quarantined');
    const q = await b.run(() => b.store.quarantine());
    const broken = q.find((e) => e.key.startsWith('remote:teams:broken@'))!;
    expect(broken.reason).toMatch(/teams schema.*name/);
    expect((broken.value as { data: { name: number } }).data.name).toBe(42);
    const future = q.find((e) => e.key.startsWith('remote:teams:future@'))!;
    expect(future.reason).toMatch(/7\d(\.\d)? h ahead/);
    expect(await b.run(() => b.store.get('teams', 'broken'))).toBeUndefined();
    expect(await b.run(() => b.store.get('teams', 'future'))).toBeUndefined();
    await until(() => (b.engine.status().quarantined ?? 0) >= 2, 5000, 'status counts the quarantined');
    await b.close();
  });

  it('the server refuses a forged author, a changed creator, an unknown format and an anonymous deletion', async () => {
    const bob = rig.auth('bob', 'bob-pw');
    const put = (id: string, body: unknown, auth = bob) =>
      fetch(`${rig.srv.url}/${rig.db}/${encodeURIComponent(id)}`, { method: 'PUT', headers: { Authorization: auth, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const h = formatHlc({ wall: Date.now(), counter: 0, node: 'dev-b~1' });
    const doc = (over: Record<string, unknown>) => ({ schema: 1, collection: 'teams', id: 'growth', data: { id: 'growth', name: 'Growth' }, clocks: { id: h, name: h }, hlc: h, updatedAt: new Date().toISOString(), author: { device: 'dev-b' }, updatedBy: 'bob', createdBy: 'bob', ...over });
    const forged = await put('teams:growth', doc({ updatedBy: 'alice', createdBy: 'alice' }));
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { reason: string }).reason).toMatch(/updatedBy must be the signed-in user \(bob\)/);
    const ok = await put('teams:growth', doc({}));
    expect(ok.status).toBe(201);
    const rev = ((await ok.json()) as { rev: string }).rev;
    const stolen = await put('teams:growth', doc({ _rev: rev, createdBy: 'alice' }));
    expect(stolen.status).toBe(403);
    expect(((await stolen.json()) as { reason: string }).reason).toMatch(/createdBy never changes/);
    expect((await put('teams:growth', doc({ _rev: rev, schema: 99 }))).status).toBe(403);
    const del = await fetch(`${rig.srv.url}/${rig.db}/teams:growth?rev=${rev}`, { method: 'DELETE', headers: { Authorization: bob } });
    expect(del.status).toBe(403);
    // A stranger (not a member) cannot write at all.
    expect((await put('teams:x', doc({ id: 'x', data: { id: 'x', name: 'X' } }), rig.auth('nobody', 'nope'))).status).toBe(401);
  });
});
