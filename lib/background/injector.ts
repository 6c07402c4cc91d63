/**
 * Injects a host's own script where a tab's URL names an item (issue 17), and hands out the
 * one-time secrets that authenticate a panel frame's channel (issue 16, point 2).
 *
 * What to inject is decided from the sender's tab URL — never from the message: a page that
 * forged 'host:inject' could at most get the script its own URL already calls for. Injection is
 * idempotent: one in flight per document, and a probe of the isolated world before the bundle.
 */
import { browser } from 'wxt/browser';
import { onValidated } from '../messaging';
import { adapterFor } from '../adapters/registry';
import { itemKey, parseItemUrl, refinesPlaceholder, type CustomHosts, type ItemRef } from '../core/item-ref';
import { getSettings } from '../store';
import type { ItemSnapshot } from '../core/schemas';
import { PANEL_HEIGHTS_KEY, parseHeights } from '../runtime/panel-height';

/** The per-host script of an adapter, as the build emits it (wxt.config.ts, lib/runtime/build-hosts.ts). */
export const hostScriptPath = (adapterId: string) => `hosts/${adapterId}.js`;

export interface ScriptingLike {
  executeScript(opts: {
    target: { tabId: number; frameIds?: number[]; documentIds?: string[] };
    files?: string[];
    func?: (...args: never[]) => unknown;
    args?: unknown[];
  }): Promise<{ result?: unknown }[]>;
}

export interface InjectorDeps {
  scripting: ScriptingLike;
  customHosts: () => Promise<CustomHosts>;
  now?: () => number;
  /** Secret bytes (tests may fix them). */
  random?: () => string;
  /** The panel's last height on a host tool (storage.session), if known. */
  heightFor?: (tool: string) => Promise<number | undefined>;
}

/** Set in the host script's isolated world just before it is injected (lib/runtime/host.ts). */
export interface HostBoot {
  custom?: CustomHosts;
  grant: { secret: string; height?: number };
}

interface Mount {
  tabId: number;
  at: number;
}

const SECRET_TTL_MS = 60_000;

function randomSecret(): string {
  const b = crypto.getRandomValues(new Uint8Array(24));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** The custom hosts that apply to this URL's host only (least data to the page's script). */
function customFor(url: URL, all: CustomHosts): CustomHosts {
  const h = url.hostname.toLowerCase();
  const hp = url.port ? `${h}:${url.port}` : h;
  const pick = (list: readonly string[] | undefined) => (list ?? []).filter((x) => x.toLowerCase() === h || x.toLowerCase() === hp);
  const out: CustomHosts = {};
  const j = pick(all.jira);
  const b = pick(all.bitrix24);
  if (j.length) out.jira = j;
  if (b.length) out.bitrix24 = b;
  return out;
}

export function createInjector(deps: InjectorDeps) {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? randomSecret;
  const inFlight = new Map<string, Promise<{ injected: boolean }>>();
  /** Documents injected since this worker started (Chromium gives each page load its own documentId). */
  const injectedDocs = new Set<string>();
  const mounts = new Map<string, Mount>();

  /** The item a tab URL names, with the custom hosts that apply to it. */
  async function itemOf(tabUrl: string | undefined): Promise<{ ref: ItemRef; key: string; url: URL; custom: CustomHosts } | null> {
    if (!tabUrl) return null;
    let url: URL;
    try {
      url = new URL(tabUrl);
    } catch {
      return null;
    }
    let ref = parseItemUrl(url);
    let custom: CustomHosts = {};
    if (!ref) {
      custom = customFor(url, await deps.customHosts().catch(() => ({})));
      if (!custom.jira && !custom.bitrix24) return null;
      ref = parseItemUrl(url, custom);
    }
    return ref ? { ref, key: itemKey(ref), url, custom } : null;
  }

  async function inject(sender: { tabId?: number; frameId?: number; tabUrl?: string; documentId?: string }): Promise<{ injected: boolean }> {
    if (sender.tabId === undefined || (sender.frameId ?? 0) !== 0) return { injected: false };
    const item = await itemOf(sender.tabUrl);
    if (!item) return { injected: false };
    const adapter = adapterFor(item.url, item.custom);
    if (!adapter) return { injected: false };
    const tabId = sender.tabId;
    const target = sender.documentId ? { tabId, documentIds: [sender.documentId] } : { tabId, frameIds: [0] };
    const key = `${tabId}:${sender.documentId ?? 'top'}`;
    const running = inFlight.get(key);
    if (running) return running;
    if (sender.documentId && injectedDocs.has(sender.documentId)) return { injected: false };
    const job = (async () => {
      // Already there (a second navigation)? Then nothing to do. With a documentId this worker
      // remembers it; without one (Firefox) a tiny probe of the isolated world asks. The host script
      // also returns at once if it runs twice (a worker restarted in between).
      if (!sender.documentId) {
        const [probe] = await deps.scripting.executeScript({ target, func: () => !!(globalThis as { __liaisonHost?: boolean }).__liaisonHost });
        if (probe?.result === true) return { injected: false };
      }
      // What the host script needs for its first panel, set in its isolated world just before it
      // runs: the custom hosts of this domain, and the first frame's one-time secret with the
      // panel's last height on this tool — the frame goes in at its final size, with no round trip.
      const height = await deps.heightFor?.(item.ref.tool).catch(() => undefined);
      const grant = mount({ tabId });
      const boot: HostBoot = { grant: height === undefined ? grant : { ...grant, height } };
      if (item.custom.jira || item.custom.bitrix24) boot.custom = item.custom;
      await deps.scripting.executeScript({
        target,
        func: ((b: HostBoot) => {
          (globalThis as { __liaisonBoot?: HostBoot }).__liaisonBoot = b;
        }) as (...a: never[]) => unknown,
        args: [boot],
      });
      await deps.scripting.executeScript({ target, files: [hostScriptPath(adapter.id)] });
      if (sender.documentId) injectedDocs.add(sender.documentId);
      return { injected: true };
    })();
    inFlight.set(key, job);
    try {
      return await job;
    } finally {
      inFlight.delete(key);
    }
  }

  function mount(sender: { tabId?: number }): { secret: string } {
    if (sender.tabId === undefined) throw new Error('a panel is only mounted in a tab');
    const t = now();
    for (const [k, m] of mounts) if (t - m.at > SECRET_TTL_MS) mounts.delete(k);
    const secret = random();
    mounts.set(secret, { tabId: sender.tabId, at: t });
    return { secret };
  }

  /** A panel frame (an extension page inside a tab) presents the secret: valid once, same tab only. */
  function claim(secret: string, sender: { tabId?: number; fromExtensionPage: boolean }): { ok: boolean } {
    const m = mounts.get(secret);
    if (!m || !sender.fromExtensionPage || sender.tabId === undefined || m.tabId !== sender.tabId || now() - m.at > SECRET_TTL_MS) return { ok: false };
    mounts.delete(secret);
    return { ok: true };
  }

  return { inject, mount, claim, itemOf };
}

export type Injector = ReturnType<typeof createInjector>;

/**
 * Content scripts no longer read storage (the panel frame does): where the browser allows it,
 * storage.local and storage.sync are closed to them, so a compromised host renderer cannot read
 * the workspace. Chromium supports this for every area; Firefox only for session (then it stays
 * open there, and only the messages are guarded).
 */
export async function restrictStorageToExtensionPages(): Promise<string[]> {
  const closed: string[] = [];
  for (const area of ['local', 'sync'] as const) {
    const a = (browser.storage as unknown as Record<string, { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> } | undefined>)[area];
    if (!a?.setAccessLevel) continue;
    try {
      await a.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
      closed.push(area);
    } catch {
      // not supported for this area in this browser
    }
  }
  return closed;
}

export function startInjector(): () => void {
  void restrictStorageToExtensionPages();
  const scripting = browser.scripting as unknown as ScriptingLike | undefined;
  if (!scripting) return () => undefined;
  const heightFor = async (tool: string) => {
    const stored = await browser.storage.session.get(PANEL_HEIGHTS_KEY).catch(() => ({}) as Record<string, unknown>);
    return parseHeights(stored[PANEL_HEIGHTS_KEY])[tool];
  };
  const inj = createInjector({ scripting, customHosts: async () => (await getSettings()).customHosts, heightFor });
  const offs = [
    onValidated('host:inject', (_d, sender) => inj.inject(sender)),
    onValidated('panel:mount', async (_d, sender) => {
      const m = inj.mount(sender);
      // The panel's last height on this tool: the host inserts the frame at it (no resize, no extra repaint).
      const item = await inj.itemOf(sender.tabUrl).catch(() => null);
      if (!item) return m;
      const height = await heightFor(item.ref.tool);
      return height === undefined ? m : { ...m, height };
    }),
    onValidated('panel:claim', async ({ secret }, sender) => {
      if (!inj.claim(secret, sender).ok) return { ok: false };
      // With the answer, the item this tab's URL names: the frame checks the host's word against it
      // without another round trip.
      const item = await inj.itemOf(sender.tabUrl).catch(() => null);
      return { ok: true, item: item ? { key: item.key, ref: item.ref, url: item.url.href } : null };
    }),
    onValidated('panel:item', async (_d, sender) => {
      if (!sender.fromExtensionPage) return null;
      const item = await inj.itemOf(sender.tabUrl);
      return item ? { key: item.key, ref: item.ref, url: item.url.href } : null;
    }),
  ];
  return () => offs.forEach((off) => off());
}

/**
 * The snapshot the background keeps for 'item:seen': the item key, ref and URL from the sender's tab
 * (the panel frame lives in the host's tab), seenAt from the background's clock. A snapshot that
 * claims another item than the tab shows is refused.
 */
export async function snapshotFromSender(
  snapshot: ItemSnapshot,
  sender: { tabUrl?: string; fromExtensionPage: boolean },
  opts: { customHosts?: () => Promise<CustomHosts>; now?: () => number } = {},
): Promise<ItemSnapshot> {
  const seenAt = new Date((opts.now ?? Date.now)()).toISOString();
  if (sender.tabUrl && !/^(chrome|moz|safari-web)-extension:/.test(sender.tabUrl)) {
    const inj = createInjector({ scripting: { executeScript: async () => [] }, customHosts: opts.customHosts ?? (async () => (await getSettings()).customHosts) });
    const item = await inj.itemOf(sender.tabUrl);
    // The tab's URL decides the item; a ClickUp/Asana URL without the workspace ('app') may be refined
    // by the page's own links to the same task (refinesPlaceholder), never to another item.
    if (!item || (item.key !== snapshot.key && !refinesPlaceholder(item.ref, snapshot.ref))) throw new Error(`Liaison refused a snapshot of ${snapshot.key}: this tab shows ${item?.key ?? 'no item'}`);
    const ref = item.key === snapshot.key ? item.ref : snapshot.ref;
    return { ...snapshot, key: itemKey(ref), ref, url: item.url.href, seenAt };
  }
  return { ...snapshot, seenAt };
}
