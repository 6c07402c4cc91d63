/**
 * Single-page navigation and manners on host pages, in real Chromium: the panel follows the item the
 * host shows when the host changes its URL with the history API and swaps its DOM (Jira's issue modal,
 * Trello's card back, Notion's peek), goes away when the item closes and comes back with
 * back/forward; it never shows one item's URL with another item's content; typing in the panel never
 * reaches the host's keyboard shortcuts; mounting never moves the host's focus; the toggle command
 * hides and shows it.
 */
import type { Page } from 'playwright-core';
import { test, expect, type Ext } from './harness';
import { expectOnePanel } from './host-pages';

/** Keep a copy of an element as the host rendered it (before any content script ran), to re-render it later. */
async function keepTemplate(page: Page, name: string, selector: string): Promise<void> {
  await page.addInitScript(
    ([n, sel]) => {
      document.addEventListener(
        'DOMContentLoaded',
        () => {
          const w = window as unknown as { __tpl: Record<string, string> };
          w.__tpl = w.__tpl ?? {};
          w.__tpl[n] = document.querySelector(sel)?.outerHTML ?? '';
        },
        { once: true },
      );
    },
    [name, selector] as const,
  );
}

/**
 * What the host does on navigation: history.pushState to `url`, then (after `delayMs`, as a host
 * rendering asynchronously would) replace or remove the element `selector` — with the kept template,
 * its `from` text replaced by `to` everywhere and the element matched by `titleSel` retitled.
 */
async function hostNavigates(
  page: Page,
  opts: { url: string; selector: string; template?: string; from?: string; to?: string; titleSel?: string; title?: string; delayMs?: number; parentSel?: string },
): Promise<void> {
  await page.evaluate(async (o) => {
    history.pushState({}, '', o.url);
    if (o.delayMs) await new Promise((r) => setTimeout(r, o.delayMs));
    const old = document.querySelector(o.selector);
    if (!o.template) {
      old?.remove();
      return;
    }
    const html = (window as unknown as { __tpl: Record<string, string> }).__tpl[o.template]!;
    const tpl = document.createElement('template');
    tpl.innerHTML = o.from && o.to ? html.split(o.from).join(o.to) : html;
    const fresh = tpl.content.firstElementChild!;
    if (o.titleSel && o.title !== undefined) {
      const t = fresh.querySelector(o.titleSel);
      if (t) t.textContent = o.title;
    }
    if (old) old.replaceWith(fresh);
    else document.querySelector(o.parentSel ?? 'body')!.append(fresh);
  }, opts);
}

/**
 * Sample the panel for `ms`: which item each panel frame claims to render and which title it shows
 * (read inside the extension frames; the host element's shadow root is closed).
 */
async function samplePanel(page: Page, ms: number): Promise<{ item: string | null; title: string }[]> {
  const out: { item: string | null; title: string }[] = [];
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    for (const f of page.frames()) {
      if (f.isDetached() || !/\/panel-frame\.html/.test(f.url())) continue;
      const s = await f
        .evaluate(() => {
          const root = document.querySelector('[data-liaison-panel-root]');
          return root ? { item: root.getAttribute('data-liaison-panel-root'), title: root.querySelector('[data-liaison-title]')?.textContent ?? '' } : null;
        })
        .catch(() => null);
      if (s) out.push(s);
    }
    await page.waitForTimeout(20);
  }
  return out;
}

const JIRA_MODAL = '[data-testid="issue.views.issue-details.issue-modal.modal-dialog"]';
const JIRA_SUMMARY = 'h1[data-testid="issue.views.issue-base.foundation.summary.heading"]';
const BOARD = 'https://acme.atlassian.net/jira/software/projects/PAY/boards/12';

test('Jira board: the panel follows the issue modal from PAY-88 to PAY-90, leaves with it, and returns with back/forward', async ({ ext }) => {
  test.setTimeout(120_000);
  const page = await ext.context.newPage();
  await keepTemplate(page, 'modal', JIRA_MODAL);
  await ext.openItem(`${BOARD}?selectedIssue=PAY-88`, 'jira/board-modal-en.html', page);
  await expectOnePanel(ext, page, 'jira:acme.atlassian.net:issue:PAY-88');
  const titleA = ((await page.locator(JIRA_SUMMARY).first().textContent()) ?? '').trim();
  expect(titleA).not.toBe('');
  await expect((await ext.inPanel(page)).locator('[data-liaison-title]')).toContainText(titleA);

  await test.step('A → B: the URL changes first, the modal re-renders 400 ms later', async () => {
    const sampling = samplePanel(page, 900);
    await hostNavigates(page, {
      url: '/jira/software/projects/PAY/boards/12?selectedIssue=PAY-90',
      selector: JIRA_MODAL,
      template: 'modal',
      from: 'PAY-88',
      to: 'PAY-90',
      titleSel: JIRA_SUMMARY,
      title: 'Refund flow v2',
      delayMs: 400,
    });
    const samples = await sampling;
    // Never the new key over the old issue's content, never two panels.
    expect(samples.filter((s) => s.item?.endsWith(':PAY-90') && s.title.includes(titleA))).toEqual([]);
    await expectOnePanel(ext, page, 'jira:acme.atlassian.net:issue:PAY-90');
    await expect((await ext.inPanel(page)).locator('[data-liaison-title]')).toContainText('Refund flow v2');
    expect(await ext.panel(page).evaluate((el, sel) => !!el.closest(sel), JIRA_MODAL)).toBe(true);
  });

  await test.step('B → none: the modal closes and the URL drops selectedIssue', async () => {
    await hostNavigates(page, { url: '/jira/software/projects/PAY/boards/12', selector: JIRA_MODAL });
    await expect(ext.panel(page)).toHaveCount(0);
    // The board with no issue open stays free of our panel (no late floating fallback).
    await page.waitForTimeout(3000);
    await expect(ext.panel(page)).toHaveCount(0);
  });

  await test.step('back → PAY-90 again (popstate), the host re-renders the modal', async () => {
    await page.goBack();
    expect(page.url()).toContain('selectedIssue=PAY-90');
    await page.evaluate(
      ({ sel, summary }) => {
        const html = (window as unknown as { __tpl: Record<string, string> }).__tpl.modal!.split('PAY-88').join('PAY-90');
        const tpl = document.createElement('template');
        tpl.innerHTML = html;
        const fresh = tpl.content.firstElementChild!;
        fresh.querySelector(summary)!.textContent = 'Refund flow v2';
        document.body.append(fresh);
        void sel;
      },
      { sel: JIRA_MODAL, summary: JIRA_SUMMARY },
    );
    await expectOnePanel(ext, page, 'jira:acme.atlassian.net:issue:PAY-90');
  });
  await ext.screenshot(page, 'navigation-jira-pay-90');
});

test('Trello: closing the card back removes the panel; opening it again brings it back', async ({ ext }) => {
  test.setTimeout(120_000);
  const page = await ext.context.newPage();
  const DIALOG = '[role="dialog"][data-testid="card-back-name"]';
  await keepTemplate(page, 'card', DIALOG);
  const card = 'https://trello.com/c/Kx7pQ2aB/42-spring-campaign-best-seo-course';
  await ext.openItem(card, 'trello/card-en.html', page);
  await expectOnePanel(ext, page, 'trello:trello.com:card:Kx7pQ2aB');
  const parentSel = await page.evaluate((sel) => {
    const parent = document.querySelector(sel)!.parentElement!;
    parent.setAttribute('data-test-card-layer', '');
    return '[data-test-card-layer]';
  }, DIALOG);

  await test.step('close', async () => {
    await hostNavigates(page, { url: '/b/Qw3rT5yU/marketing-launches', selector: DIALOG });
    await expect(ext.panel(page)).toHaveCount(0);
  });
  await test.step('open again', async () => {
    await hostNavigates(page, { url: '/c/Kx7pQ2aB/42-spring-campaign-best-seo-course', selector: DIALOG, template: 'card', parentSel, delayMs: 150 });
    await expectOnePanel(ext, page, 'trello:trello.com:card:Kx7pQ2aB');
    expect(await ext.panel(page).evaluate((el, sel) => !!el.closest(sel), DIALOG)).toBe(true);
  });
  await test.step('another card: the panel follows to its key and title', async () => {
    await hostNavigates(page, {
      url: '/c/Mn5bV7cX/43-landing-copy',
      selector: DIALOG,
      template: 'card',
      from: 'Kx7pQ2aB',
      to: 'Mn5bV7cX',
      parentSel,
      delayMs: 150,
    });
    await expectOnePanel(ext, page, 'trello:trello.com:card:Mn5bV7cX');
  });
});

test('Notion: closing the peek removes the panel; peeking the page again brings it back', async ({ ext }) => {
  test.setTimeout(120_000);
  const page = await ext.context.newPage();
  const PEEK = '.notion-peek-renderer';
  await keepTemplate(page, 'peek', PEEK);
  const db = 'https://www.notion.so/acme/0a1b2c3d4e5f60718293a4b5c6d7e8f9?v=11223344556677889900aabbccddeeff';
  const pageId = '3f1c2a9b7d4e4f60a1b2c3d4e5f60718';
  await ext.openItem(`${db}&p=${pageId}&pm=c`, 'notion/peek-over-database.html', page);
  await expectOnePanel(ext, page, `notion:notion.so:page:${pageId}`);

  await test.step('close the peek', async () => {
    await hostNavigates(page, { url: db, selector: PEEK });
    await expect(ext.panel(page)).toHaveCount(0);
    await page.waitForTimeout(3000);
    await expect(ext.panel(page)).toHaveCount(0);
  });
  await test.step('peek again', async () => {
    await hostNavigates(page, { url: `${db}&p=${pageId}&pm=c`, selector: PEEK, template: 'peek', parentSel: '.notion-overlay-container', delayMs: 150 });
    await expectOnePanel(ext, page, `notion:notion.so:page:${pageId}`);
    expect(await ext.panel(page).evaluate((el) => !!el.closest('.notion-peek-renderer'))).toBe(true);
  });
});

test('typing in the panel never reaches the host page\'s keyboard shortcuts', async ({ ext }) => {
  test.setTimeout(120_000);
  const pages: [string, string, string][] = [
    ['https://acme.atlassian.net/browse/MKT-142', 'jira/issue-browse-en.html', 'jira:acme.atlassian.net:issue:MKT-142'],
    ['https://trello.com/c/Kx7pQ2aB/42-spring-campaign-best-seo-course', 'trello/card-en.html', 'trello:trello.com:card:Kx7pQ2aB'],
    ['https://www.notion.so/acme/Spring-campaign-best-SEO-course-3f1c2a9b7d4e4f60a1b2c3d4e5f60718', 'notion/page-en.html', 'notion:notion.so:page:3f1c2a9b7d4e4f60a1b2c3d4e5f60718'],
  ];
  for (const [url, fixture, key] of pages) {
    await test.step(fixture, async () => {
      const page = await ext.openItem(url, fixture);
      await expectOnePanel(ext, page, key);
      // The host's shortcut handlers: bubbling listeners on document and window, as Jira and Trello use.
      await page.evaluate(() => {
        const w = window as unknown as { __hostKeys: string[] };
        w.__hostKeys = [];
        for (const t of [document, window] as EventTarget[]) {
          for (const type of ['keydown', 'keypress', 'keyup']) t.addEventListener(type, (e) => w.__hostKeys.push(`${type}:${(e as KeyboardEvent).key}`));
        }
      });
      const notes = (await ext.inPanel(page)).locator('.lz-section-notes');
      await notes.getByRole('button', { name: 'Add a note' }).click();
      const box = notes.locator('textarea');
      await box.click();
      await box.pressSequentially('c j k ? / e');
      await expect(box).toHaveValue('c j k ? / e');
      await box.press('Escape'); // closes our form, not the host's dialog
      expect(await page.evaluate(() => (window as unknown as { __hostKeys: string[] }).__hostKeys)).toEqual([]);
      // Control: the same keys typed on the page itself do reach the host.
      await page.evaluate(() => {
        (document.activeElement as HTMLElement | null)?.blur();
        window.focus();
      });
      await page.keyboard.press('c');
      expect(await page.evaluate(() => (window as unknown as { __hostKeys: string[] }).__hostKeys)).toContain('keydown:c');
      await page.close();
    });
  }
});

test('mounting the panel never takes focus from the host page, also after an in-page navigation', async ({ ext }) => {
  test.setTimeout(120_000);
  const cases: [string, string, string, string][] = [
    ['https://acme.atlassian.net/browse/MKT-142', 'jira/issue-browse-en.html', 'jira:acme.atlassian.net:issue:MKT-142', 'input[placeholder="Search"]'],
    ['https://trello.com/c/Kx7pQ2aB/42-spring-campaign-best-seo-course', 'trello/card-en.html', 'trello:trello.com:card:Kx7pQ2aB', '[data-testid="card-back-title-input"]'],
    ['https://www.notion.so/acme/Spring-campaign-best-SEO-course-3f1c2a9b7d4e4f60a1b2c3d4e5f60718', 'notion/page-en.html', 'notion:notion.so:page:3f1c2a9b7d4e4f60a1b2c3d4e5f60718', 'body'],
    ['https://app.hubspot.com/contacts/4471234/record/0-1/90112233', 'hubspot/contact.html', 'hubspot:4471234:contact:90112233', 'input[aria-label="Search HubSpot"]'],
  ];
  for (const [url, fixture, key, focusSel] of cases) {
    await test.step(fixture, async () => {
      const page = await ext.context.newPage();
      // The host focuses its own control as soon as its DOM is ready (before our content script runs).
      await page.addInitScript((sel) => {
        document.addEventListener('DOMContentLoaded', () => (document.querySelector(sel) as HTMLElement | null)?.focus(), { once: true });
      }, focusSel);
      await ext.openItem(url, fixture, page);
      await expectOnePanel(ext, page, key);
      await page.waitForTimeout(300);
      const focus = await page.evaluate((sel) => {
        const expected = sel === 'body' ? document.body : document.querySelector(sel);
        const panel = document.querySelector('[data-liaison-panel]');
        return { same: document.activeElement === expected, active: document.activeElement?.tagName, inShadow: panel?.shadowRoot?.activeElement?.tagName ?? null };
      }, focusSel);
      expect(focus).toEqual({ same: true, active: expect.any(String), inShadow: null });
      await page.close();
    });
  }
  await test.step('Jira board: the modal switches issue while the host search box has focus', async () => {
    const page = await ext.context.newPage();
    await keepTemplate(page, 'modal', JIRA_MODAL);
    await ext.openItem(`${BOARD}?selectedIssue=PAY-88`, 'jira/board-modal-en.html', page);
    await expectOnePanel(ext, page, 'jira:acme.atlassian.net:issue:PAY-88');
    await page.locator('input').first().focus();
    const before = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
    await hostNavigates(page, { url: '/jira/software/projects/PAY/boards/12?selectedIssue=PAY-90', selector: JIRA_MODAL, template: 'modal', from: 'PAY-88', to: 'PAY-90' });
    await expectOnePanel(ext, page, 'jira:acme.atlassian.net:issue:PAY-90');
    expect(await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))).toBe(before);
  });
});

async function sendToggle(ext: Ext, url: string): Promise<void> {
  await ext.inWorker(async (u) => {
    const c = (globalThis as unknown as { chrome: { tabs: { query(q: unknown): Promise<{ id?: number; url?: string }[]>; sendMessage(id: number, m: unknown): Promise<unknown> } } }).chrome;
    const tabs = await c.tabs.query({});
    const tab = tabs.find((t) => t.url === u);
    if (tab?.id === undefined) throw new Error(`no tab at ${u}`);
    await c.tabs.sendMessage(tab.id, { id: Math.floor(Math.random() * 1e9), type: 'panel:toggle', timestamp: Date.now() }).catch(() => undefined);
  }, url);
}

test('the toggle command hides and shows the panel, inline and floating', async ({ ext }) => {
  test.setTimeout(120_000);
  for (const [url, fixture] of [
    ['https://acme.atlassian.net/browse/MKT-142', 'jira/issue-browse-en.html'],
    ['https://acme.atlassian.net/browse/MKT-160', 'jira/issue-layout-changed.html'],
  ] as const) {
    await test.step(fixture, async () => {
      const page = await ext.openItem(url, fixture);
      const panel = ext.panel(page);
      await expect((await ext.inPanel(page)).locator('.lz-root')).toBeVisible({ timeout: 10_000 });
      await sendToggle(ext, url);
      await expect(panel).toBeHidden();
      await expect(panel).toHaveCount(1);
      await sendToggle(ext, url);
      await expect((await ext.inPanel(page)).locator('.lz-root')).toBeVisible();
      await page.close();
    });
  }
});
