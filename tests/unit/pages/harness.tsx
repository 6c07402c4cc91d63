/**
 * Renders a page against the real store over WXT's fakeBrowser, with IndexedDB (fake-indexeddb)
 * in a database of its own per test, and the real messages of the chosen language.
 */
import { cleanup, render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach } from 'vitest';
import type { ItemSnapshot } from '@/lib/core/schemas';
import { createStore, getSettings, saveSettings, watchSettings, type AuditEntry, type Store } from '@/lib/store';
import { addAudit, closeLiaisonDb, openLiaisonDb, putSnapshot, recentAudit, recentSnapshots, type LiaisonIdb } from '@/lib/store/idb';
import { PagesEnvProvider, type PagesEnv } from '@/components/pages/env';
import { useLocale } from './i18n-shim';

let n = 0;
const open: Array<{ name: string; store: Store }> = [];

afterEach(async () => {
  cleanup();
  for (const o of open.splice(0)) {
    o.store.close();
    await closeLiaisonDb(o.name);
  }
});

export interface Harness {
  env: PagesEnv;
  store: Store;
  db: LiaisonIdb;
  snapshot: (s: ItemSnapshot) => Promise<void>;
  audit: (entries: AuditEntry[]) => Promise<void>;
  mount: (node: ReactNode) => RenderResult;
}

export async function harness(opts: { now: string; lang?: 'en' | 'ru' }): Promise<Harness> {
  await useLocale(opts.lang ?? 'en');
  const name = `liaison-test-${++n}-${Math.random().toString(36).slice(2)}`;
  const db = await openLiaisonDb(name);
  const store = createStore({ device: 'test-device', compactor: true, onAudit: (e) => addAudit(e, db) });
  await store.ready();
  open.push({ name, store });
  const env: PagesEnv = {
    store,
    now: () => new Date(opts.now),
    snapshots: () => recentSnapshots(2000, db),
    audit: () => recentAudit(5000, db),
    getSettings,
    saveSettings,
    watchSettings,
  };
  return {
    env,
    store,
    db,
    snapshot: (s) => putSnapshot(s, db),
    audit: (e) => addAudit(e, db),
    mount: (node) => render(<PagesEnvProvider value={env}>{node}</PagesEnvProvider>),
  };
}

export function snap(key: string, title: string, extra: Partial<ItemSnapshot> = {}): ItemSnapshot {
  const [tool, workspace, kind, id] = key.split(':') as [ItemSnapshot['ref']['tool'], string, string, string];
  return {
    key,
    ref: { tool, workspace, kind, id },
    title,
    dates: {},
    labels: [],
    url: `https://${workspace}/browse/${id}`,
    seenAt: '2026-05-04T08:00:00.000Z',
    ...extra,
  };
}
