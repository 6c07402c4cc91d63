/**
 * Liaison store — the one module every entrypoint uses for team data.
 *
 * Where data lives
 * - Working state (teams, people, KPIs, links, dependencies, lead notes, item meta, SLA policies,
 *   calendars, brief templates, rejection reasons, per-item SLA events, latest KPI values):
 *   `browser.storage.local`, one key per document `doc:<collection>:<id>`, plus immutable
 *   operation keys `op:<hlc>` that writers append. Readers fold base + operations, so concurrent
 *   writers in different tabs never overwrite each other; the background (the single compactor)
 *   folds operations into the base documents and records the audit log.
 *   Every tab watches `storage.onChanged`, so `subscribe` fires right after another tab writes.
 * - Personal settings: `browser.storage.sync` (settings.ts) within its quotas, split or refused.
 * - What grows (item snapshots, KPI series, SLA event history, audit log): IndexedDB (idb.ts),
 *   only in the background and extension pages; content scripts ask the background by message.
 * - Team policy from `browser.storage.managed` (managed.ts), merged read-only over local.
 *
 * Usage (any context, including content scripts):
 *   const store = createStore({ device: await deviceId() });
 *   const ctx = await store.itemContext('jira:acme.atlassian.net:issue:MKT-1');
 *   const off = store.subscribe((changes) => rerender());
 *   await store.append('itemMeta', key, 'notes', [{ text, by: 'Ann', at: new Date().toISOString() }], { person: 'ann' });
 *
 * Every document is validated with zod (lib/core/schemas.ts) on write and on read;
 * what cannot be read is quarantined (`store.quarantine()`), never dropped.
 */
export type { Store, StoreOptions, WriteBy, CollectionInput, BatchWrite } from './api';
export * from './types';
export { createStore, deviceId } from './store';
export { getSettings, readSettings, saveSettings, watchSettings, SettingsQuotaError, SettingsUnreadableError, SYNC_QUOTA } from './settings';
export { checkSkew, DEFAULT_MAX_SKEW_MS, HlcRangeError } from './hlc';
export { readManagedPolicy, type ManagedPolicy } from './managed';
