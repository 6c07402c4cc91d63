/**
 * The replication engine: one browser's side of a team workspace.
 *
 * One local source of truth. storage.local (the store: `doc:` documents + `op:` operations) stays
 * the working copy every page and tab reads. The replicated PouchDB database in the background is
 * the workspace's transport: the revision tree CouchDB replication needs, its checkpoints, and the
 * outbox while offline. They cannot disagree for long because this engine is the ONLY bridge and
 * both directions apply the same join (lib/store/merge.ts: per-field last writer wins by HLC,
 * lists as sets, tombstones), which is commutative, associative and idempotent:
 *   store → replica: after every local write (store.subscribe) the folded document is joined
 *     with the replica's current revision and written only if that changes it; live replication
 *     then pushes it at once;
 *   replica → store: every replicated revision (the local database's changes feed) is checked
 *     (lib/sync/docs.ts: zod, schema version, clocks not too far ahead), conflicts are folded
 *     (lib/sync/resolve.ts), and the result is joined into storage.local (store.applyRemote);
 *     what fails the checks is quarantined with its reason, never applied, never dropped.
 * Both bridges keep a checkpoint in the replica (`_local/liaison-bridge`), so a restarted worker
 * resumes where it stopped; a join applied twice changes nothing, so replaying is harmless.
 *
 * Browser APIs: none here (PouchDB, fetch and the store are injected), so the same engine runs in
 * the MV3 service worker, Firefox's background page and the Node tests.
 */
import type { Store } from '../store/api';
import type { StoredDoc } from '../store/doc';
import { mergeStoredDocs, sameContent } from '../store/merge';
import type { AuditEntry, CollectionName } from '../store/types';
import type { SyncError, SyncStatus, TeamConfig, TeamCredentials } from './contract';
import { httpError, joinUrl, networkError, signedFetch, syncError, type Fetch } from './couch';
import { checkIncoming, couchId, toCouch, DEFAULT_MAX_CLOCK_SKEW_MS, type CouchDoc } from './docs';
import { resolveBranches } from './resolve';

/* eslint-disable @typescript-eslint/no-explicit-any -- PouchDB's event emitters are untyped here */
export type PouchDB = any;
export type PouchCtor = any;

export interface EngineOptions {
  config: TeamConfig;
  credentials: TeamCredentials;
  /** The compacting store of this browser (background). */
  store: Store;
  /** PouchDB with the http adapter, the replication plugin and `localAdapter` registered. */
  PouchDB: PouchCtor;
  /** 'indexeddb' in the extension, 'memory' in tests. */
  localAdapter: string;
  /** Name of the local replica (default: derived from url, db and user). */
  localName?: string;
  fetch?: Fetch;
  now?: () => number;
  /** A remote clock further ahead than this is quarantined (default 1 hour). */
  maxSkewMs?: number;
  /** Called on every status change. */
  onStatus?: (status: SyncStatus) => void;
  /** Live replication back-off ceiling (ms). */
  maxBackOffMs?: number;
  batchSize?: number;
}

export interface SyncEngine {
  /** Open the replica, catch up once (pull, merge, push), then replicate live. */
  start(): Promise<SyncStatus>;
  /** One pull + push round now (the alarm, "Sync now"); restarts live replication if it had stopped. */
  syncOnce(): Promise<SyncStatus>;
  /** Write pending local changes into the replica now (also runs by itself after every store change). */
  flush(): Promise<void>;
  status(): SyncStatus;
  /** Whether live replication is running and up to date. */
  healthy(): boolean;
  stop(): Promise<void>;
  /** Stop and delete the local replica (sign-out). */
  destroy(): Promise<void>;
  /** The local replica (tests, diagnostics). */
  readonly local: PouchDB;
}

const BRIDGE_ID = '_local/liaison-bridge';
/** Re-push local documents this much older than the push checkpoint after a restart (clock races between tabs). */
const REPUSH_MARGIN_MS = 5 * 60 * 1000;

function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

export function replicaName(config: Pick<TeamConfig, 'url' | 'db' | 'user'>): string {
  return `liaison-team-${hash(`${config.url}|${config.db}|${config.user}`)}`;
}

function hlcWallMinus(hlc: string, ms: number): string {
  const wall = Number(hlc.slice(0, 15));
  if (!Number.isFinite(wall) || !hlc) return '';
  return `${String(Math.max(0, wall - ms)).padStart(15, '0')}`;
}

interface BridgeState {
  _id: string;
  _rev?: string;
  /** Last sequence of the replica's changes feed applied to storage.local. */
  pulledSeq: number | string;
  /** Highest document hlc written from storage.local into the replica. */
  pushedHlc: string;
  quarantined: number;
}

export function createSyncEngine(opts: EngineOptions): SyncEngine {
  const { config, store } = opts;
  const now = opts.now ?? Date.now;
  const iso = () => new Date(now()).toISOString();
  const user = config.user;
  const batchSize = opts.batchSize ?? 200;
  const signed = signedFetch({ user, ...(opts.credentials.cookie ? { cookie: opts.credentials.cookie } : {}), ...(opts.credentials.password !== undefined ? { password: opts.credentials.password } : {}) }, opts.fetch ?? fetch);
  /**
   * Every request to the server goes through here: a request that gets no answer marks the
   * workspace offline at once (PouchDB only reports it after its retries), the next answer clears it.
   */
  const f: Fetch = async (input, init) => {
    try {
      const r = await signed(input, init);
      if (state.state === 'offline' && !stopped) setStatus({ state: 'syncing' });
      return r;
    } catch (e) {
      const aborted = (e as { name?: string })?.name === 'AbortError';
      if (!aborted && !stopped) offline(e);
      throw e;
    }
  };
  const local: PouchDB = new opts.PouchDB(opts.localName ?? replicaName(config), { adapter: opts.localAdapter, auto_compaction: true, revs_limit: 100 });
  const remote: PouchDB = new opts.PouchDB(joinUrl(config.url, encodeURIComponent(config.db)), { adapter: 'http', skip_setup: true, fetch: f });

  let state: SyncStatus = { state: 'connecting', url: config.url, db: config.db, user, updatedAt: iso(), pending: 0, quarantined: 0 };
  let bridge: BridgeState | null = null;
  let live: any = null;
  let feed: any = null;
  let unsubscribe: (() => void) | null = null;
  let stopped = false;
  let liveHealthy = false;
  const dirty = new Map<string, { collection: CollectionName; id: string }>();
  /** Replica ids written locally and not yet seen pushed. */
  const unpushed = new Set<string>();
  /** Revisions this engine wrote from storage.local (`id@rev`): already in the store, not read back. */
  const ownRevs = new Set<string>();
  let pushTimer: ReturnType<typeof setTimeout> | undefined;
  let pushing: Promise<void> = Promise.resolve();
  let pulling: Promise<void> = Promise.resolve();
  let pullAgain = false;
  let pullRunning = false;

  function setStatus(patch: Partial<SyncStatus>, clear: Array<keyof SyncStatus> = []) {
    const next: SyncStatus = { ...state, ...patch, updatedAt: iso(), pending: unpushed.size + dirty.size, quarantined: bridge?.quarantined ?? state.quarantined ?? 0 };
    for (const k of clear) delete next[k];
    if (next.state !== 'offline') delete next.offlineSince;
    state = next;
    try {
      opts.onStatus?.(state);
    } catch (e) {
      console.error('[liaison] team status listener failed', e);
    }
  }

  async function refreshDocCount() {
    try {
      const info = await local.info();
      setStatus({ docs: info.doc_count });
    } catch {
      /* closed */
    }
  }

  function errorOf(e: unknown): SyncError {
    const err = e as { status?: number; name?: string; message?: string; reason?: string; error?: unknown } | undefined;
    if (err && typeof err.status === 'number' && err.status >= 400) return httpError(err.status, { reason: err.reason ?? err.message, error: err.name }, config.db, now());
    return networkError(e, config.url, now());
  }

  function offline(e: unknown) {
    const error = errorOf(e);
    if (error.code === 'unreachable' || error.code === 'tls' || error.code === 'unknown') {
      setStatus({ state: 'offline', offlineSince: state.state === 'offline' && state.offlineSince ? state.offlineSince : iso(), lastError: error });
    } else setStatus({ state: 'error', lastError: error });
  }

  // ───────────── checkpoints ─────────────

  async function loadBridge(): Promise<BridgeState> {
    try {
      const d = (await local.get(BRIDGE_ID)) as BridgeState;
      return { _id: BRIDGE_ID, _rev: d._rev, pulledSeq: d.pulledSeq ?? 0, pushedHlc: typeof d.pushedHlc === 'string' ? d.pushedHlc : '', quarantined: typeof d.quarantined === 'number' ? d.quarantined : 0 };
    } catch {
      return { _id: BRIDGE_ID, pulledSeq: 0, pushedHlc: '', quarantined: 0 };
    }
  }

  let saving: Promise<void> = Promise.resolve();
  /** Save both checkpoints (one write at a time; a stale revision is re-read once). */
  function saveBridge(): Promise<void> {
    const run = saving.then(async () => {
      if (!bridge) return;
      const b = bridge;
      try {
        b._rev = (await local.put({ ...b })).rev;
      } catch (e) {
        if ((e as { status?: number }).status !== 409) throw e;
        const cur = (await local.get(BRIDGE_ID).catch(() => null)) as { _rev?: string } | null;
        if (cur?._rev) b._rev = cur._rev;
        else delete b._rev;
        b._rev = (await local.put({ ...b })).rev;
      }
    });
    saving = run.catch(() => undefined);
    return run;
  }

  // ───────────── store → replica ─────────────

  /** Join local documents into the replica; writes only those whose content changes. */
  async function pushDocs(docs: StoredDoc[]) {
    for (let i = 0; i < docs.length; i += batchSize) {
      let chunk = docs.slice(i, i + batchSize);
      for (let attempt = 0; attempt < 5 && chunk.length; attempt++) {
        const ids = chunk.map((d) => couchId(d.collection, d.id));
        const got = await local.allDocs({ keys: ids, include_docs: true });
        const writes: CouchDoc[] = [];
        const byId = new Map<string, StoredDoc>();
        /** Writes whose content is exactly the local document (nothing from the replica to read back). */
        const echo = new Set<string>();
        chunk.forEach((d, j) => {
          const row = got.rows[j];
          const cur = row && !row.error && row.doc ? (row.doc as CouchDoc) : undefined;
          const deletedLeaf = row?.value?.deleted === true;
          const checked = cur ? checkIncoming(cur, { now: now(), maxSkewMs: opts.maxSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS }) : undefined;
          // An invalid or quarantined current revision is replaced by the local document (it stays in quarantine).
          const base = checked?.ok ? checked.doc : undefined;
          const merged = base ? mergeStoredDocs(base, d) : d;
          if (base && sameContent(merged, base)) return;
          const body: CouchDoc = toCouch(merged, { user, createdBy: typeof cur?.createdBy === 'string' ? cur.createdBy : user });
          if (cur?._rev && !deletedLeaf) body._rev = cur._rev;
          else if (deletedLeaf && row?.value?.rev) body._rev = row.value.rev;
          writes.push(body);
          byId.set(body._id, d);
          if (sameContent(merged, d)) echo.add(body._id);
        });
        if (!writes.length) break;
        const res = await local.bulkDocs(writes);
        const retry: StoredDoc[] = [];
        res.forEach((r: { id?: string; ok?: boolean; error?: unknown; status?: number }, j: number) => {
          const id = r.id ?? writes[j]!._id;
          if (r.ok || (!r.error && !r.status)) {
            unpushed.add(id);
            if ((r as { rev?: string }).rev && echo.has(id)) ownRevs.add(`${id}@${(r as { rev?: string }).rev}`);
          }
          else if (r.status === 409) retry.push(byId.get(id)!);
          else console.warn('[liaison] team sync: could not write', id, r);
        });
        chunk = retry;
      }
      for (const d of docs.slice(i, i + batchSize)) if (bridge && d.hlc > bridge.pushedHlc) bridge.pushedHlc = d.hlc;
    }
  }

  function flushDirty(): Promise<void> {
    pushing = pushing.then(async () => {
      if (stopped || !dirty.size) return;
      const keys = [...dirty.values()];
      dirty.clear();
      const docs = await store.exportDocs(keys);
      await pushDocs(docs);
      await saveBridge();
      setStatus({});
    });
    pushing = pushing.catch((e) => console.error('[liaison] team sync: local changes not written to the replica', e));
    return pushing;
  }

  function schedulePush() {
    if (pushTimer !== undefined || stopped) return;
    pushTimer = setTimeout(() => {
      pushTimer = undefined;
      void flushDirty();
    }, 25);
  }

  /** Push every local document changed since the checkpoint (minus a margin), or all of them. */
  async function pushSinceCheckpoint(all: boolean) {
    const docs = await store.exportDocs();
    const since = all || !bridge?.pushedHlc ? '' : hlcWallMinus(bridge.pushedHlc, REPUSH_MARGIN_MS);
    await pushDocs(since ? docs.filter((d) => d.hlc >= since) : docs);
    await saveBridge();
  }

  // ───────────── replica → store ─────────────

  async function resolveConflicts(id: string, winner: CouchDoc): Promise<{ doc: StoredDoc | null; audit: AuditEntry[] }> {
    const leaves = (await local.get(id, { open_revs: 'all' })) as Array<{ ok?: CouchDoc & { _deleted?: boolean } }>;
    const branches = leaves.filter((l) => l.ok && !l.ok._deleted).map((l) => ({ rev: l.ok!._rev!, body: l.ok }));
    const r = resolveBranches(winner._rev!, branches, { now: now(), maxSkewMs: opts.maxSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS });
    await quarantine(r.invalid.map((x) => ({ id, rev: x.rev, reason: x.reason, body: x.body })));
    if (!r.merged) return { doc: null, audit: [] };
    const writes: Array<Record<string, unknown>> = [];
    if (r.write) writes.push({ ...toCouch(r.merged, { user, createdBy: r.createdBy ?? user }), _rev: r.parentRev });
    for (const rev of r.deleteRevs) writes.push({ _id: id, _rev: rev, _deleted: true, updatedBy: user });
    if (writes.length) {
      const res = await local.bulkDocs(writes);
      for (const x of res as Array<{ ok?: boolean; id: string }>) if (x.ok) unpushed.add(id);
    }
    return { doc: r.merged, audit: r.audit };
  }

  async function quarantine(items: Array<{ id: string; rev?: string; reason: string; body: unknown }>) {
    if (!items.length) return;
    await store.quarantineValues(items.map((x) => ({ key: `remote:${x.id}@${x.rev ?? ''}`, reason: `From the team workspace: ${x.reason}`, value: x.body })));
    if (bridge) bridge.quarantined += items.length;
  }

  async function drainPull(): Promise<void> {
    if (pullRunning) {
      pullAgain = true;
      return pulling;
    }
    pullRunning = true;
    pulling = (async () => {
      try {
        do {
          pullAgain = false;
          for (;;) {
            if (stopped || !bridge) return;
            const res = await local.changes({ since: bridge.pulledSeq, include_docs: true, conflicts: true, limit: batchSize });
            if (!res.results.length) break;
            const apply: StoredDoc[] = [];
            const audit: AuditEntry[] = [];
            const bad: Array<{ id: string; rev?: string; reason: string; body: unknown }> = [];
            for (const ch of res.results as Array<{ id: string; doc?: CouchDoc & { _deleted?: boolean }; deleted?: boolean }>) {
              const doc = ch.doc;
              if (!doc || ch.id.startsWith('_design/') || ch.id.startsWith('_local/')) continue;
              if (doc._deleted || doc._conflicts?.length) {
                // A closed winner can hide a live branch that arrived in the same batch (entity
                // deletions are tombstone documents, never `_deleted`): fold every live leaf.
                const r = await resolveConflicts(ch.id, doc);
                if (r.doc) apply.push(r.doc);
                audit.push(...r.audit);
                continue;
              }
              if (ownRevs.delete(`${ch.id}@${doc._rev}`)) continue;
              const checked = checkIncoming(doc, { now: now(), maxSkewMs: opts.maxSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS });
              if (checked.ok) apply.push(checked.doc);
              else if (checked.code !== 'not-ours') bad.push({ id: ch.id, rev: doc._rev, reason: checked.reason, body: doc });
            }
            await quarantine(bad);
            if (apply.length || audit.length) {
              const r = await store.applyRemote(apply, audit);
              if (r.quarantined && bridge) bridge.quarantined += r.quarantined;
            }
            bridge.pulledSeq = res.last_seq;
            await saveBridge();
            setStatus({});
            if (res.results.length < batchSize) break;
          }
        } while (pullAgain && !stopped);
      } finally {
        pullRunning = false;
      }
    })();
    pulling = pulling.catch((e) => {
      console.error('[liaison] team sync: replicated documents not applied', e);
    });
    return pulling;
  }

  // ───────────── replication ─────────────

  function backOff(delay: number): number {
    const max = opts.maxBackOffMs ?? 60_000;
    return delay === 0 ? 1000 : Math.min(delay * 2, max);
  }

  function startLive() {
    if (live || stopped) return;
    liveHealthy = false;
    const handle = local.sync(remote, { live: true, retry: true, batch_size: batchSize, back_off_function: backOff, heartbeat: 25_000 });
    live = handle;
    handle
      .on('change', (info: { direction: 'push' | 'pull'; change: { docs: Array<{ _id: string }> } }) => {
        if (info.direction === 'push') for (const d of info.change.docs) unpushed.delete(d._id);
        else void drainPull();
        setStatus({ state: 'syncing' });
      })
      .on('active', () => {
        if (state.state !== 'syncing') setStatus({ state: 'syncing' });
      })
      .on('paused', (err: unknown) => {
        if (err) {
          liveHealthy = false;
          offline(err);
          return;
        }
        liveHealthy = true;
        unpushed.clear();
        void drainPull().then(async () => {
          await refreshDocCount();
          if (live === handle && !stopped) setStatus({ state: 'idle', lastSyncedAt: iso() }, ['lastError']);
        });
      })
      .on('denied', (err: { id?: string; reason?: string; message?: string }) => {
        setStatus({ lastError: syncError('rejected', `The server refused a change to ${err?.id ?? 'a document'}: ${err?.reason ?? err?.message ?? 'validation failed'}`, 403, now()) });
      })
      .on('error', (err: unknown) => {
        liveHealthy = false;
        if (live === handle) live = null;
        const e = errorOf(err);
        setStatus({ state: e.code === 'unreachable' ? 'offline' : 'error', lastError: e, ...(e.code === 'unreachable' ? { offlineSince: iso() } : {}) });
      });
  }

  async function stopLive() {
    const handle = live;
    live = null;
    liveHealthy = false;
    if (handle) {
      handle.cancel();
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 2000);
        handle.on('complete', () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** A one-shot pull then push, checked for errors. */
  async function oneShot() {
    const pull = await local.replicate.from(remote, { batch_size: batchSize, batches_limit: 5 });
    if (pull.doc_write_failures) console.warn('[liaison] team sync: some pulled revisions were not written', pull.errors);
    await drainPull();
    await flushDirty();
    const push = await local.replicate.to(remote, { batch_size: batchSize, batches_limit: 5 });
    if (push.doc_write_failures) {
      const first = (push.errors as Array<{ id?: string; message?: string; reason?: string }>)[0];
      setStatus({ lastError: syncError('rejected', `The server refused ${push.doc_write_failures} change(s)${first ? ` (${first.id ?? ''}: ${first.reason ?? first.message ?? ''})` : ''}.`, 403, now()) });
    } else unpushed.clear();
  }

  /** One round (pull, push, count) with its status, then back to live replication. */
  async function syncRound(): Promise<SyncStatus> {
    try {
      setStatus({ state: 'syncing' });
      await oneShot();
      await refreshDocCount();
      setStatus({ state: 'idle', lastSyncedAt: iso() }, ['lastError']);
    } catch (e) {
      offline(e);
    }
    startLive();
    return state;
  }

  const engine: SyncEngine = {
    local,

    async start() {
      stopped = false;
      bridge = await loadBridge();
      setStatus({ state: 'connecting', quarantined: bridge.quarantined });
      unsubscribe = store.subscribe((changes) => {
        for (const c of changes) dirty.set(`${c.collection}:${c.id}`, { collection: c.collection, id: c.id });
        schedulePush();
      });
      feed = local.changes({ live: true, since: 'now' }).on('change', () => void drainPull());
      feed.on?.('error', () => {});
      // Local data first into the replica (the first time: everything, so connecting merges it).
      await pushSinceCheckpoint(bridge.pushedHlc === '');
      await drainPull();
      return syncRound();
    },

    async syncOnce() {
      if (stopped) return state;
      await stopLive();
      return syncRound();
    },

    async flush() {
      if (pushTimer !== undefined) {
        clearTimeout(pushTimer);
        pushTimer = undefined;
      }
      await flushDirty();
      await drainPull();
    },

    status: () => state,
    healthy: () => liveHealthy && state.state === 'idle',

    async stop() {
      stopped = true;
      if (pushTimer !== undefined) clearTimeout(pushTimer);
      pushTimer = undefined;
      unsubscribe?.();
      unsubscribe = null;
      feed?.cancel();
      feed = null;
      await stopLive();
      await pushing.catch(() => {});
      await pulling.catch(() => {});
    },

    async destroy() {
      await engine.stop();
      try {
        await local.destroy();
      } catch (e) {
        console.warn('[liaison] team sync: local replica not deleted', e);
      }
      setStatus({ state: 'off' });
    },
  };
  return engine;
}
