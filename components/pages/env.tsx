/**
 * What the pages read from: the store (storage.local), the settings (storage.sync) and IndexedDB
 * (snapshots, audit log). The entrypoints create the real env; tests create the same over
 * WXT's fakeBrowser and fake-indexeddb.
 */
import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type { ItemSnapshot, Settings } from '@/lib/core/schemas';
import type { AuditEntry, Store, WorkspaceState } from '@/lib/store';
import { createStore, deviceId, getSettings, saveSettings, watchSettings } from '@/lib/store';
import { recentAudit, recentSnapshots } from '@/lib/store/idb';

export interface PagesEnv {
  store: Store;
  now: () => Date;
  snapshots: () => Promise<ItemSnapshot[]>;
  audit: () => Promise<AuditEntry[]>;
  getSettings: () => Promise<Settings>;
  saveSettings: (changes: Partial<Settings>) => Promise<Settings>;
  watchSettings: (cb: (s: Settings) => void) => () => void;
}

/** The env of a real extension page. */
export async function createPagesEnv(): Promise<PagesEnv> {
  const store = createStore({ device: await deviceId() });
  return {
    store,
    now: () => new Date(),
    snapshots: () => recentSnapshots(2000),
    audit: () => recentAudit(5000),
    getSettings,
    saveSettings,
    watchSettings,
  };
}

const Ctx = createContext<PagesEnv | null>(null);
export const PagesEnvProvider = Ctx.Provider;

export function usePagesEnv(): PagesEnv {
  const env = useContext(Ctx);
  if (!env) throw new Error('PagesEnvProvider is missing');
  return env;
}

export interface Loaded {
  ws: WorkspaceState;
  snapshots: ItemSnapshot[];
  settings: Settings;
}

/** The workspace, snapshots and settings, reloaded on every store or settings change. */
export function usePagesData(): { data: Loaded | null; error: string | null; reload: () => void } {
  const env = usePagesEnv();
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    Promise.all([env.store.workspace(), env.snapshots().catch(() => [] as ItemSnapshot[]), env.getSettings()])
      .then(([ws, snapshots, settings]) => {
        setData({ ws, snapshots, settings });
        setError(null);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [env]);
  useEffect(() => {
    load();
    const off1 = env.store.subscribe(() => load());
    const off2 = env.watchSettings(() => load());
    return () => {
      off1();
      off2();
    };
  }, [env, load]);
  return { data, error, reload: load };
}
