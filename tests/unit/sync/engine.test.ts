import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, startRig, until, type Rig } from './helpers';

const ITEM = 'jira:acme.atlassian.net:issue:MKT-1';

describe('team sync between two browsers', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it('two browsers editing the same item see each other\'s edits live', async () => {
    const a = await openBrowser(rig, 'alice', 'alice-pw');
    const b = await openBrowser(rig, 'bob', 'bob-pw');
    await a.run(() => a.engine.start());
    await b.run(() => b.engine.start());
    await a.run(() => a.store.put('itemMeta', { key: ITEM, role: 'campaign', dates: { launch: '2026-06-01' } }, { person: 'alice' }));
    const seen = await until(async () => (await b.run(() => b.store.get('itemMeta', ITEM)))?.data.dates?.launch === '2026-06-01', 10_000, 'B sees A');
    expect(seen).toBe(true);
    await b.run(() => b.store.append('itemMeta', ITEM, 'notes', [{ text: 'Lead quality is poor from this source', by: 'bob', at: '2026-05-02T10:00:00.000Z' }], { person: 'bob' }));
    await until(async () => (await a.run(() => a.store.get('itemMeta', ITEM)))?.data.notes.length === 1, 10_000, 'A sees B');
    const onA = await a.run(() => a.store.get('itemMeta', ITEM));
    expect(onA!.data.notes[0]!.text).toBe('Lead quality is poor from this source');
    expect(onA!.data.dates.launch).toBe('2026-06-01');
    await a.close();
    await b.close();
  });
});
