/**
 * Watches a host page for the two things that can change which item is open:
 * a URL change (the host's history API, back/forward, a relay from the background)
 * and DOM changes (an item opening in a modal, a layout rendering late).
 *
 * One MutationObserver for the whole content script, attached only while an item is
 * open or expected; mutations are batched into one check per frame-ish window, and the
 * window widens when the page churns (back-off). No polling loops.
 */

export interface PageWatcher {
  /** Attach or detach the one MutationObserver. Off while no item is open. */
  observe(on: boolean): void;
  /** Ask for a check soon (batched with other requests). */
  request(reason: string): void;
  /** Ask for a check at an instant (one timer; the earliest request wins). */
  requestAt(ms: number, reason: string): void;
  /** Stop everything. */
  stop(): void;
  readonly observing: boolean;
}

export interface WatcherOptions {
  win: Window;
  /** Elements whose own mutations never count (our panel's host). */
  ignore: () => Element | null;
  /** Is this node one of ours (a panel host being inserted, moved or parked)? Its insertion or removal never counts. */
  isOwn?: (n: Node) => boolean;
  check: (reasons: ReadonlySet<string>) => void;
  /** Does this mutation concern the open item? (Default: every mutation does.) */
  relevant?: (record: MutationRecord) => boolean;
  /** Batching window in ms while the page is calm. */
  minDelay?: number;
  /** Widest batching window when the page churns. */
  maxDelay?: number;
}

interface NavigationLike {
  addEventListener(type: string, fn: () => void): void;
  removeEventListener(type: string, fn: () => void): void;
}

export function createPageWatcher(opts: WatcherOptions): PageWatcher {
  const { win } = opts;
  const minDelay = opts.minDelay ?? 80;
  const maxDelay = opts.maxDelay ?? 600;
  let delay = minDelay;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let atTimer: ReturnType<typeof setTimeout> | undefined;
  let atWhen = Infinity;
  let lastFlush = 0;
  let flushesInWindow = 0;
  let windowStart = 0;
  let stopped = false;
  const reasons = new Set<string>();
  let lastUrl = win.location.href;

  const flush = () => {
    timer = undefined;
    if (stopped) return;
    const now = Date.now();
    // Back off when the page keeps us busy: more than 8 checks a second widens the window.
    if (now - windowStart > 1000) {
      windowStart = now;
      flushesInWindow = 0;
    }
    flushesInWindow++;
    delay = flushesInWindow > 8 ? Math.min(maxDelay, delay * 2) : Math.max(minDelay, delay / 2);
    lastFlush = now;
    const batch = new Set(reasons);
    reasons.clear();
    try {
      opts.check(batch);
    } catch (err) {
      // Never let our error escape into the host page.
      console.warn('[liaison] check failed', err);
    }
  };

  const request = (reason: string) => {
    if (stopped) return;
    reasons.add(reason);
    if (timer !== undefined) {
      if (reason !== 'url') return;
      clearTimeout(timer); // a URL change is checked at once, not at the end of a DOM batch
    }
    const wait = reason === 'url' ? 0 : Math.max(0, delay - (Date.now() - lastFlush));
    timer = setTimeout(flush, wait);
  };

  const onUrlMaybeChanged = () => {
    const href = win.location.href;
    if (href === lastUrl) return;
    lastUrl = href;
    request('url');
  };

  const observer = new MutationObserver((records) => {
    const ignored = opts.ignore();
    onUrlMaybeChanged();
    for (const r of records) {
      if (ignored && (r.target === ignored || ignored.contains(r.target))) continue;
      if (ignored && r.target === ignored.parentNode && [...r.addedNodes, ...r.removedNodes].every((n) => n === ignored)) continue;
      // Our own frame going in (before the controller knows its host) or being parked.
      if (opts.isOwn && r.type === 'childList' && r.addedNodes.length + r.removedNodes.length > 0 && [...r.addedNodes, ...r.removedNodes].every((n) => opts.isOwn!(n))) continue;
      if (opts.relevant && !opts.relevant(r)) continue;
      request('dom');
      return;
    }
  });
  let observing = false;

  // URL changes without polling: the Navigation API where the browser has it (Chromium; Firefox
  // since 147), popstate/hashchange everywhere; the background relays tabs.onUpdated for the rest
  // (Firefox ESR 140, our minimum).
  const nav = (win as unknown as { navigation?: NavigationLike }).navigation;
  // A page script's synthetic events (isTrusted false) are ignored; the URL is re-read, never taken from them.
  const onNav = (e?: Event) => {
    if (e && e.isTrusted === false) return;
    onUrlMaybeChanged();
  };
  nav?.addEventListener('currententrychange', onNav);
  nav?.addEventListener('navigatesuccess', onNav);
  win.addEventListener('popstate', onNav);
  win.addEventListener('hashchange', onNav);

  return {
    get observing() {
      return observing;
    },
    observe(on: boolean) {
      if (stopped || on === observing) return;
      observing = on;
      if (on) observer.observe(win.document.documentElement, { childList: true, subtree: true });
      else observer.disconnect();
    },
    request(reason: string) {
      if (reason === 'url') onUrlMaybeChanged();
      request(reason);
    },
    requestAt(ms: number, reason: string) {
      if (stopped) return;
      const when = Date.now() + Math.max(0, ms);
      if (atTimer !== undefined && atWhen <= when) return;
      if (atTimer !== undefined) clearTimeout(atTimer);
      atWhen = when;
      atTimer = setTimeout(() => {
        atTimer = undefined;
        atWhen = Infinity;
        request(reason);
      }, Math.max(0, ms));
    },
    stop() {
      stopped = true;
      observer.disconnect();
      observing = false;
      if (timer !== undefined) clearTimeout(timer);
      if (atTimer !== undefined) clearTimeout(atTimer);
      nav?.removeEventListener('currententrychange', onNav);
      nav?.removeEventListener('navigatesuccess', onNav);
      win.removeEventListener('popstate', onNav);
      win.removeEventListener('hashchange', onNav);
    },
  };
}
