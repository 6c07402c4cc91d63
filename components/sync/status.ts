/**
 * The team workspace's replication status for people: read from storage.local (written by the
 * background only, lib/sync/contract.ts), followed live through storage.onChanged, and put into
 * words in the UI's language. Shared by the options section, the popup line and the panel's
 * indicator; each reads storage itself, so none of them needs props from its host.
 */
import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import {
  SyncStatusSchema,
  TEAM_CONFIG_KEY,
  TEAM_STATUS_KEY,
  TeamConfigSchema,
  type SyncError,
  type SyncErrorCode,
  type SyncStatus,
  type TeamConfig,
} from '@/lib/sync/contract';
import { dateTimeFormat, relativeTimeFormat } from '@/lib/core/intl';

export interface TeamState {
  /** false until the first read finished. */
  loaded: boolean;
  config: TeamConfig | null;
  status: SyncStatus | null;
  /** A stored value that did not parse (never shown as if it were valid). */
  invalid: boolean;
}

function parse(raw: Record<string, unknown>): Omit<TeamState, 'loaded'> {
  const c = raw[TEAM_CONFIG_KEY] === undefined ? null : TeamConfigSchema.safeParse(raw[TEAM_CONFIG_KEY]);
  const s = raw[TEAM_STATUS_KEY] === undefined ? null : SyncStatusSchema.safeParse(raw[TEAM_STATUS_KEY]);
  return {
    config: c?.success ? c.data : null,
    status: s?.success ? s.data : null,
    invalid: (c !== null && !c.success) || (s !== null && !s.success),
  };
}

/** The workspace config and status, kept current across contexts. */
export function useTeamState(): TeamState {
  const [state, setState] = useState<TeamState>({ loaded: false, config: null, status: null, invalid: false });
  useEffect(() => {
    let alive = true;
    const read = () =>
      browser.storage.local
        .get([TEAM_CONFIG_KEY, TEAM_STATUS_KEY])
        .then((raw) => alive && setState({ loaded: true, ...parse(raw) }))
        .catch(() => alive && setState((s) => ({ ...s, loaded: true })));
    void read();
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && (TEAM_CONFIG_KEY in changes || TEAM_STATUS_KEY in changes)) void read();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => {
      alive = false;
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, []);
  return state;
}

/** Re-render every `ms` so "synced 2 min ago" stays true. */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

export function uiLang(): string {
  return i18n.t('pages.locale') || 'en';
}

/** "2 minutes ago", "just now" — in the UI's language. */
export function relativeTime(iso: string, now: number, locale = uiLang()): string {
  const diff = (new Date(iso).getTime() - now) / 1000;
  const abs = Math.abs(diff);
  if (abs < 45) return i18n.t('team.time.justNow');
  const rtf = relativeTimeFormat(locale, { numeric: 'auto' });
  if (abs < 3600) return rtf.format(Math.round(diff / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(diff / 3600), 'hour');
  return rtf.format(Math.round(diff / 86400), 'day');
}

export function clockTime(iso: string, now: number, locale = uiLang()): string {
  const d = new Date(iso);
  const sameDay = new Date(now).toDateString() === d.toDateString();
  return dateTimeFormat(locale, sameDay ? { hour: '2-digit', minute: '2-digit' } : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(d);
}

/** The host of the server URL, for short lines ("couch.acme.com"). */
export function serverHost(url: string | undefined): string {
  if (!url) return '';
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** A failure in words: what happened and what to do. `db` and `origin` fill the messages that name them. */
export function errorText(code: SyncErrorCode, ctx: { db?: string | undefined; server?: string | undefined } = {}): string {
  const db = ctx.db ?? '';
  const server = ctx.server ?? '';
  switch (code) {
    case 'unreachable':
      return i18n.t('team.error.unreachable', { server });
    case 'tls':
      return i18n.t('team.error.tls', { server });
    case 'unauthorized':
      return i18n.t('team.error.unauthorized');
    case 'forbidden':
      return i18n.t('team.error.forbidden', { db });
    case 'no-db':
      return i18n.t('team.error.noDb', { db, server });
    case 'not-couchdb':
      return i18n.t('team.error.notCouchdb', { server });
    case 'insecure':
      return i18n.t('team.error.insecure');
    case 'permission':
      return i18n.t('team.error.permission', { server });
    case 'rejected':
      return i18n.t('team.error.rejected');
    case 'invalid':
      return i18n.t('team.error.invalid');
    default:
      return i18n.t('team.error.unknown');
  }
}

export function errorWithStatus(err: SyncError, ctx: { db?: string | undefined; server?: string | undefined }): string {
  const text = errorText(err.code, ctx);
  return err.httpStatus ? `${text} (HTTP ${err.httpStatus})` : text;
}

export type Tone = 'ok' | 'busy' | 'warn' | 'error' | 'off';

export interface StatusWords {
  tone: Tone;
  /** One short phrase: "Synced", "Syncing…", "Offline since 10:42", "Sync stopped". */
  label: string;
  /** The rest, for a line or a tooltip: the workspace, last synced, pending changes, the error. */
  detail: string;
}

/** The status in words (no workspace → tone 'off'). */
export function statusWords(status: SyncStatus | null, config: TeamConfig | null, now: number): StatusWords {
  const state = status?.state ?? (config ? 'connecting' : 'off');
  const db = status?.db ?? config?.db;
  const server = serverHost(status?.url ?? config?.url);
  const parts: string[] = [];
  if (db) parts.push(i18n.t('team.status.where', { db, server }));
  if (status?.lastSyncedAt) parts.push(i18n.t('team.status.lastSynced', { when: relativeTime(status.lastSyncedAt, now) }));
  else if (state !== 'off') parts.push(i18n.t('team.status.neverSynced'));
  if (status?.pending) parts.push(i18n.t('team.status.pending', { count: String(status.pending) }));
  if ((state === 'error' || state === 'offline') && status?.lastError) parts.push(errorWithStatus(status.lastError, { db, server }));
  const detail = parts.join(' · ');
  switch (state) {
    case 'off':
      return { tone: 'off', label: i18n.t('team.status.off'), detail: '' };
    case 'connecting':
      return { tone: 'busy', label: i18n.t('team.status.connecting'), detail };
    case 'syncing':
      return { tone: 'busy', label: i18n.t('team.status.syncing'), detail };
    case 'idle':
      return { tone: 'ok', label: i18n.t('team.status.idle'), detail };
    case 'offline':
      return {
        tone: 'warn',
        label: status?.offlineSince ? i18n.t('team.status.offlineSince', { when: clockTime(status.offlineSince, now) }) : i18n.t('team.status.offline'),
        detail,
      };
    default:
      return { tone: 'error', label: i18n.t('team.status.error'), detail };
  }
}
