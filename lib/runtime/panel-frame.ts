/**
 * The panel frame's logic: connect to the host page's script (panel-link.ts), learn the item from
 * the background, render the panel with the store, report the rendered size, and record the
 * sighting ('item:seen') — the background keys it by this tab's URL and its own clock.
 */
import { browser } from 'wxt/browser';
import { flushSync } from 'react-dom';
import { renderPanel } from '@/components/panel';
import { createStore, deviceId, getSettings, watchSettings } from '../store';
import type { WorkspaceState } from '../store/types';
import { sendMessage } from '../messaging';
import { installHolidayCache } from './holiday-cache';
import { snapshotFromState } from './snapshot';
import { parseHostMessage, tabItem, waitForLink, type HostState } from './panel-link';
import { refinesPlaceholder, type Tool } from '../core/item-ref';
import { isExpanded, parsePrefs, PANEL_PREFS_KEY, type PanelPrefs } from '../panel/prefs';
import { MAX_PANEL_HEIGHT, PANEL_HEIGHTS_KEY, parseHeights, type PanelHeights } from './panel-height';

const VERIFY_TRIES = 20;
const MAX_SETTLE_MS = 400;
const VERIFY_EVERY_MS = 100;

export async function startPanelFrame(win: Window): Promise<void> {
  const doc = win.document;
  try {
    doc.documentElement.lang = browser.i18n.getUILanguage();
  } catch {
    // keep the page's default
  }
  const container = doc.getElementById('root')!;
  // The person's expanded/collapsed choice per tool, to know when the first render has settled.
  let prefs: PanelPrefs | null = null;
  // Read before the first render and handed to the panel, so that its first render is its final one
  // (collapsed or expanded as the person left it, the person's settings): one size for the host.
  const prefsP = browser.storage.local.get(PANEL_PREFS_KEY).then(
    (got) => (prefs ??= parsePrefs((got as Record<string, unknown>)[PANEL_PREFS_KEY])),
    () => undefined,
  );
  const settingsP = getSettings().catch(() => undefined);
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && PANEL_PREFS_KEY in changes) prefs = parsePrefs(changes[PANEL_PREFS_KEY]?.newValue);
  });
  let heights: PanelHeights | null = null;
  const rememberHeight = (tool: string, height: number) => {
    void (async () => {
      heights ??= parseHeights((await browser.storage.session.get(PANEL_HEIGHTS_KEY))[PANEL_HEIGHTS_KEY]);
      if (!tool || heights[tool] === height || height > MAX_PANEL_HEIGHT) return;
      heights = { ...heights, [tool]: height };
      await browser.storage.session.set({ [PANEL_HEIGHTS_KEY]: heights });
    })().catch(() => undefined);
  };
  // The store, the holiday cache and the link come in parallel; the workspace is read as soon as
  // the store is ready (not after the first render), and handed to the first panel while no change
  // has come in since.
  const storeP = deviceId().then((device) => createStore({ device }));
  let prefetched: Promise<WorkspaceState> | null = null;
  const storeReady = storeP.then((st) => {
    const ws = st.workspace();
    ws.catch(() => undefined);
    prefetched = ws;
    const off = st.subscribe(() => {
      prefetched = null;
      off();
    });
    return st;
  });
  const [link, store, , firstSettings] = await Promise.all([
    waitForLink(win),
    storeReady,
    prefsP,
    settingsP,
    installHolidayCache().catch(() => undefined),
  ]);

  // Kept current: a panel for the next item (a single-page navigation) starts with today's settings.
  let settingsNow = firstSettings;
  watchSettings((next) => (settingsNow = next));
  let claimed = link.item;
  let renderer: ReturnType<typeof renderPanel> | null = null;
  let shownKey = '';
  let verifiedKey = '';
  let latest: HostState | null = null;
  let pendingSeen = false;

  // Each size change relayouts and repaints the host page. The first size of an item is reported
  // once the panel has settled — its workspace loaded (the title shows) and expanded or collapsed
  // as the person's prefs say — or after MAX_SETTLE_MS; later changes at most once per frame, only
  // real ones. The last height per host tool is kept for the next page's frame (panel-height.ts).
  let lastHeight = -1;
  let lastKey = '';
  let keyShownAt = 0;
  let sizeQueued = false;
  let shownTool = '';
  const settled = () => {
    const root = container.querySelector('[data-collapsed]');
    // Loaded: the item's title shows, or at least the body no longer holds the loading placeholder.
    if (!container.querySelector('[data-liaison-title]') && (!root || root.querySelector('.lz-body > .lz-empty'))) return false;
    if (!prefs || !root || !shownTool) return true;
    return root.getAttribute('data-collapsed') === (isExpanded(prefs, shownTool as Tool) ? 'false' : 'true');
  };
  const sendSize = (height: number) => {
    lastHeight = height;
    lastKey = shownKey;
    link.send({ t: 'size', height, key: shownKey });
    rememberHeight(shownTool, height);
  };
  // Later changes of the shown item's size (the first one is firstSize's, below).
  const reportSize = () => {
    if (!shownKey || sizeQueued) return;
    sizeQueued = true;
    // Next frame — or a timer: a frame out of the host's viewport (inserted at its full height below
    // the fold) gets no animation frames in Chromium, and its size must still reach the host.
    let ran = false;
    const once = (fn: () => void) => () => {
      if (ran) return;
      ran = true;
      fn();
    };
    const measure = once(() => {
      sizeQueued = false;
      if (shownKey !== lastKey) return firstSize();
      const height = Math.ceil(container.getBoundingClientRect().height);
      if (Math.abs(height - lastHeight) >= 1) sendSize(height);
    });
    requestAnimationFrame(measure);
    setTimeout(measure, 50);
  };
  new ResizeObserver(reportSize).observe(container);
  // An item's first size goes out as soon as React has committed its settled view (a DOM change in
  // the panel), not at the next animation frame: a frame still 0 px tall gets none in Chromium.
  let settleTimer: ReturnType<typeof setTimeout> | undefined;
  function firstSize(): void {
    if (!shownKey || shownKey === lastKey) return;
    const waited = performance.now() - keyShownAt;
    if (!settled() && waited < MAX_SETTLE_MS) {
      settleTimer ??= setTimeout(() => {
        settleTimer = undefined;
        firstSize();
      }, MAX_SETTLE_MS - waited + 1);
      return;
    }
    sendSize(Math.ceil(container.getBoundingClientRect().height));
  }
  new MutationObserver(firstSize).observe(container, { subtree: true, childList: true, attributes: true, characterData: true });

  const render = (s: HostState, trusted: boolean) => {
    const props = { itemKey: s.itemKey, ref: s.ref, url: s.url, reading: trusted ? s.reading : null, floating: s.floating, theme: s.theme, store, initialPrefs: prefs ?? undefined, initialSettings: settingsNow, initialWorkspace: prefetched ?? undefined };
    prefetched = null;
    doc.documentElement.toggleAttribute('data-floating', s.floating);
    container.setAttribute('data-host-lang', s.lang);
    // Committed at once, so the item marker below never names an item whose content is not shown yet.
    flushSync(() => {
      if (renderer) renderer.update(props);
      else renderer = renderPanel(container, props);
    });
    // The test contract inside the frame: which item this frame renders (tests/e2e/ext.ts panelFrame).
    container.setAttribute('data-liaison-panel-root', s.itemKey);
    if (shownKey !== s.itemKey) keyShownAt = performance.now();
    shownKey = s.itemKey;
    shownTool = s.ref.tool;
    firstSize();
    reportSize();
  };

  const recordSeen = (s: HostState) => {
    void (async () => {
      const [templates, meta] = await Promise.all([store.list('briefTemplates'), store.get('itemMeta', s.itemKey)]);
      const snap = snapshotFromState(s, { templates: templates.map((t) => t.data), meta: meta?.data });
      if (snap) await sendMessage('item:seen', snap);
    })().catch(() => undefined);
  };

  // The host's word on which item is open is checked against this tab's URL (the background's view).
  let verifying = false;
  const verify = async () => {
    if (verifying) return;
    verifying = true;
    try {
      for (let i = 0; i < VERIFY_TRIES && latest && latest.itemKey !== verifiedKey; i++) {
        // The first time, the item the background named when it confirmed the secret (no round trip).
        const known = claimed;
        claimed = undefined;
        const item = known !== undefined ? known : await tabItem().catch(() => null);
        const want = latest;
        if (item && (item.key === want.itemKey || refinesPlaceholder(item.ref, want.ref))) {
          verifiedKey = want.itemKey;
          break;
        }
        if (i === VERIFY_TRIES - 1 && item) {
          // The page's script names another item than the tab: show the tab's item, without its reading.
          render({ ...want, itemKey: item.key, ref: item.ref, url: item.url, reading: null }, false);
          return;
        }
        await new Promise((r) => setTimeout(r, VERIFY_EVERY_MS));
      }
    } finally {
      verifying = false;
    }
    if (latest && latest.itemKey === verifiedKey) apply();
  };

  const apply = () => {
    const s = latest;
    if (!s) return;
    if (s.itemKey !== verifiedKey) {
      void verify();
      return;
    }
    render(s, true);
    if (pendingSeen) {
      pendingSeen = false;
      recordSeen(s);
    }
  };

  link.port.onmessage = (e: MessageEvent) => {
    const m = parseHostMessage(e.data);
    if (!m) return;
    if (m.t === 'state') {
      latest = m.state;
      if (m.state.seen) pendingSeen = true;
      apply();
    } else if (m.t === 'focus') {
      win.focus();
      (container.querySelector('button, [tabindex], input, select, textarea') as HTMLElement | null)?.focus();
    }
  };
  link.port.start();
  doc.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && e.isTrusted) link.send({ t: 'escape' });
  });
}
