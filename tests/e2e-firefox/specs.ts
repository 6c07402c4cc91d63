/**
 * What must work in Firefox as it does in Chromium, checked in real Firefox with the built add-on:
 * the manifest Firefox loaded, a panel on one item of every host, the popup and options pages, a
 * storage round trip, a change in one tab reaching another, single-page navigation, and a
 * self-hosted Jira domain added in the options getting its panel once its origin is granted, and
 * the team workspace (a second Firefox, a local CouchDB-protocol server, both connected in the options).
 * The checks share one browser and one profile and run in this order.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { ElementHandle, Page } from 'puppeteer-core';
import { pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { parseFixtureTable, type FixtureRow } from '../e2e/fixture-table';
import { FIXTURES, FirefoxExt, ROOT, UUID, expectPanel, findPanel, panelClick, panelCount, panelElement, panelText, until, type PanelRef } from './ff';

export interface Spec {
  name: string;
  timeoutMs?: number;
  run(ext: FirefoxExt): Promise<void>;
}

const ROWS = parseFixtureTable(readFileSync(join(FIXTURES, 'README.md'), 'utf8'));
function row(fixture: string): FixtureRow & { key: string } {
  const r = ROWS.find((x) => x.fixture === fixture);
  if (!r?.key) throw new Error(`${fixture} is not an item in tests/fixtures/README.md`);
  return r as FixtureRow & { key: string };
}

/** One item of every host (tests/fixtures/README.md gives its real URL and key). */
const ONE_PER_HOST = [
  'jira/issue-browse-en.html',
  'trello/card-en.html',
  'notion/page-en.html',
  'hubspot/contact.html',
  'salesforce/lead.html',
  'pipedrive/deal.html',
  'amocrm/lead-ru.html',
  'bitrix24/deal-en.html',
].map(row);
/** Record kinds that carry a lead: the checklist and the first-contact clock apply. */
const LEAD_LIKE = new Set(['lead', 'contact', 'deal', 'person', 'opportunity']);
const SLA_STATES = ['on-track', 'at-risk', 'breached', 'met', 'paused'];

const JIRA = row('jira/issue-browse-en.html');
const NOTION = row('notion/page-en.html');
const TRELLO = row('trello/card-en.html');
const SELF_HOSTED = row('jira/dc-issue-custom-host.html');
const SELF_HOSTED_B24 = row('bitrix24/company-en.html');

async function closeAll(pages: Page[]): Promise<void> {
  await Promise.all(pages.map((p) => p.close().catch(() => undefined)));
}

/** Add a note through the panel's own form, as a user would. */
async function addNote(p: PanelRef, text: string): Promise<void> {
  await p.frame.page().bringToFront(); // a user types in the tab in front
  // The panel opens collapsed to its verdict line: open it first, as a person would.
  const toggle = await panelElement(p, '.lz-toggle');
  if ((await toggle.evaluate((el) => el.getAttribute('aria-expanded'))) === 'false') await toggle.click();
  await until('the expanded panel', async () => ((await toggle.evaluate((el) => el.getAttribute('aria-expanded'))) === 'true' ? true : null));
  await panelClick(p, '.lz-section-notes button', 'Add a note');
  const box = await until('the note form', () => panelElement(p, '.lz-section-notes textarea'));
  await box.type(text);
  await panelClick(p, '.lz-section-notes button[type="submit"]', 'Add note');
}

const noteTexts = (p: PanelRef) => p.root.evaluate((r) => [...r!.querySelectorAll('.lz-section-notes .lz-note-text')].map((n) => n.textContent ?? ''));

export const SPECS: Spec[] = [
  {
    name: "the harness sees our errors in Firefox's console (background and extension pages)",
    async run(ext) {
      const marker = `harness probe ${Date.now()}`;
      const from = ext.log.length;
      await ext.inExtension(async (m) => {
        const b = (globalThis as unknown as { browser: { runtime: { getBackgroundPage(): Promise<Window & typeof globalThis> } } }).browser;
        const bg = await b.runtime.getBackgroundPage();
        bg.console.error(`[liaison] ${m} (background)`);
        bg.setTimeout(() => {
          throw new Error(`${m} (thrown)`);
        }, 0);
      }, marker);
      const seen = await until('the probes in the log', () => {
        const e = ext.errorsSince(from).filter((l) => l.includes(marker));
        return e.length >= 2 ? e : null;
      });
      assert.equal(seen.length, 2, seen.join('\n'));
      ext.expectError(marker);
    },
  },
  {
    name: 'Firefox loads the MV3 manifest: optional origins declared, minimum version 140, only our hosts required',
    async run(ext) {
      const m = await ext.inExtension(() => (globalThis as unknown as { browser: { runtime: { getManifest(): Record<string, unknown> } } }).browser.runtime.getManifest(), null);
      assert.equal(m.manifest_version, 3);
      assert.deepEqual(m.optional_host_permissions, ['https://*/*', 'http://*/*']);
      const gecko = (m.browser_specific_settings as { gecko: { strict_min_version: string } }).gecko;
      assert.equal(gecko.strict_min_version, '140.0');
      const hosts = m.host_permissions as string[];
      assert.ok(hosts.includes('https://*.atlassian.net/*'));
      assert.ok(!hosts.some((h) => h === '<all_urls>' || h === 'https://*/*' || h === '*://*/*'), 'no host permission for every site');
      // Required host permissions are granted at install: the content script runs on every host.
      const granted = await ext.inExtension(
        (origins) => (globalThis as unknown as { browser: { permissions: { contains(p: unknown): Promise<boolean> } } }).browser.permissions.contains({ origins }),
        hosts,
      );
      assert.equal(granted, true, 'the required host permissions are granted');
    },
  },
  {
    name: 'a panel on one item of every host (Jira, Trello, Notion, HubSpot, Salesforce, Pipedrive, amoCRM, Bitrix24)',
    timeoutMs: 45_000,
    async run(ext) {
      const written = await ext.message<{ written: number }>('workspace:load-sample', {});
      assert.ok(written.written > 10, `the sample workspace was written (${written.written})`);
      const pages = await Promise.all(ONE_PER_HOST.map((r) => ext.openItem(r.url, r.fixture)));
      try {
        for (const [i, r] of ONE_PER_HOST.entries()) {
          const page = pages[i]!;
          const p = await expectPanel(page, r.key);
          assert.equal(p.floating, null, `${r.fixture}: the panel sits in the host's layout`);
          assert.equal(await panelCount(p, '[data-liaison-unrecognised]'), 0, `${r.fixture}: the layout is recognised`);
          const kind = r.key.split(':')[2]!;
          if (r.host !== 'jira' && r.host !== 'trello' && r.host !== 'notion' && LEAD_LIKE.has(kind)) {
            await until(`${r.fixture}: the lead checklist`, async () => (await panelCount(p, '[data-liaison-criterion] input[type="checkbox"]')) === 5);
            const state = await p.root.evaluate((root) => root!.querySelector('[data-liaison-sla="lead-first-contact"]')?.getAttribute('data-state') ?? null);
            assert.ok(state && SLA_STATES.includes(state), `${r.fixture}: first-contact SLA state ${state}`);
          }
        }
        // The campaign shows the sample's KPIs and the title Jira shows.
        const jira = await expectPanel(pages[0]!, JIRA.key);
        const summary = (await pages[0]!.evaluate(() => document.querySelector('h1[data-testid="issue.views.issue-base.foundation.summary.heading"]')?.textContent ?? '')).trim();
        assert.ok(summary && (await panelText(jira, '[data-liaison-title]'))?.includes(summary), `the panel's title is Jira's "${summary}"`);
        await until('the campaign KPIs', async () => (await panelCount(jira, '[data-liaison-kpi]')) >= 3);
        assert.match((await panelText(jira, '[data-liaison-kpi="cac"]')) ?? '', /CAC|acquisition/i);
      } finally {
        await closeAll(pages);
      }
    },
  },
  {
    name: 'the popup and the options page render the workspace',
    async run(ext) {
      const popup = await ext.openExtensionPage('popup.html');
      const options = await ext.openExtensionPage('options.html#teams');
      try {
        const read = (page: Page) =>
          page.evaluate(() => ({
            h1: document.querySelector('h1')?.textContent ?? '',
            lang: document.documentElement.lang,
            loading: [...document.querySelectorAll('[role="status"]')].some((s) => /Loading/.test(s.textContent ?? '')),
            text: document.querySelector('main')?.textContent ?? '',
            links: [...document.querySelectorAll('nav a')].map((a) => (a as HTMLAnchorElement).href),
          }));
        const pop = await until('the popup inbox', async () => {
          const r = await read(popup);
          if (!(r.h1 && !r.loading && r.text.length > 40)) throw new Error(JSON.stringify(r).slice(0, 300));
          return r;
        });
        assert.equal(pop.h1, 'What needs you');
        assert.equal(pop.lang, 'en');
        assert.ok(pop.links.includes(`moz-extension://${UUID}/calendar.html`), `the popup links to the calendar: ${pop.links.join(', ')}`);
        const opt = await until('the options page', async () => {
          const r = await read(options);
          return r.h1 && !r.loading && (await options.$('#teams tr[data-row="marketing"]')) ? r : null;
        });
        assert.equal(opt.h1, 'Liaison settings');
        assert.match(opt.text, /Self-hosted Jira and Bitrix24/);
      } finally {
        await closeAll([popup, options]);
      }
    },
  },
  {
    name: 'storage round trip: a note added in the panel is stored and is there after a reload',
    async run(ext) {
      const text = `Firefox round trip ${Date.now()}`;
      const page = await ext.openItem(NOTION.url, NOTION.fixture);
      try {
        await addNote(await expectPanel(page, NOTION.key), text);
        await until('the note in the panel', async () => (await noteTexts((await findPanel(page))!)).includes(text));
        const stored = await until('the note in storage.local', async () => {
          const all = await ext.getStorage('local');
          return Object.entries(all).find(([k, v]) => (k.startsWith('doc:itemMeta:') || k.startsWith('op:')) && JSON.stringify(v).includes(text))?.[0];
        });
        assert.match(stored, /itemMeta|op:/);
        await page.reload({ waitUntil: 'load' });
        await until('the note after a reload', async () => {
          const p = await findPanel(page);
          return p && p.item === NOTION.key && (await noteTexts(p)).includes(text);
        });
      } finally {
        await page.close();
      }
    },
  },
  {
    name: 'a note added in one tab shows in another tab on the same card without a reload',
    async run(ext) {
      const text = `Seen across tabs ${Date.now()}`;
      const a = await ext.openItem(TRELLO.url, TRELLO.fixture);
      const b = await ext.openItem(TRELLO.url, TRELLO.fixture);
      try {
        const pb = await expectPanel(b, TRELLO.key);
        assert.ok(!(await noteTexts(pb)).includes(text));
        await addNote(await expectPanel(a, TRELLO.key), text);
        await until('the note in the other tab', async () => (await noteTexts((await findPanel(b))!)).includes(text), 10_000);
        assert.equal(await b.evaluate(() => performance.getEntriesByType('navigation').length), 1, 'the other tab was not reloaded');
      } finally {
        await closeAll([a, b]);
      }
    },
  },
  {
    name: 'Jira board: the panel follows the issue modal from PAY-88 to PAY-90 (history API), leaves with it, returns on back',
    async run(ext) {
      const board = 'https://acme.atlassian.net/jira/software/projects/PAY/boards/12';
      const page = await ext.newPage();
      try {
        // The host's modal as it first rendered, to re-render it for another issue later (as Jira does).
        await page.evaluateOnNewDocument((sel) => {
          document.addEventListener('DOMContentLoaded', () => ((window as unknown as { __tpl: string }).__tpl = document.querySelector(sel)?.outerHTML ?? ''), { once: true });
        }, JIRA_MODAL);
        await ext.openItem(`${board}?selectedIssue=PAY-88`, 'jira/board-modal-en.html', page);
        await expectPanel(page, 'jira:acme.atlassian.net:issue:PAY-88');

        // A → B: the URL changes first, the modal re-renders 300 ms later.
        await hostNavigates(page, `${board}?selectedIssue=PAY-90`, { from: 'PAY-88', to: 'PAY-90', title: 'Refund flow v2', delayMs: 300 });
        const b = await expectPanel(page, 'jira:acme.atlassian.net:issue:PAY-90');
        await until('the title of PAY-90', async () => (await panelText(b, '[data-liaison-title]'))?.includes('Refund flow v2'));
        assert.equal(await page.evaluate((sel) => !!document.querySelector(sel)?.querySelector('[data-liaison-panel]'), JIRA_MODAL), true, 'the panel sits in the modal');

        // B → none: the modal closes and the URL drops selectedIssue.
        await hostNavigates(page, board, { remove: true });
        await until('no panel on the board', async () => (await findPanel(page)) === null);
        await new Promise((r) => setTimeout(r, GRACE_MS));
        assert.equal(await findPanel(page), null, 'no late floating panel on the board');

        // Back: popstate to PAY-90, the host renders the modal again.
        await page.evaluate(() => history.back());
        await until('the URL of PAY-90 again', () => page.evaluate(() => location.search.includes('PAY-90')));
        await hostNavigates(page, null, { from: 'PAY-88', to: 'PAY-90', title: 'Refund flow v2' });
        await expectPanel(page, 'jira:acme.atlassian.net:issue:PAY-90');
      } finally {
        await page.close();
      }
    },
  },
  {
    name: 'a self-hosted Jira, and a Bitrix24 box on its own port, added in the options (origin granted) get their panels',
    timeoutMs: 45_000,
    async run(ext) {
      const cases = [
        { tool: 'jira', url: SELF_HOSTED.url, fixture: SELF_HOSTED.fixture, key: SELF_HOSTED.key },
        // The same fixture row's page on a box that listens on :8443 (Firefox's pattern cannot name the port).
        { tool: 'bitrix24', url: SELF_HOSTED_B24.url.replace('crm.example.com', 'crm.example.com:8443'), fixture: SELF_HOSTED_B24.fixture, key: SELF_HOSTED_B24.key.replace('crm.example.com', 'crm.example.com:8443') },
      ];
      for (const c of cases) {
        const host = new URL(c.url).host;
        // Before: the domain is not ours, nothing runs there.
        const before = await ext.openItem(c.url, c.fixture);
        await new Promise((r) => setTimeout(r, 800));
        assert.equal(await findPanel(before), null, `no panel on ${host} before it is added`);
        await before.close();

        const options = await ext.openExtensionPage('options.html#hosts');
        try {
          await until('the hosts form', () => options.$('#hosts form #host-name'));
          await options.select('#host-tool', c.tool);
          await options.type('#host-name', host);
          await options.click('#hosts form button[type="submit"]');
          await until(`"Added ${host}"`, async () => {
            const s = await options.evaluate(() => [document.querySelector('#hosts [role="status"]')?.textContent ?? '', document.querySelector('#host-name-error')?.textContent ?? ''].join(' '));
            assert.doesNotMatch(s, /not granted|Cannot|error/i);
            return s.includes(`Added ${host}`);
          });
          const settings = JSON.stringify(await ext.getStorage('sync'));
          assert.ok(settings.includes(host), `${host} is saved in the settings`);
        } finally {
          await options.close();
        }
        // The background registers the content script for the granted origin; a new tab gets the panel.
        const page = await ext.openItem(c.url, c.fixture);
        try {
          const p = await expectPanel(page, c.key, 15_000);
          assert.equal(await panelCount(p, '[data-liaison-unrecognised]'), 0, `${c.fixture}: the layout is recognised`);
        } finally {
          await page.close();
        }
      }
    },
  },
  {
    name: 'a KPI source on a server that does not allow other origins works once its origin is allowed in the options; a redirect to an origin not granted is never requested',
    async run(ext) {
      // The redirect target (issue 16 point 6): reached as 127.0.0.1 (granted below) or as localhost (another origin, never granted).
      const targetHits: string[] = [];
      const target = createServer((req, res) => {
        targetHits.push(`${req.headers.host}${req.url}`);
        res.writeHead(200, { 'content-type': 'text/csv' }).end('date,CPL\n2026-05-01,29\n');
      });
      await new Promise<void>((ok) => target.listen(0, '127.0.0.1', ok));
      const targetPort = (target.address() as AddressInfo).port;
      const server = createServer((req, res) => {
        if (req.url === '/cpl.csv') res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' }).end('date,CPL\n2026-04-24,61\n2026-05-01,37\n');
        else if (req.url === '/to-localhost.csv') res.writeHead(302, { location: `http://localhost:${targetPort}/b.csv` }).end();
        else if (req.url === '/to-granted.csv') res.writeHead(302, { location: `http://127.0.0.1:${targetPort}/b.csv` }).end();
        else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      });
      await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const url = `${base}/cpl.csv`;
      const source = (u: string) => ({ id: 'ff-cpl', name: 'Cost per lead (Firefox)', unit: 'count', direction: 'lower', target: 50, ownerTeamIds: ['marketing'], source: { url: u, format: 'csv', valueField: 'CPL', dateField: 'date', refreshMinutes: 60 } });
      const pages: Page[] = [];
      try {
        const writer = await storePage(ext);
        pages.push(writer);
        await writer.evaluate(
          async (k, item) => {
            const s = (globalThis as W).lzStore!;
            await s.put('kpis', k);
            await s.put('kpiLinks', { id: 'ff-src-link', itemKey: item, kpiId: k.id, effect: 'decrease' });
          },
          source(url),
          JIRA.key,
        );
        const host = await ext.openItem(JIRA.url, JIRA.fixture);
        pages.push(host);
        const kpiRow = async () => panelText(await expectPanel(host, JIRA.key), '[data-liaison-kpi="ff-cpl"]');
        // No permission yet and no CORS: a clear error that says where to allow it.
        await until('the permission error in the panel', async () => (await kpiRow())?.includes('may not read http://127.0.0.1'), 20_000);

        const options = await ext.openExtensionPage('options.html#kpis');
        pages.push(options);
        const allow = await until('the allow button', () => options.$('#kpis button[aria-label="Allow access to the source of “Cost per lead (Firefox)”"]'));
        await allow.click();
        await until('access allowed', () => options.evaluate(() => document.querySelector('#kpis')?.textContent?.includes('source access allowed')));
        // Firefox matches no request with a pattern that names a port: the grant is for the host.
        const origins = await ext.inExtension(async () => (await (globalThis as unknown as { browser: { permissions: { getAll(): Promise<{ origins: string[] }> } } }).browser.permissions.getAll()).origins, null);
        assert.ok(origins.includes('http://127.0.0.1/*'), `granted: ${origins.join(', ')}`);

        const r = await ext.message<{ latest?: { value: number }; error?: unknown }>('kpi:refresh', { kpiId: 'ff-cpl' });
        assert.deepEqual([r.latest?.value, r.error], [37, undefined]);
        await until('the value in the panel', async () => {
          const t = await kpiRow();
          return t?.includes('37 / target 50') && !t.includes('Source problem');
        });

        // A redirect to localhost (not granted): Firefox refuses it before sending anything there.
        await writer.evaluate(async (k) => void (await (globalThis as W).lzStore!.put('kpis', k)), source(`${base}/to-localhost.csv`));
        const refused = await ext.message<{ latest?: { value: number }; error?: { code: string; message: string } }>('kpi:refresh', { kpiId: 'ff-cpl' });
        assert.equal(targetHits.length, 0, `the redirect target was never requested: ${targetHits.join(', ')}`);
        assert.equal(refused.error?.code, 'redirect');
        assert.match(refused.error?.message ?? '', /redirects to a site Liaison was not allowed to read/);
        // A redirect to a granted origin is followed.
        await writer.evaluate(async (k) => void (await (globalThis as W).lzStore!.put('kpis', k)), source(`${base}/to-granted.csv`));
        const followed = await ext.message<{ latest?: { value: number }; error?: unknown }>('kpi:refresh', { kpiId: 'ff-cpl' });
        assert.deepEqual([followed.latest?.value, followed.error], [29, undefined]);
        assert.ok(targetHits.length > 0 && targetHits.every((h) => h.startsWith('127.0.0.1:')), `target hits: ${targetHits.join(', ')}`);
      } finally {
        await closeAll(pages);
        for (const s of [server, target]) {
          s.closeAllConnections();
          await new Promise((ok) => s.close(ok));
        }
      }
    },
  },
];

// ───────────────────────────── writing through the store ─────────────────────────────

let bundle: Promise<string> | null = null;
/** lib/store as one script that defines globalThis.LZ = { createStore, deviceId } (as tests/e2e/store.spec.ts does). */
function storeBundle(): Promise<string> {
  bundle ??= build({
    stdin: { contents: "import { createStore, deviceId } from './lib/store'; (globalThis as any).LZ = { createStore, deviceId };", resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'firefox140',
    logLevel: 'error',
    alias: { '@': ROOT },
    define: { 'import.meta.env.BROWSER': '"firefox"', 'import.meta.env.MANIFEST_VERSION': '3' },
  }).then((r) => r.outputFiles[0]!.text);
  return bundle;
}
interface LzStore {
  ready(): Promise<void>;
  put(c: string, d: unknown): Promise<unknown>;
}
type W = typeof globalThis & { LZ: { createStore(o: { device: string }): LzStore; deviceId(): Promise<string> }; lzStore?: LzStore };

/** An extension page with the real store over Firefox's storage loaded as `window.lzStore`. */
async function storePage(ext: FirefoxExt): Promise<Page> {
  const page = await ext.openExtensionPage('popup.html');
  await page.evaluate(await storeBundle());
  await page.evaluate(async () => {
    const w = globalThis as W;
    w.lzStore = w.LZ.createStore({ device: await w.LZ.deviceId() });
    await w.lzStore.ready();
  });
  return page;
}

const JIRA_MODAL = '[data-testid="issue.views.issue-details.issue-modal.modal-dialog"]';
const JIRA_SUMMARY = 'h1[data-testid="issue.views.issue-base.foundation.summary.heading"]';
/** How long the runtime waits before the floating fallback (lib/runtime/controller.ts graceMs) plus a margin. */
const GRACE_MS = 2500;

/**
 * What Jira does on navigation: history.pushState to `url` (null: keep the URL), then after `delayMs`
 * remove the modal, or render it again from the kept template with `from` replaced by `to` and a new summary.
 */
async function hostNavigates(page: Page, url: string | null, o: { remove?: boolean; from?: string; to?: string; title?: string; delayMs?: number }): Promise<void> {
  await page.evaluate(
    async (u, opts, modalSel, summarySel) => {
      if (u) history.pushState({}, '', u);
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      const old = document.querySelector(modalSel);
      if (opts.remove) {
        old?.remove();
        return;
      }
      const tpl = document.createElement('template');
      const html = (window as unknown as { __tpl: string }).__tpl;
      tpl.innerHTML = opts.from && opts.to ? html.split(opts.from).join(opts.to) : html;
      const fresh = tpl.content.firstElementChild!;
      const summary = fresh.querySelector(summarySel);
      if (summary && opts.title) summary.textContent = opts.title;
      if (old) old.replaceWith(fresh);
      else document.body.append(fresh);
    },
    url,
    o,
    JIRA_MODAL,
    JIRA_SUMMARY,
  );
}

// ───────────────────────────── the team workspace in Firefox ─────────────────────────────

const IVAN = { name: 'ivan', password: 'ivan-sales-pass' }; // sales rep, this profile (the sample workspace)
const MARIA = { name: 'maria', password: 'maria-mkt-pass' }; // marketer, a second Firefox with a fresh profile

/** The engine's server modules, loaded at run time from the repository (never bundled). */
const syncServer = () => import(pathToFileURL(join(ROOT, 'tests/sync-server/server.mjs')).href) as Promise<typeof import('../sync-server/server.mjs')>;
const workspaceSetup = () => import(pathToFileURL(join(ROOT, 'server/workspace.mjs')).href) as Promise<typeof import('../../server/workspace.mjs')>;

/** An input of the options page by its visible label (inside the Team workspace section). */
async function teamField(page: Page, label: string) {
  const h = await page.evaluateHandle((l) => {
    const lab = [...document.querySelectorAll('#team label')].find((x) => x.textContent?.trim() === l) as HTMLLabelElement | undefined;
    return lab ? document.getElementById(lab.htmlFor) : null;
  }, label);
  const el = h.asElement() as ElementHandle<HTMLInputElement> | null;
  if (!el) throw new Error(`no field "${label}" in the Team workspace section`);
  return el;
}

async function teamButton(page: Page, text: string) {
  const h = await page.evaluateHandle((t) => [...document.querySelectorAll('#team button')].find((b) => b.textContent?.trim() === t) ?? null, text);
  return h.asElement() as ElementHandle<HTMLButtonElement> | null;
}

/** The sync state the options page shows: its data attribute and its words. */
const teamState = (page: Page) => page.evaluate(() => {
  const s = document.querySelector('#team [data-team-state]');
  return s ? { state: s.getAttribute('data-team-state'), text: s.textContent ?? '' } : null;
});

/**
 * Connect through the options page's Team workspace section as a person does: type the server,
 * database, name and password, click Connect (the origin permission is requested in that click),
 * merge when the browser already has data, and wait until the section says Synced.
 */
async function connectInOptions(ext: FirefoxExt, url: string, db: string, m: { name: string; password: string }): Promise<Page> {
  const options = await ext.openExtensionPage('options.html#team');
  await until('the Team workspace form', () => options.$('#team form'), 15_000);
  for (const [label, value] of [['Server address', url], ['Workspace database', db], ['User name', m.name], ['Password', m.password]] as const) {
    const f = await teamField(options, label);
    await f.click({ count: 3 });
    await f.type(value);
  }
  await (await teamButton(options, 'Connect'))!.click();
  await until(
    'connected, or the merge preview',
    async () => {
      const alert = await options.evaluate(() => document.querySelector('#team [role="alert"], #team .error')?.textContent ?? '');
      assert.equal(alert, '', `the Team workspace section shows an error`);
      const merge = await teamButton(options, 'Merge and connect');
      if (merge) {
        await merge.click();
        return false;
      }
      return (await teamState(options))?.state === 'idle';
    },
    25_000,
    200,
  );
  assert.match((await teamState(options))!.text, /Synced/);
  return options;
}

SPECS.push({
  name: 'team workspace: two Firefox profiles connected in the options (local CouchDB-protocol server) see each other\'s note live; PouchDB on IndexedDB in the background',
  timeoutMs: 60_000,
  async run(ext) {
    const { startTestServer, createUser } = await syncServer();
    const server = await startTestServer();
    let maria: FirefoxExt | null = null;
    const pages: Page[] = [];
    try {
      const db = 'acme-workspace';
      for (const m of [IVAN, MARIA]) await createUser(server, m.name, m.password);
      await (await workspaceSetup()).setupWorkspace({ url: server.url, db, admin: server.admin.user, password: server.admin.pass, members: [IVAN.name, MARIA.name], log: () => undefined });
      const marias = FirefoxExt.launch(ext.launchOptions); // starts while Ivan connects

      // Ivan's profile holds the sample workspace (loaded again here, so the check also runs alone): connecting merges it in.
      await ext.message('workspace:load-sample', {});
      pages.push(await connectInOptions(ext, server.url, db, IVAN));
      maria = await marias;
      pages.push(await connectInOptions(maria, server.url, db, MARIA));

      // The replica really lives in PouchDB's IndexedDB adapter inside the background.
      const idb = await ext.inExtension(async () => {
        const b = (globalThis as unknown as { browser: { runtime: { getBackgroundPage(): Promise<Window & typeof globalThis> } } }).browser;
        const bg = await b.runtime.getBackgroundPage();
        const dbs = (await bg.indexedDB.databases()).filter((d) => d.name?.includes('liaison-team-'));
        return Promise.all(
          dbs.map(
            (d) =>
              new Promise<{ name: string; stores: string[]; docs: number }>((ok, ko) => {
                const req = bg.indexedDB.open(d.name!);
                req.onerror = () => ko(req.error);
                req.onsuccess = () => {
                  const conn = req.result;
                  const stores = [...conn.objectStoreNames];
                  if (!stores.includes('docs')) {
                    conn.close();
                    return ok({ name: d.name!, stores, docs: -1 });
                  }
                  const count = conn.transaction('docs').objectStore('docs').count();
                  count.onsuccess = () => {
                    conn.close();
                    ok({ name: d.name!, stores, docs: count.result });
                  };
                  count.onerror = () => ko(count.error);
                };
              }),
          ),
        );
      }, null);
      assert.ok(idb.length >= 1, `a replica database in the background's IndexedDB: ${JSON.stringify(idb)}`);
      // pouchdb-adapter-indexeddb keeps "docs" and "meta" (the older idb adapter: "document-store", "by-sequence").
      for (const d of idb) assert.deepEqual([...d.stores].sort(), ['docs', 'meta'], JSON.stringify(idb));
      assert.ok(idb.some((d) => d.docs > 10), `the sample's documents are in the replica: ${JSON.stringify(idb)}`);

      // Both panels on the same campaign; Maria's shows the sample's data that came from the server.
      const ivanPage = await ext.openItem(JIRA.url, JIRA.fixture);
      pages.push(ivanPage);
      const mariaPage = await maria.openItem(JIRA.url, JIRA.fixture);
      const mariaPanel = await expectPanel(mariaPage, JIRA.key, 15_000);
      await until('the sample workspace in Maria\'s panel', async () => (await panelCount(mariaPanel, '[data-liaison-kpi]')) >= 3, 15_000);
      const sync = await until('the sync indicator in Maria\'s panel', () => mariaPanel.root.evaluate((r) => r!.querySelector('[data-liaison-sync]')?.getAttribute('data-liaison-sync') ?? null));
      assert.equal(sync, 'idle');

      const text = `Firefox team note ${Date.now()}`;
      assert.ok(!(await noteTexts(mariaPanel)).includes(text));
      await addNote(await expectPanel(ivanPage, JIRA.key), text);
      await until('Ivan\'s note in Maria\'s panel, without a reload', async () => (await noteTexts((await findPanel(mariaPage))!)).includes(text), 15_000);
      assert.equal(await mariaPage.evaluate(() => performance.getEntriesByType('navigation').length), 1, 'Maria\'s tab was not reloaded');

      // The options page keeps showing the status: synced, with the workspace and when.
      const status = await until('Synced in Ivan\'s options', async () => {
        const s = await teamState(pages[0]!);
        return s?.state === 'idle' ? pages[0]!.evaluate(() => document.querySelector('#team')?.textContent ?? '') : null;
      });
      assert.match(status, /Synced/);
      assert.match(status, /acme-workspace/);
      const mariaErrors = maria.errorsSince(0);
      assert.deepEqual(mariaErrors, [], 'errors from Liaison in Maria\'s Firefox');
    } finally {
      await closeAll(pages);
      await maria?.close();
      await server.stop();
    }
  },
});
