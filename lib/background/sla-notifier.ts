/**
 * SLA notifications: when an SLA clock of an item becomes at-risk or breached, the background
 * raises ONE browser notification (deduplicated by item + policy + state in storage.local, so
 * no tab and no restart repeats it); clicking it opens the item. One alarm is kept at the
 * earliest `nextChangeAt` of all clocks, so nothing polls.
 *
 * Which clocks: for every item with Liaison meta or SLA events, each policy that applies to the
 * item's role (policy.appliesTo) or that has events on the item. Dates: the item meta's dates
 * over the last snapshot's dates. Calendar: the policy's, else the owner team's, else the default.
 */
import { browser } from 'wxt/browser';
import { describeRef, parseItemKey } from '../core/item-ref';
import type { ItemSnapshot, SlaPolicy } from '../core/schemas';
import { calendarForPolicy, evaluate, type SlaClock } from '../core/sla';
import { effectiveDates } from '../core/deps';
import type { Store } from '../store/api';
import { getSnapshots } from '../store/idb';
import { getSettings } from '../store/settings';
import { startStoreService } from './store-service';

export const SLA_ALARM = 'sla-next';
export const NOTIFIED_KEY = 'meta:slaNotified';
const NOTIFICATION_PREFIX = 'liaison-sla|';
/** Entries older than this are forgotten (a clock re-entering a state after that notifies again). */
const KEEP_MS = 90 * 86_400_000;
/** A 48 px indigo dot (data URL, so the notification never depends on a packaged file). */
const ICON = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAADAAAAAwCAYAAABXAvmHAAAAmElEQVR42u3awQ2AMAwEwVTHl/4LoA7oAGFkJ77LRuK/84gENmNwzM95XLdMaPSRjG6ByQyfDqmML0fMiC9BzAxPh6yMT0FIAzrE/0Z0ig8jOsaHENKAzvGfEABWAhTiXxEAAAAQBijFWyC4AwAAOAJ4nQawwWflHlMJ+bmQxWSO4S4jdvFFBzsy2y2lxZ7YZlNv9a/EqvMAJFin2Cst9/8AAAAASUVORK5CYII=';

export interface ClockOnItem {
  itemKey: string;
  policy: SlaPolicy;
  clock: SlaClock;
  snapshot?: ItemSnapshot;
}

type Notified = Record<string, { at: string; url?: string }>;

export function dedupeKey(itemKey: string, policyId: string, state: string): string {
  return `${itemKey}|${policyId}|${state}`;
}

/** Evaluate every relevant clock at `now`. */
export async function evaluateClocks(store: Store, now: Date, snapshots?: (keys: string[]) => Promise<ItemSnapshot[]>): Promise<ClockOnItem[]> {
  const ws = await store.workspace();
  const metaByKey = new Map(ws.itemMeta.map((m) => [m.key, m]));
  const eventsByKey = new Map(ws.slaEvents.map((e) => [e.itemKey, e.events]));
  const intentByKey = new Map<string, string>();
  for (const n of ws.leadNotes) if (n.intent) intentByKey.set(n.itemKey, n.intent);
  const keys = [...new Set([...metaByKey.keys(), ...eventsByKey.keys()])];
  // Snapshots only add titles, URLs and host dates; without IndexedDB the clocks still run.
  const snaps: ItemSnapshot[] = keys.length ? await (snapshots ?? ((k: string[]) => getSnapshots(k)))(keys).catch(() => []) : [];
  const snapByKey = new Map(snaps.map((s) => [s.key, s]));
  const out: ClockOnItem[] = [];
  for (const itemKey of keys) {
    const meta = metaByKey.get(itemKey);
    const events = eventsByKey.get(itemKey) ?? [];
    const snapshot = snapByKey.get(itemKey);
    const dates = effectiveDates(snapshot?.dates, meta);
    for (const policy of ws.slaPolicies) {
      const applies = (meta?.role !== undefined && policy.appliesTo.includes(meta.role)) || events.some((e) => e.policyId === policy.id);
      if (!applies) continue;
      const calendar = calendarForPolicy(policy, ws.calendars, ws.teams);
      const intent = intentByKey.get(itemKey);
      const clock = evaluate(policy, { events, dates, ...(intent ? { targetKey: intent } : {}) }, now, calendar);
      if (clock) out.push({ itemKey, policy, clock, ...(snapshot ? { snapshot } : {}) });
    }
  }
  return out;
}

async function readNotified(): Promise<Notified> {
  const got = await browser.storage.local.get(NOTIFIED_KEY);
  const v = got[NOTIFIED_KEY];
  return v && typeof v === 'object' ? (v as Notified) : {};
}

/**
 * One pass: notify new at-risk/breached states, remember them, and set the alarm for the next change.
 * Returns the notifications created (ids).
 */
export async function runSlaPass(store: Store, now = new Date(), opts: { snapshots?: (keys: string[]) => Promise<ItemSnapshot[]> } = {}): Promise<string[]> {
  const clocks = await evaluateClocks(store, now, opts.snapshots);
  const notified = await readNotified();
  const settings = await getSettings().catch(() => ({ notifications: true }));
  const created: string[] = [];
  let dirty = false;
  for (const [k, v] of Object.entries(notified)) {
    if (now.getTime() - Date.parse(v.at) > KEEP_MS) {
      delete notified[k];
      dirty = true;
    }
  }
  for (const { itemKey, policy, clock, snapshot } of clocks) {
    if (clock.state !== 'at-risk' && clock.state !== 'breached') continue;
    const key = dedupeKey(itemKey, policy.id, clock.state);
    if (notified[key]) continue;
    notified[key] = { at: now.toISOString(), ...(snapshot?.url ? { url: snapshot.url } : {}) };
    dirty = true;
    if (!settings.notifications) continue;
    const ref = parseItemKey(itemKey);
    const name = snapshot?.title ? `${ref ? describeRef(ref) : itemKey}: ${snapshot.title}` : ref ? describeRef(ref) : itemKey;
    const due = clock.dueAt ? new Date(clock.dueAt).toLocaleString() : '';
    const id = `${NOTIFICATION_PREFIX}${key}`;
    await browser.notifications.create(id, {
      type: 'basic',
      iconUrl: ICON,
      title: clock.state === 'breached' ? `SLA breached: ${policy.name}` : `SLA at risk: ${policy.name}`,
      message: `${name.slice(0, 200)}${due ? ` — due ${due}` : ''}`,
      priority: clock.state === 'breached' ? 2 : 1,
    });
    created.push(id);
  }
  if (dirty) await browser.storage.local.set({ [NOTIFIED_KEY]: notified });
  const next = clocks
    .map((c) => c.clock.nextChangeAt)
    .filter((t): t is string => !!t && Date.parse(t) > now.getTime())
    .sort()[0];
  if (next) await browser.alarms.create(SLA_ALARM, { when: Date.parse(next) + 1000 });
  else await browser.alarms.clear(SLA_ALARM);
  return created;
}

/** Start the notifier in the background. Returns stop(); `stop.idle()` resolves when no pass is running. */
export function startSlaNotifier(opts: { store?: Store; now?: () => Date; debounceMs?: number } = {}): (() => void) & { idle: () => Promise<unknown> } {
  const storeP = opts.store ? Promise.resolve(opts.store) : startStoreService().then((s) => s.store);
  const now = opts.now ?? (() => new Date());
  let timer: ReturnType<typeof setTimeout> | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const run = () => {
    chain = chain.then(async () => (stopped ? [] : runSlaPass(await storeP, now()))).catch((e) => console.error('[liaison] SLA pass failed', e));
    return chain;
  };
  const schedule = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void run();
    }, opts.debounceMs ?? 500);
  };
  const onAlarm = (a: { name: string }) => {
    if (a.name === SLA_ALARM) void run();
  };
  const onClicked = (id: string) => {
    if (!id.startsWith(NOTIFICATION_PREFIX)) return;
    void (async () => {
      const key = id.slice(NOTIFICATION_PREFIX.length);
      const url = (await readNotified())[key]?.url;
      if (url && /^https?:/.test(url)) await browser.tabs.create({ url });
      await browser.notifications.clear(id);
    })();
  };
  browser.alarms.onAlarm.addListener(onAlarm);
  browser.notifications.onClicked.addListener(onClicked);
  let off = () => {};
  void storeP.then((store) => {
    off = store.subscribe((changes) => {
      if (changes.some((c) => ['itemMeta', 'slaEvents', 'slaPolicies', 'calendars', 'leadNotes', 'teams'].includes(c.collection))) schedule();
    });
    void run();
  });
  const stop = () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    browser.alarms.onAlarm.removeListener(onAlarm);
    browser.notifications.onClicked.removeListener(onClicked);
    off();
  };
  return Object.assign(stop, { idle: () => storeP.then(() => chain) });
}
