/**
 * Issue 16 point 1: a clock from storage or another device further ahead than the bound is refused
 * (ops quarantined alone, with the reason) or clamped (document clocks); the HLC never leaves its
 * format; a write that is not applied fails loudly; a wrong clock cannot pin notes or snapshots as newest.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createStore, WriteNotAppliedError } from '@/lib/store';
import { HlcClock, checkSkew, formatHlc, isHlc, DEFAULT_MAX_SKEW_MS, HlcRangeError, MAX_WALL } from '@/lib/store/hlc';
import { addNote } from '@/lib/panel/actions';
import { closeLiaisonDb, openLiaisonDb, putSnapshot, recentSnapshots } from '@/lib/store/idb';
import { encodeSettings } from '@/lib/store/settings';
import { SettingsSchema, type ItemSnapshot } from '@/lib/core/schemas';

const ITEM = 'jira:acme.atlassian.net:issue:MKT-1';
const NOW = Date.parse('2026-12-05T12:00:00.000Z');
const YEAR = 365 * 86_400_000;
const hlcAt = (wall: number, node = 'dev-b~x1', counter = 0) => formatHlc({ wall, counter, node });
const author = { name: 'Ann', teamId: 'marketing' };

describe('checkSkew and the HLC format', () => {
  it('refuses a clock more than the bound ahead, with a reason a person can read', () => {
    expect(checkSkew(hlcAt(NOW + 59 * 60_000), NOW)).toEqual({ ok: true });
    const r = checkSkew(hlcAt(NOW + 3 * YEAR), NOW);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/1,095 days ahead of this device's time \(at most 1 h is accepted\)/);
    expect(checkSkew(hlcAt(NOW + 10 * 60_000), NOW, 5 * 60_000).ok).toBe(false);
    expect(checkSkew('garbage', NOW).ok).toBe(false);
    expect(DEFAULT_MAX_SKEW_MS).toBe(3_600_000);
  });

  it('a clock never follows a value past the bound, so its ticks stay in the 15-digit format', () => {
    const c = new HlcClock('dev-a~i', () => NOW);
    expect(c.observe('999999999999999.99999.evil~x')).toBe(false);
    const t = c.tick();
    expect(t.startsWith(String(NOW).padStart(15, '0'))).toBe(true);
    // The counter overflow carries into the wall time, never past the format.
    const c2 = new HlcClock('dev-a~i', () => NOW);
    expect(c2.observe(hlcAt(NOW, 'dev-b~x', 99_999))).toBe(true);
    expect(c2.tick()).toBe(hlcAt(NOW + 1, 'dev-a~i', 0));
    // At the end of the format it throws instead of producing a 16-digit value.
    const end = new HlcClock('dev-a~i', () => MAX_WALL, () => Number.MAX_SAFE_INTEGER);
    end.observe(hlcAt(MAX_WALL, 'x~y', 99_999));
    expect(() => end.tick()).toThrow(HlcRangeError);
  });

  it('formatHlc refuses a value that does not fit the format instead of writing a 16-digit clock', () => {
    expect(() => formatHlc({ wall: MAX_WALL + 1, counter: 0, node: 'n' })).toThrow(HlcRangeError);
    expect(() => formatHlc({ wall: -1, counter: 0, node: 'n' })).toThrow(HlcRangeError);
    expect(() => formatHlc({ wall: NOW, counter: 100_000, node: 'n' })).toThrow(HlcRangeError);
    expect(isHlc(formatHlc({ wall: MAX_WALL, counter: 99_999, node: 'n' }))).toBe(true);
  });

  it('property: whatever clock values it observes, every tick is a well-formed, increasing HLC', () => {
    const hlcArb = fc.tuple(fc.integer({ min: 0, max: MAX_WALL }), fc.integer({ min: 0, max: 99_999 })).map(([w, n]) => hlcAt(w, 'r~x', n));
    fc.assert(
      fc.property(fc.array(fc.oneof(hlcArb, fc.constant('tick')), { maxLength: 60 }), (events) => {
        const c = new HlcClock('dev-a~i', () => NOW);
        let last = '';
        for (const e of events) {
          if (e !== 'tick') {
            c.observe(e);
            continue;
          }
          const t = c.tick();
          if (!isHlc(t) || t <= last) return false;
          if (!checkSkew(t, NOW).ok) return false;
          last = t;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});

describe('stored clocks from a device with a wrong clock', () => {
  it('the reported case: one stored clock at the end of the format, then 5 notes — all 5 are kept', async () => {
    const evil = '999999999999999.99999.dev-b~x1';
    await fakeBrowser.storage.local.set({
      [`doc:itemMeta:${ITEM}`]: { v: 1, id: ITEM, collection: 'itemMeta', rev: 1, hlc: evil, updatedAt: '2026-12-01T00:00:00.000Z', updatedBy: { device: 'dev-b' }, data: { key: ITEM, dates: {}, notes: [], role: 'campaign' }, clocks: { key: evil, role: evil, $deleted: evil } },
    });
    const bg = createStore({ device: 'dev-bg', compactor: true, now: () => NOW });
    const tab = createStore({ device: 'dev-a', now: () => NOW });
    for (let i = 1; i <= 5; i++) await addNote(tab, ITEM, `note ${i}`, author, new Date(NOW));
    await bg.compact();
    const fresh = createStore({ device: 'dev-c', now: () => NOW });
    expect((await fresh.get('itemMeta', ITEM))!.data.notes.map((n) => n.text)).toEqual(['note 1', 'note 2', 'note 3', 'note 4', 'note 5']);
    // The role set under the runaway clock is kept, but a later edit wins over it.
    await tab.patch('itemMeta', ITEM, { role: 'release' });
    expect((await fresh.get('itemMeta', ITEM))!.data.role).toBe('release');
    // Nothing went to quarantine except the copy of the document with its original clocks.
    await bg.compact();
    expect((await bg.quarantine()).map((q) => q.key)).toEqual([`doc:itemMeta:${ITEM}#clock-ahead`]);
    expect((await bg.quarantine())[0]!.reason).toMatch(/clamped .*ahead of this device's time/);
    for (const s of [bg, tab, fresh]) s.close();
  });

  it('an op stamped years ahead is refused alone and quarantined with its reason; the other ops apply', async () => {
    const tab = createStore({ device: 'dev-a', now: () => NOW });
    await tab.put('kpis', { id: 'cac', name: 'CAC', unit: 'count', direction: 'higher', target: 1, ownerTeamIds: ['marketing'] });
    const ahead = hlcAt(NOW + 2 * YEAR);
    await fakeBrowser.storage.local.set({ [`op:${ahead}`]: { v: 1, collection: 'kpis', id: 'cac', hlc: ahead, at: new Date(NOW + 2 * YEAR).toISOString(), by: { device: 'dev-b' }, set: { name: 'Pinned' } } });
    await tab.patch('kpis', 'cac', { target: 5 });
    const bg = createStore({ device: 'dev-bg', compactor: true, now: () => NOW });
    await bg.compact();
    const got = (await bg.get('kpis', 'cac'))!.data;
    expect([got.name, got.target]).toEqual(['CAC', 5]);
    const q = await bg.quarantine();
    expect(q).toHaveLength(1);
    expect(q[0]).toMatchObject({ key: `op:${ahead}`, reason: expect.stringMatching(/^operation refused: its clock is 730 days ahead/) });
    // The tab that wrote after it is not dragged into the future either.
    expect((await tab.patch('kpis', 'cac', { name: 'Mine' })).hlc < ahead).toBe(true);
    expect((await bg.get('kpis', 'cac'))!.data.name).toBe('Mine');
    tab.close();
    bg.close();
  });

  it('a tab whose clock is years ahead cannot pin its note as newest: the write fails loudly, nothing is saved', async () => {
    const tab = createStore({ device: 'dev-a', now: () => NOW });
    await addNote(tab, ITEM, 'today', author, new Date(NOW));
    const err = await addNote(tab, ITEM, 'from 2031', author, new Date(NOW + 5 * YEAR)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WriteNotAppliedError);
    expect((err as Error).message).toMatch(/did not save this change to itemMeta .*dated 2031-.*ahead of this device's time/);
    expect((await tab.get('itemMeta', ITEM))!.data.notes.map((n) => n.text)).toEqual(['today']);
    const raw = await fakeBrowser.storage.local.get(null);
    expect(JSON.stringify(raw)).not.toContain('from 2031');
    tab.close();
  });

  it('a note written by another store with a clock years ahead is quarantined, not shown first', async () => {
    const wrong = createStore({ device: 'dev-w', now: () => NOW + 4 * YEAR });
    await addNote(wrong, ITEM, 'pinned', author, new Date(NOW + 4 * YEAR));
    const tab = createStore({ device: 'dev-a', now: () => NOW });
    await addNote(tab, ITEM, 'real', author, new Date(NOW));
    expect((await tab.get('itemMeta', ITEM))!.data.notes.map((n) => n.text)).toEqual(['real']);
    expect((await tab.quarantine()).map((q) => q.reason).join()).toMatch(/operation refused: its clock is 1,460 days ahead/);
    wrong.close();
    tab.close();
  });

  it('the bound is the user\'s setting (maxClockSkewMinutes)', async () => {
    await fakeBrowser.storage.sync.set(encodeSettings(SettingsSchema.parse({ maxClockSkewMinutes: 5 })));
    const tab = createStore({ device: 'dev-a', now: () => NOW });
    await tab.put('teams', { id: 'ops', name: 'Ops' });
    const ahead = hlcAt(NOW + 10 * 60_000);
    await fakeBrowser.storage.local.set({ [`op:${ahead}`]: { v: 1, collection: 'teams', id: 'ops', hlc: ahead, at: new Date(NOW).toISOString(), by: { device: 'dev-b' }, set: { name: 'Ahead' } } });
    expect((await tab.get('teams', 'ops'))!.data.name).toBe('Ops');
    // With the default (1 h) the same op is within the bound.
    const lax = createStore({ device: 'dev-c', now: () => NOW, maxSkewMs: DEFAULT_MAX_SKEW_MS });
    expect((await lax.get('teams', 'ops'))!.data.name).toBe('Ahead');
    tab.close();
    lax.close();
  });
});

describe('snapshots from a tab with a wrong clock', () => {
  const snap = (key: string, seenAt: string): ItemSnapshot => ({
    key,
    ref: { tool: 'jira', workspace: 'acme.atlassian.net', kind: 'issue', id: key.split(':').pop()! },
    title: key,
    dates: {},
    labels: [],
    url: `https://acme.atlassian.net/browse/${key.split(':').pop()}`,
    seenAt,
  });
  it('a seenAt years ahead is taken as now and never pins the snapshot above real newer ones', async () => {
    const db = await openLiaisonDb('trust-snaps');
    const k1 = 'jira:acme.atlassian.net:issue:MKT-1';
    const k2 = 'jira:acme.atlassian.net:issue:MKT-2';
    await putSnapshot(snap(k1, new Date(NOW + 3 * YEAR).toISOString()), db, { now: NOW });
    const [stored] = await db.getAll('snapshots');
    expect(stored!.seenAt).toBe(new Date(NOW).toISOString());
    await putSnapshot(snap(k2, new Date(NOW + 60_000).toISOString()), db, { now: NOW + 60_000 });
    expect((await recentSnapshots(10, db, { now: NOW + 60_000 })).map((s) => s.key)).toEqual([k2, k1]);
    // One stored by an older version with a future seenAt: replaced by a real visit, listed last meanwhile.
    await db.put('snapshots', { ...snap(k1, new Date(NOW + 3 * YEAR).toISOString()), title: 'old future' });
    expect((await recentSnapshots(10, db, { now: NOW + 60_000 })).map((s) => s.key)).toEqual([k2, k1]);
    await putSnapshot({ ...snap(k1, new Date(NOW + 120_000).toISOString()), title: 'visited' }, db, { now: NOW + 120_000 });
    expect((await db.get('snapshots', k1))!.title).toBe('visited');
    await closeLiaisonDb('trust-snaps');
  });
});
