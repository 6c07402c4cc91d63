/**
 * The Firefox side of the e2e harness: real Firefox (ESR 140+) driven by puppeteer-core over
 * WebDriver BiDi, with the built add-on (.output/firefox-mv3) installed as a temporary add-on.
 *
 * - The add-on's internal UUID is pinned (extensions.webextensions.uuids), so its pages live at a
 *   known moz-extension:// origin.
 * - Optional permission requests are granted without the doorhanger
 *   (extensions.webextOptionalPermissionPrompts=false): the options page's "add a self-hosted
 *   domain" flow runs as a user would click it.
 * - Host pages are served from tests/fixtures at their real URLs by BiDi request interception;
 *   every other http(s) request from a tab gets a local 404. Requests from the add-on's own
 *   background page go to a local proxy that refuses them: nothing leaves the machine
 *   (127.0.0.1 test servers are reached directly).
 * - Firefox prints every console message of content and extension pages to its stdout
 *   (devtools.console.stdout.content) and uncaught errors to stderr; `errorsSince` reads ours.
 */
import { AssertionError } from 'node:assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import puppeteer, { type Browser, type ElementHandle, type Frame, type HTTPRequest, type JSHandle, type Page } from 'puppeteer-core';

export const ROOT = findRoot(process.cwd());
function findRoot(start: string): string {
  let dir = start;
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && /"name":\s*"liaison"/.test(readFileSync(pkg, 'utf8'))) return dir;
    dir = join(dir, '..');
  }
  return start;
}
export const FIXTURES = join(ROOT, 'tests/fixtures');
export const EXTENSION_DIR = join(ROOT, '.output/firefox-mv3');
/** The add-on's moz-extension:// host, pinned for the test profile. */
export const UUID = '6c1f3b2a-9d4e-4f5a-8b7c-2e1d0f9a8b7c';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

export interface FirefoxLaunchOptions {
  executablePath: string;
  headless?: boolean;
}

/**
 * Polls `fn` until it returns a truthy value without throwing; fails with `what` and the last value or
 * error after `timeoutMs`, or at once when `fn` fails an assertion.
 */
export async function until<T>(what: string, fn: () => Promise<T> | T, timeoutMs = 10_000, everyMs = 100): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
      last = v;
    } catch (err) {
      if (err instanceof AssertionError) throw err; // a failed assertion ends the wait at once
      last = err instanceof Error ? `error: ${err.message}` : err;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${typeof last === 'string' ? last : JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export class FirefoxExt {
  /** Every line Firefox wrote to stdout/stderr, in order. */
  readonly log: string[] = [];
  private routes = new Map<string, { body: string | Buffer; contentType: string; status: number }>();
  private messenger: Page | null = null;

  private constructor(
    readonly browser: Browser,
    readonly addonId: string,
    private readonly proxy: Server,
    /** How this Firefox was launched (a check that needs a second Firefox launches it the same way). */
    readonly launchOptions: FirefoxLaunchOptions,
  ) {}

  static async launch(opts: FirefoxLaunchOptions): Promise<FirefoxExt> {
    const manifestPath = join(EXTENSION_DIR, 'manifest.json');
    if (!existsSync(manifestPath)) throw new Error(`The Firefox add-on is not built: ${manifestPath} is missing. Run "npm run build:firefox" first.`);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { browser_specific_settings?: { gecko?: { id?: string } } };
    const addonId = manifest.browser_specific_settings?.gecko?.id;
    if (!addonId) throw new Error(`${manifestPath} has no browser_specific_settings.gecko.id`);

    // The dead end for requests that no tab interception sees (the add-on's background page).
    const proxy = createServer((_req, res) => res.writeHead(404, { 'content-type': 'text/plain' }).end('not served in tests'));
    proxy.on('connect', (_req, socket) => socket.end('HTTP/1.1 502 Not served in tests\r\n\r\n'));
    await new Promise<void>((ok) => proxy.listen(0, '127.0.0.1', ok));
    const proxyPort = (proxy.address() as AddressInfo).port;

    const browser = await puppeteer.launch({
      browser: 'firefox',
      protocol: 'webDriverBiDi',
      executablePath: opts.executablePath,
      headless: opts.headless ?? true,
      defaultViewport: { width: 1400, height: 900 },
      // Without it, BiDi refuses to script moz-extension:// pages.
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [addonId]: UUID }),
        'extensions.webextOptionalPermissionPrompts': false,
        'devtools.console.stdout.content': true,
        // Firefox's own background services: quiet and offline.
        'messaging-system.rsexperimentloader.enabled': false,
        'app.normandy.enabled': false,
        'browser.backup.enabled': false,
        'datareporting.policy.dataSubmissionEnabled': false,
        'intl.locale.requested': 'en-US',
        'intl.accept_languages': 'en-US, en',
        'network.proxy.type': 1,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': proxyPort,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': proxyPort,
        'network.proxy.no_proxies_on': 'localhost, 127.0.0.1',
      },
    });
    const ext = new FirefoxExt(browser, addonId, proxy, opts);
    const proc = browser.process();
    for (const stream of [proc?.stdout, proc?.stderr]) {
      let buf = '';
      stream?.on('data', (d: Buffer) => {
        buf += d.toString('utf8');
        const lines = buf.split('\n');
        buf = lines.pop() ?? '';
        ext.log.push(...lines);
      });
    }
    const installed = await browser.installExtension(EXTENSION_DIR);
    if (installed !== addonId) throw new Error(`installed ${installed}, expected ${addonId}`);
    return ext;
  }

  /**
   * Errors from our code since log line `from`: uncaught errors in our scripts, console.error
   * anywhere we run, and our own "[liaison] … failed" warnings.
   */
  errorsSince(from: number): string[] {
    const out: string[] = [];
    const lines = this.log.slice(from).filter((l) => ![...this.expected].some((m) => l.includes(m)));
    for (const [i, line] of lines.entries()) {
      const ours = line.includes(`moz-extension://${UUID}`) || line.includes('[liaison]');
      if (/^JavaScript error:/.test(line) && ours) out.push(line);
      else if (/^console\.error:/.test(line)) {
        // A console.error block runs until the next message; Firefox's own code (resource://,
        // chrome:// stacks, e.g. Remote Settings failing offline) is not ours.
        const next = lines.slice(i + 1).findIndex((l) => /^(console\.\w+:|JavaScript (error|warning):)/.test(l));
        const block = [line, ...lines.slice(i + 1, next < 0 ? undefined : i + 1 + next)].join(' ⏎ ');
        const system = /(resource|chrome):\/\//.test(block) && !block.includes(`moz-extension://${UUID}`) && !block.includes('[liaison]');
        if (!system) out.push(block.slice(0, 2000));
      } else if (/^console\.warn: .*\[liaison\].*(failed|error)/.test(line)) out.push(line);
    }
    return out;
  }

  private expected = new Set<string>();
  /** Lines containing `marker` are not counted as errors (a check that logs one on purpose). */
  expectError(marker: string): void {
    this.expected.add(marker);
  }

  /** Serve a fixture (path under tests/fixtures) or a literal body at an exact URL. */
  serve(url: string, fixtureOrBody: string, opts: { literal?: boolean; contentType?: string; status?: number } = {}): void {
    const u = new URL(url);
    const body = opts.literal ? fixtureOrBody : readFileSync(join(FIXTURES, fixtureOrBody));
    const contentType = opts.contentType ?? (opts.literal ? 'text/html; charset=utf-8' : (CONTENT_TYPES[extname(fixtureOrBody)] ?? 'application/octet-stream'));
    this.routes.set(u.origin + u.pathname + u.search, { body, contentType, status: opts.status ?? 200 });
  }

  /** A new tab whose http(s) requests are answered here: a served fixture, a local server, or a 404. */
  async newPage(): Promise<Page> {
    const page = await this.browser.newPage();
    await page.setRequestInterception(true);
    page.on('request', (req: HTTPRequest) => void this.answer(req));
    return page;
  }

  private async answer(req: HTTPRequest): Promise<void> {
    if (req.isInterceptResolutionHandled()) return;
    const raw = req.url();
    if (!/^https?:/.test(raw)) return req.continue();
    const url = new URL(raw);
    const hit = this.routes.get(url.origin + url.pathname + url.search) ?? this.routes.get(url.origin + url.pathname);
    if (hit) return req.respond({ status: hit.status, contentType: hit.contentType, body: hit.body });
    if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return req.continue();
    return req.respond({ status: 404, contentType: 'text/plain', body: 'not served in tests' });
  }

  /** Serve a fixture at a real URL and open it (in `page`, or a new tab). */
  async openItem(url: string, fixture: string, page?: Page): Promise<Page> {
    this.serve(url, fixture);
    const p = page ?? (await this.newPage());
    await p.goto(url, { waitUntil: 'load' });
    return p;
  }

  extensionUrl(path: string): string {
    return `moz-extension://${UUID}/${path.replace(/^\//, '')}`;
  }

  /**
   * Open one of the add-on's pages in a new tab. `goto` on moz-extension:// may never resolve over
   * BiDi, so the navigation is started and the document polled until it has loaded.
   */
  async openExtensionPage(path: string, page?: Page): Promise<Page> {
    const url = this.extensionUrl(path);
    const p = page ?? (await this.browser.newPage());
    p.goto(url).catch(() => undefined);
    await until(`${url} to load`, () => p.evaluate((u) => location.href === u && document.readyState === 'complete', url), 15_000);
    return p;
  }

  /** Run `fn` in an extension page (the add-on's own origin, with `browser.*`). */
  async inExtension<T, A>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T> {
    if (!this.messenger || this.messenger.isClosed()) this.messenger = await this.openExtensionPage('popup.html');
    return (this.messenger.evaluate as (f: unknown, a: unknown) => Promise<T>)(fn, arg);
  }

  /** Send a protocol message (lib/messaging.ts) to the background, as a page of the add-on would. */
  async message<T = unknown>(type: string, data: unknown): Promise<T> {
    const reply = await this.inExtension(
      async ([t, d]) => {
        const b = (globalThis as unknown as { browser: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).browser;
        return ((await b.runtime.sendMessage({ id: Math.floor(Math.random() * 1e9), type: t, data: d, timestamp: Date.now() })) ?? { err: { message: 'No response' } }) as {
          res?: unknown;
          err?: { message: string };
        };
      },
      [type, data] as const,
    );
    if (reply.err) throw new Error(reply.err.message);
    return reply.res as T;
  }

  async getStorage(area: 'local' | 'sync', keys?: string | string[] | null): Promise<Record<string, unknown>> {
    return this.inExtension(
      ([a, k]) => (globalThis as unknown as { browser: { storage: Record<string, { get(k: unknown): Promise<Record<string, unknown>> }> } }).browser.storage[a]!.get(k),
      [area, keys ?? null] as const,
    );
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    this.proxy.closeAllConnections();
    await new Promise((ok) => this.proxy.close(ok));
  }
}

// ───────────────────────────── the panel, wherever it is rendered ─────────────────────────────

/**
 * Where the panel is: the frame whose document renders it and a handle to its root, plus the test
 * contract's attributes from its host element in the page. Only this function knows the panel's DOM
 * layout: today the panel renders in an open shadow root of its host element; when it renders in an
 * extension-page iframe (behind a closed shadow root), the root is that frame's document — found in
 * the page's frame tree as a moz-extension:// document showing `[data-liaison-panel-root="<item>"]`
 * (or, failing that, our `.lz-root`).
 */
export interface PanelRef {
  frame: Frame;
  root: JSHandle<Document | ShadowRoot | null>;
  /** data-liaison-item of the panel's host element in the page (or of its own document). */
  item: string | null;
  /** data-liaison-floating ('' or 'left'), null when the panel sits in the host's layout. */
  floating: string | null;
  /** How many panel host elements the page has (there must be one). */
  hosts: number;
}

export async function findPanel(page: Page): Promise<PanelRef | null> {
  const top = await page.mainFrame().evaluate(() => {
    const hosts = [...document.querySelectorAll('[data-liaison-panel]')];
    const h = hosts[hosts.length - 1];
    return { hosts: hosts.length, item: h?.getAttribute('data-liaison-item') ?? null, floating: h?.getAttribute('data-liaison-floating') ?? null };
  });
  if (top.hosts === 0) return null;
  // The page's own document first (an open shadow root), then its frames, newest first. A frame's
  // URL as puppeteer reports it may stay about:blank for an extension page (Firefox, BiDi), so the
  // frame's own location decides (below).
  const frames = [page.mainFrame(), ...page.frames().filter((f) => f !== page.mainFrame()).reverse()];
  for (const frame of frames) {
    if (frame.detached) continue;
    const root: JSHandle<Document | ShadowRoot | null> | null = await frame
      .evaluateHandle((item): Document | ShadowRoot | null => {
        const inShadow = [...document.querySelectorAll('[data-liaison-panel]')].map((h) => h.shadowRoot).find((r) => r?.querySelector('.lz-root'));
        if (inShadow) return inShadow;
        if (location.protocol !== 'moz-extension:') return null;
        const own = document.querySelector('[data-liaison-panel-root]');
        if (own) return own.getAttribute('data-liaison-panel-root') === item ? document : null;
        return document.querySelector('.lz-root') ? document : null;
      }, top.item)
      .catch(() => null);
    if (!root) continue;
    if (await root.evaluate((r) => r === null).catch(() => true)) {
      await root.dispose().catch(() => undefined);
      continue;
    }
    const own = await root.evaluate((r) => r!.querySelector('[data-liaison-item]')?.getAttribute('data-liaison-item') ?? null);
    return { frame, root, item: top.item ?? own, floating: top.floating, hosts: top.hosts };
  }
  return null;
}

/** Waits for exactly one rendered panel keyed to `key` (its title shown) and returns it. */
export async function expectPanel(page: Page, key: string, timeoutMs = 10_000): Promise<PanelRef> {
  let last = '';
  return until(
    `one panel keyed ${key}`,
    async () => {
      const p = await findPanel(page);
      last = p ? `${p.hosts} host(s), item ${p.item}` : 'no panel';
      if (!p) return null;
      if (p.hosts !== 1) throw new Error(`${p.hosts} panels in the page`);
      if (p.item !== key) throw new Error(`panel keyed ${p.item}`);
      const title = await panelText(p, '[data-liaison-title]');
      if (!title?.trim()) throw new Error(`panel ${p.item} has no title yet (${last})`);
      return p;
    },
    timeoutMs,
  );
}

/** Text of the first element matching `selector` inside the panel (null when absent). */
export async function panelText(p: PanelRef, selector: string): Promise<string | null> {
  return p.root.evaluate((r, sel) => r!.querySelector(sel)?.textContent ?? null, selector);
}

export async function panelCount(p: PanelRef, selector: string): Promise<number> {
  return p.root.evaluate((r, sel) => r!.querySelectorAll(sel).length, selector);
}

/** The first element inside the panel matching `selector` (and, if given, whose text or aria-label is `text`). */
export async function panelElement(p: PanelRef, selector: string, text?: string) {
  const h = await p.root.evaluateHandle(
    (r, sel, txt) =>
      [...r!.querySelectorAll(sel)].find((el) => txt === null || el.textContent?.trim() === txt || el.getAttribute('aria-label') === txt) ?? null,
    selector,
    text ?? null,
  );
  const el = h.asElement() as ElementHandle<Element> | null;
  if (!el) throw new Error(`no ${selector}${text ? ` "${text}"` : ''} in the panel`);
  return el;
}

/** Click a real (trusted) click on an element of the panel. */
export async function panelClick(p: PanelRef, selector: string, text?: string): Promise<void> {
  await (await panelElement(p, selector, text)).click();
}
