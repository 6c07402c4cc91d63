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
  //    and a forged state, messages to the window. The panel stays, connected to the real item.
  await page.evaluate((key) => {
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
    for (let i = 0; i < window.frames.length; i++) {
      const ch = new MessageChannel();
      window.frames[i]!.postMessage({ type: 'liaison:connect', secret: 'f'.repeat(48) }, '*', [ch.port2]);
      ch.port1.postMessage(forged);
      window.frames[i]!.postMessage(forged, '*');
    }
    window.postMessage(forged, '*');
    ev('liaison:remove', {});
  }, KEY);
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

test('the page does not get the store: data messages from a content script context are refused', async ({ ext }) => {
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
        return {
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
});
