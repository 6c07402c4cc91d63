/**
 * The background's signal to open inboxes and the badge: raised when a stored snapshot changes what
 * the inbox shows (a brief completed in the host), not for a sighting that changes nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ItemSnapshot } from '@/lib/core/schemas';
import { closeLiaisonDb, openLiaisonDb, putSnapshot } from '@/lib/store/idb';
import { SNAPSHOT_SIGNAL_KEY, startSnapshotSignal, watchSnapshotSignal } from '@/lib/store/inbox-state';

const KEY = 'jira:acme.atlassian.net:issue:MKT-1';
const snap = (present: number, seenAt: string): ItemSnapshot => ({
  key: KEY,
  ref: { tool: 'jira', workspace: 'acme.atlassian.net', kind: 'issue', id: 'MKT-1' },
  title: 'Spring launch',
  dates: {},
  labels: [],
  url: 'https://acme.atlassian.net/browse/MKT-1',
  seenAt,
  brief: { templateId: 'marketing-brief', present, total: 8, missing: present < 8 ? ['offer'] : [] },
});

let stop = () => {};
afterEach(async () => {
  stop();
  await closeLiaisonDb('liaison-signal-test');
});

describe('snapshot signal', () => {
  it('fires when the brief changes, not when the same item is seen again unchanged', async () => {
    const db = await openLiaisonDb('liaison-signal-test');
    stop = startSnapshotSignal();
    const heard: string[] = [];
    const off = watchSnapshotSignal((k) => heard.push(k));
    await putSnapshot(snap(5, '2026-05-06T10:00:00.000Z'), db);
    await new Promise((r) => setTimeout(r, 20));
    expect(heard).toEqual([KEY]); // first sighting
    await putSnapshot(snap(5, '2026-05-06T10:05:00.000Z'), db);
    await new Promise((r) => setTimeout(r, 20));
    expect(heard).toEqual([KEY]);
    await putSnapshot(snap(8, '2026-05-06T10:06:00.000Z'), db);
    await new Promise((r) => setTimeout(r, 20));
    expect(heard).toEqual([KEY, KEY]);
    expect((await fakeBrowser.storage.session.get(SNAPSHOT_SIGNAL_KEY))[SNAPSHOT_SIGNAL_KEY]).toMatchObject({ key: KEY });
    off();
  });
});
