/**
 * Issue 16 points 2–3: a message's privilege comes from its sender. A content script (its sender URL
 * is the host page's) may send only host:inject and panel:mount; every data message from it is
 * refused before the handler runs. Extension pages (our own origin, the panel frame's dynamic URL
 * included) are served.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { onValidated, CONTENT_SCRIPT_MESSAGES } from '@/lib/messaging';

let nextId = 1;
/** Deliver a message as the browser does, from a sender at `url`; the reply or the error. */
async function deliver(type: string, data: unknown, url: string, tab?: { id: number; url: string }): Promise<{ res?: unknown; err?: { message: string } }> {
  let respond!: (v: unknown) => void;
  const response = new Promise<{ res?: unknown; err?: { message: string } }>((r) => (respond = r as never));
  await fakeBrowser.runtime.onMessage.trigger({ id: nextId++, type, data, timestamp: Date.now() }, { url, id: fakeBrowser.runtime.id, ...(tab ? { tab: tab as never } : {}) }, respond);
  return response;
}

const HOST = 'https://acme.atlassian.net/browse/MKT-1';
const offs: Array<() => void> = [];
afterEach(() => offs.splice(0).forEach((off) => off()));

describe('messages are privileged by their sender', () => {
  it('a content script asking for data (snapshots, audit, KPI series, settings of a team) is refused; the handler never runs', async () => {
    const handler = vi.fn(async () => []);
    offs.push(onValidated('items:snapshots', handler as never));
    offs.push(onValidated('audit:doc', handler as never));
    offs.push(onValidated('kpi:series', handler as never));
    const tab = { id: 7, url: HOST };
    for (const [type, data] of [
      ['items:snapshots', { keys: ['jira:acme.atlassian.net:issue:PAY-88'] }],
      ['audit:doc', { doc: 'kpis:cpl' }],
      ['kpi:series', { kpiId: 'cpl' }],
    ] as const) {
      const r = await deliver(type, data, HOST, tab);
      expect(r.err?.message).toMatch(new RegExp(`refused "${type}" from a content script: only extension pages may ask for it`));
    }
    expect(handler).not.toHaveBeenCalled();
  });

  it('the same messages from an extension page, or the panel frame inside the host tab, are served', async () => {
    const handler = vi.fn(async () => ['ok']);
    offs.push(onValidated('items:snapshots', handler as never));
    expect(await deliver('items:snapshots', { keys: [] }, fakeBrowser.runtime.getURL('/options.html'))).toEqual({ res: ['ok'] });
    // The panel frame is loaded through the per-session dynamic URL (another id than runtime.id).
    expect(await deliver('items:snapshots', { keys: [] }, 'chrome-extension://0123456789abcdefdynamicid/panel-frame.html', { id: 7, url: HOST })).toEqual({ res: ['ok'] });
    expect(handler).toHaveBeenCalledTimes(2);
  });

  it('a content script may send only host:inject and panel:mount', () => {
    expect([...CONTENT_SCRIPT_MESSAGES].sort()).toEqual(['host:inject', 'panel:mount']);
  });
});
