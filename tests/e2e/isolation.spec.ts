/**
 * The panel is closed to the host page (issue 16.2, issue 17.3): a script of the page can neither read
 * what the panel shows or what the user types into it, nor click it, nor remove or rewire it with
 * forged events or messages. Each check would fail if its protection were removed: an open shadow
 * root (the page reads the text), the panel rendered in the page instead of an extension frame (the
 * page reads and clicks it), a frame that trusted the host window's postMessage (the forged state
 * shows), a teardown on WXT's replayable start-up event (the panel disappears).
 */
import { test, expect } from './harness';

const URL_ = 'https://acme.atlassian.net/browse/MKT-142';
const KEY = 'jira:acme.atlassian.net:issue:MKT-142';

test('a page script cannot read, type into, click or remove the panel, nor feed it a forged state', async ({ ext }) => {
  test.setTimeout(90_000);
  await ext.loadSample();
  const page = await ext.openItem(URL_, 'jira/issue-browse-en.html');
  const host = ext.panel(page);
  await expect(host).toHaveAttribute('data-liaison-ready', KEY, { timeout: 15_000 });
  const frame = await ext.panelFrame(page, { key: KEY });
  const inside = frame.locator(':root');
  const title = ((await inside.locator('[data-liaison-title]').textContent()) ?? '').trim();
  expect(title.length).toBeGreaterThan(3);

  // 1. Reading: nothing of the panel is reachable from the page's DOM or its frames.
  const secret = `private note ${Math.random().toString(36).slice(2)}`;
  const notes = inside.locator('.lz-section-notes');
  await notes.getByRole('button', { name: 'Add a note' }).click();
  await notes.locator('textarea').fill(secret);
  const seen = await page.evaluate(
    ([s, t]) => {
      const el = document.querySelector('[data-liaison-panel]') as HTMLElement;
      const found: string[] = [];
      if (el.shadowRoot) found.push('open shadow root');
      const text = `${document.documentElement.innerText}\n${document.documentElement.outerHTML}\n${el.textContent ?? ''}`;
      if (text.includes(s)) found.push('typed text in the page DOM');
      if (text.includes('Add a note') || text.includes(t)) found.push('panel text in the page DOM');
      if (/chrome-extension:|moz-extension:/.test(document.documentElement.outerHTML)) found.push('extension URL in the page DOM');
      // Resource timing lists what a page's frames loaded: the panel's extension URL must not be there.
      for (const e of performance.getEntries()) if (/chrome-extension:|moz-extension:/.test(e.name)) found.push(`extension URL in performance entries: ${e.name}`);
      for (let i = 0; i < window.frames.length; i++) {
        try {
          const d = window.frames[i]!.document;
          if (d.documentElement.innerText.includes(s) || d.documentElement.innerText.includes('Add a note')) found.push(`frame ${i} readable`);
        } catch {
          // cross-origin: as it must be
        }
      }
      return found;
    },
    [secret, title] as const,
  );
  expect(seen).toEqual([]);

  // 2. Clicking: synthetic clicks at the panel's buttons do nothing.
  await notes.getByRole('button', { name: 'Cancel' }).click().catch(() => undefined);
  await expect(notes.locator('textarea')).toHaveCount(0);
  const btn = await notes.getByRole('button', { name: 'Add a note' }).boundingBox();
  const frameBox = await host.boundingBox();
  expect(btn && frameBox).toBeTruthy();
  await page.evaluate(
    ({ x, y }) => {
      const target = document.elementFromPoint(x, y) as HTMLElement;
      for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click']) {
        target.dispatchEvent(new MouseEvent(type, { bubbles: true, composed: true, clientX: x, clientY: y }));
      }
      target.click();
      (document.querySelector('[data-liaison-panel]') as HTMLElement).click();
    },
    { x: btn!.x + btn!.width / 2, y: btn!.y + btn!.height / 2 },
  );
  await page.waitForTimeout(300);
  await expect(notes.locator('textarea')).toHaveCount(0);

  // 3. Forged events and messages: WXT's start-up handshake replayed, forged connects with a port
  //    and a forged state, messages to the window. The page has no handle on the panel's window
  //    (an iframe inside a shadow tree is not in window.frames), so the test hands it one — as if
  //    the page had found it — to show the frame itself refuses them. The panel stays, connected
  //    to the real item.
  expect(await page.evaluate(() => window.frames.length)).toBe(0);
  const iframe = await frame.frameElement();
  await page.evaluate(
    ([key, el]) => {
      const ev = (type: string, detail: unknown) => {
        document.dispatchEvent(new CustomEvent(type, { detail }));
        window.dispatchEvent(new CustomEvent(type, { detail }));
      };
      for (const name of ['content', 'content-scripts/content', 'detector']) {
        ev('wxt:content-script-started', { contentScriptName: name, messageId: 'forged' });
        window.postMessage({ type: 'wxt:content-script-started', contentScriptName: name, messageId: 'forged' }, '*');
      }
      const forged = {
        t: 'state',
        state: { itemKey: key, ref: { tool: 'jira', workspace: 'acme.atlassian.net', kind: 'issue', id: 'MKT-142' }, url: location.href, reading: { title: 'FORGED TITLE', dates: {}, labels: [], fields: {} }, floating: true, theme: 'dark', lang: 'en', seen: true },
      };
      const win = (el as HTMLIFrameElement).contentWindow!;
      const ch = new MessageChannel();
      win.postMessage({ type: 'liaison:connect', secret: 'f'.repeat(48) }, '*', [ch.port2]);
      ch.port1.postMessage(forged);
      win.postMessage(forged, '*');
      window.postMessage(forged, '*');
      ev('liaison:remove', {});
    },
    [KEY, iframe] as const,
  );
  await page.waitForTimeout(1500);
  await expect(host).toHaveCount(1);
  await expect(host).toHaveAttribute('data-liaison-ready', KEY);
  await expect(inside.locator('[data-liaison-title]')).toHaveText(title);
  await expect(inside.locator('.lz-root')).not.toContainText('FORGED TITLE');
  await expect(inside.locator('.lz-root')).toHaveAttribute('data-theme', 'light');

  // 4. A page that pre-defines custom elements cannot have defined ours (its tag is random).
  const tag = await host.evaluate((el) => ({ tag: el.localName, defined: !!customElements.get(el.localName) }));
  expect(tag.tag).toMatch(/^x-[a-z]{10}-[a-z]{4}$/);
  expect(tag.defined).toBe(false);
});

test('the page does not get the store: data messages and storage are refused to a content script context', async ({ ext }) => {
  await ext.loadSample();
  // The detector's and host script's only messages are host:inject and panel:mount; a page that
  // compromised its renderer could send the rest — the background refuses them for content scripts.
  const page = await ext.openItem(URL_, 'jira/issue-browse-en.html');
  await expect(ext.panel(page)).toHaveAttribute('data-liaison-ready', KEY, { timeout: 15_000 });
  const tabUrl = page.url();
  const results = await ext.inWorker(async (u) => {
    // Run in the page's isolated world (where our scripts live) through scripting.executeScript.
    const c = (globalThis as unknown as { chrome: { tabs: { query(q: unknown): Promise<{ id?: number; url?: string }[]> }; scripting: { executeScript(o: unknown): Promise<{ result?: unknown }[]> } } }).chrome;
    const tab = (await c.tabs.query({})).find((t) => t.url === u);
    const [r] = await c.scripting.executeScript({
      target: { tabId: tab!.id },
      func: async () => {
        const rt = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ res?: unknown; err?: { message: string } }> } } }).chrome.runtime;
        const ask = async (type: string, data: unknown) => {
          const r = await rt.sendMessage({ id: 1, type, data, timestamp: Date.now() });
          return r?.err ? `refused: ${r.err.message}` : 'answered';
        };
        // storage.local and storage.sync are closed to content scripts (setAccessLevel TRUSTED_CONTEXTS).
        const storage = async (area: 'local' | 'sync') => {
          try {
            const st = (globalThis as unknown as { chrome: { storage: Record<string, { get(k: null): Promise<Record<string, unknown>> } | undefined> } }).chrome.storage[area];
            if (!st) return 'closed';
            const all = await st.get(null);
            return `readable (${Object.keys(all).length} keys)`;
          } catch {
            return 'closed';
          }
        };
        return {
          local: await storage('local'),
          sync: await storage('sync'),
          snapshots: await ask('items:snapshots', { keys: ['jira:acme.atlassian.net:issue:PAY-88'] }),
          audit: await ask('audit:doc', { doc: 'kpis:cpl' }),
          claim: await ask('panel:claim', { secret: 'x'.repeat(32) }),
          mount: await ask('panel:mount', {}),
        };
      },
    });
    return r?.result as Record<string, string>;
  }, tabUrl);
  expect(results.snapshots).toMatch(/^refused: .*only extension pages/);
  expect(results.audit).toMatch(/^refused/);
  expect(results.claim).toMatch(/^refused/);
  expect(results.mount).toBe('answered');
  expect(results.local).toBe('closed');
  expect(results.sync).toBe('closed');
});

test('a page that races the panel with forged connects and pre-defines likely tags gets neither the channel nor the shadow root', async ({ ext }) => {
  test.setTimeout(90_000);
  await ext.loadSample();
  const page = await ext.context.newPage();
  // Before any of our scripts: the page pre-defines the tags a predictable panel would use, records
  // every shadow root its own code can see, and gets ready to offer the panel's window forged
  // channels (a fresh port every 5 ms, each pushing a forged state) — ahead of the real one.
  await page.addInitScript(() => {
    const w = window as unknown as { __stolen: string[]; __offers: number };
    w.__stolen = [];
    w.__offers = 0;
    for (const tag of ['liaison-panel', 'liaison-root', 'liaison-host', 'x-liaison', 'liaison-ui', 'liaison-frame']) {
      customElements.define(
        tag,
        class extends HTMLElement {
          constructor() {
            super();
            w.__stolen.push(`${tag}: ${this.attachShadow({ mode: 'open' }) ? 'shadow root taken' : ''}`);
          }
        },
      );
    }
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init: ShadowRootInit) {
      const root = attach.call(this, init);
      if (this.hasAttribute('data-liaison-panel') || /liaison/i.test(this.localName)) w.__stolen.push(`attachShadow seen on ${this.localName}`);
      return root;
    };
    const forged = {
      t: 'state',
      state: { itemKey: 'jira:acme.atlassian.net:issue:MKT-142', ref: { tool: 'jira', workspace: 'acme.atlassian.net', kind: 'issue', id: 'MKT-142' }, url: location.href, reading: { title: 'FORGED EARLY', dates: {}, labels: [], fields: {} }, floating: true, theme: 'dark', lang: 'en', seen: true },
    };
    // Offer a window a forged channel every 5 ms for 8 s: a fresh port each time, pushing a forged state.
    (window as unknown as { __offer: (win: Window) => void }).__offer = (win) => {
      const timer = setInterval(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => w.__stolen.push('the panel frame talked to a forged port');
        try {
          win.postMessage({ type: 'liaison:connect', secret: 'f'.repeat(48) }, '*', [ch.port2]);
          w.__offers += 1;
        } catch {
          // the frame went away
        }
        for (const d of [0, 50, 200, 1000]) setTimeout(() => ch.port1.postMessage(forged), d);
      }, 5);
      setTimeout(() => clearInterval(timer), 8000);
    };
  });
  // The page has no handle on the panel's window (an iframe in a shadow tree is not in
  // window.frames); the test hands it one as soon as the frame is attached — before the real
  // channel is connected — as if the page had found it.
  page.on('frameattached', (f) => {
    if (f.parentFrame() !== page.mainFrame()) return;
    void f
      .frameElement()
      .then((el) => page.evaluate((e) => (window as unknown as { __offer: (win: Window) => void }).__offer((e as HTMLIFrameElement).contentWindow!), el))
      .catch(() => undefined);
  });
  await ext.openItem(URL_, 'jira/issue-browse-en.html', page);
  const host = ext.panel(page);
  await expect(host).toHaveAttribute('data-liaison-ready', KEY, { timeout: 15_000 });
  const frame = await ext.panelFrame(page, { key: KEY });
  const inside = frame.locator(':root');
  await page.waitForTimeout(2000);
  const seen = await page.evaluate(() => {
    const w = window as unknown as { __stolen: string[]; __offers: number };
    return { stolen: w.__stolen, offers: w.__offers };
  });
  expect(seen.offers).toBeGreaterThan(10); // the race really ran
  expect(seen.stolen).toEqual([]);
  await expect(inside.locator('.lz-root')).not.toContainText('FORGED EARLY');
  await expect(inside.locator('.lz-root')).toHaveAttribute('data-theme', 'light');
  const title = ((await inside.locator('[data-liaison-title]').textContent()) ?? '').trim();
  expect(title.length).toBeGreaterThan(3);
  expect(title).not.toBe('FORGED EARLY');
});
