/**
 * The micro-detector: the only script declared for the host sites (and registered at run time for
 * self-hosted domains). URL only — no DOM reads, no observer, no storage, no WXT runtime, no
 * polyfill, no zod, no React. When the URL names an item it asks the background to inject this
 * host's own script (lib/runtime/host.ts); the background decides what from the tab's URL.
 *
 * The first check waits for the load event and an idle moment, so nothing of ours runs while
 * the host page loads. SPA navigation: the Navigation API where present (Chromium, Firefox 153+),
 * popstate/hashchange, and the background's tabs.onUpdated relay ('nav:changed').
 * Once the host script runs it owns URL watching; the detector then only stays quiet.
 */
import { parseItemUrl } from '../core/item-ref';
import { onBackground, runtimeApi, send, whenIdle } from './ext-api';

declare global {
  var __liaisonDetector: boolean | undefined;
  var __liaisonHost: boolean | undefined;
}

/** Does this URL name an item here? A self-hosted domain is tried as Jira and as Bitrix24 (the background decides). */
export function namesItem(href: string, host: string): boolean {
  return !!(parseItemUrl(href) ?? parseItemUrl(href, { jira: [host] }) ?? parseItemUrl(href, { bitrix24: [host] }));
}

export function startDetector(win: Window = window): void {
  if (globalThis.__liaisonDetector) return;
  globalThis.__liaisonDetector = true;
  const rt = runtimeApi();
  if (!rt) return;
  let last = '';
  let inFlight = false;
  const check = () => {
    if (globalThis.__liaisonHost || inFlight) return;
    const href = win.location.href;
    if (href === last) return;
    last = href;
    if (!namesItem(href, win.location.host)) return;
    inFlight = true;
    send(rt, 'host:inject', {})
      .catch(() => undefined)
      .finally(() => {
        inFlight = false;
        // The URL may have changed while the background injected (or refused): look again.
        if (!globalThis.__liaisonHost && win.location.href !== last) check();
      });
  };
  // Only the browser's own events count: a page script's synthetic ones (isTrusted false) are ignored.
  const onEvent = (e: Event) => {
    if (e.isTrusted) check();
  };
  const nav = (win as unknown as { navigation?: EventTarget }).navigation;
  nav?.addEventListener('navigatesuccess', onEvent);
  nav?.addEventListener('currententrychange', onEvent);
  win.addEventListener('popstate', onEvent);
  win.addEventListener('hashchange', onEvent);
  onBackground(rt, 'nav:changed', check);
  const first = () => whenIdle(check, 100);
  if (win.document.readyState === 'complete') first();
  else win.addEventListener('load', first, { once: true });
}
