/**
 * Test helpers for the panel: the real store over WXT's fakeBrowser, browser.i18n answering from
 * our own locale files (the same build step WXT uses), readings and a render into a shadow root
 * shaped like the runtime's (host with data-liaison-panel / data-liaison-item).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { act } from '@testing-library/react';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { generateChromeMessages, parseMessagesText } from '@wxt-dev/i18n/build';
import { createStore, type Store } from '@/lib/store';
import type { ItemReading } from '@/lib/adapters/types';
import { parseItemKey, type ItemRef } from '@/lib/core/item-ref';
import type { ItemSnapshot } from '@/lib/core/schemas';
import { renderPanel, type PanelHostProps } from '@/components/panel';
import { PANEL_PREFS_KEY } from '@/lib/panel/prefs';

const cache = new Map<string, Record<string, { message: string }>>();

function messages(locale: 'en' | 'ru') {
  let m = cache.get(locale);
  if (!m) {
    const text = readFileSync(resolve(__dirname, `../../../lib/i18n/locales/${locale}.yml`), 'utf8');
    m = generateChromeMessages(parseMessagesText(text, 'YAML')) as Record<string, { message: string }>;
    cache.set(locale, m);
  }
  return m;
}

/** browser.i18n.getMessage from our locale files, with Chrome's $1…$9 substitutions. */
export function installI18n(locale: 'en' | 'ru' = 'en'): void {
  const m = messages(locale);
  const getMessage = (key: string, subs?: string | string[]) => {
    const msg = m[key]?.message ?? '';
    const list = subs === undefined ? [] : Array.isArray(subs) ? subs : [subs];
    return msg.replace(/\$(\d)/g, (_, d: string) => list[Number(d) - 1] ?? '');
  };
  (fakeBrowser.i18n as unknown as { getMessage: typeof getMessage }).getMessage = getMessage;
  (fakeBrowser.i18n as unknown as { getUILanguage: () => string }).getUILanguage = () => locale;
}

export function localeKeys(locale: 'en' | 'ru'): string[] {
  return Object.keys(messages(locale)).sort();
}

export function reading(partial: Partial<ItemReading> = {}): ItemReading {
  return { dates: {}, labels: [], fields: {}, ...partial };
}

export function refOf(key: string): ItemRef {
  const r = parseItemKey(key);
  if (!r) throw new Error(`bad key ${key}`);
  return r;
}

export interface Mounted {
  host: HTMLElement;
  shadow: ShadowRoot;
  container: HTMLElement;
  store: Store;
  props: PanelHostProps;
  update(p: Partial<PanelHostProps>): Promise<void>;
  unmount(): void;
}

/** Render the panel the way the runtime does: a shadow host in the page, a container inside its shadow root. */
export async function mountPanel(opts: {
  itemKey: string;
  url?: string;
  reading?: ItemReading | null;
  store?: Store;
  snapshots?: ItemSnapshot[];
  theme?: 'light' | 'dark';
  floating?: boolean;
  /** Start collapsed (the product's default); tests of the sections start expanded. */
  collapsed?: boolean;
}): Promise<Mounted> {
  const ref0 = refOf(opts.itemKey);
  await fakeBrowser.storage.local.set({ [PANEL_PREFS_KEY]: { v: 1, expanded: opts.collapsed ? {} : { [ref0.tool]: true }, keptDates: [] } });
  const store = opts.store ?? createStore({ device: 'dev-test' });
  const host = document.createElement('liaison-panel');
  host.setAttribute('data-liaison-panel', '');
  host.setAttribute('data-liaison-item', opts.itemKey);
  document.body.appendChild(host);
  const shadow = host.attachShadow({ mode: 'open' });
  const container = document.createElement('div');
  shadow.appendChild(container);
  const snaps = opts.snapshots ?? [];
  const props: PanelHostProps = {
    itemKey: opts.itemKey,
    ref: refOf(opts.itemKey),
    url: opts.url ?? 'https://acme.atlassian.net/browse/MKT-1',
    reading: opts.reading === undefined ? reading() : opts.reading,
    floating: opts.floating ?? false,
    theme: opts.theme ?? 'light',
    store,
    loadSnapshots: async (keys) => snaps.filter((s) => keys.includes(s.key)),
  };
  let handle!: ReturnType<typeof renderPanel>;
  await act(async () => {
    handle = renderPanel(container, props);
  });
  return {
    host,
    shadow,
    container,
    store,
    props,
    async update(p) {
      Object.assign(props, p);
      await act(async () => handle.update({ ...props }));
    },
    unmount() {
      act(() => handle.unmount());
      host.remove();
      store.close();
    },
  };
}

/** Wait until the panel has loaded the workspace (the loading note is gone) or a predicate holds. */
export async function settle(root: ParentNode, until: () => boolean = () => !!root.querySelector('.lz-section'), timeoutMs = 3000): Promise<void> {
  // Counted in steps, not by the clock: tests may freeze Date.
  let steps = Math.ceil(timeoutMs / 10);
  while (!until()) {
    if (steps-- <= 0) throw new Error('panel did not settle');
    await act(async () => {
      await new Promise((r) => setTimeout(r, 10));
    });
  }
}

export function q<T extends Element = HTMLElement>(root: ParentNode, sel: string): T {
  const el = root.querySelector<T>(sel);
  if (!el) throw new Error(`no element ${sel}`);
  return el;
}
