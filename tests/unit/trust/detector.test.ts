/**
 * Issue 16 point 2: the page-side scripts act only on the browser's own events. A page script's
 * synthetic popstate/hashchange (isTrusted false) does not make the micro-detector ask the
 * background for anything; the browser's own does.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startDetector } from '@/lib/runtime/detector';

afterEach(() => {
  vi.unstubAllGlobals();
  globalThis.__liaisonDetector = undefined;
  globalThis.__liaisonHost = undefined;
});

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

describe('the micro-detector', () => {
  it('ignores a page script\'s synthetic navigation events and follows the browser\'s own', async () => {
    const sent: Array<{ type: string }> = [];
    const rt = {
      id: 'liaison-test',
      getURL: (p: string) => `chrome-extension://liaison-test${p}`,
      sendMessage: async (m: { type: string }) => {
        sent.push(m);
        return { res: null };
      },
      onMessage: { addListener: () => undefined, removeListener: () => undefined },
    };
    vi.stubGlobal('browser', { runtime: rt });
    const listeners: Record<string, Array<(e: { isTrusted: boolean }) => void>> = {};
    const win = {
      location: { href: 'https://acme.atlassian.net/jira/software/projects/MKT/boards/1', host: 'acme.atlassian.net' },
      document: { readyState: 'complete' },
      addEventListener: (type: string, fn: (e: { isTrusted: boolean }) => void) => (listeners[type] ??= []).push(fn),
    };
    startDetector(win as unknown as Window);
    await tick(50);
    expect(sent).toEqual([]); // a board: no item

    win.location.href = 'https://acme.atlassian.net/browse/MKT-1';
    for (const type of ['popstate', 'hashchange']) for (const fn of listeners[type] ?? []) fn({ isTrusted: false });
    await tick();
    expect(sent).toEqual([]);

    for (const fn of listeners.popstate ?? []) fn({ isTrusted: true });
    await tick();
    expect(sent.map((m) => m.type)).toEqual(['host:inject']);
  });
});
