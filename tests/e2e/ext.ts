/**
 * The browser side of the e2e harness (also used by the demo and the benchmarks).
 *
 * Loads the built extension (.output/chrome-mv3) into a persistent Chromium context with a
 * fresh profile, serves HTML fixtures at the host sites' real URLs through request routing
 * (nothing reaches the network), opens extension pages by the extension's id, reads and
 * writes extension storage, and collects errors from host pages: a test fails at teardown
 * when our code threw or logged an error inside a host page.
 *
 *   import { test, expect } from './harness';
 *   test('panel on a Jira issue', async ({ ext }) => {
 *     const page = await ext.openItem('https://acme.atlassian.net/browse/MKT-1', 'jira/issue-en.html');
 *     await expect(ext.panel(page)).toHaveAttribute('data-liaison-item', 'jira:acme.atlassian.net:issue:MKT-1');
 *   });
 */
import type { BrowserContext, Frame, Locator, Page, Worker } from 'playwright-core';
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error plain ESM helper without types
import { findChromium } from './chromium-path.mjs';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root: the nearest folder above this file (or its bundle in .cache/) with our package.json. */
export const ROOT = findRoot(here);
function findRoot(start: string): string {
  let dir = start;
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && /"name":\s*"liaison"/.test(readFileSync(pkg, 'utf8'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}
export const FIXTURES = join(ROOT, 'tests/fixtures');
/** The built extension (LIAISON_EXTENSION_DIR points the benchmarks at another build, e.g. an older one to compare). */
export const EXTENSION_DIR = process.env.LIAISON_EXTENSION_DIR ?? join(ROOT, '.output/chrome-mv3');
export const SCREENS = join(ROOT, 'test-results/screens');

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface LaunchOptions {
  locale?: 'en' | 'ru';
  colorScheme?: 'light' | 'dark';
  headless?: boolean;
  userDataDir?: string;
  viewport?: { width: number; height: number };
  /** An unpacked build other than .output/chrome-mv3 (the team tests load a copy; see team-harness.ts). */
  extensionDir?: string;
  /**
   * The panel opens collapsed to its verdict line (the product's default). Specs that read the panel's
   * sections start with it expanded on every host unless they ask for the default (panel: 'collapsed').
   */
  panel?: 'expanded' | 'collapsed';
}

/** The panel's per-host view preference (lib/panel/prefs.ts), expanded on every host. */
export const PANEL_EXPANDED_PREFS = {
  'panel:prefs': { v: 1, expanded: { jira: true, trello: true, notion: true, hubspot: true, salesforce: true, pipedrive: true, amocrm: true, bitrix24: true, clickup: true, asana: true, linear: true, monday: true }, keptDates: [] },
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

export class Ext {
  readonly errors: string[] = [];
  private routes = new Map<string, { body: string | Buffer; contentType: string; status: number }>();

  constructor(
    readonly context: BrowserContext,
    readonly extensionId: string,
    readonly worker: Worker,
    private readonly cleanupDir: string | null,
  ) {}

  static async launch(opts: LaunchOptions = {}): Promise<Ext> {
    const extensionDir = opts.extensionDir ?? EXTENSION_DIR;
    if (!existsSync(join(extensionDir, 'manifest.json'))) {
      throw new Error(`The extension is not built: ${extensionDir}/manifest.json is missing. Run "npm run build" first.`);
    }
    const locale = opts.locale ?? 'en';
    const dir = opts.userDataDir ?? mkdtempSync(join(tmpdir(), 'liaison-e2e-'));
    const context = await chromium.launchPersistentContext(dir, {
      executablePath: findChromium(),
      headless: opts.headless ?? true,
      locale: locale === 'ru' ? 'ru-RU' : 'en-US',
      colorScheme: opts.colorScheme ?? 'light',
      viewport: opts.viewport ?? { width: 1400, height: 900 },
      env: { ...process.env, LANGUAGE: locale, LANG: locale === 'ru' ? 'ru_RU.UTF-8' : 'en_US.UTF-8' },
      args: [...CHROMIUM_FLAGS, `--lang=${locale === 'ru' ? 'ru' : 'en-US'}`, `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`],
    });
    // On install Liaison opens its welcome page (issue 13): it stays open, as in a fresh profile. (Closing it
    // early left Chromium's extension renderer without its messages, and runtime.reload() without a worker.)
    let [worker] = context.serviceWorkers();
    if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 15_000 });
    const extensionId = new URL(worker.url()).host;
    const ext = new Ext(context, extensionId, worker, opts.userDataDir ? null : dir);
    await ext.installRouting();
    context.on('page', (p) => ext.watchPage(p));
    for (const p of context.pages()) ext.watchPage(p);
    if ((opts.panel ?? 'expanded') === 'expanded') await ext.setStorage('local', PANEL_EXPANDED_PREFS);
    return ext;
  }

  /** Every http(s) request is answered here: a registered fixture, or a 404 (never the network). */
  private async installRouting(): Promise<void> {
    await this.context.route(/^https?:\/\//, async (route) => {
      const req = route.request();
      const url = new URL(req.url());
      const hit = this.routes.get(url.origin + url.pathname + url.search) ?? this.routes.get(url.origin + url.pathname);
      if (hit) return route.fulfill({ status: hit.status, contentType: hit.contentType, body: hit.body });
      // Local test servers (KPI sources on 127.0.0.1) pass through.
      if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
      return route.fulfill({ status: 404, contentType: 'text/plain', body: 'not served in tests' });
    });
  }

  private watchPage(page: Page): void {
    page.on('pageerror', (err) => {
      if (page.url().startsWith('chrome-extension://') || /liaison|chrome-extension:\/\//i.test(`${err.message}\n${err.stack ?? ''}`)) {
        this.errors.push(`pageerror on ${page.url()}: ${err.message}`);
      }
    });
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const loc = msg.location().url ?? '';
      const text = msg.text();
      // Ours: an error from an extension page, from our content script, or tagged [liaison].
      if (page.url().startsWith('chrome-extension://') || loc.startsWith('chrome-extension://') || text.includes('[liaison]')) {
        if (/Failed to load resource/.test(text) && !page.url().startsWith('chrome-extension://')) return;
        this.errors.push(`console error on ${page.url()}: ${text}`);
      }
    });
  }

  /** Serve a fixture (path under tests/fixtures) or a literal body at an exact URL. */
  serve(url: string, fixtureOrBody: string, opts: { literal?: boolean; contentType?: string; status?: number } = {}): void {
    const u = new URL(url);
    const body = opts.literal ? fixtureOrBody : readFileSync(join(FIXTURES, fixtureOrBody));
    const contentType = opts.contentType ?? (opts.literal ? 'text/html; charset=utf-8' : CONTENT_TYPES[extname(fixtureOrBody)] ?? 'application/octet-stream');
    this.routes.set(u.origin + u.pathname + u.search, { body, contentType, status: opts.status ?? 200 });
  }

  /** Serve a fixture at a real URL and open it in a new tab. */
  async openItem(url: string, fixture: string, page?: Page): Promise<Page> {
    this.serve(url, fixture);
    const p = page ?? (await this.context.newPage());
    await p.goto(url);
    return p;
  }

  /**
   * The panel's host element in the page (carries data-liaison-panel / -item / -floating / -hidden /
   * -ready). Its shadow root is closed and the panel itself is an extension iframe inside it, so
   * what the panel shows is reached with inPanel().
   */
  panel(page: Page): Locator {
    return page.locator('[data-liaison-panel]');
  }

  /**
   * The panel's extension frame (issue 17): waits until the host element says the frame rendered
   * its current item (data-liaison-ready = data-liaison-item) and returns that frame. Playwright
   * cannot enter a closed shadow root by selector, so the frame is found in the page's frame tree:
   * our panel page, a direct child of the top frame, still attached, showing that item.
   */
  async panelFrame(page: Page, opts: { timeout?: number; key?: string } = {}): Promise<Frame> {
    const deadline = Date.now() + (opts.timeout ?? 10_000);
    for (;;) {
      const key =
        opts.key ??
        (await page
          .locator('[data-liaison-panel][data-liaison-ready]')
          .last()
          .getAttribute('data-liaison-ready', { timeout: 200 })
          .catch(() => null));
      if (key) {
        for (const f of page.frames().reverse()) {
          if (f.isDetached() || f.parentFrame() !== page.mainFrame() || !/\/panel-frame\.html/.test(f.url())) continue;
          const shows = await f
            .locator(`[data-liaison-panel-root="${key}"]`)
            .count()
            .catch(() => 0);
          if (shows > 0) return f;
        }
      }
      if (Date.now() > deadline) throw new Error(`no panel frame showing ${opts.key ?? 'an item'} on ${page.url()}`);
      await page.waitForTimeout(50);
    }
  }

  /** The panel's content (inside its extension frame): `(await ext.inPanel(page)).locator('[data-liaison-title]')`. */
  async inPanel(page: Page, opts: { timeout?: number; key?: string } = {}): Promise<Locator> {
    return (await this.panelFrame(page, opts)).locator(':root');
  }

  extensionUrl(path: string): string {
    return `chrome-extension://${this.extensionId}/${path.replace(/^\//, '')}`;
  }

  async openExtensionPage(path: string): Promise<Page> {
    const p = await this.context.newPage();
    await p.goto(this.extensionUrl(path));
    return p;
  }

  private messenger: Page | null = null;

  /**
   * Send a protocol message (lib/messaging.ts) to the background from an extension page,
   * as the popup or options page would. Resolves with the handler's result; rejects with its error.
   */
  async message<T = unknown>(type: string, data: unknown): Promise<T> {
    if (!this.messenger || this.messenger.isClosed()) this.messenger = await this.openExtensionPage('popup.html');
    const reply = await this.messenger.evaluate(
      ([t, d]) =>
        new Promise<{ res?: unknown; err?: { message: string } }>((resolveReply) =>
          (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown, cb: (r: unknown) => void): void } } }).chrome.runtime.sendMessage(
            { id: Math.floor(Math.random() * 1e9), type: t, data: d, timestamp: Date.now() },
            (r) => resolveReply((r ?? { err: { message: 'No response' } }) as { res?: unknown; err?: { message: string } }),
          ),
        ),
      [type, data] as const,
    );
    if (reply.err) throw new Error(reply.err.message);
    return reply.res as T;
  }

  /** Fill the workspace with the sample data (lib/demo/sample-workspace.ts) through the background. */
  async loadSample(now?: Date): Promise<number> {
    const r = await this.message<{ written: number }>('workspace:load-sample', now ? { now: now.toISOString() } : {});
    return r.written;
  }

  async getStorage(area: 'local' | 'sync' | 'session' = 'local', keys?: string | string[] | null): Promise<Record<string, unknown>> {
    return this.worker.evaluate(([a, k]) => (globalThis as unknown as { chrome: { storage: Record<string, { get(k: unknown): Promise<Record<string, unknown>> }> } }).chrome.storage[a as string]!.get(k ?? null), [area, keys ?? null] as const);
  }

  async setStorage(area: 'local' | 'sync' | 'session', items: Record<string, unknown>): Promise<void> {
    await this.worker.evaluate(([a, i]) => (globalThis as unknown as { chrome: { storage: Record<string, { set(i: unknown): Promise<void> }> } }).chrome.storage[a as string]!.set(i), [area, items] as const);
  }

  /** Run a function in the background service worker (e.g. to seed the demo workspace). */
  async inWorker<T, A>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T> {
    return (this.worker.evaluate as (f: unknown, a: unknown) => Promise<T>)(fn, arg);
  }

  async screenshot(page: Page, name: string): Promise<string> {
    mkdirSync(SCREENS, { recursive: true });
    const file = join(SCREENS, `${name}.png`);
    await page.screenshot({ path: file });
    return file;
  }

  /** axe-core on a page: violations of serious or critical impact. */
  async axe(page: Page): Promise<{ id: string; impact: string; help: string; nodes: number }[]> {
    const src = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
    await page.evaluate(src);
    const result = await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: unknown[] }[] }> } }).axe;
      const r = await axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
    });
    return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  }

  async close(): Promise<void> {
    await this.context.close();
    if (this.cleanupDir) rmSync(this.cleanupDir, { recursive: true, force: true });
  }
}

