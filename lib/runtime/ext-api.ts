/**
 * The few extension APIs the page-side scripts (micro-detector, per-host scripts) use, without
 * WXT's runtime or the webextension-polyfill: Firefox's `browser` and Chrome MV3's `chrome` both
 * return promises. Messages use @webext-core/messaging's wire format ({id, type, data, timestamp} →
 * {res} | {err}) so the background's typed, zod-validated handlers (lib/messaging.ts) answer them.
 */
export interface MiniRuntime {
  id: string;
  getURL(path: string): string;
  sendMessage(message: unknown): Promise<unknown>;
  onMessage: {
    addListener(fn: (message: unknown, sender: unknown, respond: (r: unknown) => void) => boolean | undefined | void): void;
    removeListener(fn: (...a: never[]) => unknown): void;
  };
}

export function runtimeApi(): MiniRuntime | null {
  const g = globalThis as unknown as { browser?: { runtime?: MiniRuntime }; chrome?: { runtime?: MiniRuntime } };
  const rt = g.browser?.runtime ?? g.chrome?.runtime;
  return rt?.id ? rt : null;
}

let seq = Math.floor(Math.random() * 1e6);

/** Send a protocol message to the background; resolves its result, rejects with its error. */
export async function send<T>(rt: MiniRuntime, type: string, data: unknown): Promise<T> {
  const reply = (await rt.sendMessage({ id: seq++, type, data, timestamp: Date.now() })) as { res?: T; err?: { message?: string } } | undefined;
  if (!reply) throw new Error('No response');
  if (reply.err) throw new Error(reply.err.message ?? 'error');
  return reply.res as T;
}

/**
 * Listen for one background → tab message type (panel:toggle, nav:changed). The payload is not
 * trusted for anything but "look again": handlers re-read the URL themselves.
 */
export function onBackground(rt: MiniRuntime, type: string, fn: () => void): () => void {
  const listener = (message: unknown, _sender: unknown, respond: (r: unknown) => void) => {
    if (!message || typeof message !== 'object' || (message as { type?: unknown }).type !== type) return undefined;
    try {
      fn();
    } finally {
      respond({ res: null });
    }
    return undefined;
  };
  rt.onMessage.addListener(listener);
  return () => rt.onMessage.removeListener(listener as never);
}

/** Run when the browser is idle (or after `timeout` ms at the latest). */
export function whenIdle(fn: () => void, timeout = 500): void {
  const ric = (globalThis as { requestIdleCallback?: (cb: () => void, o: { timeout: number }) => number }).requestIdleCallback;
  if (ric) ric(fn, { timeout });
  else setTimeout(fn, 1);
}
