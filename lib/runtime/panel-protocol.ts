/**
 * The channel between a host page's Liaison script (lib/runtime/host.ts, isolated world) and the
 * panel's extension-page iframe (entrypoints/panel-frame). No zod here: the host side ships
 * without it; the panel frame validates what it receives with zod (panel-frame-schema.ts).
 *
 * Set-up (never the host window's postMessage alone):
 *  1. host → background 'panel:mount': the background makes a one-time secret for this tab.
 *  2. host creates a MessageChannel and, on the iframe's (trusted) load event, transfers one port
 *     to the iframe's window with the secret, target origin = the extension's.
 *  3. the frame sends the secret to the background ('panel:claim'), which accepts it once, only
 *     from an extension page in the same tab. Only then does the frame use the port.
 * A page script can see neither the secret nor the port; a message it forges to the frame fails
 * step 3 and is ignored.
 */
import type { ItemRef } from '../core/item-ref';
import type { ItemReading } from '../adapters/types';

export const CONNECT = 'liaison:connect';

/** host → frame (the only data a host page's script gives the panel: what its adapter read). */
export interface HostState {
  itemKey: string;
  ref: ItemRef;
  url: string;
  reading: ItemReading | null;
  floating: boolean;
  theme: 'light' | 'dark';
  /** The host page's language (<html lang>), e.g. 'ru'. */
  lang: string;
  /** The controller judged this a new sighting of the item (a snapshot for other panels). */
  seen: boolean;
}

export type HostToFrame = { t: 'state'; state: HostState } | { t: 'hidden'; hidden: boolean } | { t: 'focus' };

/** frame → host: size and UI requests only. */
export type FrameToHost = { t: 'size'; height: number; key: string } | { t: 'escape' };

/** Checks a frame → host message by hand (the host side has no zod). */
export function parseFrameMessage(data: unknown): FrameToHost | null {
  if (!data || typeof data !== 'object') return null;
  const m = data as Record<string, unknown>;
  if (m.t === 'size' && typeof m.height === 'number' && Number.isFinite(m.height) && typeof m.key === 'string' && m.key.length <= 600) {
    return { t: 'size', height: Math.max(0, Math.min(20000, Math.round(m.height))), key: m.key };
  }
  if (m.t === 'escape') return { t: 'escape' };
  return null;
}
