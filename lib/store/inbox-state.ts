/**
 * Where the inbox's personal state lives and how its views learn about changes:
 * - the snoozes and dismissals (lib/pages/inbox-state.ts) under one storage.local key, never synced;
 * - a storage.session signal the background raises when an item's snapshot changes in a way the
 *   inbox shows (its brief, status, dates, title), so an open popup or side panel and the badge
 *   update when a brief is fixed in the host, without reopening anything. Snapshots live in
 *   IndexedDB, which has no change events across contexts.
 * Writes from the popup and the side panel go through one queue per context (read, change, write).
 */
import { browser } from 'wxt/browser';
import { z } from 'zod';
import type { ItemSnapshot } from '../core/schemas';
import { getSnapshots, putSnapshot } from './idb';
import { INBOX_STATE_KEY, parseInboxState, type InboxState } from '../pages/inbox-state';

export const SNAPSHOT_SIGNAL_KEY = 'inbox:seen';
const SignalSchema = z.object({ key: z.string().max(600), at: z.number() }).strict();

export async function readInboxState(): Promise<InboxState> {
  const got = (await browser.storage.local.get(INBOX_STATE_KEY)) as Record<string, unknown>;
  return parseInboxState(got[INBOX_STATE_KEY]);
}

let queue: Promise<unknown> = Promise.resolve();

/** Read, change and write the state (serialised within this context). Returns what was written. */
export function updateInboxState(change: (s: InboxState) => InboxState): Promise<InboxState> {
  const run = queue.then(async () => {
    const next = change(await readInboxState());
    await browser.storage.local.set({ [INBOX_STATE_KEY]: next });
    return next;
  });
  queue = run.catch(() => undefined);
  return run;
}

/** Called with the new state whenever any context changes it. Returns unsubscribe. */
export function watchInboxState(cb: (s: InboxState) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && INBOX_STATE_KEY in changes) cb(parseInboxState(changes[INBOX_STATE_KEY]?.newValue));
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/** What of a snapshot the inbox shows: a change in any of these is worth a refresh. */
function inboxPrint(s: Pick<ItemSnapshot, 'title' | 'status' | 'dates' | 'brief' | 'url'> | undefined): string {
  if (!s) return '';
  return JSON.stringify([s.title, s.status ?? '', s.dates ?? {}, s.brief ?? null, s.url]);
}

/**
 * putSnapshot (./idb.ts), then raise the signal when what the inbox shows of the item changed.
 * The background's 'item:seen' handler calls this instead of putSnapshot.
 */
export async function putSnapshotAndSignal(snapshot: ItemSnapshot, ...rest: Parameters<typeof putSnapshot> extends [ItemSnapshot, ...infer R] ? R : never): Promise<void> {
  const [before] = await getSnapshots([snapshot.key], rest[0]).catch(() => [] as ItemSnapshot[]);
  await putSnapshot(snapshot, ...rest);
  const [after] = await getSnapshots([snapshot.key], rest[0]).catch(() => [] as ItemSnapshot[]);
  if (inboxPrint(before) === inboxPrint(after)) return;
  await signalSnapshotChanged(snapshot.key);
}

export async function signalSnapshotChanged(key: string): Promise<void> {
  await browser.storage.session?.set({ [SNAPSHOT_SIGNAL_KEY]: { key, at: Date.now() } }).catch(() => undefined);
}

/** Called when a snapshot changed what the inbox shows (any context). Returns unsubscribe. */
export function watchSnapshotSignal(cb: (key: string) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'session' || !(SNAPSHOT_SIGNAL_KEY in changes)) return;
    const r = SignalSchema.safeParse(changes[SNAPSHOT_SIGNAL_KEY]?.newValue);
    if (r.success) cb(r.data.key);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
