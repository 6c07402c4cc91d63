/**
 * Chromium with no DevTools on the measured pages: the benchmark's page loads run here.
 *
 * Why not Playwright: it enables the Page and Runtime domains on every page it sees, and with the
 * Page domain on, Chromium records the JavaScript stack (with source positions) of every script
 * that attaches a frame. For our host script that means re-parsing it when it inserts the panel's
 * iframe — 8–10 ms on this machine that no user pays (measured: the insert takes ~13 ms under
 * Playwright, ~4 ms without it). So the load scenarios talk to the browser target only, over
 * `--remote-debugging-pipe`: pages are opened with Target.createTarget and never attached until
 * their measured window is over; requests are answered by browser-level Fetch interception;
 * tracing is browser-wide. Both sides of the comparison (with and without the extension) run here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_FLAGS, PANEL_EXPANDED_PREFS } from '../tests/e2e/ext';
// @ts-expect-error plain ESM helper without types
import { findChromium } from '../tests/e2e/chromium-path.mjs';

interface CdpMessage {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

export interface BareOptions {
  /** An unpacked extension to load; none for the control side. */
  extensionDir?: string | null;
  /** Full URL (origin + path [+ search]) → HTML. Everything else over http(s) gets a 404. */
  pages: Record<string, string>;
  viewport: { width: number; height: number };
}

export class BareChromium {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(m: CdpMessage): void; reject(e: Error): void }>();
  private readonly listeners = new Map<string, ((params: Record<string, unknown>, sessionId?: string) => void)[]>();
  private buffer = '';
  extensionId: string | null = null;

  private constructor(
    private readonly proc: ChildProcess,
    private readonly dir: string,
    private readonly pages: Record<string, string>,
  ) {
    const input = proc.stdio[4] as NodeJS.ReadableStream;
    input.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('utf8');
      let at: number;
      while ((at = this.buffer.indexOf('\0')) >= 0) {
        const msg = JSON.parse(this.buffer.slice(0, at)) as CdpMessage;
        this.buffer = this.buffer.slice(at + 1);
        if (msg.id !== undefined) {
          const p = this.pending.get(msg.id);
          this.pending.delete(msg.id);
          if (msg.error) p?.reject(new Error(msg.error.message));
          else p?.resolve(msg);
        } else if (msg.method) for (const l of this.listeners.get(msg.method) ?? []) l(msg.params ?? {}, msg.sessionId);
      }
    });
  }

  static async launch(opts: BareOptions): Promise<BareChromium> {
    const dir = mkdtempSync(join(tmpdir(), 'liaison-bare-'));
    const ext = opts.extensionDir ? [`--disable-extensions-except=${opts.extensionDir}`, `--load-extension=${opts.extensionDir}`] : [];
    const proc = spawn(
      findChromium() as string,
      [...CHROMIUM_FLAGS, '--headless', '--lang=en-US', `--user-data-dir=${dir}`, '--remote-debugging-pipe', `--window-size=${opts.viewport.width},${opts.viewport.height}`, ...ext, 'about:blank'],
      { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'], env: { ...process.env, LANG: 'en_US.UTF-8', LANGUAGE: 'en' } },
    );
    const b = new BareChromium(proc, dir, opts.pages);
    // Every http(s) request of every target is answered here (the real hosts are not reachable).
    b.on('Fetch.requestPaused', (p) => void b.answer(p as { requestId: string; request: { url: string } }));
    await b.send('Fetch.enable', { patterns: [{ urlPattern: 'http://*' }, { urlPattern: 'https://*' }] });
    if (opts.extensionDir) b.extensionId = await b.waitForExtension();
    return b;
  }

  on(method: string, fn: (params: Record<string, unknown>, sessionId?: string) => void): () => void {
    const list = this.listeners.get(method) ?? [];
    list.push(fn);
    this.listeners.set(method, list);
    return () => list.splice(list.indexOf(fn) >>> 0, 1);
  }

  send<T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<T> {
    const id = ++this.nextId;
    const out = this.proc.stdio[3] as NodeJS.WritableStream;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: (m) => resolve((m.result ?? {}) as T), reject });
      out.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  private async answer(p: { requestId: string; request: { url: string } }): Promise<void> {
    const u = new URL(p.request.url);
    const body = this.pages[u.origin + u.pathname + u.search] ?? this.pages[u.origin + u.pathname];
    await this.send('Fetch.fulfillRequest', {
      requestId: p.requestId,
      responseCode: body === undefined ? 404 : 200,
      responseHeaders: [{ name: 'content-type', value: body === undefined ? 'text/plain' : 'text/html; charset=utf-8' }],
      body: Buffer.from(body ?? 'not served in benchmarks').toString('base64'),
    }).catch(() => undefined);
  }

  private async waitForExtension(): Promise<string> {
    for (let i = 0; i < 150; i++) {
      const { targetInfos } = await this.send<{ targetInfos: { type: string; url: string }[] }>('Target.getTargets');
      const sw = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'));
      if (sw) return new URL(sw.url).host;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the extension did not start (no service worker in 15 s)');
  }

  /** Attach to a target (flat session) to read something after its measured window. */
  async attach(targetId: string): Promise<string> {
    const { sessionId } = await this.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
    return sessionId;
  }

  async evaluate<T>(sessionId: string, expression: string): Promise<T> {
    const r = await this.send<{ result: { value?: T }; exceptionDetails?: { text: string } }>('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId);
    if (r.exceptionDetails) throw new Error(`evaluate failed: ${r.exceptionDetails.text}`);
    return r.result.value as T;
  }

  /** The sample workspace and the expanded panel (as the Playwright e2e launch sets them), from an extension page. */
  async loadSample(): Promise<void> {
    if (!this.extensionId) return;
    const { targetId } = await this.send<{ targetId: string }>('Target.createTarget', { url: `chrome-extension://${this.extensionId}/popup.html` });
    const s = await this.attach(targetId);
    for (let i = 0; i < 100; i++) {
      if (await this.evaluate<boolean>(s, `document.readyState === 'complete' && !!globalThis.chrome?.runtime?.sendMessage`).catch(() => false)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await this.evaluate(s, `chrome.storage.local.set(${JSON.stringify(PANEL_EXPANDED_PREFS)})`);
    const reply = await this.evaluate<{ err?: { message: string } }>(
      s,
      `new Promise((r) => chrome.runtime.sendMessage({ id: 1, type: 'workspace:load-sample', data: {}, timestamp: Date.now() }, (x) => r(x ?? { err: { message: 'no response' } })))`,
    );
    if (reply?.err) throw new Error(`sample workspace: ${reply.err.message}`);
    // Close every extension page (the welcome page opened on install, this one): both sides then run the same pages.
    const { targetInfos } = await this.send<{ targetInfos: { targetId: string; type: string; url: string }[] }>('Target.getTargets');
    for (const t of targetInfos) if (t.type === 'page' && t.url.startsWith('chrome-extension://')) await this.send('Target.closeTarget', { targetId: t.targetId });
  }

  async close(): Promise<void> {
    await this.send('Browser.close').catch(() => undefined);
    await new Promise<void>((r) => {
      if (this.proc.exitCode !== null) r();
      else {
        this.proc.once('exit', () => r());
        setTimeout(() => {
          this.proc.kill('SIGKILL');
          r();
        }, 5000);
      }
    });
    rmSync(this.dir, { recursive: true, force: true });
  }
}
