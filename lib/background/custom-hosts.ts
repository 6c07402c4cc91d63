/**
 * Self-hosted Jira Server/DC and Bitrix24 domains: the options page asks for the origin's
 * permission (a user gesture) and saves the host in settings; here the content script is
 * registered for every such host whose permission is granted, and unregistered when the
 * host or its permission goes away.
 */
import { browser } from 'wxt/browser';
import { getSettings, watchSettings } from '../store';

const PREFIX = 'liaison-custom-';

export function originPatterns(host: string): string[] {
  const h = host.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  if (!/^[a-z0-9.-]+(:\d{1,5})?$/.test(h)) return [];
  return [`https://${h}/*`];
}

export async function syncCustomHosts(hosts: readonly string[]): Promise<string[]> {
  const scripting = browser.scripting;
  if (!scripting?.registerContentScripts) return [];
  const wanted: string[] = [];
  for (const host of hosts) {
    const origins = originPatterns(host);
    if (!origins.length) continue;
    if (await browser.permissions.contains({ origins }).catch(() => false)) wanted.push(...origins);
  }
  const existing = await scripting.getRegisteredContentScripts().catch(() => []);
  const ours = existing.filter((s) => s.id.startsWith(PREFIX));
  if (ours.length) await scripting.unregisterContentScripts({ ids: ours.map((s) => s.id) }).catch(() => undefined);
  if (wanted.length) {
    await scripting.registerContentScripts([
      { id: `${PREFIX}hosts`, matches: wanted, js: ['content-scripts/detector.js'], runAt: 'document_idle', persistAcrossSessions: true },
    ]);
  }
  return wanted;
}

export function startCustomHosts(): () => void {
  const apply = (s: { customHosts: { jira: string[]; bitrix24: string[] } }) =>
    syncCustomHosts([...s.customHosts.jira, ...s.customHosts.bitrix24]).catch((err: unknown) => console.warn('[liaison] custom hosts', err));
  void getSettings().then(apply).catch(() => undefined);
  const off = watchSettings(apply);
  const onPerm = () => void getSettings().then(apply).catch(() => undefined);
  browser.permissions.onAdded?.addListener(onPerm);
  browser.permissions.onRemoved?.addListener(onPerm);
  return () => {
    off();
    browser.permissions.onAdded?.removeListener(onPerm);
    browser.permissions.onRemoved?.removeListener(onPerm);
  };
}
