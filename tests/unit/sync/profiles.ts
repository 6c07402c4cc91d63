/**
 * Several browser profiles in one test process. The store reads `browser.storage` (the single
 * fake browser of the unit tests); inside `profile.run(fn)` — and everything it starts: timers,
 * promises, PouchDB callbacks, thanks to AsyncLocalStorage — storage.local and
 * storage.onChanged are that profile's own. Outside any profile the fake browser behaves as usual.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { fakeBrowser } from 'wxt/testing/fake-browser';

type Listener = (changes: Record<string, { newValue?: unknown; oldValue?: unknown }>, area: string) => void;

export interface Profile {
  name: string;
  data: Map<string, unknown>;
  run<T>(fn: () => T): T;
}

const als = new AsyncLocalStorage<ProfileState>();

interface ProfileState {
  name: string;
  data: Map<string, unknown>;
  listeners: Set<Listener>;
}

let installed = false;

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** Route fakeBrowser.storage.local / onChanged to the current profile (idempotent; survives fakeBrowser.reset()). */
function install() {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- patching the fake's methods
  const local = fakeBrowser.storage.local as unknown as Record<string, (...a: any[]) => unknown>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- patching the fake's methods
  const changed = fakeBrowser.storage.onChanged as unknown as Record<string, (...a: any[]) => unknown>;
  if ((local.get as { __profiles?: boolean }).__profiles) return;
  const orig = { get: local.get!, set: local.set!, remove: local.remove!, clear: local.clear!, add: changed.addListener!, rm: changed.removeListener! };
  const notify = (p: ProfileState, changes: Record<string, { newValue?: unknown; oldValue?: unknown }>) => {
    if (!Object.keys(changes).length) return;
    for (const l of [...p.listeners]) {
      setTimeout(() => als.run(p, () => l(changes, 'local')), 0);
    }
  };
  const get = async (keys?: string | string[] | Record<string, unknown> | null) => {
    const p = als.getStore();
    if (!p) return orig.get.call(local, keys);
    const out: Record<string, unknown> = {};
    if (keys == null) for (const [k, v] of p.data) out[k] = clone(v);
    else for (const k of typeof keys === 'string' ? [keys] : Array.isArray(keys) ? keys : Object.keys(keys)) if (p.data.has(k)) out[k] = clone(p.data.get(k));
    return out;
  };
  (get as { __profiles?: boolean }).__profiles = true;
  local.get = get;
  local.set = async (items: unknown) => {
    const p = als.getStore();
    if (!p) return orig.set.call(local, items);
    const changes: Record<string, { newValue?: unknown; oldValue?: unknown }> = {};
    for (const [k, v] of Object.entries(items as Record<string, unknown>)) {
      changes[k] = { oldValue: p.data.get(k), newValue: clone(v) };
      p.data.set(k, clone(v));
    }
    notify(p, changes);
  };
  local.remove = async (keys: unknown) => {
    const p = als.getStore();
    if (!p) return orig.remove.call(local, keys);
    const changes: Record<string, { newValue?: unknown; oldValue?: unknown }> = {};
    for (const k of typeof keys === 'string' ? [keys] : (keys as string[])) {
      if (!p.data.has(k)) continue;
      changes[k] = { oldValue: p.data.get(k) };
      p.data.delete(k);
    }
    notify(p, changes);
  };
  local.clear = async () => {
    const p = als.getStore();
    if (!p) return orig.clear.call(local);
    p.data.clear();
  };
  changed.addListener = (l: unknown) => {
    const p = als.getStore();
    if (!p) return orig.add.call(changed, l);
    p.listeners.add(l as Listener);
  };
  changed.removeListener = (l: unknown) => {
    const p = als.getStore();
    if (!p) return orig.rm.call(changed, l);
    p.listeners.delete(l as Listener);
  };
  installed = true;
}

export function createProfile(name: string): Profile {
  install();
  const state: ProfileState = { name, data: new Map(), listeners: new Set() };
  return {
    name,
    data: state.data,
    run: (fn) => als.run(state, fn),
  };
}

export function profilesInstalled(): boolean {
  return installed;
}
