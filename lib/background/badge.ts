/**
 * The toolbar badge: the number of open inbox cards (lib/pages/badge.ts, the same buildInbox as the
 * popup and the side panel), recomputed when the workspace, the settings or the person's inbox state
 * (done, snooze, undo) change, when an item's snapshot changes what the inbox shows (a brief fixed in
 * the host), every minute (SLA clocks change state with time alone), and exactly when a snooze ends
 * (a one-shot alarm at the soonest snooze end).
 */
import { browser } from 'wxt/browser';
import { badgeText } from '../pages/badge';
import { buildInbox } from '../pages/inbox';
import { nextSnoozeEnd } from '../pages/inbox-state';
import { recentSnapshots } from '../store/idb';
import { readInboxState, startSnapshotSignal, watchInboxState, watchSnapshotSignal } from '../store/inbox-state';
import { getSettings, watchSettings, type Store } from '../store';

const ALARM = 'liaison-badge';
const SNOOZE_ALARM = 'liaison-badge-snooze';

export async function refreshBadge(store: Store, now: Date = new Date()): Promise<number> {
  const [ws, settings, snapshots, state] = await Promise.all([store.workspace(), getSettings(), recentSnapshots(2000).catch(() => []), readInboxState().catch(() => undefined)]);
  const n = buildInbox({ ...ws, snapshots }, settings, now, state).cards.length;
  const action = browser.action ?? (browser as unknown as { browserAction?: typeof browser.action }).browserAction;
  await action?.setBadgeText({ text: badgeText(n) });
  await action?.setBadgeBackgroundColor({ color: '#C9372C' });
  const end = state ? nextSnoozeEnd(state, now.getTime()) : null;
  if (end !== null) await browser.alarms.create(SNOOZE_ALARM, { when: end + 1000 });
  else await browser.alarms.clear(SNOOZE_ALARM);
  return n;
}

export function startBadge(storeP: Promise<Store>): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      void storeP.then((s) => refreshBadge(s)).catch((err: unknown) => console.warn('[liaison] badge', err));
    }, 150);
  };
  schedule();
  let offStore = () => {};
  void storeP.then((s) => {
    offStore = s.subscribe(schedule);
  });
  const offSettings = watchSettings(schedule);
  const offState = watchInboxState(schedule);
  const offSignal = startSnapshotSignal();
  const offSeen = watchSnapshotSignal(schedule);
  void browser.alarms.create(ALARM, { periodInMinutes: 1 });
  const onAlarm = (a: { name: string }) => {
    if (a.name === ALARM || a.name === SNOOZE_ALARM) schedule();
  };
  browser.alarms.onAlarm.addListener(onAlarm);
  return () => {
    offStore();
    offSettings();
    offState();
    offSeen();
    offSignal();
    browser.alarms.onAlarm.removeListener(onAlarm);
  };
}
