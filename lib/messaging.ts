/**
 * The message protocol between content scripts, extension pages and the background.
 *
 * Typed with @webext-core/messaging; every payload is also validated with zod on the
 * receiving side (`onValidated`), because a content script runs next to an untrusted page.
 * Privilege comes from the sender (tab, frame, extension page), never from the payload.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import { browser } from 'wxt/browser';
import { z } from 'zod';
import { IdSchema, ItemSnapshotSchema, type ItemSnapshot, type KpiValue } from './core/schemas';
import type { ItemRef } from './core/item-ref';
import type { AuditEntry, KpiStatus } from './store/types';
import { TeamMessageSchemas, type TeamProtocolMap } from './sync/contract';
import { lazySchema } from './core/lazy-schema';

/** Payload schemas, one per message that carries data. */
export const MessageSchemas = /* @__PURE__ */ lazySchema(() => ({
  'item:seen': ItemSnapshotSchema,
  'items:snapshots': z.object({ keys: z.array(z.string().max(600)).max(500) }).strict(),
  'panel:toggle': z.object({}).strict().optional(),
  'nav:changed': z.object({ url: z.url() }).strict(),
  'workspace:load-sample': z.object({ now: z.iso.datetime({ offset: true }).optional() }).strict(),
  'kpi:series': z
    .object({ kpiId: IdSchema, from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional(), limit: z.number().int().min(1).max(100000).optional() })
    .strict(),
  'kpi:refresh': z.object({ kpiId: IdSchema }).strict(),
  'audit:doc': z.object({ doc: z.string().min(1).max(800), limit: z.number().int().min(1).max(1000).optional() }).strict(),
  // ── page-side scripts and the panel frame (issue 17; lib/background/injector.ts) ──
  'host:inject': z.object({}).strict(),
  'panel:mount': z.object({}).strict(),
  'panel:claim': z.object({ secret: z.string().min(16).max(200) }).strict(),
  'panel:item': z.object({}).strict(),
  // Team workspace (issue 10): extension pages → background (lib/background/team-sync.ts).
  ...TeamMessageSchemas,
} as const));

/**
 * The only messages a content script (a host page's micro-detector or host script) may send.
 * Everything else — snapshots, KPI series, audit, the workspace — is for extension pages only:
 * a content script runs next to an untrusted page and receives only what its own panel needs.
 */
export const CONTENT_SCRIPT_MESSAGES: ReadonlySet<string> = new Set(['host:inject', 'panel:mount']);

export interface ProtocolMap extends TeamProtocolMap {
  /** content → background: the user saw this item; keep its snapshot. */
  'item:seen'(data: ItemSnapshot): void;
  /** any → background: the latest snapshots of these items (for other items' panels). */
  'items:snapshots'(data: { keys: string[] }): ItemSnapshot[];
  /** background → content (one tab): the keyboard command toggled the panel. */
  'panel:toggle'(data?: Record<string, never>): void;
  /** background → content (one tab): the tab's URL changed through the host's history API. */
  'nav:changed'(data: { url: string }): void;
  /** any → background (store-service): a KPI's value series from IndexedDB, in time order. */
  'kpi:series'(data: { kpiId: string; from?: string; to?: string; limit?: number }): KpiValue[];
  /** any → background (kpi-sources): fetch this KPI's source now; the resulting status (null: no source). */
  'kpi:refresh'(data: { kpiId: string }): KpiStatus | null;
  /** any → background (store-service): a document's change history (`<collection>:<id>`), newest first. */
  'audit:doc'(data: { doc: string; limit?: number }): AuditEntry[];
  /** extension page → background: fill an empty workspace with the sample data (a "try it" button; the demo). */
  'workspace:load-sample'(data: { now?: string }): { written: number };
  /** detector → background: this tab's URL names an item; inject this host's script (decided from the tab URL). */
  'host:inject'(data: Record<string, never>): { injected: boolean };
  /** host script → background: a one-time secret for a new panel frame in this tab. */
  'panel:mount'(data: Record<string, never>): { secret: string; height?: number };
  /** panel frame → background: is this secret one you gave out for my tab? (once) */
  'panel:claim'(data: { secret: string }): { ok: boolean; item?: { key: string; ref: ItemRef; url: string } | null };
  /** panel frame → background: the item this tab's URL names (derived by the background). */
  'panel:item'(data: Record<string, never>): { key: string; ref: ItemRef; url: string } | null;
}

export const { sendMessage, onMessage, removeAllListeners } = defineExtensionMessaging<ProtocolMap>();

type Key = keyof ProtocolMap & keyof typeof MessageSchemas;

/**
 * Register a handler that only runs on a payload that parses; anything else is refused
 * with a clear error (the sender's promise rejects) and never reaches the handler.
 */
export function onValidated<K extends Key>(
  type: K,
  handler: (
    data: z.infer<(typeof MessageSchemas)[K]>,
    sender: { tabId?: number; frameId?: number; url?: string; tabUrl?: string; documentId?: string; fromExtensionPage: boolean },
  ) => ReturnType<ProtocolMap[K]> | Promise<ReturnType<ProtocolMap[K]>>,
): () => void {
  return onMessage(type, ((message: { data: unknown; sender: { tab?: { id?: number; url?: string }; frameId?: number; url?: string; id?: string; documentId?: string } }) => {
    const s = message.sender;
    // A content script's sender URL is the host page's; an extension page's is ours. (No URL at all
    // only happens in unit tests' fake browser.)
    if (s.url && !isOwnUrl(s.url) && !CONTENT_SCRIPT_MESSAGES.has(type)) {
      throw new Error(`Liaison refused "${String(type)}" from a content script: only extension pages may ask for it`);
    }
    const parsed = MessageSchemas[type].safeParse(message.data);
    if (!parsed.success) {
      throw new Error(`Liaison refused a malformed "${String(type)}" message: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    }
    return handler(parsed.data as z.infer<(typeof MessageSchemas)[K]>, {
      tabId: s.tab?.id,
      frameId: s.frameId,
      url: s.url,
      tabUrl: s.tab?.url,
      documentId: s.documentId,
      // An extension page (popup, options, a page opened in a tab) has our own origin; a content
      // script's sender URL is the host page's.
      fromExtensionPage: isOwnUrl(s.url),
    });
  }) as never);
}

function isOwnUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    // runtime.onMessage only hears our own extension: any extension-scheme sender is one of our pages,
    // including the panel frame loaded through its per-session dynamic URL (use_dynamic_url).
    return url.startsWith(browser.runtime.getURL('/')) || /^(chrome|moz|safari-web)-extension:\/\//.test(url);
  } catch {
    return false;
  }
}
