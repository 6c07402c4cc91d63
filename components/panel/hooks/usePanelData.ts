/**
 * Loads the workspace from the store and re-loads on every change (own or another tab's),
 * coalescing bursts; asks the background for the snapshots of the items this one links to
 * only when that set of keys changes.
 */
import { useEffect, useRef, useState } from 'react';
import type { Store } from '@/lib/store/api';
import type { WorkspaceState } from '@/lib/store/types';
import type { ItemSnapshot } from '@/lib/core/schemas';
import { sendMessage } from '@/lib/messaging';
import { snapshotKeysFor } from '@/lib/panel/model';

export type SnapshotLoader = (keys: string[]) => Promise<ItemSnapshot[]>;

/** A background that does not answer (asleep, updating) never keeps the panel waiting. */
const SNAPSHOT_TIMEOUT_MS = 4000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

export const loadSnapshotsFromBackground: SnapshotLoader = (keys) => sendMessage('items:snapshots', { keys });

export interface PanelData {
  ws: WorkspaceState | null;
  snapshots: ItemSnapshot[];
  error: string | null;
  /** When this data was loaded (epoch ms): the panel evaluates at least at this instant, so a clock
   * stopped a moment ago is seen as stopped even if the display tick is older. */
  loadedAt: number;
}

/** `initial`: the workspace read by the caller just before (used for the first load only). */
export function usePanelData(store: Store, itemKey: string, loadSnapshots: SnapshotLoader = loadSnapshotsFromBackground, linkedKeys = '', initial?: Promise<WorkspaceState>): PanelData {
  const first = useRef(initial);
  const [data, setData] = useState<PanelData>({ ws: null, snapshots: [], error: null, loadedAt: 0 });

  useEffect(() => {
    let alive = true;
    let running = false;
    let dirty = false;
    let lastKeys = '';
    let snapshots: ItemSnapshot[] = [];

    const load = async (): Promise<void> => {
      if (running) {
        dirty = true;
        return;
      }
      running = true;
      try {
        do {
          dirty = false;
          const given = first.current;
          first.current = undefined;
          const ws = given ? await given.catch(() => store.workspace()) : await store.workspace();
          if (!alive) return;
          // The store's data shows at once; other items' snapshots follow when the background answers.
          setData({ ws, snapshots, error: null, loadedAt: Date.now() });
          // The host's own links too (Jira issue links): a title learnt earlier names a link the page shows by key only.
          const keys = [...new Set([...snapshotKeysFor(itemKey, ws), ...(linkedKeys ? linkedKeys.split('\n') : [])])].slice(0, 500);
          const joined = keys.join('\n');
          if (joined !== lastKeys) {
            lastKeys = joined;
            const got = keys.length ? await withTimeout(loadSnapshots(keys), SNAPSHOT_TIMEOUT_MS).catch(() => null) : [];
            if (!alive) return;
            if (got) {
              snapshots = got;
              setData({ ws, snapshots, error: null, loadedAt: Date.now() });
            } else {
              lastKeys = ''; // ask again on the next change
            }
          }
        } while (dirty && alive);
      } catch (err) {
        if (alive) setData((d) => ({ ...d, error: err instanceof Error ? err.message : String(err) }));
      } finally {
        running = false;
      }
    };

    void load();
    const off = store.subscribe(() => void load());
    return () => {
      alive = false;
      off();
    };
  }, [store, itemKey, loadSnapshots, linkedKeys]);

  return data;
}
