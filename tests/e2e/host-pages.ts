/**
 * Helpers shared by the host-page e2e specs (trackers, CRMs, navigation): the fixture table
 * (tests/fixtures/README.md: fixture → real URL → expected key), what the panel shows, and
 * checks that the host page itself was left alone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { FIXTURES, type Ext } from './ext';
import { expect } from './harness';

export interface FixtureRow {
  /** Path under tests/fixtures, e.g. 'jira/board-modal-en.html'. */
  fixture: string;
  host: string;
  url: string;
  /** Expected item key; null on pages with no item open. */
  key: string | null;
  /** The README marks it "(read null)": the URL names an item but the layout is not recognised. */
  layoutChanged: boolean;
  /** A self-hosted domain the user adds in the options (needs a granted origin permission). */
  customHost: boolean;
}

export function fixtureRows(): FixtureRow[] {
  const md = readFileSync(join(FIXTURES, 'README.md'), 'utf8');
  const rows: FixtureRow[] = [];
  for (const line of md.split('\n')) {
    if (!line.startsWith('| ') || line.startsWith('| fixture') || line.startsWith('|---')) continue;
    const cells = line.split('|').map((c) => c.trim());
    const [fixtureCell, url, keyCell] = [cells[1] ?? '', cells[2] ?? '', cells[3] ?? ''];
    const fixture = fixtureCell.split(' ')[0] ?? '';
    if (!fixture.endsWith('.html') || !/^https:\/\//.test(url)) continue;
    const key = keyCell === '-' ? null : (keyCell.split(' ')[0] ?? null);
    rows.push({
      fixture,
      host: fixture.split('/')[0] ?? '',
      url,
      key,
      layoutChanged: /\(read null\)/.test(keyCell),
      customHost: /custom host|self-hosted/.test(fixtureCell),
    });
  }
  return rows;
}

export function rowsFor(hosts: readonly string[]): FixtureRow[] {
  const rows = fixtureRows().filter((r) => hosts.includes(r.host));
  if (rows.length === 0) throw new Error(`no fixtures listed for ${hosts.join(', ')}`);
  return rows;
}

export interface PanelInfo {
  item: string | null;
  floating: boolean;
  theme: string | null;
  unrecognised: boolean;
  text: string;
}

/** Every panel host in the page (there must be at most one), with what its shadow root shows. */
export async function panelsIn(page: Page): Promise<PanelInfo[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-liaison-panel]')].map((p) => ({
      item: p.getAttribute('data-liaison-item'),
      floating: p.hasAttribute('data-liaison-floating'),
      theme: p.shadowRoot?.querySelector('.lz-root')?.getAttribute('data-theme') ?? null,
      unrecognised: !!p.shadowRoot?.querySelector('[data-liaison-unrecognised]'),
      text: p.shadowRoot?.textContent ?? '',
    })),
  );
}

/** Exactly one panel keyed to `key`, rendered (its body loaded) and visible. */
export async function expectOnePanel(ext: Ext, page: Page, key: string): Promise<void> {
  const panel = ext.panel(page);
  await expect(panel).toHaveCount(1);
  await expect(panel).toHaveAttribute('data-liaison-item', key);
  const inside = await ext.inPanel(page, { key });
  await expect(inside.locator('.lz-root')).toBeVisible();
  await expect(inside.locator('[data-liaison-title]')).toBeVisible();
}

/**
 * Remember the page's own DOM as parsed (before any content script ran), so a test can show
 * that Liaison added its one host element and changed nothing else. Call before goto.
 */
export async function recordHostDom(page: Page): Promise<void> {
  await page.addInitScript(() => {
    document.addEventListener(
      'DOMContentLoaded',
      () => {
        (window as unknown as { __hostDom: string }).__hostDom = document.documentElement.outerHTML;
      },
      { once: true },
    );
  });
}

/** The page's DOM now, without our panel host, next to the DOM recorded at DOMContentLoaded. */
export async function hostDomNowAndThen(page: Page): Promise<{ now: string; then: string }> {
  return page.evaluate(() => {
    const clone = document.documentElement.cloneNode(true) as HTMLElement;
    for (const el of clone.querySelectorAll('[data-liaison-panel]')) el.remove();
    return { now: clone.outerHTML, then: (window as unknown as { __hostDom?: string }).__hostDom ?? '(not recorded)' };
  });
}

/** Fail on any JS dialog (alert from an injected <img onerror>, a confirm, ...). */
export function failOnDialogs(page: Page, seen: string[]): void {
  page.on('dialog', (d) => {
    seen.push(`${d.type()}: ${d.message()}`);
    void d.dismiss().catch(() => undefined);
  });
}

/** Open several fixtures at once (one tab each); resolves when every page has loaded. */
export async function openAll(ext: Ext, rows: readonly FixtureRow[], before?: (page: Page) => Promise<void>): Promise<Page[]> {
  return Promise.all(
    rows.map(async (r) => {
      ext.serve(r.url, r.fixture);
      const p = await ext.context.newPage();
      if (before) await before(p);
      await p.goto(r.url);
      return p;
    }),
  );
}

/** How long the runtime waits before the floating fallback (lib/runtime/controller.ts graceMs) plus a margin. */
export const GRACE_MS = 2500;
