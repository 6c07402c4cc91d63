/**
 * How the team pages talk to the background's replication engine (lib/sync/contract.ts).
 * One interface so component tests can stand in for the background.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import { browser } from 'wxt/browser';
import type { MergePreview, SyncError, SyncStatus, TeamProtocolMap, TestResult } from '@/lib/sync/contract';

export interface Credentials {
  url: string;
  db: string;
  user: string;
  password: string;
}

export interface TeamApi {
  /**
   * Ask the browser for access to the server's origin. Must be called synchronously inside the
   * click handler (before any await): the permission prompt needs the user gesture.
   */
  requestOrigin(pattern: string): Promise<boolean>;
  test(c: Credentials): Promise<TestResult>;
  preview(c: Credentials): Promise<{ ok: true; preview: MergePreview } | { ok: false; error: SyncError }>;
  connect(c: Credentials & { auth: 'cookie' | 'basic' }): Promise<{ ok: true; status: SyncStatus } | { ok: false; error: SyncError }>;
  disconnect(keepLocal: boolean): Promise<SyncStatus>;
  syncNow(): Promise<SyncStatus>;
}

const team = defineExtensionMessaging<TeamProtocolMap>();

export const backgroundTeamApi: TeamApi = {
  requestOrigin: (pattern) => browser.permissions.request({ origins: [pattern] }),
  test: (c) => team.sendMessage('team:test', c),
  preview: (c) => team.sendMessage('team:preview', c),
  connect: (c) => team.sendMessage('team:connect', c),
  disconnect: (keepLocal) => team.sendMessage('team:disconnect', { keepLocal }),
  syncNow: () => team.sendMessage('team:sync-now', {}),
};

/**
 * The permission pattern for a server URL: scheme and host, any port (Chrome and Firefox match
 * every port when none is given; Firefox refuses a port in a pattern). Null for a URL that does not parse.
 */
export function serverOriginPattern(url: string): string | null {
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
    return `${u.protocol}//${u.hostname}/*`;
  } catch {
    return null;
  }
}
