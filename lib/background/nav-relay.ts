/**
 * Tells a tab's content script when its URL changed through the host's history API.
 * Chromium's content script also sees it through the Navigation API; this relay covers
 * browsers without it (Firefox) at no cost to the page: no polling anywhere.
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
