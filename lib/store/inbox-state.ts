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
import { onSnapshotPut } from './idb';
import { INBOX_STATE_KEY, parseInboxState, type InboxState } from '../pages/inbox-state';
import { lazySchema } from '../core/lazy-schema';

export const SNAPSHOT_SIGNAL_KEY = 'inbox:seen';
const SignalSchema = /* @__PURE__ */ lazySchema(() => z.object({ key: z.string().max(600), at: z.number(), n: z.number().optional() }).strict());
let seq = 0;

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
 * In the background: after each stored snapshot (./idb.ts putSnapshot), raise the signal when what the
 * inbox shows of the item changed (a brief fixed in the host, a status moved to Done). Returns stop.
 */
export function startSnapshotSignal(): () => void {
  return onSnapshotPut((before, after) => {
    if (inboxPrint(before) !== inboxPrint(after)) void signalSnapshotChanged(after.key);
  });
}

export async function signalSnapshotChanged(key: string): Promise<void> {
  await browser.storage.session?.set({ [SNAPSHOT_SIGNAL_KEY]: { key, at: Date.now(), n: ++seq } }).catch(() => undefined);
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
