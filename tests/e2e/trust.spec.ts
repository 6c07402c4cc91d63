/**
 * Issue 16 point 9: no Content-Security-Policy violation on Liaison's extension pages (zod's JIT
 * probe `new Function` would be one: jitless must be set before any schema is built).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { test, expect, type Ext } from './harness';
import { ROOT } from './ext';
import { loopbackBuild } from './team-harness';

test('extension pages run without a single CSP violation (zod is jitless before any schema exists)', async ({ ext }) => {
  const violations: string[] = [];
  // Installed before any page script runs: every securitypolicyviolation is recorded.
  await ext.context.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  ext.context.on('console', (m) => {
    if (/Content Security Policy|unsafe-eval|Refused to evaluate/i.test(m.text())) violations.push(`console on ${m.page()?.url() ?? 'worker'}: ${m.text()}`);
  });
  for (const path of ['options.html', 'popup.html', 'digest.html', 'calendar.html', 'sidepanel.html']) {
    const page = await ext.openExtensionPage(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    // The options page parses with zod on load (settings, every collection); give late probes a moment.
    await page.waitForTimeout(300);
    const seen = await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? ['(listener missing)']);
    violations.push(...seen.map((v) => `${path}: ${v}`));
  }
  // The panel frame (an extension page inside a host page) builds its schemas too.
  await ext.loadSample();
  const host = await ext.openItem('https://acme.atlassian.net/browse/MKT-142', 'jira/issue-browse-en.html');
  const frame = await ext.panelFrame(host, { key: 'jira:acme.atlassian.net:issue:MKT-142', timeout: 15_000 });
  await frame.locator('[data-liaison-title]').waitFor();
  await host.waitForTimeout(300);
  const inFrame = await frame.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? ['(listener missing)']);
  violations.push(...inFrame.map((v) => `panel-frame.html: ${v}`));
  expect(violations).toEqual([]);
});

// ───────────── KPI source redirects in the real browser (issue 16 point 6) ─────────────

let bundle: Promise<string> | null = null;
/** lib/store as one script that defines globalThis.LZ = { createStore, deviceId } (as in store.spec.ts). */
function storeBundle(): Promise<string> {
  bundle ??= build({
    stdin: { contents: "import { createStore, deviceId } from './lib/store'; (globalThis as any).LZ = { createStore, deviceId };", resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'error',
    alias: { '@': ROOT },
    define: { 'import.meta.env.BROWSER': '"chrome"', 'import.meta.env.MANIFEST_VERSION': '3' },
  }).then((r) => r.outputFiles[0]!.text);
  return bundle;
}
type LZStore = { ready(): Promise<void>; put(c: string, d: unknown): Promise<unknown> };
type W = typeof globalThis & { LZ: { createStore(o: { device: string }): LZStore; deviceId(): Promise<string> }; lzStore?: LZStore };

/** Put a KPI whose source is `url` (through the store, as the options page does). */
async function putKpiSource(ext: Ext, url: string): Promise<void> {
  const page = await ext.openExtensionPage('popup.html');
  await page.evaluate(await storeBundle());
  await page.evaluate(async (u) => {
    const w = globalThis as W;
    w.lzStore ??= w.LZ.createStore({ device: await w.LZ.deviceId() });
    await w.lzStore.ready();
    await w.lzStore.put('kpis', {
      id: 'cpl',
      name: 'Cost per lead',
      unit: 'count',
      direction: 'lower',
      target: 50,
      ownerTeamIds: ['marketing'],
      source: { url: u, format: 'csv', valueField: 'CPL', dateField: 'date', refreshMinutes: 60 },
    });
  }, url);
  await page.close();
}

test.describe('KPI source redirects in Chromium: a redirect to an origin Liaison may not read is never requested', () => {
  let source: Server;
  let target: Server;
  let sourceBase = '';
  let targetPort = 0;
  /** Requests the redirect target received, by the host they were addressed to. */
  const targetHits: string[] = [];

  test.beforeAll(async () => {
    target = createServer((req, res) => {
      targetHits.push(`${req.headers.host}${req.url}`);
      res.writeHead(200, { 'content-type': 'text/csv', 'access-control-allow-origin': '*' }).end('date,CPL\n2026-05-01,37\n');
    });
    await new Promise<void>((ok) => target.listen(0, '127.0.0.1', ok));
    targetPort = (target.address() as AddressInfo).port;
    source = createServer((req, res) => {
      // localhost is another origin than 127.0.0.1, and not granted by the loopback build (http://127.0.0.1/*).
      const to = req.url === '/to-localhost.csv' ? `http://localhost:${targetPort}/b.csv` : req.url === '/to-granted.csv' ? `http://127.0.0.1:${targetPort}/b.csv` : null;
      if (to) return void res.writeHead(302, { location: to, 'access-control-allow-origin': '*' }).end();
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    });
    await new Promise<void>((ok) => source.listen(0, '127.0.0.1', ok));
    sourceBase = `http://127.0.0.1:${(source.address() as AddressInfo).port}`;
  });
  test.afterAll(async () => {
    for (const s of [source, target]) {
      s.closeAllConnections();
      await new Promise((ok) => s.close(ok));
    }
  });

  type Status = { latest?: { value: number }; error?: { code: string; message: string } };

  test('with the host permission: a redirect to a granted origin is read, one to another origin is refused before it is requested', async ({ launch }) => {
    const ext = await launch({ extensionDir: loopbackBuild() });
    targetHits.length = 0;
    await putKpiSource(ext, `${sourceBase}/to-localhost.csv`);
    const refused = await ext.message<Status>('kpi:refresh', { kpiId: 'cpl' });
    expect(targetHits).toEqual([]); // the browser never sent the redirected request
    expect(refused.error).toMatchObject({ code: 'redirect', message: expect.stringMatching(/redirects to a site Liaison was not allowed to read/) });

    await putKpiSource(ext, `${sourceBase}/to-granted.csv`);
    const read = await ext.message<Status>('kpi:refresh', { kpiId: 'cpl' });
    expect(read).toMatchObject({ latest: { value: 37 } });
    expect(read.error).toBeUndefined();
    expect(targetHits.length).toBeGreaterThan(0);
    expect(targetHits.every((h) => h.startsWith('127.0.0.1:'))).toBe(true);
  });

  test('without the host permission no redirect is followed, even between origins that allow every origin', async ({ ext }) => {
    targetHits.length = 0;
    await putKpiSource(ext, `${sourceBase}/to-granted.csv`);
    const refused = await ext.message<Status>('kpi:refresh', { kpiId: 'cpl' });
    expect(targetHits).toEqual([]);
    expect(refused.error).toMatchObject({ code: 'redirect', message: expect.stringMatching(/follows a redirect only for a source it was allowed to read/) });
  });
});
