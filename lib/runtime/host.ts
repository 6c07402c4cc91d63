/**
 * A host's own script, injected by the background (scripting.executeScript) only when the URL
 * names an item: this host's adapter + the controller + the panel's frame. One bundle per adapter
 * (built from lib/adapters/registry.ts), no zod, no React, no polyfill.
 *
 * What stays in the page: one element with a tag the page cannot predict (so it cannot have
 * pre-defined it as a custom element), a closed shadow root, and inside it the panel's extension
 * iframe (cross-origin to the page: the page can neither read what the panel shows or what is
 * typed into it, nor click it). Events from the panel never reach the page (they stay in the
 * frame); our own listeners ignore untrusted events.
 */
import { itemKey, type CustomHosts } from '../core/item-ref';
import type { HostAdapter, MountSpec } from '../adapters/types';
import { createController, type Controller, type MountedUi, type PanelState } from './controller';
import { onBackground, runtimeApi, send, type MiniRuntime } from './ext-api';
import { CONNECT, parseFrameMessage, type HostState, type HostToFrame } from './panel-protocol';

declare global {
  var __liaisonHost: boolean | undefined;
  /**
   * Set by the background in this isolated world just before it injects the host script
   * (lib/background/injector.ts HostBoot): a self-hosted domain's own entry, and the first frame's
   * one-time secret with the panel's last height on this tool.
   */
  var __liaisonBoot: { custom?: CustomHosts; grant?: FrameGrant } | undefined;
}

export const FRAME_PAGE = 'panel-frame.html';

/** How long a new frame may stay out of the page's layout waiting for its load event. */
const SHOW_ANYWAY_MS = 3000;

/** Placement of the host element; all rules live in the closed shadow root (:host beats page CSS when !important). */
const HOST_CSS = `
:host { all: initial !important; display: block !important; margin: 8px 0 !important; contain: layout paint style !important; }
:host([data-liaison-floating]) {
  position: fixed !important; right: 16px !important; bottom: 16px !important; margin: 0 !important; width: 360px !important;
  z-index: 2147483000 !important; max-height: calc(100vh - 32px) !important;
}
:host([data-liaison-floating="left"]) { right: auto !important; left: 16px !important; }
:host([data-liaison-hidden]), :host([data-liaison-parked]), :host([data-liaison-pending]) { display: none !important; }
iframe { display: block; will-change: transform; width: 100%; height: 0; border: 0; margin: 0; padding: 0; background: transparent; color-scheme: normal; }
:host([data-liaison-floating]) iframe { max-height: calc(100vh - 32px); }
`;

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** A custom-element-valid tag no page can guess in advance: x-<10 random letters>-<4 random letters>. */
export function randomTag(): string {
  const r = crypto.getRandomValues(new Uint8Array(14));
  const s = Array.from(r, (b) => LETTERS[b % 26]).join('');
  return `x-${s.slice(0, 10)}-${s.slice(10)}`;
}

interface FrameUi extends MountedUi {
  post(m: HostToFrame): void;
  setState(s: HostState): void;
  destroy(): void;
}

function place(host: Element, spec: MountSpec | null, doc: Document, reuse: boolean): void {
  const anchor = spec && !spec.float ? spec.anchor : spec?.anchor ?? doc.body ?? doc.documentElement;
  const append = spec && !spec.float ? spec.append : 'last';
  let parent: Node | null;
  let before: Node | null;
  if (append === 'before' || append === 'after') {
    parent = anchor.parentNode;
    before = append === 'before' ? anchor : anchor.nextSibling;
  } else {
    parent = anchor;
    before = append === 'first' ? anchor.firstChild : null;
  }
  if (!parent) throw new Error('the mount point has no parent');
  // moveBefore keeps the iframe (and the panel's state) alive across a move; insertBefore reloads it.
  const p = parent as Node & { moveBefore?: (n: Node, c: Node | null) => void };
  if (reuse && host.isConnected && typeof p.moveBefore === 'function') {
    // A refused move (across documents or shadow roots) throws: the caller makes a new frame, since
    // an iframe moved by a plain insert reloads and could not reconnect.
    p.moveBefore(host, before);
    return;
  }
  parent.insertBefore(host, before);
}

function stateOf(s: PanelState, doc: Document, seen: boolean): HostState {
  return { itemKey: s.itemKey, ref: s.ref, url: s.url, reading: s.reading, floating: s.floating, theme: s.theme, lang: (doc.documentElement.lang || '').slice(0, 35), seen };
}

/** What the background grants a new frame: its one-time secret, and the panel's last height on this tool. */
export interface FrameGrant {
  secret: string;
  height?: number;
}

/** A grant that is usable as it is: a secret of sane length, a height within bounds (or none). */
function validGrant(g: unknown): FrameGrant | null {
  const o = g as { secret?: unknown; height?: unknown } | null;
  if (!o || typeof o.secret !== 'string' || o.secret.length < 16 || o.secret.length > 200) return null;
  const h = o.height;
  return typeof h === 'number' && Number.isFinite(h) && h > 0 && h <= 2000 ? { secret: o.secret, height: Math.round(h) } : { secret: o.secret };
}

/**
 * The panel's frame in a closed shadow root. `grant`: a secret (and height) the background handed
 * over in advance (the first frame of a page): the frame is inserted at its last height at once,
 * so the host page is laid out once; without it the grant is asked for ('panel:mount').
 */
export function createFrameUi(rt: MiniRuntime, doc: Document, spec: MountSpec | null, state: HostState, grant?: FrameGrant | null): FrameUi {
  const host = doc.createElement(randomTag());
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = HOST_CSS;
  const frame = doc.createElement('iframe');
  frame.title = 'Liaison';
  frame.setAttribute('scrolling', 'no');
  frame.src = rt.getURL(FRAME_PAGE);
  shadow.append(style, frame);
  host.setAttribute('data-liaison-panel', '');
  host.setAttribute('data-liaison-item', state.itemKey);
  if (!spec) host.setAttribute('data-liaison-floating', '');
  else if (spec.float) host.setAttribute('data-liaison-floating', spec.float);
  // Out of the page's layout until the frame has loaded: its creation and its swap into the
  // extension's process then cost the host no layout or repaint; it appears once, at the panel's
  // last height on this tool, before the panel renders (which needs the frame's width).
  host.setAttribute('data-liaison-pending', '');
  let showTimer: ReturnType<typeof setTimeout> | undefined = setTimeout(() => show(), SHOW_ANYWAY_MS);
  const show = () => {
    if (showTimer === undefined) return;
    clearTimeout(showTimer);
    showTimer = undefined;
    host.removeAttribute('data-liaison-pending');
  };

  const channel = new MessageChannel();
  const port = channel.port1;
  let connected = false;
  let destroyed = false;
  let latest = state;
  /** The item of the frame's last size report: the item it has rendered. */
  let sizedKey = '';
  const queue: HostToFrame[] = [];
  const post = (m: HostToFrame) => {
    if (destroyed) return;
    if (m.t === 'state') {
      latest = m.state;
      host.setAttribute('data-liaison-item', m.state.itemKey);
      // The frame already shows this item (a parked frame placed again): ready at once.
      if (m.state.itemKey === sizedKey) host.setAttribute('data-liaison-ready', sizedKey);
      else host.removeAttribute('data-liaison-ready');
    }
    if (connected) port.postMessage(m);
    else if (m.t === 'state') {
      // Before the frame connects only the latest state matters (a pending "seen" is kept).
      const prev = queue.findIndex((q) => q.t === 'state');
      const seen = m.state.seen || (prev >= 0 && (queue[prev] as { state: HostState }).state.seen);
      if (prev >= 0) queue.splice(prev, 1);
      queue.push({ t: 'state', state: { ...m.state, seen } });
    } else queue.push(m);
  };
  port.onmessage = (e: MessageEvent) => {
    const m = parseFrameMessage(e.data);
    if (!m) return;
    if (m.t === 'size') {
      const h = `${m.height}px`;
      if (frame.style.height !== h) frame.style.height = h;
      sizedKey = m.key;
      if (m.key === latest.itemKey) host.setAttribute('data-liaison-ready', m.key);
    } else if (m.t === 'escape') {
      // Escape in the panel hands focus back to the page.
      frame.blur();
    }
  };

  // One secret per mount, from the background; the port goes to the frame with it, once. With it
  // comes the panel's last height on this tool, set long before the frame has loaded and reports
  // its size: when that is the same, the host page is laid out once, not once per size change.
  if (grant?.height) frame.style.height = `${grant.height}px`;
  const grantP = grant ? Promise.resolve(grant) : send<FrameGrant>(rt, 'panel:mount', {});
  if (!grant) {
    void grantP.then((g) => {
      const height = validGrant(g)?.height;
      if (destroyed || sizedKey || frame.style.height || !height) return;
      frame.style.height = `${height}px`;
    }, () => undefined);
  }
  const onLoad = (e: Event) => {
    if (!e.isTrusted || destroyed) return;
    frame.removeEventListener('load', onLoad);
    show();
    void grantP.then(
      ({ secret }) => {
        if (destroyed || !frame.contentWindow) return;
        const origin = new URL(rt.getURL('/')).origin;
        frame.contentWindow.postMessage({ type: CONNECT, secret }, origin, [channel.port2]);
        connected = true;
        for (const m of queue.splice(0)) port.postMessage(m);
      },
      (err: unknown) => console.warn('[liaison] the panel could not be connected', err),
    );
  };
  frame.addEventListener('load', onLoad);
  post({ t: 'state', state });
  place(host, spec, doc, false);

  const ui: FrameUi = {
    host,
    remove: () => ui.destroy(),
    post,
    setState: (s) => post({ t: 'state', state: s }),
    destroy() {
      if (destroyed) return;
      destroyed = true;
      if (showTimer !== undefined) clearTimeout(showTimer);
      port.close();
      host.remove();
    },
  };
  return ui;
}

/**
 * Can this document move a node without unloading an iframe inside it? Chromium 133+ with
 * moveBefore. Not Firefox: its extension frame moved that way did not keep its connection in the
 * Firefox e2e (tests/e2e-firefox, Jira board navigation), so there each mount makes a new frame.
 */
function canMove(doc: Document): boolean {
  if (import.meta.env.BROWSER === 'firefox') return false;
  return typeof (doc.documentElement as Node & { moveBefore?: unknown }).moveBefore === 'function';
}

/**
 * Take the panel out of the host's item view into a parking spot (hidden, end of <body>), with
 * moveBefore so its frame stays loaded: a single-page host often replaces the whole item view on
 * navigation, which would otherwise unload our frame with it.
 */
function park(ui: FrameUi, doc: Document): boolean {
  const spot = doc.body ?? doc.documentElement;
  const p = spot as Node & { moveBefore?: (n: Node, c: Node | null) => void };
  if (!ui.host.isConnected || typeof p.moveBefore !== 'function') return false;
  ui.host.setAttribute('data-liaison-parked', '');
  // Parked, it is no panel (the test contract and the page see none) until it is placed again.
  for (const a of ['data-liaison-panel', 'data-liaison-item', 'data-liaison-ready']) ui.host.removeAttribute(a);
  if (ui.host.parentNode === spot && !ui.host.nextSibling) return true;
  try {
    p.moveBefore(ui.host, null);
    return true;
  } catch {
    ui.host.removeAttribute('data-liaison-parked');
    return false;
  }
}

/** A handed-over secret lives 60 s in the background; past half of that the frame asks anew. */
const BOOT_GRANT_MS = 30_000;

/** How long a parked frame waits for the next item's view before it is let go. */
const PARK_MS = 15_000;

export interface HostRuntime {
  controller: Controller;
  stop(): void;
}

/** Start this host's Liaison (once per page: a second injection returns the first). */
export function startHost(adapter: HostAdapter, win: Window = window): HostRuntime | null {
  if (globalThis.__liaisonHost) return null;
  globalThis.__liaisonHost = true;
  const rt = runtimeApi();
  if (!rt) return null;
  const doc = win.document;
  const boot = globalThis.__liaisonBoot;
  globalThis.__liaisonBoot = undefined;
  const custom: CustomHosts = boot?.custom ?? {};
  // The first frame's grant, handed over with the injection; used once, while its secret is fresh.
  let bootGrant = validGrant(boot?.grant);
  const bootAt = Date.now();
  const takeGrant = (): FrameGrant | null => {
    const g = bootGrant;
    bootGrant = null;
    return g && Date.now() - bootAt < BOOT_GRANT_MS ? g : null;
  };
  const frames = new WeakMap<Element, FrameUi>();
  let pendingSeen = false;
  // One frame per page, kept across the host's single-page navigations: a frame the controller
  // removes is parked (moved with moveBefore, hidden) and the next mount moves it into place and
  // sends it the new item — no reload, the store already loaded in the frame. Without moveBefore
  // (Firefox) a move would reload the frame, so there each mount gets a new one.
  let parked: FrameUi | null = null;
  let parkTimer: ReturnType<typeof setTimeout> | undefined;
  const letGo = (ui: FrameUi) => {
    if (parked === ui) parked = null;
    ui.destroy();
  };
  const keep = (ui: FrameUi, ms: number) => {
    if (parked && parked !== ui) parked.destroy();
    parked = ui;
    if (parkTimer !== undefined) clearTimeout(parkTimer);
    parkTimer = setTimeout(() => {
      parkTimer = undefined;
      if (parked === ui) letGo(ui);
    }, ms);
  };
  let active: FrameUi | null = null;

  // Without moveBefore (Firefox): the frame is kept for one task only (a remount in the same task moves it).
  let oneTask: FrameUi | null = null;
  const mountPlain = async (spec: MountSpec | null, state: PanelState): Promise<MountedUi> => {
    const seen = pendingSeen;
    pendingSeen = false;
    const next = stateOf(state, doc, seen);
    if (oneTask && oneTask.host.isConnected) {
      const ui = oneTask;
      oneTask = null;
      try {
        place(ui.host, spec, doc, false);
        ui.host.toggleAttribute('data-liaison-floating', !spec || !!spec.float);
        if (spec?.float) ui.host.setAttribute('data-liaison-floating', spec.float);
        ui.setState(next);
        active = ui;
        return ui;
      } catch {
        ui.destroy();
      }
    }
    const ui = createFrameUi(rt, doc, spec, next, takeGrant());
    frames.set(ui.host, ui);
    active = ui;
    const remove = ui.remove;
    ui.remove = () => {
      if (active === ui) active = null;
      if (oneTask && oneTask !== ui) oneTask.destroy();
      oneTask = ui;
      setTimeout(() => {
        if (oneTask === ui) {
          oneTask = null;
          remove();
        }
      }, 0);
    };
    return ui;
  };

  const mountKeeping = async (spec: MountSpec | null, state: PanelState): Promise<MountedUi> => {
    const seen = pendingSeen;
    pendingSeen = false;
    const next = stateOf(state, doc, seen);
    const reuse = parked ?? (active && active.host.isConnected ? active : null);
    if (reuse && (!reuse.host.isConnected || !canMove(doc))) letGo(reuse);
    else if (reuse) {
      parked = null;
      try {
        place(reuse.host, spec, doc, true);
        reuse.host.removeAttribute('data-liaison-parked');
        reuse.host.setAttribute('data-liaison-panel', '');
        if (!spec || spec.float) reuse.host.setAttribute('data-liaison-floating', spec?.float ?? '');
        else reuse.host.removeAttribute('data-liaison-floating');
        reuse.setState(next);
        active = reuse;
        return reuse;
      } catch {
        letGo(reuse);
      }
    }
    const ui = createFrameUi(rt, doc, spec, next, takeGrant());
    frames.set(ui.host, ui);
    active = ui;
    const remove = ui.remove;
    ui.remove = () => {
      if (active === ui) active = null;
      // Without moveBefore (Firefox) a moved iframe reloads and could not reconnect: let it go.
      if (park(ui, doc)) keep(ui, PARK_MS);
      else remove();
    };
    return ui;
  };

  // The host's router may replace the item view in the same task as the URL change: rescue the
  // frame first (synchronously, on the Navigation API's event) when the URL names another item.
  const rescue = (e: Event) => {
    if (!e.isTrusted || !active || !canMove(doc)) return;
    const cur = controller.current;
    let key: string | null;
    try {
      const ref = adapter.detect({ url: new URL(win.location.href), doc, custom });
      key = ref ? itemKey(ref) : null;
    } catch {
      return;
    }
    if (!cur || key === cur.key) return;
    const ui = active;
    if (park(ui, doc)) {
      active = null;
      keep(ui, PARK_MS);
    }
  };
  const navApi = (win as unknown as { navigation?: EventTarget }).navigation;
  navApi?.addEventListener('currententrychange', rescue);

  const controller = createController({
    win,
    adapter,
    customHosts: () => custom,
    mount: canMove(doc) ? mountKeeping : mountPlain,
    isOwn: (n) => frames.has(n as Element),
    update(ui, state) {
      const seen = pendingSeen;
      pendingSeen = false;
      frames.get(ui.host)?.setState(stateOf(state, doc, seen));
    },
    seen() {
      // Delivered with the next state (update or mount follows in the same check).
      pendingSeen = true;
    },
  });

  const offToggle = onBackground(rt, 'panel:toggle', () => {
    controller.toggleHidden();
    const cur = controller.current;
    const ui = cur && !cur.hidden ? active : null;
    ui?.post({ t: 'focus' });
  });
  const offNav = onBackground(rt, 'nav:changed', () => controller.watcher.request('url'));
  controller.checkNow();
  return {
    controller,
    stop() {
      offToggle();
      offNav();
      navApi?.removeEventListener('currententrychange', rescue);
      controller.stop();
      if (parked) letGo(parked);
    },
  };
}
