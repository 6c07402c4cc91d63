// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createController, type Controller, type PanelState } from '@/lib/runtime/controller';
import { parseItemUrl } from '@/lib/core/item-ref';
import type { HostAdapter, MountSpec } from '@/lib/adapters/types';
import { snapshotFromState } from '@/lib/runtime/snapshot';

/** A tiny adapter over a test page: the item is in the URL, its title in <h1 id="t">, mount after it. */
const adapter: HostAdapter = {
  id: 'test',
  tool: 'jira',
  testUrls: [],
  matchesHost: () => true,
  detect: ({ url }) => parseItemUrl(url),
  read: ({ doc }) => {
    const h = doc.getElementById('t');
    return h ? { title: h.textContent ?? '', dates: {}, labels: [], fields: {} } : null;
  },
  mountPoint: ({ doc }) => {
    const h = doc.getElementById('t');
    return h ? { anchor: h, append: 'after' } : null;
  },
  theme: () => 'light',
};

/** The browser's own popstate (trusted): the watcher ignores a page script's synthetic ones. */
function go(path: string) {
  window.history.pushState({}, '', path);
  const ev = new PopStateEvent('popstate');
  Object.defineProperty(ev, 'isTrusted', { value: true });
  window.dispatchEvent(ev);
}

describe('content-script controller', () => {
  let c: Controller;
  let mounts: { spec: MountSpec | null; state: PanelState; host: HTMLElement; removed: boolean }[];
  let updates: PanelState[];
  let seen: PanelState[];
  let logs: string[];

  beforeEach(() => {
    vi.useFakeTimers();
    (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL('https://acme.atlassian.net/jira/software/projects/MKT/boards/1');
    document.body.replaceChildren();
    mounts = [];
    updates = [];
    seen = [];
    logs = [];
    c = createController({
      win: window,
      adapter,
      customHosts: () => ({}),
      graceMs: 1000,
      log: (m) => logs.push(m),
      mount: async (spec, state) => {
        const host = document.createElement('liaison-panel');
        host.setAttribute('data-liaison-item', state.itemKey);
        if (spec) spec.anchor.after(host);
        else document.body.append(host);
        const m = { spec, state, host, removed: false };
        mounts.push(m);
        return { host, remove: () => ((m.removed = true), host.remove()) };
      },
      update: (_ui, state) => updates.push(state),
      seen: (state) => seen.push(state),
    });
  });
  afterEach(() => {
    c.stop();
    vi.useRealTimers();
  });

  const live = () => mounts.filter((m) => !m.removed);

  it('does nothing on a board with no item open: no panel, no observer', async () => {
    c.checkNow();
    await vi.runAllTimersAsync();
    expect(live()).toHaveLength(0);
    expect(c.watcher.observing).toBe(false);
  });

  it('a page script\'s synthetic popstate (untrusted) is ignored; the browser\'s own is followed', async () => {
    const h = document.createElement('h1');
    h.id = 't';
    h.textContent = 'Launch spring campaign';
    document.body.append(h);
    window.history.pushState({}, '', '/browse/MKT-1');
    const forged = new PopStateEvent('popstate');
    Object.defineProperty(forged, 'isTrusted', { value: false }); // as a browser marks a page script's event
    window.dispatchEvent(forged);
    await vi.advanceTimersByTimeAsync(200);
    expect(live()).toHaveLength(0);
    go('/browse/MKT-1');
    await vi.advanceTimersByTimeAsync(50);
    expect(live()).toHaveLength(1);
  });

  it('mounts one panel next to the open item and follows navigation to another item and away', async () => {
    const h = document.createElement('h1');
    h.id = 't';
    h.textContent = 'Launch spring campaign';
    document.body.append(h);
    go('/browse/MKT-1');
    await vi.advanceTimersByTimeAsync(50);
    expect(live()).toHaveLength(1);
    expect(live()[0]!.state.itemKey).toBe('jira:acme.atlassian.net:issue:MKT-1');
    expect(live()[0]!.spec?.anchor).toBe(h);
    expect(c.watcher.observing).toBe(true);
    expect(seen.at(-1)?.reading?.title).toBe('Launch spring campaign');

    h.textContent = 'Payment form rework';
    go('/browse/PROD-7');
    await vi.advanceTimersByTimeAsync(50);
    expect(live()).toHaveLength(1);
    expect(live()[0]!.state.itemKey).toBe('jira:acme.atlassian.net:issue:PROD-7');
    expect(document.querySelectorAll('liaison-panel')).toHaveLength(1);

    go('/jira/software/projects/MKT/boards/1');
    await vi.advanceTimersByTimeAsync(50);
    expect(live()).toHaveLength(0);
    expect(document.querySelectorAll('liaison-panel')).toHaveLength(0);
    expect(c.watcher.observing).toBe(false);
  });

  it('waits for a late render, then mounts inline without a floating detour', async () => {
    go('/browse/MKT-1');
    await vi.advanceTimersByTimeAsync(300);
    expect(live()).toHaveLength(0);
    const h = document.createElement('h1');
    h.id = 't';
    h.textContent = 'Late title';
    document.body.append(h);
    await vi.advanceTimersByTimeAsync(200);
    expect(live()).toHaveLength(1);
    expect(live()[0]!.spec).not.toBeNull();
    expect(logs).toHaveLength(0);
  });

  it('floats with one diagnostic when the layout is not recognised', async () => {
    const other = document.createElement('div');
    other.textContent = 'a redesigned page';
    document.body.append(other);
    go('/browse/MKT-9');
    await vi.advanceTimersByTimeAsync(1200);
    expect(live()).toHaveLength(1);
    expect(live()[0]!.spec).toBeNull();
    expect(live()[0]!.state.floating).toBe(true);
    expect(live()[0]!.state.reading).toBeNull();
    // More churn: still one panel, still one diagnostic.
    for (let i = 0; i < 5; i++) {
      document.body.append(document.createElement('span'));
      await vi.advanceTimersByTimeAsync(200);
    }
    expect(live()).toHaveLength(1);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain('not recognised');
    expect(other.textContent).toBe('a redesigned page');
  });

  it('remounts when the host re-renders and removes our panel', async () => {
    const wrap = document.createElement('div');
    const h = document.createElement('h1');
    h.id = 't';
    h.textContent = 'T';
    wrap.append(h);
    document.body.append(wrap);
    go('/browse/MKT-1');
    await vi.advanceTimersByTimeAsync(50);
    expect(live()).toHaveLength(1);
    live()[0]!.host.remove();
    await vi.advanceTimersByTimeAsync(700);
    expect(document.querySelectorAll('liaison-panel')).toHaveLength(1);
  });

  it('updates (not remounts) when a field changes', async () => {
    const h = document.createElement('h1');
    h.id = 't';
    h.textContent = 'Old';
    document.body.append(h);
    go('/browse/MKT-1');
    await vi.advanceTimersByTimeAsync(50);
    h.textContent = 'New title';
    await vi.advanceTimersByTimeAsync(700);
    expect(mounts).toHaveLength(1);
    expect(updates.at(-1)?.reading?.title).toBe('New title');
  });

  it('the toggle command hides and shows the panel', async () => {
    const h = document.createElement('h1');
    h.id = 't';
    document.body.append(h);
    go('/browse/MKT-1');
    await vi.advanceTimersByTimeAsync(50);
    c.toggleHidden();
    expect(live()[0]!.host.style.display).toBe('none');
    c.toggleHidden();
    expect(live()[0]!.host.style.display).toBe('');
  });
});

describe('content-script controller with an item root', () => {
  it('ignores DOM churn outside the open item view, and still follows changes inside it', async () => {
    vi.useFakeTimers();
    (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL('https://acme.atlassian.net/jira/software/projects/PAY/boards/12');
    document.body.replaceChildren();
    const board = document.createElement('div');
    const modal = document.createElement('div');
    const h = document.createElement('h1');
    h.id = 't';
    h.textContent = 'Payment form rework';
    modal.append(h);
    document.body.append(board, modal);
    let reads = 0;
    const updates: PanelState[] = [];
    const c = createController({
      win: window,
      adapter: { ...adapter, read: (ctx, ref) => (reads++, adapter.read(ctx, ref)), itemRoot: () => modal },
      customHosts: () => ({}),
      mount: async (spec) => {
        const host = document.createElement('liaison-panel');
        spec!.anchor.after(host);
        return { host, remove: () => host.remove() };
      },
      update: (_ui, state) => updates.push(state),
      seen: () => undefined,
    });
    go('/jira/software/projects/PAY/boards/12?selectedIssue=PAY-88');
    await vi.advanceTimersByTimeAsync(700);
    const before = reads;
    for (let i = 0; i < 50; i++) {
      board.append(document.createElement('div'));
      await vi.advanceTimersByTimeAsync(20);
    }
    await vi.advanceTimersByTimeAsync(700);
    expect(reads).toBe(before);
    h.textContent = 'Payment form rework v2';
    await vi.advanceTimersByTimeAsync(700);
    expect(updates.at(-1)?.reading?.title).toBe('Payment form rework v2');
    c.stop();
    vi.useRealTimers();
  });
});

describe('REST fallback for fields the DOM lacks', () => {
  /** A page at `url` whose only content is the item's title heading (the test adapter's <h1 id="t">). */
  const itemPage = (url: string, title: string): HTMLElement => {
    (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(url);
    document.body.replaceChildren();
    const h = document.createElement('h1');
    h.id = 't';
    h.textContent = title;
    document.body.append(h);
    return h;
  };

  it('asks the host API once per item and fills only what the DOM did not show', async () => {
    vi.useFakeTimers();
    const h = itemPage('https://acme.atlassian.net/browse/MKT-1', 'From the DOM');
    const fetchMissing = vi.fn(async () => ({ title: 'From the API', status: 'In Review', dates: { due: '2026-05-15' } }));
    const states: PanelState[] = [];
    const c = createController({
      win: window,
      adapter: { ...adapter, fetchMissing },
      customHosts: () => ({}),
      mount: async (spec, state) => {
        states.push(state);
        const host = document.createElement('liaison-panel');
        spec!.anchor.after(host);
        return { host, remove: () => host.remove() };
      },
      update: (_ui, state) => states.push(state),
      seen: () => undefined,
    });
    c.checkNow();
    await vi.advanceTimersByTimeAsync(500);
    for (let i = 0; i < 5; i++) {
      h.append(document.createTextNode(''));
      await vi.advanceTimersByTimeAsync(200);
    }
    expect(fetchMissing).toHaveBeenCalledTimes(1);
    const last = states.at(-1)!.reading!;
    expect(last.title).toBe('From the DOM');
    expect(last.status).toBe('In Review');
    expect(last.dates.due).toBe('2026-05-15');
    c.stop();
    vi.useRealTimers();
  });

  it('places the panel before it asks the host API, and still asks when placing fails', async () => {
    itemPage('https://acme.atlassian.net/browse/MKT-2', 'Partner webinar');
    const order: string[] = [];
    const fetchMissing = vi.fn(async () => {
      order.push('fetch');
      return {};
    });
    let fail = false;
    const make = () =>
      createController({
        win: window,
        adapter: { ...adapter, fetchMissing },
        customHosts: () => ({}),
        log: () => undefined,
        mount: (spec) => {
          order.push('mount');
          if (fail) throw new Error('the anchor went away');
          const host = document.createElement('liaison-panel');
          spec!.anchor.after(host);
          return Promise.resolve({ host, remove: () => host.remove() });
        },
        update: () => undefined,
        seen: () => undefined,
      });
    const first = make();
    first.checkNow();
    expect(order).toEqual(['mount', 'fetch']);
    first.stop();
    document.querySelectorAll('liaison-panel').forEach((e) => e.remove());

    order.length = 0;
    fail = true;
    const second = make();
    expect(() => second.checkNow()).toThrow('the anchor went away');
    expect(order).toEqual(['mount', 'fetch']);
    second.stop();
  });
});

describe('snapshotFromState', () => {
  it('builds a valid snapshot and drops what does not parse', () => {
    const ref = parseItemUrl('https://acme.atlassian.net/browse/MKT-1')!;
    const snap = snapshotFromState(
      {
        itemKey: 'jira:acme.atlassian.net:issue:MKT-1',
        ref,
        url: 'https://acme.atlassian.net/browse/MKT-1',
        reading: { title: '  <img src=x onerror=alert(1)>  ', status: 'In Progress', dates: { due: '2026-05-15', launch: 'not a date' }, labels: ['campaign'], fields: {} },
        floating: false,
        theme: 'light',
      },
      { now: new Date('2026-05-01T10:00:00Z') },
    );
    expect(snap).not.toBeNull();
    expect(snap!.title).toBe('<img src=x onerror=alert(1)>');
    expect(snap!.dates).toEqual({ due: '2026-05-15' });
    expect(snap!.seenAt).toBe('2026-05-01T10:00:00.000Z');
    // Labelled campaign, but the description has no brief: all 8 fields but the native deadline missing.
    expect(snap!.brief).toMatchObject({ templateId: 'marketing-brief', total: 8, present: 1 });
    expect(snap!.brief!.missing).toContain('metrics');
  });

  it('records no brief on an item that is not one', () => {
    const ref = parseItemUrl('https://acme.atlassian.net/browse/MKT-2')!;
    const snap = snapshotFromState({
      itemKey: 'jira:acme.atlassian.net:issue:MKT-2',
      ref,
      url: 'https://acme.atlassian.net/browse/MKT-2',
      reading: { title: 'Fix the footer', description: 'The footer overlaps on mobile.', dates: {}, labels: ['bug'], fields: {} },
      floating: false,
      theme: 'light',
    });
    expect(snap?.brief).toBeUndefined();
  });
});

describe('the page is read once per change, not once more for our own panel', () => {
  afterEach(() => vi.useRealTimers());
  it('mounting reads the page once; inserting our own panel is no change; a change of the item view is read', async () => {
    vi.useFakeTimers();
    (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL('https://acme.atlassian.net/browse/MKT-7');
    document.body.replaceChildren();
    const h1 = document.createElement('h1');
    h1.id = 't';
    h1.textContent = 'Launch';
    document.body.append(h1);
    let reads = 0;
    const counting: HostAdapter = { ...adapter, read: (ctx, ref) => (reads++, adapter.read(ctx, ref)) };
    const ours = new WeakSet<Node>();
    const updates: PanelState[] = [];
    const c = createController({
      win: window,
      adapter: counting,
      customHosts: () => ({}),
      graceMs: 1000,
      log: () => undefined,
      isOwn: (n) => ours.has(n),
      mount: async (spec, state) => {
        const host = document.createElement('liaison-panel');
        ours.add(host);
        host.setAttribute('data-liaison-item', state.itemKey);
        spec!.anchor.after(host);
        return { host, remove: () => host.remove() };
      },
      update: (_ui, state) => updates.push(state),
      seen: () => undefined,
    });
    try {
      c.checkNow();
      await vi.runAllTimersAsync();
      expect(document.querySelectorAll('liaison-panel')).toHaveLength(1);
      expect(reads).toBe(1);
      h1.textContent = 'Launch, moved';
      h1.append(document.createElement('span'));
      await vi.runAllTimersAsync();
      expect(reads).toBe(2);
      expect(updates.at(-1)?.reading?.title).toBe('Launch, moved');
    } finally {
      c.stop();
    }
  });
});
