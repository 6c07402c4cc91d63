import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createStore } from '@/lib/store';
import { NOTIFIED_KEY, runSlaPass, SLA_ALARM, startSlaNotifier } from '@/lib/background/sla-notifier';
import type { ItemSnapshot } from '@/lib/core/schemas';

const LEAD = 'hubspot:123:deal:42';
const snap: ItemSnapshot = {
  key: LEAD,
  ref: { tool: 'hubspot', workspace: '123', kind: 'deal', id: '42' },
  title: 'ACME demo request',
  dates: {},
  labels: [],
  url: 'https://app.hubspot.com/contacts/123/record/0-3/42',
  seenAt: '2026-05-04T10:00:00.000Z',
};

async function setup() {
  const store = createStore({ device: 'dev-bg' });
  await store.put('calendars', { id: 'utc', name: 'UTC', timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' });
  await store.put('slaPolicies', { id: 'first-contact', name: 'First contact', ownerTeamId: 'sales', kind: 'elapsed', targets: { high: 30, normal: 240 }, businessTime: false, calendarId: 'utc', appliesTo: ['lead'] });
  await store.put('itemMeta', { key: LEAD, role: 'lead' });
  await store.append('slaEvents', LEAD, 'events', [{ itemKey: LEAD, policyId: 'first-contact', type: 'start', at: '2026-05-04T10:00:00.000Z' }]);
  await store.put('leadNotes', { id: 'n1', itemKey: LEAD, intent: 'high', authorTeamId: 'marketing', at: '2026-05-04T10:00:00.000Z' });
  return store;
}

describe('SLA notifier', () => {
  it('notifies once per item + policy + state, schedules the next change, and opens the item on click', async () => {
    const store = await setup();
    const snapshots = async () => [snap];
    expect(await runSlaPass(store, new Date('2026-05-04T10:10:00.000Z'), { snapshots })).toEqual([]);
    const alarm = await fakeBrowser.alarms.get(SLA_ALARM);
    // High intent: 30 min target, at-risk at 25% left → 10:22:30.
    expect(new Date(alarm!.scheduledTime).toISOString()).toBe('2026-05-04T10:22:31.000Z');

    const atRisk = await runSlaPass(store, new Date('2026-05-04T10:25:00.000Z'), { snapshots });
    expect(atRisk).toEqual([`liaison-sla|${LEAD}|first-contact|at-risk`]);
    const opts = fakeBrowser.notifications.getAllCreateOptions()[atRisk[0]!]!;
    expect(opts.title).toBe('SLA at risk: First contact');
    expect(opts.message).toMatch(/^HubSpot deal 42: ACME demo request — due /);
    // Same state again (another wake-up, another tab's change): nothing new.
    expect(await runSlaPass(store, new Date('2026-05-04T10:26:00.000Z'), { snapshots })).toEqual([]);
    const breached = await runSlaPass(store, new Date('2026-05-04T10:31:00.000Z'), { snapshots });
    expect(breached).toEqual([`liaison-sla|${LEAD}|first-contact|breached`]);
    expect(Object.keys((await fakeBrowser.storage.local.get(NOTIFIED_KEY))[NOTIFIED_KEY] as object)).toHaveLength(2);

    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    const stop = startSlaNotifier({ store, now: () => new Date('2026-05-04T10:32:00.000Z') });
    await fakeBrowser.notifications.onClicked.trigger(breached[0]!);
    await vi.waitFor(() => expect(create).toHaveBeenCalledWith({ url: snap.url }));
    stop();
    // A pass already under way finishes before the next test resets the fake browser.
    await stop.idle();
    store.close();
  });

  it('a stopped clock (first contact made) raises nothing; notifications off records without showing', async () => {
    const store = await setup();
    await store.append('slaEvents', LEAD, 'events', [{ itemKey: LEAD, policyId: 'first-contact', type: 'stop', at: '2026-05-04T10:05:00.000Z' }]);
    expect(await runSlaPass(store, new Date('2026-05-04T11:00:00.000Z'))).toEqual([]);
    await store.remove('slaEvents', LEAD);
    await store.append('slaEvents', LEAD, 'events', [{ itemKey: LEAD, policyId: 'first-contact', type: 'start', at: '2026-05-04T10:00:00.000Z' }]);
    await fakeBrowser.storage.sync.set({ settings: { v: 1, inline: { notifications: false } } });
    expect(await runSlaPass(store, new Date('2026-05-04T11:00:00.000Z'))).toEqual([]);
    expect(Object.keys(fakeBrowser.notifications.getAllCreateOptions())).toEqual([]);
    store.close();
  });
});
