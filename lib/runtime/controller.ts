/**
 * The content script's state machine: which item is open, where the panel sits, and
 * when to re-read the page. One adapter (chosen by host), one watcher, at most one panel.
 *
 * - No item open → no panel, no observer (only URL listeners): next to nothing runs.
 * - Item open and the layout recognised → the panel mounts where the adapter says.
 * - Item open but the layout not recognised after a short grace → the panel floats at
 *   the page's edge with a note; one diagnostic is logged; the page is left untouched.
 */
import type { CustomHosts, ItemRef } from '../core/item-ref';
import { itemKey } from '../core/item-ref';
import type { AdapterContext, HostAdapter, HostLink, ItemReading, MountSpec } from '../adapters/types';
import { createPageWatcher, type PageWatcher } from './page-watcher';

export interface MountedUi {
  /** The shadow host element (carries data-liaison-panel / data-liaison-item). */
  host: HTMLElement;
  remove(): void;
}

export interface PanelState {
  itemKey: string;
  ref: ItemRef;
  url: string;
  reading: ItemReading | null;
  floating: boolean;
  theme: 'light' | 'dark';
}

export interface ControllerDeps {
  win: Window;
  adapter: HostAdapter;
  customHosts: () => CustomHosts;
  /** Create the shadow-root UI at a mount spec (null = floating) and render the panel into it. */
  mount: (spec: MountSpec | null, state: PanelState) => Promise<MountedUi>;
  /** Re-render the mounted panel with new state. */
  update: (ui: MountedUi, state: PanelState) => void;
  /** The user saw this item (snapshot for other panels). */
  seen: (state: PanelState) => void;
  /** How long a URL-named item may take to render before the floating fallback (ms). */
  graceMs?: number;
  log?: (msg: string) => void;
  /** fetch for adapter.fetchMissing (default: the page window's). */
  fetch?: typeof fetch;
  /** Is this node one of our panel hosts? (Its insertion is no change of the page.) */
  isOwn?: (n: Node) => boolean;
}

interface Current {
  key: string;
  ref: ItemRef;
  since: number;
  ui: MountedUi | null;
  mounting: boolean;
  anchor: Element | null;
  append: MountSpec['append'] | null;
  floating: boolean;
  /** The open item's view (adapter.itemRoot); DOM changes outside it are ignored while mounted. */
  root: Element | null;
  /** Fields the host's own REST API filled where the DOM lacked them (adapter.fetchMissing, once per item). */
  extra: Partial<ItemReading> | null;
  fetchStarted: boolean;
  /** The page changed while the panel was being mounted: look again once it is. */
  recheck: boolean;
  lastStateJson: string;
  lastSeenJson: string;
  diagnosed: boolean;
  /** The host theme, read once per item (it forces a style computation on the host page). */
  theme: 'light' | 'dark' | null;
}

export interface Controller {
  watcher: PageWatcher;
  /** Run a check now (tests, or a message from the background). */
  checkNow(): void;
  /** Hide/show the panel (the keyboard command). */
  toggleHidden(): void;
  readonly current: { key: string; floating: boolean; hidden: boolean } | null;
  stop(): void;
}

export function createController(deps: ControllerDeps): Controller {
  const { win, adapter } = deps;
  const graceMs = deps.graceMs ?? 2500;
  const log = deps.log ?? ((m: string) => console.info(`[liaison] ${m}`));
  let cur: Current | null = null;
  let hidden = false;
  let stopped = false;

  const unmount = () => {
    if (cur?.ui) cur.ui.remove();
    cur = null;
  };

  const ctxNow = (): AdapterContext => ({ url: new URL(win.location.href), doc: win.document, custom: deps.customHosts() });

  const applyHidden = () => {
    if (!cur?.ui) return;
    const host = cur.ui.host;
    // Only a real change is written (a style write on the page's DOM costs a style recalculation).
    if (hidden || host.style.display) host.style.display = hidden ? 'none' : '';
    // The shadow root's own :host([data-liaison-hidden]) rule hides it even where the host's
    // inline style is overridden (WXT's `:host{all:initial !important}` reset).
    if (host.hasAttribute('data-liaison-hidden') !== hidden) host.toggleAttribute('data-liaison-hidden', hidden);
  };

  const check = () => {
    if (stopped) return;
    const ctx = ctxNow();
    const ref = adapter.detect(ctx);
    if (!ref) {
      unmount();
      watcher.observe(false);
      return;
    }
    watcher.observe(true);
    const key = itemKey(ref);
    if (!cur || cur.key !== key) {
      unmount();
      cur = {
        key,
        ref,
        since: Date.now(),
        ui: null,
        mounting: false,
        anchor: null,
        append: null,
        floating: false,
        root: null,
        extra: null,
        fetchStarted: false,
        recheck: false,
        lastStateJson: '',
        lastSeenJson: '',
        diagnosed: false,
        theme: null,
      };
    }
    const c = cur;
    if (c.mounting) {
      // Read once the mount is done (and only if something changed meanwhile): no page read per check.
      c.recheck = true;
      return;
    }
    const domReading = safe(() => adapter.read(ctx, ref), null);
    try {
      place(c, ctx, ref, key, domReading);
    } finally {
      // The DOM first; the host's same-origin API (the user's own session) only for what it lacks —
      // asked once the panel is placed, so the request's start does not delay the frame's.
      if (domReading && adapter.fetchMissing && !c.fetchStarted) {
        c.fetchStarted = true;
        adapter
          .fetchMissing(ctx, ref, domReading, deps.fetch ?? win.fetch.bind(win))
          .then((extra) => {
            if (cur !== c || stopped || !extra || Object.keys(extra).length === 0) return;
            c.extra = extra;
            watcher.request('fetched');
          })
          .catch(() => undefined);
      }
    }
  };

  /** From a reading to a panel: its state, where it goes, mounted or updated. */
  const place = (c: Current, ctx: AdapterContext, ref: ItemRef, key: string, domReading: ItemReading | null): void => {
    const reading = domReading && c.extra ? fillMissing(domReading, c.extra) : domReading;
    const spec = reading ? safe(() => adapter.mountPoint(ctx, ref), null) : null;
    const theme = (c.theme ??= safe(() => adapter.theme(ctx.doc), 'light' as const));
    c.root = spec && adapter.itemRoot ? safe(() => adapter.itemRoot!(ctx, ref), null) : null;

    if (!spec) {
      const waited = Date.now() - c.since;
      if (waited < graceMs && !c.ui) {
        // The host may still be rendering the item: look again when the grace ends.
        watcher.requestAt(graceMs - waited + 10, 'grace');
        return;
      }
      if (!c.diagnosed) {
        c.diagnosed = true;
        log(
          reading
            ? `${adapter.id}: item ${key} read, but no place to mount was found; the panel floats.`
            : `${adapter.id}: the URL names ${key} but this page's layout was not recognised; the panel floats with what Liaison knows.`,
        );
      }
    }

    const state: PanelState = { itemKey: key, ref, url: ctx.url.href, reading, floating: !spec, theme };
    const stateJson = JSON.stringify(state);

    if (reading) {
      // x: the description, so a brief completed in the host is seen again (the inbox and the badge follow it).
      const seenJson = JSON.stringify({ t: reading.title, s: reading.status, d: reading.dates, l: reading.labels, o: reading.owner, u: ctx.url.pathname, k: reading.links, x: reading.description });
      if (seenJson !== c.lastSeenJson) {
        c.lastSeenJson = seenJson;
        safe(() => deps.seen(state), undefined);
      }
    }

    const placementOk =
      c.ui !== null &&
      c.ui.host.isConnected &&
      (spec ? !c.floating && c.anchor === spec.anchor && c.append === spec.append && c.anchor.isConnected : c.floating);

    if (placementOk) {
      if (stateJson !== c.lastStateJson) {
        c.lastStateJson = stateJson;
        deps.update(c.ui!, state);
      }
      return;
    }
    c.mounting = true;
    const old = c.ui;
    c.ui = null;
    old?.remove();
    c.anchor = spec?.anchor ?? null;
    c.append = spec?.append ?? null;
    c.floating = !spec;
    c.lastStateJson = stateJson;
    deps
      .mount(spec, state)
      .then((ui) => {
        c.mounting = false;
        if (cur !== c || stopped) {
          ui.remove();
          return;
        }
        c.ui = ui;
        applyHidden();
        // The page may have moved on while we mounted.
        if (c.recheck) {
          c.recheck = false;
          watcher.request('mounted');
        }
      })
      .catch((err: unknown) => {
        c.mounting = false;
        c.recheck = false;
        log(`could not mount the panel: ${err instanceof Error ? err.message : String(err)}`);
      });
  };

  // While a panel is mounted next to a known item view, only changes in or around that view matter.
  const relevant = (r: MutationRecord): boolean => {
    const c = cur;
    if (!c?.ui || !c.root || c.mounting) return true;
    if (!c.root.isConnected || !c.ui.host.isConnected) return true;
    const t = r.target;
    return c.root.contains(t) || (t instanceof Element && t.contains(c.root));
  };
  const watcher = createPageWatcher({ win, ignore: () => cur?.ui?.host ?? null, isOwn: deps.isOwn, check, relevant });

  return {
    watcher,
    checkNow: check,
    toggleHidden() {
      hidden = !hidden;
      applyHidden();
    },
    get current() {
      return cur ? { key: cur.key, floating: cur.floating, hidden } : null;
    },
    stop() {
      stopped = true;
      watcher.stop();
      unmount();
    },
  };
}

/** The DOM reading, with what the REST API brought only where the DOM had nothing. */
export function fillMissing(dom: ItemReading, extra: Partial<ItemReading>): ItemReading {
  const out: ItemReading = { ...dom, dates: { ...dom.dates }, labels: [...dom.labels], fields: { ...dom.fields } };
  if (!out.title && extra.title) out.title = extra.title;
  if (!out.description && extra.description) out.description = extra.description;
  if (!out.status && extra.status) out.status = extra.status;
  if (!out.owner && extra.owner) out.owner = extra.owner;
  if (out.labels.length === 0 && extra.labels?.length) out.labels = [...extra.labels];
  for (const [k, v] of Object.entries(extra.dates ?? {}) as [keyof ItemReading['dates'], string | undefined][]) {
    if (v && !out.dates[k]) out.dates[k] = v;
  }
  for (const [k, v] of Object.entries(extra.fields ?? {})) if (v && !out.fields[k]) out.fields[k] = v;
  // The host's named properties from its API (Trello custom fields the card back does not show).
  if (extra.properties && Object.keys(extra.properties).length) out.properties = { ...extra.properties, ...dom.properties };
  if (extra.links?.length) out.links = mergeLinks(dom.links ?? [], extra.links);
  return out;
}

/**
 * The page's links first (what the person sees now), each completed by the API's copy of the same
 * link (title, status, due); links only the API knows (not shown on the page) follow.
 */
export function mergeLinks(page: readonly HostLink[], api: readonly HostLink[]): HostLink[] {
  const key = (l: HostLink) => `${l.rel}|${l.id}`;
  const fromApi = new Map(api.map((l) => [key(l), l]));
  const out = page.map((l) => {
    const a = fromApi.get(key(l));
    return a ? { ...a, ...definedOf(l) } : { ...l };
  });
  const seen = new Set(out.map(key));
  for (const l of api) if (!seen.has(key(l))) out.push({ ...l });
  return out.slice(0, 100);
}

function definedOf(l: HostLink): HostLink {
  const o: HostLink = { id: l.id, rel: l.rel };
  if (l.title) o.title = l.title;
  if (l.status) o.status = l.status;
  if (l.done !== undefined) o.done = l.done;
  if (l.due) o.due = l.due;
  return o;
}

function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (err) {
    console.warn('[liaison] adapter error', err);
    return fallback;
  }
}
