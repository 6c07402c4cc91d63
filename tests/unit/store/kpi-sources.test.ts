import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Kpi } from '@/lib/core/schemas';
import { createStore } from '@/lib/store';
import { closeLiaisonDb, kpiSeries } from '@/lib/store/idb';
import {
  ALARM_PREFIX,
  fetchKpiSource,
  parseCsv,
  parseNumber,
  refreshKpi,
  requestSourcePermission,
  sourceUrlProblem,
  startKpiSources,
  valuesFromJson,
} from '@/lib/background/kpi-sources';

let server: Server;
let other: Server;
let base = '';
/** Another origin (another port) a source may redirect to. */
let otherBase = '';
/** Requests the other origin received (a refused redirect must never reach it). */
const otherHits: string[] = [];
/** Streams the tests opened, to check the server saw them closed. */
const endless = { closed: 0, bytes: 0 };
const routes: Record<string, { status?: number; type: string; body: string; delayMs?: number }> = {
  '/good.csv': { type: 'text/csv', body: 'date,CAC,leads\n2026-04-01,"2 600,50",10\n2026-04-08,2450,12\n' },
  '/semicolon.csv': { type: 'text/csv', body: '\uFEFFДата;CAC\r\n01.04.2026;2600,5\r\n08.04.2026;"2 450,25"\r\n' },
  '/series.json': { type: 'application/json', body: JSON.stringify([{ d: '2026-04-01', v: 0.031 }, { d: '2026-04-08', v: '0,034' }]) },
  '/single.json': { type: 'application/json', body: JSON.stringify({ data: { kpis: [{ value: 41 }] } }) },
  '/page.csv': { type: 'text/html', body: '<!DOCTYPE html><html><body>Sign in to Google</body></html>' },
  '/wrong.csv': { type: 'text/csv', body: 'date,revenue\n2026-04-01,100\n' },
  '/nan.csv': { type: 'text/csv', body: 'date,CAC\n2026-04-01,2500\n2026-04-08,n/a\n' },
  '/slow.csv': { type: 'text/csv', body: 'date,CAC\n2026-04-01,1\n', delayMs: 5000 },
};

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/endless.csv' || req.url === '/drip.csv') {
      // No Content-Length, never ends: fast (byte cap) or one row per 50 ms (time cap).
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.write('date,CAC\n');
      const row = '2026-04-01,2500\n'.repeat(req.url === '/endless.csv' ? 4096 : 1);
      const t = setInterval(() => {
        endless.bytes += row.length;
        res.write(row);
      }, req.url === '/endless.csv' ? 1 : 50);
      res.on('close', () => {
        clearInterval(t);
        endless.closed += 1;
      });
      return;
    }
    if (req.url === '/huge-declared.csv') {
      res.writeHead(200, { 'content-type': 'text/csv', 'content-length': String(50 * 1024 * 1024) });
      res.write('date,CAC\n');
      return; // the body never comes: the header alone must be enough to refuse
    }
    if (req.url === '/to-other.csv') return void res.writeHead(302, { location: `${otherBase}/good.csv`, 'access-control-allow-origin': '*' }).end();
    if (req.url === '/to-same.csv') return void res.writeHead(301, { location: '/good.csv' }).end();
    if (req.url === '/to-http.csv') return void res.writeHead(302, { location: 'http://example.com/good.csv' }).end();
    if (req.url === '/loop.csv') return void res.writeHead(302, { location: '/loop.csv' }).end();
    const r = routes[req.url ?? ''];
    if (!r) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    setTimeout(() => res.writeHead(r.status ?? 200, { 'content-type': r.type }).end(r.body), r.delayMs ?? 0);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  other = createServer((req, res) => {
    otherHits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'text/csv', 'access-control-allow-origin': '*' }).end('date,CAC\n2026-04-01,999\n');
  });
  await new Promise<void>((ok) => other.listen(0, '127.0.0.1', ok));
  otherBase = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of [server, other]) {
    s.closeAllConnections();
    await new Promise((ok) => s.close(ok));
  }
});

/**
 * fetch as Chromium and Firefox run it in an extension (measured in both, issue 16 point 6; Node's
 * fetch differs: it shows a manual redirect's Location and ignores mode). A manual redirect is an
 * "opaqueredirect" that hides its target; a same-origin request goes, and follows a redirect, only
 * to an origin the extension may read (`granted`) and fails *before* requesting any other; a CORS
 * request follows a redirect anywhere (requesting it) and fails afterwards if the answer does not
 * allow other origins. `requested` lists every URL a request was sent to.
 */
function browserFetch(granted: string[]): { fetch: typeof fetch; requested: string[] } {
  const requested: string[] = [];
  const mayRead = (u: string) => granted.includes(new URL(u).origin);
  const refuse = () => new TypeError('Failed to fetch');
  const impl = async (input: string, init: RequestInit = {}): Promise<Response> => {
    const mode = init.mode ?? 'cors';
    let url = input;
    for (let hops = 0; hops <= 20; hops++) {
      if (mode === 'same-origin' && !mayRead(url)) throw refuse();
      requested.push(url);
      const res = new URL(url).hostname === 'example.com'
        ? new Response('date,CAC\n2026-04-01,1\n', { headers: { 'content-type': 'text/csv' } })
        : await fetch(url, { signal: init.signal ?? null, credentials: 'omit', redirect: 'manual' });
      const location = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null;
      if (!location) {
        if (mode === 'cors' && !mayRead(url) && res.headers.get('access-control-allow-origin') !== '*') throw refuse();
        if (url !== input) Object.defineProperty(res, 'url', { value: url });
        return res;
      }
      await res.body?.cancel();
      if (init.redirect === 'manual') return { type: 'opaqueredirect', status: 0, ok: false, url: input, redirected: false, statusText: '', headers: new Headers(), body: null } as unknown as Response;
      if (init.redirect === 'error') throw refuse();
      url = new URL(location, url).href;
    }
    throw refuse();
  };
  return { fetch: impl as typeof fetch, requested };
}

const kpi = (path: string, format: 'csv' | 'json', valueField: string, dateField?: string): Kpi => ({
  id: 'cac',
  name: 'CAC',
  unit: 'currency',
  direction: 'lower',
  target: 2500,
  ownerTeamIds: ['marketing'],
  thresholds: { atRisk: 0.1 },
  staleAfterDays: 14,
  source: { url: `${base}${path}`, format, valueField, ...(dateField ? { dateField } : {}), refreshMinutes: 60 },
});
const opts = { skipPermissionCheck: true, timeoutMs: 1500, now: () => new Date('2026-04-10T00:00:00.000Z') };

describe('CSV and number parsing', () => {
  it('handles quotes, escaped quotes, semicolons and CRLF', () => {
    expect(parseCsv('a,"b, c","d ""q"""\r\n1,2,3').rows).toEqual([['a', 'b, c', 'd "q"'], ['1', '2', '3']]);
    expect(parseCsv('a;b\n1,5;2').delimiter).toBe(';');
  });
  it.each([
    ['1 234,5', false, 1234.5],
    ['1.234,5', false, 1234.5],
    ['1,234.5', false, 1234.5],
    ['1,234', false, 1234],
    ['1,234', true, 1.234],
    ['12%', false, 12],
    ['₽ 2 500', false, 2500],
    ['-3.5', false, -3.5],
    ['0,034', false, 0.034],
    ['n/a', false, null],
    ['12abc', false, null],
    ['', false, null],
  ])('parseNumber(%j, decimalComma=%s) = %s', (raw, dc, want) => {
    expect(parseNumber(raw, dc)).toBe(want);
  });
  it('JSON paths with * map over rows', () => {
    const r = valuesFromJson('x', JSON.stringify({ rows: [{ v: 1 }, { v: 2 }] }), { valueField: 'rows.*.v' }, '2026-01-01T00:00:00.000Z');
    expect(r.ok && r.values.map((v) => v.value)).toEqual([2]);
  });
});

describe('KPI sources against a real local HTTP server', () => {
  it('good CSV with a date column → series', async () => {
    const r = await fetchKpiSource(kpi('/good.csv', 'csv', 'CAC', 'date'), opts);
    expect(r).toEqual({
      ok: true,
      values: [
        { kpiId: 'cac', value: 2600.5, at: '2026-04-01T00:00:00.000Z', source: 'csv' },
        { kpiId: 'cac', value: 2450, at: '2026-04-08T00:00:00.000Z', source: 'csv' },
      ],
    });
  });
  it('semicolon CSV with decimal commas, BOM and DD.MM.YYYY dates; column by index', async () => {
    const r = await fetchKpiSource(kpi('/semicolon.csv', 'csv', '1', 'Дата'), opts);
    expect(r.ok && r.values.map((v) => [v.value, v.at])).toEqual([[2600.5, '2026-04-01T00:00:00.000Z'], [2450.25, '2026-04-08T00:00:00.000Z']]);
  });
  it('JSON series and a single JSON value', async () => {
    const s = await fetchKpiSource(kpi('/series.json', 'json', 'v', 'd'), opts);
    expect(s.ok && s.values.map((v) => v.value)).toEqual([0.031, 0.034]);
    const one = await fetchKpiSource(kpi('/single.json', 'json', 'data.kpis.0.value'), opts);
    expect(one).toEqual({ ok: true, values: [{ kpiId: 'cac', value: 41, at: '2026-04-10T00:00:00.000Z', source: 'json' }] });
  });
  it.each([
    ['/missing.csv', 'http', /404/],
    ['/page.csv', 'not-csv', /web page \(HTML\), not CSV/],
    ['/wrong.csv', 'column', /no column "CAC"\. Its columns are: "date", "revenue"/],
    ['/nan.csv', 'number', /Row 3, column "CAC": "n\/a" is not a number/],
    ['/slow.csv', 'timeout', /did not answer within 2 s/],
  ])('%s → a clear %s error', async (path, code, message) => {
    const r = await fetchKpiSource(kpi(path, 'csv', 'CAC', 'date'), opts);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(code);
    expect(r.error.message).toMatch(message);
  });

  it('an endless stream is cut off at the byte cap, with a clear error and the connection closed', async () => {
    const before = endless.closed;
    const t0 = Date.now();
    const r = await fetchKpiSource(kpi('/endless.csv', 'csv', 'CAC', 'date'), { ...opts, timeoutMs: 20_000, maxBytes: 512 * 1024 });
    expect(!r.ok && r.error).toMatchObject({ code: 'too-large', message: expect.stringMatching(/sent more than 0\.5 MB \(Liaison stopped reading\)/) });
    expect(Date.now() - t0).toBeLessThan(15_000);
    await vi.waitFor(() => expect(endless.closed).toBe(before + 1));
  });

  it('the real 5 MB cap: an endless stream stops a little after 5 MB', async () => {
    const start = endless.bytes;
    const r = await fetchKpiSource(kpi('/endless.csv', 'csv', 'CAC', 'date'), { ...opts, timeoutMs: 20_000 });
    expect(!r.ok && r.error.code).toBe('too-large');
    expect(!r.ok && r.error.message).toMatch(/more than 5 MB/);
    expect(endless.bytes - start).toBeGreaterThanOrEqual(5 * 1024 * 1024);
    expect(endless.bytes - start).toBeLessThan(64 * 1024 * 1024);
  });

  it('a stream that drips forever is cut off by the time cap', async () => {
    const before = endless.closed;
    const r = await fetchKpiSource(kpi('/drip.csv', 'csv', 'CAC', 'date'), { ...opts, timeoutMs: 800 });
    expect(!r.ok && r.error).toMatchObject({ code: 'timeout' });
    await vi.waitFor(() => expect(endless.closed).toBe(before + 1));
  });

  it('a declared Content-Length over the cap is refused before reading the body', async () => {
    const r = await fetchKpiSource(kpi('/huge-declared.csv', 'csv', 'CAC', 'date'), { ...opts, timeoutMs: 5000 });
    expect(!r.ok && r.error).toMatchObject({ code: 'too-large', message: expect.stringMatching(/The source is 50 MB; Liaison reads at most 5 MB/) });
  });

  it('a redirect to an origin that is not granted is never requested; one to a granted origin or the same origin is followed', async () => {
    // With the host permission (the source's own origin granted).
    const b = browserFetch([base]);
    const before = otherHits.length;
    const refused = await fetchKpiSource(kpi('/to-other.csv', 'csv', 'CAC', 'date'), { ...opts, fetch: b.fetch });
    expect(!refused.ok && refused.error).toMatchObject({ code: 'redirect', message: expect.stringMatching(/redirects to a site Liaison was not allowed to read .*Use the final address as the source, or allow that site/) });
    expect(otherHits.length).toBe(before); // the other origin never saw a request
    expect(b.requested.every((u) => u.startsWith(base))).toBe(true);

    const granted = await fetchKpiSource(kpi('/to-other.csv', 'csv', 'CAC', 'date'), { ...opts, fetch: browserFetch([base, otherBase]).fetch });
    expect(granted.ok && granted.values.map((v) => v.value)).toEqual([999]);
    expect(otherHits.length).toBe(before + 1);

    const same = await fetchKpiSource(kpi('/to-same.csv', 'csv', 'CAC', 'date'), { ...opts, fetch: browserFetch([base]).fetch });
    expect(same.ok && same.values.map((v) => v.value)).toEqual([2600.5, 2450]);

    // A granted plain-http origin elsewhere is still not read (plain http only on loopback).
    const down = await fetchKpiSource(kpi('/to-http.csv', 'csv', 'CAC', 'date'), { ...opts, fetch: browserFetch([base, 'http://example.com']).fetch });
    expect(!down.ok && down.error).toMatchObject({ code: 'redirect', message: expect.stringMatching(/http:\/\/example\.com\/good\.csv, which Liaison will not read\. .*only over https/) });

    const loop = await fetchKpiSource(kpi('/loop.csv', 'csv', 'CAC', 'date'), { ...opts, fetch: browserFetch([base]).fetch });
    expect(!loop.ok && loop.error).toMatchObject({ code: 'redirect', message: expect.stringMatching(/too many times/) });
    expect(otherHits.length).toBe(before + 1);
  });

  it('without the host permission no redirect is followed at all (its target is hidden), and the other origin is never requested', async () => {
    fakeBrowser.permissions.contains = vi.fn(async () => false) as never;
    const b = browserFetch([]);
    const before = otherHits.length;
    const r = await fetchKpiSource(kpi('/to-other.csv', 'csv', 'CAC', 'date'), { fetch: b.fetch, timeoutMs: 2000 });
    expect(!r.ok && r.error).toMatchObject({ code: 'redirect', message: expect.stringMatching(/The source redirects\. Liaison follows a redirect only for a source it was allowed to read: allow it in Options › KPI sources, or use the final address/) });
    expect(otherHits.length).toBe(before);
    expect(b.requested).toEqual([`${base}/to-other.csv`]);
  });

  it('plain http only on loopback: an http source elsewhere is refused without a request', async () => {
    const fetchSpy = vi.fn();
    const k = kpi('/good.csv', 'csv', 'CAC');
    const r = await fetchKpiSource({ ...k, source: { ...k.source!, url: 'http://bi.example.com/export.csv' } }, { ...opts, fetch: fetchSpy as never });
    expect(!r.ok && r.error).toMatchObject({ code: 'insecure', message: expect.stringMatching(/only over https .* use https:\/\/bi\.example\.com\/export\.csv/) });
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(sourceUrlProblem('http://localhost:8080/x.csv')).toBeNull();
    expect(sourceUrlProblem('http://127.0.0.1/x.csv')).toBeNull();
    expect(sourceUrlProblem('http://[::1]/x.csv')).toBeNull();
    expect(sourceUrlProblem('http://127.0.0.1.evil.com/x.csv')).toMatch(/https/);
    expect(sourceUrlProblem('ftp://files.example.com/x.csv')).toMatch(/not ftp/);
  });

  it('refreshKpi stores the series in IndexedDB, the latest in kpiStatus, and keeps it on a later error', async () => {
    const store = createStore({ device: 'dev-bg' });
    const good = kpi('/good.csv', 'csv', 'CAC', 'date');
    const status = await refreshKpi(store, good, opts);
    expect(status).toMatchObject({ kpiId: 'cac', latest: { value: 2450 }, stale: false, fetchedAt: '2026-04-10T00:00:00.000Z' });
    expect((await kpiSeries('cac')).map((v) => v.value)).toEqual([2600.5, 2450]);
    const broken = await refreshKpi(store, { ...good, source: { ...good.source!, url: `${base}/page.csv` } }, { ...opts, now: () => new Date('2026-05-01T00:00:00.000Z') });
    expect(broken).toMatchObject({ latest: { value: 2450 }, error: { code: 'not-csv' }, fetchedAt: '2026-04-10T00:00:00.000Z', stale: true });
    // Content scripts see it in storage.local.
    const other = createStore({ device: 'dev-tab' });
    expect((await other.get('kpiStatus', 'cac'))!.data.error?.message).toMatch(/HTML/);
    store.close();
    other.close();
    await closeLiaisonDb();
  });

  it('without the host permission a source the browser refuses (no CORS) is a permission error that says how to allow it', async () => {
    // What fetch does when the server does not allow other origins: a TypeError, no response.
    const fetchSpy = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    fakeBrowser.permissions.contains = vi.fn(async () => false) as never;
    const r = await fetchKpiSource(kpi('/good.csv', 'csv', 'CAC'), { fetch: fetchSpy as never });
    expect(fetchSpy).toHaveBeenCalledWith(expect.stringContaining('/good.csv'), expect.objectContaining({ mode: 'cors', credentials: 'omit' }));
    expect(!r.ok && r.error).toMatchObject({ code: 'permission', message: expect.stringMatching(/Options › KPI sources/) });
  });

  it('without the host permission a source that allows every origin (CORS) is read, credentials omitted', async () => {
    fakeBrowser.permissions.contains = vi.fn(async () => false) as never;
    const fetchSpy = vi.fn((url: string, init: RequestInit) => fetch(url, init));
    const r = await fetchKpiSource(kpi('/good.csv', 'csv', 'CAC', 'date'), { fetch: fetchSpy as never, timeoutMs: 2000 });
    expect(r).toMatchObject({ ok: true, values: [{ value: 2600.5 }, { value: 2450 }] });
    expect(fetchSpy.mock.calls[0]![1]).toMatchObject({ mode: 'cors', credentials: 'omit' });
    // With the permission it is a same-origin request: the browser lets it go only where Liaison may read.
    fakeBrowser.permissions.contains = vi.fn(async () => true) as never;
    await fetchKpiSource(kpi('/good.csv', 'csv', 'CAC', 'date'), { fetch: fetchSpy as never, timeoutMs: 2000 });
    expect(fetchSpy.mock.calls[1]![1]).toMatchObject({ mode: 'same-origin', credentials: 'omit' });
  });

  it('requestSourcePermission asks for the origin pattern', async () => {
    const request = vi.fn(async () => true);
    fakeBrowser.permissions.request = request as never;
    expect(await requestSourcePermission('https://docs.google.com/spreadsheets/d/x/pub?output=csv')).toBe(true);
    // A published Google Sheet redirects to googleusercontent.com: both are asked for at once.
    expect(request).toHaveBeenCalledWith({ origins: ['https://docs.google.com/*', 'https://*.googleusercontent.com/*'] });
    await requestSourcePermission('https://bi.example.com/export.csv');
    expect(request).toHaveBeenLastCalledWith({ origins: ['https://bi.example.com/*'] });
  });

  it('startKpiSources schedules one alarm per KPI source and refreshes on the alarm', async () => {
    fakeBrowser.permissions.contains = vi.fn(async () => true) as never;
    const store = createStore({ device: 'dev-bg' });
    await store.put('kpis', kpi('/good.csv', 'csv', 'CAC', 'date'));
    await store.put('kpis', { id: 'nps', name: 'NPS', unit: 'score', direction: 'higher', target: 40, ownerTeamIds: ['product'] });
    const stop = startKpiSources({ store, timeoutMs: 1000 });
    await vi.waitFor(async () => expect((await fakeBrowser.alarms.getAll()).map((a) => [a.name, a.periodInMinutes])).toEqual([[`${ALARM_PREFIX}cac`, 60]]));
    await fakeBrowser.alarms.onAlarm.trigger({ name: `${ALARM_PREFIX}cac`, scheduledTime: Date.now() } as never);
    await vi.waitFor(async () => expect((await store.get('kpiStatus', 'cac'))?.data.latest?.value).toBe(2450));
    // Removing the source clears its alarm.
    const { source: _s, ...noSource } = (await store.get('kpis', 'cac'))!.data;
    await store.put('kpis', noSource);
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.getAll()).toEqual([]));
    stop();
    store.close();
    await closeLiaisonDb();
  });
});
