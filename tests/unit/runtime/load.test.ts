/**
 * Issue 17 / issue 16.2–3: the injector decides from the tab URL and injects once; panel secrets are
 * one-time and per tab; snapshots are keyed by the tab and the background's clock; the frame accepts
 * only a port whose secret the background confirms; the page-side scripts stay small and zod-free.
 */
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createInjector, snapshotFromSender, type ScriptingLike } from '@/lib/background/injector';
import { namesItem } from '@/lib/runtime/detector';
import { lazySchema } from '@/lib/core/lazy-schema';
import { parseRestIssue } from '@/lib/adapters/jira';
import { parseRestCard } from '@/lib/adapters/trello';
import { waitForLink } from '@/lib/runtime/panel-link';
import { parseFrameMessage } from '@/lib/runtime/panel-protocol';
import { ADAPTERS } from '@/lib/adapters/registry';
import { buildPageScripts, DETECTOR_BUDGET, EAGER_COMPILE_HINT, HOST_BUDGET, registeredAdapters } from '@/build/page-scripts';
import type { ItemSnapshot } from '@/lib/core/schemas';

function fakeScripting(alreadyThere = () => false) {
  const calls: { files?: string[]; func?: boolean; args?: unknown[]; target: unknown }[] = [];
  const scripting: ScriptingLike = {
    async executeScript(o) {
      calls.push({ files: o.files, func: !!o.func, args: o.args, target: o.target });
      await new Promise((r) => setTimeout(r, 5));
      if (o.func && !o.args) return [{ result: alreadyThere() }];
      return [{ result: undefined }];
    },
  };
  return { scripting, calls, files: () => calls.filter((c) => c.files).map((c) => c.files![0]) };
}

const JIRA = 'https://acme.atlassian.net/browse/MKT-1';

describe('injector', () => {
  it('injects the host script the tab URL calls for, once per document, also when asked concurrently', async () => {
    let injected = false;
    const f = fakeScripting(() => injected);
    const inj = createInjector({ scripting: f.scripting, customHosts: async () => ({}) });
    const sender = { tabId: 7, frameId: 0, tabUrl: JIRA, documentId: 'doc-1' };
    const [a, b] = await Promise.all([inj.inject(sender), inj.inject(sender)]);
    injected = true;
    expect(a).toEqual({ injected: true });
    expect(b).toEqual({ injected: true }); // the same job
    expect(f.files()).toEqual(['hosts/jira.js']);
    expect(f.calls.find((c) => c.files)!.target).toEqual({ tabId: 7, documentIds: ['doc-1'] });
    // A second navigation in the same page: the probe finds the script, nothing is injected again.
    expect(await inj.inject(sender)).toEqual({ injected: false });
    expect(f.files()).toEqual(['hosts/jira.js']);
  });

  it('refuses where the tab URL names no item, off the top frame, and on hosts it does not serve', async () => {
    const f = fakeScripting();
    const inj = createInjector({ scripting: f.scripting, customHosts: async () => ({}) });
    expect(await inj.inject({ tabId: 1, frameId: 0, tabUrl: 'https://acme.atlassian.net/jira/software/projects/MKT/boards/1' })).toEqual({ injected: false });
    expect(await inj.inject({ tabId: 1, frameId: 3, tabUrl: JIRA })).toEqual({ injected: false });
    expect(await inj.inject({ tabId: 1, frameId: 0, tabUrl: 'https://evil.example/browse/MKT-1' })).toEqual({ injected: false });
    expect(await inj.inject({ tabId: 1, frameId: 0 })).toEqual({ injected: false });
    expect(f.calls).toEqual([]);
  });

  it('on a self-hosted domain hands the script that domain only, then injects the adapter for it', async () => {
    const f = fakeScripting();
    const inj = createInjector({ scripting: f.scripting, customHosts: async () => ({ jira: ['jira.acme.corp', 'other.corp'], bitrix24: ['b24.other.corp'] }) });
    expect(await inj.inject({ tabId: 2, frameId: 0, tabUrl: 'https://jira.acme.corp/browse/OPS-4' })).toEqual({ injected: true });
    const boot = f.calls.find((c) => c.args);
    expect((boot!.args![0] as { custom: unknown }).custom).toEqual({ jira: ['jira.acme.corp'] });
    expect(f.files()).toEqual(['hosts/jira.js']);
  });

  it('sets the first frame\'s one-time secret and last height just before the host script (no round trip at mount)', async () => {
    const f = fakeScripting();
    const asked: string[] = [];
    const inj = createInjector({ scripting: f.scripting, customHosts: async () => ({}), heightFor: async (tool) => (asked.push(tool), 46) });
    expect(await inj.inject({ tabId: 4, frameId: 0, tabUrl: JIRA, documentId: 'd' })).toEqual({ injected: true });
    const i = f.calls.findIndex((c) => c.args);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(f.calls[i + 1]!.files).toEqual(['hosts/jira.js']);
    const boot = f.calls[i]!.args![0] as { custom?: unknown; grant: { secret: string; height?: number } };
    expect(asked).toEqual(['jira']);
    expect(boot.custom).toBeUndefined(); // a cloud host: no custom domains handed to the page
    expect(boot.grant.height).toBe(46);
    // The secret is a real mount of this tab: claimable once, by an extension page in tab 4 only.
    expect(inj.claim(boot.grant.secret, { tabId: 3, fromExtensionPage: true }).ok).toBe(false);
    expect(inj.claim(boot.grant.secret, { tabId: 4, fromExtensionPage: true }).ok).toBe(true);
    expect(inj.claim(boot.grant.secret, { tabId: 4, fromExtensionPage: true }).ok).toBe(false);
  });

  it('panel secrets: valid once, only for an extension page in the same tab, not after they expire', () => {
    let t = 1_000_000;
    let n = 0;
    const inj = createInjector({ scripting: fakeScripting().scripting, customHosts: async () => ({}), now: () => t, random: () => `secret-${n++}-0123456789abcdef` });
    const { secret } = inj.mount({ tabId: 5 });
    expect(inj.claim(secret, { tabId: 6, fromExtensionPage: true }).ok).toBe(false); // another tab
    expect(inj.claim(secret, { tabId: 5, fromExtensionPage: false }).ok).toBe(false); // a content script
    expect(inj.claim('secret-x-0123456789abcdef', { tabId: 5, fromExtensionPage: true }).ok).toBe(false); // guessed
    expect(inj.claim(secret, { tabId: 5, fromExtensionPage: true }).ok).toBe(true);
    expect(inj.claim(secret, { tabId: 5, fromExtensionPage: true }).ok).toBe(false); // replayed
    const late = inj.mount({ tabId: 5 }).secret;
    t += 61_000;
    expect(inj.claim(late, { tabId: 5, fromExtensionPage: true }).ok).toBe(false);
    expect(() => inj.mount({})).toThrow();
  });
});

describe('snapshots from a panel frame', () => {
  const snap: ItemSnapshot = {
    key: 'jira:acme.atlassian.net:issue:MKT-1',
    ref: { tool: 'jira', workspace: 'acme.atlassian.net', kind: 'issue', id: 'MKT-1' },
    title: 'Launch',
    dates: {},
    labels: [],
    url: 'https://acme.atlassian.net/browse/MKT-1?x=forged',
    seenAt: '2099-01-01T00:00:00.000Z',
  };
  it('take key, ref and URL from the tab and seenAt from the background clock', async () => {
    const now = Date.parse('2026-05-01T10:00:00.000Z');
    const out = await snapshotFromSender(snap, { tabUrl: JIRA, fromExtensionPage: true }, { now: () => now, customHosts: async () => ({}) });
    expect(out.seenAt).toBe('2026-05-01T10:00:00.000Z');
    expect(out.url).toBe(JIRA);
    expect(out.key).toBe(snap.key);
  });
  it('refuse a snapshot of another item than the tab shows', async () => {
    await expect(snapshotFromSender(snap, { tabUrl: 'https://acme.atlassian.net/browse/PAY-9', fromExtensionPage: true }, { customHosts: async () => ({}) })).rejects.toThrow(/refused a snapshot/);
  });
});

describe('the micro-detector', () => {
  it('asks only where the URL names an item (self-hosted domains are tried, the background decides)', () => {
    expect(namesItem(JIRA, 'acme.atlassian.net')).toBe(true);
    expect(namesItem('https://acme.atlassian.net/jira/software/projects/MKT/boards/1', 'acme.atlassian.net')).toBe(false);
    expect(namesItem('https://trello.com/b/Qw3rT5yU/board', 'trello.com')).toBe(false);
    expect(namesItem('https://jira.acme.corp/browse/OPS-4', 'jira.acme.corp')).toBe(true);
    expect(namesItem('https://b24.acme.corp/crm/deal/details/12/', 'b24.acme.corp')).toBe(true);
  });
});

describe('the panel frame channel', () => {
  function fakeWin() {
    const listeners: ((e: MessageEvent) => void)[] = [];
    const parent = {};
    const win = {
      parent,
      addEventListener: (_t: string, f: (e: MessageEvent) => void) => listeners.push(f),
      removeEventListener: (_t: string, f: (e: MessageEvent) => void) => listeners.splice(listeners.indexOf(f), 1),
    } as unknown as Window;
    const post = (data: unknown, source: unknown, port?: MessagePort) => [...listeners].forEach((l) => l({ data, source, ports: port ? [port] : [] } as unknown as MessageEvent));
    return { win, parent, post, listeners };
  }
  it('uses only the port whose secret the background confirms; forged ones are closed', async () => {
    const { win, parent, post } = fakeWin();
    const claim = vi.fn(async (s: string) => s === 'the-real-secret-0123456789');
    const link = waitForLink(win, claim);
    const forged = new MessageChannel();
    const closed = vi.spyOn(forged.port2, 'close');
    post({ type: 'liaison:connect', secret: 'guessed-secret-0123456789' }, parent, forged.port2);
    post({ type: 'liaison:connect', secret: 'the-real-secret-0123456789' }, {}, new MessageChannel().port2); // not from the parent window
    post({ type: 'liaison:connect', secret: 'the-real-secret-0123456789' }, parent); // no port
    const real = new MessageChannel();
    post({ type: 'liaison:connect', secret: 'the-real-secret-0123456789' }, parent, real.port2);
    const got = await link;
    expect(got.port).toBe(real.port2);
    expect(got.item).toBeUndefined(); // a bare yes: the frame asks the background for the tab's item
    expect(closed).toHaveBeenCalled();
    expect(claim.mock.calls.map((c) => c[0])).toEqual(['guessed-secret-0123456789', 'the-real-secret-0123456789']);
    forged.port1.close();
    real.port1.close();
  });
  it('the background\'s yes can carry the tab\'s item (no second round trip before the first render)', async () => {
    const { win, parent, post } = fakeWin();
    const item = { key: 'jira:acme.atlassian.net:issue:MKT-1', ref: { tool: 'jira' as const, workspace: 'acme.atlassian.net', kind: 'issue', id: 'MKT-1' }, url: JIRA };
    const link = waitForLink(win, async (s) => (s === 'the-real-secret-0123456789' ? { ok: true, item } : { ok: false }));
    const forged = new MessageChannel();
    post({ type: 'liaison:connect', secret: 'guessed-secret-0123456789' }, parent, forged.port2);
    const real = new MessageChannel();
    post({ type: 'liaison:connect', secret: 'the-real-secret-0123456789' }, parent, real.port2);
    const got = await link;
    expect(got.port).toBe(real.port2);
    expect(got.item).toEqual(item);
    forged.port1.close();
    real.port1.close();
  });
  it('the host accepts only size and escape requests from the frame', () => {
    expect(parseFrameMessage({ t: 'size', height: 412.4, key: 'k' })).toEqual({ t: 'size', height: 412, key: 'k' });
    expect(parseFrameMessage({ t: 'size', height: 1e9, key: 'k' })).toEqual({ t: 'size', height: 20000, key: 'k' });
    expect(parseFrameMessage({ t: 'size', height: 'x', key: 'k' })).toBeNull();
    expect(parseFrameMessage({ t: 'workspace', data: {} })).toBeNull();
    expect(parseFrameMessage(null)).toBeNull();
  });
});

describe('lazy schemas and hand-written REST checks', () => {
  it('a lazy schema is built on first use and then behaves as the schema, also inside another', () => {
    const build = vi.fn(() => z.object({ a: z.number() }).strict());
    const S = lazySchema(build);
    expect(build).not.toHaveBeenCalled();
    const Outer = z.object({ inner: S });
    expect(Outer.safeParse({ inner: { a: 1 } }).success).toBe(true);
    expect(Outer.safeParse({ inner: { a: 'x' } }).success).toBe(false);
    expect(S.parse({ a: 2 })).toEqual({ a: 2 });
    expect(build).toHaveBeenCalledTimes(1);
  });
  it('the Jira and Trello REST readers accept their real shapes and refuse a wrong type anywhere', () => {
    expect(parseRestIssue({ key: 'MKT-1', fields: { summary: 'S', duedate: null, labels: ['a'], status: { name: 'Done' }, assignee: null, other: 1 } })).toEqual({
      key: 'MKT-1',
      fields: { summary: 'S', duedate: undefined, labels: ['a'], status: 'Done', assignee: undefined },
      links: [],
    });
    expect(parseRestIssue({ key: 'MKT-1', fields: { labels: [1] } })).toBeNull();
    expect(parseRestIssue({ key: 'MKT-1', fields: { status: { name: 3 } } })).toBeNull();
    expect(parseRestIssue({ fields: {} })).toBeNull();
    expect(parseRestIssue('<html>')).toBeNull();
    expect(parseRestCard({ id: '1', shortLink: 'Kx7pQ2aB', name: 'Card', labels: [{ name: 'x' }, { name: null }], list: { name: 'Doing' } })?.labels).toEqual([{ name: 'x' }, { name: undefined }]);
    expect(parseRestCard({ id: '1', shortLink: 'Kx7pQ2aB', name: 'Card', labels: ['x'] })).toBeNull();
    expect(parseRestCard({ id: '1', shortLink: 'Kx7pQ2aB' })).toBeNull();
  });
});

describe('page-side scripts', () => {
  it('one host script per registered adapter, named by its id (one registration adds a host)', () => {
    expect(registeredAdapters(process.cwd()).map((a) => a.id)).toEqual(ADAPTERS.map((a) => a.id));
  });
  it('the detector fits 8 KB and every host script 60 KB, with no zod, React, polyfill or WXT', async () => {
    const files = await buildPageScripts(process.cwd(), 'chrome');
    const detector = files.find((f) => f.relativeDest === 'content-scripts/detector.js')!;
    expect(Buffer.byteLength(detector.contents)).toBeLessThanOrEqual(DETECTOR_BUDGET);
    expect(files.filter((f) => f.relativeDest.startsWith('hosts/'))).toHaveLength(ADAPTERS.length);
    for (const f of files) {
      expect(Buffer.byteLength(f.contents)).toBeLessThanOrEqual(HOST_BUDGET);
      expect(f.contents).not.toMatch(/zod|react\.|__REACT|webextension-polyfill/i);
    }
    // Host scripts carry V8's compile-all hint as their first line (it counts only there); the detector does not.
    for (const f of files) expect(f.contents.startsWith(`${EAGER_COMPILE_HINT}\n`), f.relativeDest).toBe(f.relativeDest.startsWith('hosts/'));
  }, 60_000);
});
