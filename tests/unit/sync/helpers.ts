/**
 * Test rig for the team workspace: a real CouchDB-protocol server on 127.0.0.1 (express-pouchdb,
 * tests/sync-server), a workspace set up by server/workspace.mjs (database, members, validation),
 * and "browsers": a profile (own storage.local), its compacting store and its sync engine, with
 * PouchDB's memory adapter standing in for IndexedDB.
 */
import PouchDB from 'pouchdb-core';
import HttpAdapter from 'pouchdb-adapter-http';
import MemoryAdapter from 'pouchdb-adapter-memory';
import Replication from 'pouchdb-replication';
import { createStore } from '@/lib/store/store';
import type { Store } from '@/lib/store/api';
import type { AuditEntry } from '@/lib/store/types';
import { createSyncEngine, type SyncEngine } from '@/lib/sync/engine';
import type { SyncStatus, TeamConfig } from '@/lib/sync/contract';
import { createUser, startTestServer, type TestServer } from '../../sync-server/server.mjs';
import { setupWorkspace } from '../../../server/workspace.mjs';
import { createProfile, type Profile } from './profiles';

type Ctor = { plugin(p: unknown): unknown; adapters: Record<string, unknown>; replicate?: unknown };
export const Pouch = PouchDB as unknown as Ctor;
if (!Pouch.adapters.http) Pouch.plugin(HttpAdapter);
if (!Pouch.adapters.memory) Pouch.plugin(MemoryAdapter);
if (!Pouch.replicate) Pouch.plugin(Replication);

let seq = 0;

export interface Rig {
  srv: TestServer;
  db: string;
  auth(user: string, pass: string): string;
  adminAuth: string;
  stop(): Promise<void>;
}

export async function startRig(users: Array<[string, string]> = [['alice', 'alice-pw'], ['bob', 'bob-pw']], db = 'marketing'): Promise<Rig> {
  const srv = await startTestServer();
  for (const [u, p] of users) await createUser(srv, u, p, [`${db}-member`]);
  await setupWorkspace({ url: srv.url, db, admin: srv.admin.user, password: srv.admin.pass });
  const auth = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
  return { srv, db, auth, adminAuth: auth(srv.admin.user, srv.admin.pass), stop: () => srv.stop() };
}

export interface Browser {
  profile: Profile;
  store: Store;
  engine: SyncEngine;
  audit: AuditEntry[];
  statuses: SyncStatus[];
  /** Run in this browser's profile (storage). */
  run<T>(fn: () => T): T;
  close(): Promise<void>;
}

export async function openBrowser(rig: Rig, user: string, password: string, opts: { now?: () => number; maxSkewMs?: number; device?: string; batchSize?: number } = {}): Promise<Browser> {
  seq += 1;
  const profile = createProfile(`${user}-${seq}`);
  const audit: AuditEntry[] = [];
  const statuses: SyncStatus[] = [];
  const config: TeamConfig = { url: rig.srv.url, db: rig.db, user, auth: 'basic', connectedAt: new Date().toISOString() };
  const { store, engine } = await profile.run(async () => {
    const store = createStore({ device: opts.device ?? `dev-${user}-${seq}`, compactor: true, onAudit: (e) => void audit.push(...e), ...(opts.now ? { now: opts.now } : {}) });
    await store.ready();
    const engine = createSyncEngine({
      config,
      credentials: { password },
      store,
      PouchDB: Pouch,
      localAdapter: 'memory',
      localName: `replica-${user}-${seq}-${Math.random().toString(36).slice(2)}`,
      onStatus: (s) => statuses.push(s),
      maxBackOffMs: 300,
      ...(opts.now ? { now: opts.now } : {}),
      ...(opts.maxSkewMs ? { maxSkewMs: opts.maxSkewMs } : {}),
      ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
    });
    return { store, engine };
  });
  return {
    profile,
    store,
    engine,
    audit,
    statuses,
    run: (fn) => profile.run(fn),
    async close() {
      await profile.run(() => engine.destroy());
      store.close();
    },
  };
}

/** Poll until `fn` returns a truthy value (or fail after `ms`). */
export async function until<T>(fn: () => T | Promise<T>, ms = 10_000, what = 'condition'): Promise<NonNullable<T>> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
