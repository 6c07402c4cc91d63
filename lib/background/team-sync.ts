/**
 * The team workspace in the background: the one place that talks to the CouchDB server.
 *
 * startTeamSync(store):
 * - answers the TeamProtocolMap messages (lib/sync/contract.ts) from extension pages only
 *   (a content script runs next to an untrusted page: refused);
 * - resumes replication when the worker starts (config and credentials in storage.local);
 * - a `browser.alarms` alarm every 30 s pulls and pushes when live replication is not healthy
 *   (an MV3 worker sleeps and a pending long-poll does not keep it awake; the alarm wakes it);
 * - writes the status to TEAM_STATUS_KEY for the options, popup and panel.
 * The replication itself is lib/sync/engine.ts; how storage.local and the replica relate is
 * described there and in lib/sync/README.md.
 */
import { browser } from 'wxt/browser';
import { onValidated } from '../messaging';
import type { Store } from '../store/api';
import {
  TEAM_CONFIG_KEY,
  TEAM_CREDENTIALS_KEY,
  TEAM_STATUS_KEY,
  TeamConfigSchema,
  TeamCredentialsSchema,
  type MergePreview,
  type SyncError,
  type SyncStatus,
  type TeamConfig,
  type TeamCredentials,
} from '../sync/contract';
import { cookieHeaderAllowed, remoteIds, signedFetch, SyncFailure, syncError, testConnection, type Fetch } from '../sync/couch';
import { createSyncEngine, type PouchCtor, type SyncEngine } from '../sync/engine';
import { couchId } from '../sync/docs';
import { SEEDED_KEY, seedDefaults } from './store-service';

export const TEAM_ALARM = 'liaison-team-sync';
const ALARM_MINUTES = 0.5;

export interface TeamSyncDeps {
  /** PouchDB with the local adapter, http and replication (default: IndexedDB build, loaded lazily). */
  PouchDB?: PouchCtor | (() => PouchCtor | Promise<PouchCtor>);
  localAdapter?: string;
  fetch?: Fetch;
  now?: () => number;
  /** Whether the extension may reach this origin (default: browser.permissions.contains). */
  hasPermission?: (origins: string[]) => Promise<boolean>;
  maxBackOffMs?: number;
}

export interface TeamSync {
  /** The running engine, once connected (tests). */
  engine(): SyncEngine | null;
  /** Resolves when the resume at start is done. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/** The host-permission pattern for a server URL (match patterns ignore ports). */
export function originPattern(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.hostname}/*`;
}

function offStatus(now: () => number): SyncStatus {
  return { state: 'off', updatedAt: new Date(now()).toISOString() };
}

export function startTeamSync(storeP: Store | Promise<Store>, deps: TeamSyncDeps = {}): TeamSync {
  const now = deps.now ?? Date.now;
  const hasPermission = deps.hasPermission ?? ((origins: string[]) => browser.permissions.contains({ origins }).catch(() => false));
  let engine: SyncEngine | null = null;
  let status: SyncStatus = offStatus(now);
  let writeTimer: ReturnType<typeof setTimeout> | undefined;
  let lastWrite = 0;
  /** One lifecycle operation at a time (connect, disconnect, resume, alarm). */
  let lane: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = lane.then(fn, fn);
    lane = run.catch(() => undefined);
    return run;
  };

  async function pouch(): Promise<PouchCtor> {
    const p = deps.PouchDB;
    if (p) return typeof p === 'function' && !('plugin' in p) ? await (p as () => PouchCtor | Promise<PouchCtor>)() : p;
    const { browserPouch } = await import('../sync/pouch');
    return browserPouch();
  }

  function writeStatus(s: SyncStatus, immediate = false) {
    status = s;
    const flush = () => {
      writeTimer = undefined;
      lastWrite = Date.now();
      void browser.storage.local.set({ [TEAM_STATUS_KEY]: status }).catch((e) => console.warn('[liaison] team status not saved', e));
    };
    if (immediate || Date.now() - lastWrite > 250) {
      if (writeTimer !== undefined) clearTimeout(writeTimer);
      flush();
    } else if (writeTimer === undefined) writeTimer = setTimeout(flush, 250);
  }

  async function readConfig(): Promise<{ config: TeamConfig; credentials: TeamCredentials } | null> {
    const got = await browser.storage.local.get([TEAM_CONFIG_KEY, TEAM_CREDENTIALS_KEY]);
    const c = TeamConfigSchema.safeParse(got[TEAM_CONFIG_KEY]);
    const k = TeamCredentialsSchema.safeParse(got[TEAM_CREDENTIALS_KEY]);
    if (!c.success || !k.success) return null;
    return { config: c.data, credentials: k.data };
  }

  async function permissionError(url: string): Promise<SyncError | null> {
    const pattern = originPattern(url);
    if (await hasPermission([pattern])) return null;
    return syncError('permission', `Liaison may not reach ${new URL(url).host} yet. Allow it when the browser asks (the options' Connect button asks for ${pattern}).`, undefined, now());
  }

  async function startEngine(config: TeamConfig, credentials: TeamCredentials): Promise<SyncStatus> {
    const store = await storeP;
    const e = createSyncEngine({
      config,
      credentials,
      store,
      PouchDB: await pouch(),
      localAdapter: deps.localAdapter ?? 'indexeddb',
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      ...(deps.now ? { now: deps.now } : {}),
      ...(deps.maxBackOffMs ? { maxBackOffMs: deps.maxBackOffMs } : {}),
      onStatus: (s) => writeStatus(s),
    });
    engine = e;
    void browser.alarms?.create(TEAM_ALARM, { periodInMinutes: ALARM_MINUTES });
    const s = await e.start();
    writeStatus(s, true);
    return s;
  }

  async function stopEngine(destroy: boolean) {
    const e = engine;
    engine = null;
    if (!e) return;
    if (destroy) await e.destroy();
    else await e.stop();
  }

  function refuse(fromExtensionPage: boolean, type: string) {
    if (!fromExtensionPage) throw new Error(`Liaison refused "${type}": only Liaison's own pages manage the team workspace.`);
  }

  const ready = serial(async () => {
    const saved = await readConfig();
    if (!saved) {
      writeStatus(offStatus(now), true);
      return;
    }
    const denied = await permissionError(saved.config.url);
    if (denied) {
      writeStatus({ state: 'error', url: saved.config.url, db: saved.config.db, user: saved.config.user, lastError: denied, updatedAt: new Date(now()).toISOString() }, true);
      return;
    }
    await startEngine(saved.config, saved.credentials);
  }).catch((e) => console.error('[liaison] team sync did not resume', e));

  const onAlarm = (alarm: { name: string }) => {
    if (alarm.name !== TEAM_ALARM) return;
    void serial(async () => {
      await ready;
      if (!engine) {
        const saved = await readConfig();
        if (!saved) {
          void browser.alarms?.clear(TEAM_ALARM);
          return;
        }
        if (await permissionError(saved.config.url)) return;
        await startEngine(saved.config, saved.credentials);
        return;
      }
      if (!engine.healthy()) writeStatus(await engine.syncOnce(), true);
    });
  };
  browser.alarms?.onAlarm.addListener(onAlarm);

  async function check(data: { url: string; db: string; user: string; password: string }) {
    const denied = await permissionError(data.url);
    if (denied) return { ok: false as const, error: denied };
    return testConnection(data, { ...(deps.fetch ? { fetch: deps.fetch } : {}), now });
  }

  const offs = [
    onValidated('team:test', async (data, sender) => {
      refuse(sender.fromExtensionPage, 'team:test');
      const r = await check(data);
      if (!r.ok) return r;
      return { ok: true as const, server: r.server, ...(r.docCount !== undefined ? { docCount: r.docCount } : {}) };
    }),

    onValidated('team:preview', async (data, sender) => {
      refuse(sender.fromExtensionPage, 'team:preview');
      const r = await check(data);
      if (!r.ok) return r;
      const store = await storeP;
      const local: Record<string, number> = {};
      const localIds = new Set<string>();
      for (const d of await store.exportDocs()) {
        if (d.deleted) continue;
        local[d.collection] = (local[d.collection] ?? 0) + 1;
        localIds.add(couchId(d.collection, d.id));
      }
      const remote: Record<string, number> = {};
      let both = 0;
      try {
        const f = signedFetch({ user: data.user, password: data.password }, deps.fetch ?? fetch);
        for (const id of await remoteIds(data.url, data.db, f)) {
          if (id.startsWith('_')) continue;
          const c = id.slice(0, id.indexOf(':'));
          if (!c) continue;
          remote[c] = (remote[c] ?? 0) + 1;
          if (localIds.has(id)) both += 1;
        }
      } catch (e) {
        return { ok: false as const, error: e instanceof SyncFailure ? e.error : syncError('unknown', e instanceof Error ? e.message : String(e), undefined, now()) };
      }
      const preview: MergePreview = { local, remote, both };
      return { ok: true as const, preview };
    }),

    onValidated('team:connect', async (data, sender) => {
      refuse(sender.fromExtensionPage, 'team:connect');
      return serial(async () => {
        const r = await check(data);
        if (!r.ok) return r;
        const prev = await readConfig();
        const same = prev && prev.config.url === data.url && prev.config.db === data.db && prev.config.user === data.user;
        await stopEngine(!same);
        const config: TeamConfig = { url: data.url, db: data.db, user: data.user, auth: data.auth, connectedAt: new Date(now()).toISOString() };
        // A session cookie only where it can be sent explicitly (never in a browser: see lib/sync/couch.ts).
        const credentials: TeamCredentials = data.auth === 'cookie' && r.cookie && cookieHeaderAllowed() ? { cookie: r.cookie } : { password: data.password };
        await browser.storage.local.set({ [TEAM_CONFIG_KEY]: config, [TEAM_CREDENTIALS_KEY]: credentials });
        const s = await startEngine(config, credentials);
        return { ok: true as const, status: s };
      });
    }),

    onValidated('team:disconnect', async ({ keepLocal }, sender) => {
      refuse(sender.fromExtensionPage, 'team:disconnect');
      return serial(async () => {
        await stopEngine(true);
        await browser.alarms?.clear(TEAM_ALARM);
        await browser.storage.local.remove([TEAM_CONFIG_KEY, TEAM_CREDENTIALS_KEY]);
        if (!keepLocal) {
          const store = await storeP;
          await store.clearDocs();
          await browser.storage.local.remove(SEEDED_KEY);
          await seedDefaults(store);
        }
        const s = offStatus(now);
        writeStatus(s, true);
        return s;
      });
    }),

    onValidated('team:sync-now', async (_data, sender) => {
      refuse(sender.fromExtensionPage, 'team:sync-now');
      return serial(async () => {
        await ready;
        if (!engine) return status;
        const s = await engine.syncOnce();
        writeStatus(s, true);
        return s;
      });
    }),

    onValidated('team:status', async (_data, sender) => {
      refuse(sender.fromExtensionPage, 'team:status');
      return engine?.status() ?? status;
    }),
  ];

  return {
    engine: () => engine,
    ready,
    async stop() {
      for (const off of offs) off();
      browser.alarms?.onAlarm.removeListener(onAlarm);
      if (writeTimer !== undefined) clearTimeout(writeTimer);
      await stopEngine(false);
    },
  };
}
