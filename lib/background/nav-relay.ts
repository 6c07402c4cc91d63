/**
 * Tells a tab's content script when its URL changed through the host's history API.
 * Where the browser has the Navigation API (Chromium; Firefox since 147) the content script also
 * sees it there; this relay covers browsers without it (Firefox ESR 140, our minimum) at no cost
 * to the page: no polling anywhere.
 */
import { browser } from 'wxt/browser';
import { sendMessage } from '../messaging';

export function startNavRelay(): () => void {
  const onUpdated = (tabId: number, change: { url?: string }) => {
    if (!change.url) return;
    sendMessage('nav:changed', { url: change.url }, tabId).catch(() => undefined); // no content script there: fine
  };
  browser.tabs.onUpdated.addListener(onUpdated);
  return () => browser.tabs.onUpdated.removeListener(onUpdated);
}
