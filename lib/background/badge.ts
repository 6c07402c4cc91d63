/**
 * The toolbar badge: the popup inbox's count (lib/pages/badge.ts), recomputed when the workspace
 * or settings change and every minute (SLA clocks change state with time alone).
 */
import { browser } from 'wxt/browser';
import { badgeText, inboxCount } from '../pages/badge';
import { recentSnapshots } from '../store/idb';
import { getSettings, watchSettings, type Store } from '../store';

const ALARM = 'liaison-badge';

export async function refreshBadge(store: Store, now: Date = new Date()): Promise<number> {
  const [ws, settings, snapshots] = await Promise.all([store.workspace(), getSettings(), recentSnapshots(2000).catch(() => [])]);
  const n = inboxCount({ ...ws, snapshots }, settings, now);
  const action = browser.action ?? (browser as unknown as { browserAction?: typeof browser.action }).browserAction;
  await action?.setBadgeText({ text: badgeText(n) });
  await action?.setBadgeBackgroundColor({ color: '#C9372C' });
  return n;
}

export function startBadge(storeP: Promise<Store>): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      void storeP.then((s) => refreshBadge(s)).catch((err: unknown) => console.warn('[liaison] badge', err));
    }, 300);
  };
  schedule();
  let offStore = () => {};
  void storeP.then((s) => {
    offStore = s.subscribe(schedule);
  });
  const offSettings = watchSettings(schedule);
  void browser.alarms.create(ALARM, { periodInMinutes: 1 });
  const onAlarm = (a: { name: string }) => {
    if (a.name === ALARM) schedule();
  };
  browser.alarms.onAlarm.addListener(onAlarm);
  return () => {
    offStore();
    offSettings();
    browser.alarms.onAlarm.removeListener(onAlarm);
  };
}
