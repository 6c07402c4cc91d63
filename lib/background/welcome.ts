/**
 * The first run: when Liaison is installed (not on an update or a browser update), open the
 * welcome page in a new tab. Registered synchronously at the background's start, as onInstalled
 * fires once, right after the worker first runs.
 */
import { browser } from 'wxt/browser';

export const WELCOME_PATH = '/welcome.html';

export function startWelcome(): () => void {
  const onInstalled = (details: { reason: string }) => {
    if (details.reason !== 'install') return;
    void browser.tabs.create({ url: browser.runtime.getURL(WELCOME_PATH as Parameters<typeof browser.runtime.getURL>[0]) }).catch((e: unknown) => {
      console.warn('[liaison] could not open the welcome page:', e instanceof Error ? e.message : e);
    });
  };
  browser.runtime.onInstalled.addListener(onInstalled);
  return () => browser.runtime.onInstalled.removeListener(onInstalled);
}
