/**
 * The background's store service: the one compactor of the store, the IndexedDB writer, and the
 * message handlers content scripts use for what lives in IndexedDB.
 *
 * startStoreService():
 * 1. runs the storage migrations (lib/store/migrations) once, before anything reads;
 * 2. seeds the default teams, KPIs, SLA policies, calendars, brief templates and rejection reasons
 *    (lib/core/defaults.ts) into an empty workspace, once per profile (`meta:seeded`);
 * 3. creates the compacting store (folds operations, writes the audit log to IndexedDB);
 * 4. mirrors latest KPI values and SLA events from storage.local into IndexedDB series/history;
 * 5. answers 'item:seen', 'items:snapshots', 'kpi:series', 'audit:doc'.
 */
import { browser } from 'wxt/browser';
import { defaultWorkspace } from '../core/defaults';
import { onValidated } from '../messaging';
import { snapshotFromSender } from './injector';
import { createStore, deviceId } from '../store/store';
import type { Store } from '../store/api';
import { linkedSnapshots } from '../panel/host-links';
import { addAudit, addKpiValues, addSlaEvents, auditFor, getSnapshots, kpiSeries, openLiaisonDb, putSnapshot } from '../store/idb';
import { runMigrations, type MigrationReport } from '../store/migrations';
import { readMaxSkewMs } from '../store/settings';
import type { CollectionName } from '../store/types';

export const SEEDED_KEY = 'meta:seeded';

export interface StoreService {
  store: Store;
  migration: MigrationReport;
  stop(): void;
}

let running: Promise<StoreService> | null = null;

/** Seed the defaults into an empty workspace (once per profile). Returns the number of documents written. */
export async function seedDefaults(store: Store): Promise<number> {
  const flag = await browser.storage.local.get(SEEDED_KEY);
  if (flag[SEEDED_KEY]) return 0;
  const ws = defaultWorkspace();
  let n = 0;
  for (const [collection, list] of Object.entries(ws) as Array<[CollectionName, unknown[]]>) {
    for (const data of list) {
      const id = (data as { id: string }).id;
      // Never overwrite what a user (or an import, or the managed policy) already has.
      if (await store.get(collection, id)) continue;
      try {
        await store.put(collection, data as never, { person: 'liaison-defaults' });
        n += 1;
      } catch (e) {
        console.warn(`[liaison] default ${collection}/${id} not seeded:`, e instanceof Error ? e.message : e);
      }
    }
  }
  await browser.storage.local.set({ [SEEDED_KEY]: new Date().toISOString() });
  return n;
}

/**
 * Start the service (idempotent: a second call returns the same service).
 * Call from the background entrypoint at top level, before anything awaits, so the
 * message listeners are registered when the service worker wakes for a message.
 */
export function startStoreService(opts: { seed?: boolean } = {}): Promise<StoreService> {
  if (running) return running;
  const offs: Array<() => void> = [];
  // Register handlers synchronously; they wait for the service to be ready.
  const ready = (async (): Promise<StoreService> => {
    const device = await deviceId();
    const migration = await runMigrations({ device });
    if (migration.error) console.error('[liaison] storage migration:', migration.error);
    const store = createStore({ device, compactor: true, onAudit: (entries) => addAudit(entries) });
    await store.ready();
    if (opts.seed !== false) await seedDefaults(store);

    // Mirror what content scripts write to storage.local into IndexedDB history.
    offs.push(
      store.subscribe((changes) => {
        const values = [];
        const events = [];
        for (const c of changes) {
          if (c.collection === 'kpiStatus' && c.doc) {
            const data = c.doc.data as { latest?: Parameters<typeof addKpiValues>[0][number] };
            if (data.latest) values.push(data.latest);
          }
          if (c.collection === 'slaEvents' && c.doc) events.push(...(c.doc.data as { events: Parameters<typeof addSlaEvents>[0][number][] }).events);
        }
        if (values.length) void addKpiValues(values).catch((e) => console.error('[liaison] KPI series write failed', e));
        if (events.length) void addSlaEvents(events).catch((e) => console.error('[liaison] SLA history write failed', e));
      }),
    );
    offs.push(() => store.close());
    return { store, migration, stop };
  })();

  function stop() {
    for (const off of offs.splice(0)) off();
    running = null;
  }

  offs.push(
    onValidated('item:seen', async (snapshot, sender) => {
      // Key and seenAt come from the sender's tab URL and this clock, never from the payload (issue 16.3);
      // a seenAt ahead of the background's clock (beyond the user's bound) is taken as now.
      const maxSkewMs = await readMaxSkewMs().catch(() => undefined);
      const bound = maxSkewMs === undefined ? {} : { maxSkewMs };
      const { via: _secondhand, ...seen } = await snapshotFromSender(snapshot, sender);
      await putSnapshot(seen, undefined, bound);
      // Items it links to, named by the titles its host showed (never over a real sighting of them).
      for (const linked of linkedSnapshots(seen, Date.now())) await putSnapshot(linked, undefined, bound).catch(() => undefined);
    }),
    onValidated('items:snapshots', async ({ keys }) => getSnapshots(keys)),
    onValidated('kpi:series', async ({ kpiId, from, to, limit }) =>
      kpiSeries(kpiId, { ...(from ? { from: new Date(from).toISOString() } : {}), ...(to ? { to: new Date(to).toISOString() } : {}), ...(limit ? { limit } : {}) }),
    ),
    onValidated('audit:doc', async ({ doc, limit }) => auditFor(doc, limit ?? 100)),
  );
  void openLiaisonDb().catch((e) => console.error('[liaison] IndexedDB unavailable', e));
  running = ready;
  ready.catch((e) => {
    console.error('[liaison] store service failed to start', e);
    running = null;
  });
  return ready;
}
