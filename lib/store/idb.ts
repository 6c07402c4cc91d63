/**
 * IndexedDB for what grows: snapshots of items seen, KPI value series, SLA event history and
 * the audit log. Usable in the background and in extension pages (the extension's origin);
 * content scripts run on the host's origin and ask the background by message instead.
 *
 * Stores and indexes (the queries the UI makes):
 * - snapshots   key: item key        index seenAt          (latest snapshot per item; recent items)
 * - kpiValues   key: [kpiId, at]     index kpiId, at       (a KPI's series in time order)
 * - slaEvents   key: [itemKey, policyId, at, type]  index itemKey, at
 * - audit       key: auto seq        index doc, at, [doc, at] (a document's history; recent changes)
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { ItemSnapshotSchema, KpiValueSchema, SlaEventSchema, type ItemSnapshot, type KpiValue, type SlaEvent } from '../core/schemas';
import type { AuditEntry } from './types';
import { DEFAULT_MAX_SKEW_MS, isInstantAhead } from './hlc';

export const DB_NAME = 'liaison';
export const DB_VERSION = 1;

export interface StoredAudit extends AuditEntry {
  seq?: number;
}

interface LiaisonDb extends DBSchema {
  snapshots: { key: string; value: ItemSnapshot; indexes: { seenAt: string } };
  kpiValues: { key: [string, string]; value: KpiValue; indexes: { kpiId: string; at: string } };
  slaEvents: { key: [string, string, string, string]; value: SlaEvent; indexes: { itemKey: string; at: string } };
  audit: { key: number; value: StoredAudit; indexes: { doc: string; at: string; docAt: [string, string] } };
}

export type LiaisonIdb = IDBPDatabase<LiaisonDb>;

const opened = new Map<string, Promise<LiaisonIdb>>();

/**
 * Open (once per name) the Liaison database, creating or upgrading stores by version.
 * The connection is forgotten as soon as it cannot serve any more — the database is being deleted
 * or upgraded elsewhere (versionchange), or the browser closed it (close) — so the next call opens
 * it again (recreating the stores after a deletion) instead of failing on a dead handle.
 */
export function openLiaisonDb(name = DB_NAME): Promise<LiaisonIdb> {
  let p = opened.get(name);
  if (!p) {
    const forget = () => {
      if (opened.get(name) === p) opened.delete(name);
    };
    p = openDB<LiaisonDb>(name, DB_VERSION, {
      blocking() {
        // Someone deletes or upgrades the database: let them, and reopen on next use.
        forget();
        void p!.then((db) => db.close());
      },
      terminated() {
        forget();
      },
      upgrade(db, oldVersion) {
        if (oldVersion < 1) {
          const snaps = db.createObjectStore('snapshots', { keyPath: 'key' });
          snaps.createIndex('seenAt', 'seenAt');
          const values = db.createObjectStore('kpiValues', { keyPath: ['kpiId', 'at'] });
          values.createIndex('kpiId', 'kpiId');
          values.createIndex('at', 'at');
          const sla = db.createObjectStore('slaEvents', { keyPath: ['itemKey', 'policyId', 'at', 'type'] });
          sla.createIndex('itemKey', 'itemKey');
          sla.createIndex('at', 'at');
          const audit = db.createObjectStore('audit', { keyPath: 'seq', autoIncrement: true });
          audit.createIndex('doc', 'doc');
          audit.createIndex('at', 'at');
          audit.createIndex('docAt', ['doc', 'at']);
        }
      },
    });
    opened.set(name, p);
    p.catch(() => forget());
  }
  return p;
}

/** Close and forget a database (tests, and before deleting it). */
export async function closeLiaisonDb(name = DB_NAME): Promise<void> {
  const p = opened.get(name);
  opened.delete(name);
  if (p) (await p).close();
}

// ───────────── snapshots ─────────────

export interface ClockBound {
  /** Local time (epoch ms). */
  now?: number;
  /** How far ahead of `now` a stamped time is believed (lib/store/hlc.ts). */
  maxSkewMs?: number;
}

/**
 * Keep the latest snapshot of an item (an older `seenAt` never replaces a newer one). A `seenAt`
 * further ahead of local time than the bound is taken as now (a tab with a wrong clock cannot pin
 * its snapshot as the newest), and a stored one that far ahead never blocks a real newer one.
 */
export async function putSnapshot(snapshot: ItemSnapshot, db?: LiaisonIdb, bound: ClockBound = {}): Promise<void> {
  const s = ItemSnapshotSchema.parse(snapshot);
  // A snapshot learnt from another item's links never replaces a real sighting of the item.
  const secondhand = s.via === 'link';
  const now = bound.now ?? Date.now();
  const max = bound.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  if (isInstantAhead(s.seenAt, now, max)) s.seenAt = new Date(now).toISOString();
  const d = db ?? (await openLiaisonDb());
  const tx = d.transaction('snapshots', 'readwrite');
  const cur = await tx.store.get(s.key);
  if (secondhand && cur && cur.via !== 'link') {
    await tx.done;
    return;
  }
  if (!cur || Date.parse(cur.seenAt) <= Date.parse(s.seenAt) || isInstantAhead(cur.seenAt, now, max)) await tx.store.put(s);
  await tx.done;
  for (const l of snapshotListeners) l(cur, s);
}

type SnapshotListener = (before: ItemSnapshot | undefined, after: ItemSnapshot) => void;
const snapshotListeners = new Set<SnapshotListener>();
/** Called after putSnapshot in this context (the background: the inbox's change signal, lib/store/inbox-state.ts). */
export function onSnapshotPut(l: SnapshotListener): () => void {
  snapshotListeners.add(l);
  return () => snapshotListeners.delete(l);
}

export async function getSnapshots(keys: readonly string[], db?: LiaisonIdb): Promise<ItemSnapshot[]> {
  const d = db ?? (await openLiaisonDb());
  const tx = d.transaction('snapshots');
  const got = await Promise.all(keys.map((k) => tx.store.get(k)));
  await tx.done;
  return got.filter((s): s is ItemSnapshot => s !== undefined);
}

/** The most recently seen items, newest first (one stamped ahead of the clock bound comes after the rest). */
export async function recentSnapshots(limit = 50, db?: LiaisonIdb, bound: ClockBound = {}): Promise<ItemSnapshot[]> {
  const d = db ?? (await openLiaisonDb());
  const now = bound.now ?? Date.now();
  const max = bound.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  const out: ItemSnapshot[] = [];
  const ahead: ItemSnapshot[] = [];
  let cursor = await d.transaction('snapshots').store.index('seenAt').openCursor(null, 'prev');
  while (cursor && out.length < limit) {
    if (isInstantAhead(cursor.value.seenAt, now, max)) ahead.push(cursor.value);
    else out.push(cursor.value);
    cursor = await cursor.continue();
  }
  return [...out, ...ahead].slice(0, limit);
}

// ───────────── KPI series ─────────────

/** Add values (same kpiId + at replaces: re-fetching a source is idempotent). */
export async function addKpiValues(values: readonly KpiValue[], db?: LiaisonIdb): Promise<void> {
  if (!values.length) return;
  // Instants are normalised to UTC (…Z) so the [kpiId, at] key sorts in time order.
  const parsed = values.map((v) => ({ ...KpiValueSchema.parse(v), at: new Date(v.at).toISOString() }));
  const d = db ?? (await openLiaisonDb());
  const tx = d.transaction('kpiValues', 'readwrite');
  for (const v of parsed) void tx.store.put(v);
  await tx.done;
}

/** A KPI's values in time order, optionally between `from` and `to` (ISO, inclusive), the last `limit`. */
export async function kpiSeries(kpiId: string, opts: { from?: string; to?: string; limit?: number } = {}, db?: LiaisonIdb): Promise<KpiValue[]> {
  const d = db ?? (await openLiaisonDb());
  const lower: [string, string] = [kpiId, opts.from ?? ''];
  const upper: [string, string] = [kpiId, opts.to ?? '\uffff'];
  const range = IDBKeyRange.bound(lower, upper);
  if (opts.limit === undefined) return d.getAll('kpiValues', range);
  const out: KpiValue[] = [];
  let cursor = await d.transaction('kpiValues').store.openCursor(range, 'prev');
  while (cursor && out.length < opts.limit) {
    out.push(cursor.value);
    cursor = await cursor.continue();
  }
  return out.reverse();
}

// ───────────── SLA events ─────────────

export async function addSlaEvents(events: readonly SlaEvent[], db?: LiaisonIdb): Promise<void> {
  if (!events.length) return;
  const parsed = events.map((e) => SlaEventSchema.parse(e));
  const d = db ?? (await openLiaisonDb());
  const tx = d.transaction('slaEvents', 'readwrite');
  for (const e of parsed) void tx.store.put(e);
  await tx.done;
}

export async function slaEventsFor(itemKey: string, db?: LiaisonIdb): Promise<SlaEvent[]> {
  const d = db ?? (await openLiaisonDb());
  const all = await d.getAllFromIndex('slaEvents', 'itemKey', itemKey);
  return all.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

// ───────────── audit log ─────────────

/**
 * Append audit entries. An entry already in the log (same document, field, kind and clock — a
 * compaction retried after a crash) is not added twice.
 */
export async function addAudit(entries: readonly AuditEntry[], db?: LiaisonIdb): Promise<void> {
  if (!entries.length) return;
  const d = db ?? (await openLiaisonDb());
  const tx = d.transaction('audit', 'readwrite');
  const index = tx.store.index('docAt');
  const sig = (a: AuditEntry) => JSON.stringify([a.doc, a.at, a.field, a.kind, a.hlc, a.before, a.after]);
  // One lookup per (document, instant) the batch names, all in flight at once.
  const pairs = [...new Map(entries.map((e) => [`${e.doc}\u0000${e.at}`, [e.doc, e.at] as [string, string]])).values()];
  const found = await Promise.all(pairs.map((k) => index.getAll(k)));
  const seen = new Set(found.flat().map(sig));
  for (const e of entries) {
    const copy = JSON.parse(JSON.stringify(e)) as StoredAudit;
    const k = sig(copy);
    if (seen.has(k)) continue;
    seen.add(k);
    void tx.store.add(copy);
  }
  await tx.done;
}

/** A document's history (`<collection>:<id>`), newest first. */
export async function auditFor(doc: string, limit = 100, db?: LiaisonIdb): Promise<StoredAudit[]> {
  const d = db ?? (await openLiaisonDb());
  const out: StoredAudit[] = [];
  let cursor = await d.transaction('audit').store.index('docAt').openCursor(IDBKeyRange.bound([doc, ''], [doc, '\uffff']), 'prev');
  while (cursor && out.length < limit) {
    out.push(cursor.value);
    cursor = await cursor.continue();
  }
  return out;
}

/** Recent changes across all documents, newest first. */
export async function recentAudit(limit = 100, db?: LiaisonIdb): Promise<StoredAudit[]> {
  const d = db ?? (await openLiaisonDb());
  const out: StoredAudit[] = [];
  let cursor = await d.transaction('audit').store.index('at').openCursor(null, 'prev');
  while (cursor && out.length < limit) {
    out.push(cursor.value);
    cursor = await cursor.continue();
  }
  return out;
}
