/**
 * KPI sources: a KPI's value read from a CSV or JSON URL (a spreadsheet published as CSV, a BI
 * export), mapped by column or field, refreshed on a schedule with browser.alarms.
 *
 * - The series goes to IndexedDB (kpiValues); the latest value, the fetch times, staleness and the
 *   last error go to the `kpiStatus` document in storage.local so content scripts see them.
 * - A broken source (permission missing, 404, HTML instead of CSV, wrong column, non-numbers,
 *   timeout) keeps the last good value and stores a clear error on that KPI.
 * - Host permission for the URL's origin is asked for only when the source is added, from a user
 *   gesture in the options page: `requestSourcePermission(url)`. Before each fetch we check
 *   `permissions.contains`. Without it, the fetch is still tried as an ordinary cross-origin (CORS)
 *   request, like any web page could make: a source that allows every origin
 *   (`Access-Control-Allow-Origin: *`, e.g. a published sheet or an open BI export) works without
 *   the permission; one that does not is refused by the browser and reported as a permission error.
 *   Credentials are never sent.
 * - Redirects: with the permission the request is a same-origin one, which Chromium and Firefox
 *   let follow a redirect only to an origin Liaison may read (granted) and refuse before requesting
 *   any other; without it no redirect is followed (its target is hidden, so it could not be checked
 *   before it is requested). Plain http only on loopback, at the source and where redirects end.
 * - The body is streamed with a byte cap (5 MB; a larger Content-Length is refused unread) under one
 *   time cap for the whole read.
 */
import { browser } from 'wxt/browser';
import type { Kpi, KpiValue } from '../core/schemas';
import { onValidated } from '../messaging';
import type { Store } from '../store/api';
import { addKpiValues } from '../store/idb';
import { startStoreService } from './store-service';
import { originPatternFor } from './origins';
import type { KpiSourceError, KpiStatus } from '../store/types';

export const ALARM_PREFIX = 'kpi-source:';
export const DEFAULT_TIMEOUT_MS = 15000;
const MAX_BYTES = 5 * 1024 * 1024;

type Source = NonNullable<Kpi['source']>;
export type FetchResult = { ok: true; values: KpiValue[] } | { ok: false; error: Omit<KpiSourceError, 'at'> };

// ───────────────────────────── permissions ─────────────────────────────

export function originPattern(url: string): string {
  return originPatternFor(new URL(url));
}

/**
 * Origins a source's own host is known to redirect to, asked for together with it (a redirect to
 * another origin is followed only when that origin is granted). Google Sheets "publish to the web"
 * links answer from docs.google.com with a redirect to a *.googleusercontent.com host.
 */
export function companionOrigins(url: string): string[] {
  const host = new URL(url).hostname;
  if (host === 'docs.google.com') return ['https://*.googleusercontent.com/*'];
  return [];
}

/**
 * Ask for the host permission of a source URL. Call it directly from a click handler in an
 * extension page (the options page) — browsers only show the prompt during a user gesture.
 */
export async function requestSourcePermission(url: string): Promise<boolean> {
  return browser.permissions.request({ origins: [originPattern(url), ...companionOrigins(url)] });
}

export async function hasSourcePermission(url: string): Promise<boolean> {
  try {
    return await browser.permissions.contains({ origins: [originPattern(url), ...companionOrigins(url)] });
  } catch {
    return false;
  }
}

// ───────────────────────────── parsing ─────────────────────────────

/** Split CSV text into rows. Handles quotes ("a ""b"""), CRLF, a BOM, and detects , ; or tab. */
export function parseCsv(text: string): { rows: string[][]; delimiter: string } {
  const src = text.replace(/^\uFEFF/, '');
  const firstLine = src.split(/\r?\n/, 1)[0] ?? '';
  const count = (d: string) => {
    let n = 0;
    let q = false;
    for (const ch of firstLine) {
      if (ch === '"') q = !q;
      else if (!q && ch === d) n++;
    }
    return n;
  };
  const delimiter = [';', '\t', ','].reduce((best, d) => (count(d) > count(best) ? d : best), ',');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return { rows: rows.filter((r) => r.some((c) => c.trim() !== '')), delimiter };
}

/**
 * A number as spreadsheets write it: "1 234,5" / "1.234,5" (decimal comma), "1,234.5", "12%",
 * "₽ 2 500", "-3.5". `decimalComma` forces a lone comma to be the decimal separator
 * (semicolon-delimited CSV). Returns null when it is not a number.
 */
export function parseNumber(raw: string, decimalComma = false): number | null {
  let s = raw.trim().replace(/[\s\u00a0\u202f']/g, '');
  if (!s) return null;
  // Currency symbols and codes, percent signs: "₽2500", "2 500 руб.", "12%", "USD 40".
  s = s.replace(/^(\p{Sc}|[A-Z]{3})/u, '').replace(/(\p{Sc}|%|‰|[A-Z]{3}|руб\.?|р\.)$/u, '');
  if (!/^[-+]?[\d.,]+$/.test(s)) return null;
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    // Both: the last one is the decimal separator.
    s = lastComma > lastDot ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else if (lastComma >= 0) {
    const commas = s.split(',').length - 1;
    const after = s.length - lastComma - 1;
    // "1,234" is a thousands group; "0,034" and "1234,567" are decimals.
    const grouping = /^[-+]?[1-9]\d{0,2}(,\d{3})+$/.test(s);
    if (commas === 1 && (decimalComma || after !== 3 || !grouping)) s = s.replace(',', '.');
    else s = s.replace(/,/g, '');
  } else if (lastDot >= 0 && s.split('.').length - 1 > 1) {
    s = s.replace(/\./g, ''); // 1.234.567 (thousands dots)
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** A date cell → ISO instant (UTC). Accepts ISO, YYYY-MM-DD, DD.MM.YYYY, YYYY/MM/DD. */
export function parseDate(raw: string): string | null {
  const s = raw.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s) ?? /^(\d{4})\/(\d{2})\/(\d{2})$/.exec(s);
  if (m) return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)).toISOString();
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  if (m) return new Date(Date.UTC(+m[3]!, +m[2]! - 1, +m[1]!)).toISOString();
  if (/^\d{4}-\d{2}-\d{2}T/.test(s)) {
    const t = Date.parse(s);
    return Number.isNaN(t) ? null : new Date(t).toISOString();
  }
  return null;
}

function looksLikeHtml(text: string, contentType: string): boolean {
  return /text\/html/i.test(contentType) || /^\s*<(!doctype|html|head|body)\b/i.test(text);
}

function columnIndex(header: string[], field: string): number {
  const want = field.trim().toLowerCase();
  const byName = header.findIndex((h) => h.trim().toLowerCase() === want);
  if (byName >= 0) return byName;
  if (/^\d+$/.test(want)) {
    const i = Number(want);
    return i < header.length ? i : -1;
  }
  return -1;
}

/** CSV text → values. The first row is the header; valueField/dateField name columns (or 0-based indexes). */
export function valuesFromCsv(kpiId: string, text: string, source: Pick<Source, 'valueField' | 'dateField'>, fetchedAt: string): FetchResult {
  const { rows, delimiter } = parseCsv(text);
  const header = rows[0];
  if (!header || rows.length < 2) return { ok: false, error: { code: 'empty', message: 'The CSV has no data rows (only a header, or nothing).' } };
  const vi = columnIndex(header, source.valueField);
  const cols = header.map((h) => `"${h.trim()}"`).join(', ');
  if (vi < 0) return { ok: false, error: { code: 'column', message: `The CSV has no column "${source.valueField}". Its columns are: ${cols}.` } };
  let di = -1;
  if (source.dateField) {
    di = columnIndex(header, source.dateField);
    if (di < 0) return { ok: false, error: { code: 'column', message: `The CSV has no date column "${source.dateField}". Its columns are: ${cols}.` } };
  }
  const values: KpiValue[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    const cell = (row[vi] ?? '').trim();
    if (cell === '') continue;
    const n = parseNumber(cell, delimiter === ';');
    if (n === null) return { ok: false, error: { code: 'number', message: `Row ${r + 1}, column "${header[vi]!.trim()}": "${cell.slice(0, 60)}" is not a number.` } };
    let at = fetchedAt;
    if (di >= 0) {
      const d = parseDate(row[di] ?? '');
      if (!d) return { ok: false, error: { code: 'date', message: `Row ${r + 1}, column "${header[di]!.trim()}": "${(row[di] ?? '').slice(0, 60)}" is not a date (use YYYY-MM-DD or DD.MM.YYYY).` } };
      at = d;
    }
    values.push({ kpiId, value: n, at, source: 'csv' });
  }
  if (!values.length) return { ok: false, error: { code: 'empty', message: `The column "${header[vi]!.trim()}" has no values.` } };
  // Without dates, only the last row is the current value.
  return { ok: true, values: di >= 0 ? values : [values[values.length - 1]!] };
}

/** Resolve a dotted path ("data.0.value", "rows.*.value") → matches (a `*` maps over an array). */
export function resolvePath(root: unknown, path: string): unknown[] {
  let cur: unknown[] = [root];
  for (const seg of path.split('.').filter(Boolean)) {
    const next: unknown[] = [];
    for (const v of cur) {
      if (seg === '*' && Array.isArray(v)) next.push(...v);
      else if (Array.isArray(v) && /^\d+$/.test(seg)) {
        if (Number(seg) < v.length) next.push(v[Number(seg)]);
      } else if (v && typeof v === 'object' && seg in (v as object)) next.push((v as Record<string, unknown>)[seg]);
    }
    cur = next;
  }
  return cur;
}

/**
 * JSON → values. If the document (or the part before a `*`) is a list of rows, valueField/dateField
 * are paths inside each row (a series); otherwise valueField is a path to one number.
 */
export function valuesFromJson(kpiId: string, text: string, source: Pick<Source, 'valueField' | 'dateField'>, fetchedAt: string): FetchResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, error: { code: 'not-json', message: 'The URL did not return valid JSON.' } };
  }
  const rows = Array.isArray(doc) ? doc : null;
  const items = rows ?? [doc];
  const values: KpiValue[] = [];
  for (let i = 0; i < items.length; i++) {
    const found = resolvePath(items[i], source.valueField);
    if (!found.length) {
      return { ok: false, error: { code: 'column', message: `The JSON has no field "${source.valueField}"${rows ? ` in row ${i}` : ''}.` } };
    }
    for (const raw of found) {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? parseNumber(raw) : null;
      if (n === null || !Number.isFinite(n)) return { ok: false, error: { code: 'number', message: `"${source.valueField}"${rows ? ` in row ${i}` : ''} is ${JSON.stringify(raw)?.slice(0, 60)}, not a number.` } };
      let at = fetchedAt;
      if (source.dateField) {
        const d = resolvePath(items[i], source.dateField)[0];
        const iso = typeof d === 'string' ? parseDate(d) : null;
        if (!iso) return { ok: false, error: { code: 'date', message: `"${source.dateField}"${rows ? ` in row ${i}` : ''} is ${JSON.stringify(d)?.slice(0, 60)}, not a date.` } };
        at = iso;
      }
      values.push({ kpiId, value: n, at, source: 'json' });
    }
  }
  if (!values.length) return { ok: false, error: { code: 'empty', message: 'The JSON has no values.' } };
  return { ok: true, values: source.dateField ? values : [values[values.length - 1]!] };
}

// ───────────────────────────── fetching ─────────────────────────────

export interface FetchOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => Date;
  /** Skip the permission check of the source's own origin (tests against 127.0.0.1 without an extension). */
  skipPermissionCheck?: boolean;
  /** Largest body read, in bytes (default 5 MB). */
  maxBytes?: number;
}

function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * Why Liaison will not read this URL (or null): only https, and plain http only on this computer
 * (loopback) — a KPI read over plain http anywhere else could be changed on the way.
 */
export function sourceUrlProblem(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'The source URL is not a valid URL.';
  }
  if (u.protocol === 'https:') return null;
  if (u.protocol === 'http:') return isLoopback(u.hostname) ? null : `Liaison reads sources only over https (plain http only from this computer): use https://${u.host}${u.pathname}${u.search}.`;
  return `Liaison reads sources only over https, not ${u.protocol.replace(':', '')}.`;
}

type Failure = { ok: false; error: Omit<KpiSourceError, 'at'> };
const fail = (code: KpiSourceError['code'], message: string, httpStatus?: number): Failure => ({ ok: false, error: { code, message, ...(httpStatus !== undefined ? { httpStatus } : {}) } });

/** Read a body as UTF-8 text, at most `maxBytes` (an endless or huge stream is cancelled). */
async function readCapped(res: Response, maxBytes: number): Promise<string | null> {
  const decoder = new TextDecoder('utf-8');
  if (!res.body) {
    const buf = new Uint8Array(await res.arrayBuffer());
    return buf.byteLength > maxBytes ? null : decoder.decode(buf);
  }
  const reader = res.body.getReader();
  let total = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/** Fetch and parse one KPI's source. Never throws. */
export async function fetchKpiSource(kpi: Kpi, opts: FetchOptions = {}): Promise<FetchResult> {
  const source = kpi.source;
  if (!source) return { ok: false, error: { code: 'empty', message: 'This KPI has no source.' } };
  const insecure = sourceUrlProblem(source.url);
  if (insecure) return fail('insecure', insecure);
  const fetchedAt = (opts.now?.() ?? new Date()).toISOString();
  const maxBytes = opts.maxBytes ?? MAX_BYTES;
  const mb = `${Math.round((maxBytes / 1024 / 1024) * 10) / 10} MB`;
  // Without the host permission the request is a plain CORS request (see the file comment).
  const permitted = opts.skipPermissionCheck === true || (await hasSourcePermission(source.url));
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const ctrl = new AbortController();
  // One time cap for the whole read: connection, redirects and body (a server that drips forever is cut off).
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  const doFetch = opts.fetch ?? fetch;
  const base = { signal: ctrl.signal, credentials: 'omit' as const, cache: 'no-store' as const };
  const redirectProblem = (to: string | null) =>
    fail(
      'redirect',
      permitted
        ? `The source redirects${to ? ` to ${to.slice(0, 200)}` : ''} to a site Liaison was not allowed to read (or redirects too many times). Use the final address as the source, or allow that site in Options › KPI sources.`
        : `The source redirects${to ? ` to ${to.slice(0, 200)}` : ''}. Liaison follows a redirect only for a source it was allowed to read: allow it in Options › KPI sources, or use the final address as the source.`,
    );
  try {
    let res: Response;
    if (permitted) {
      // Redirects (issue 16 point 6): an extension's same-origin request may go only where the
      // extension may read — its own host permissions. Chromium and Firefox follow a redirect to a
      // granted origin and refuse one to any other origin *before* requesting it (a CORS request
      // would send it, credentials omitted, and only then refuse to show the answer).
      try {
        res = await doFetch(source.url, { ...base, mode: 'same-origin', redirect: 'follow' });
      } catch (e) {
        if (ctrl.signal.aborted) throw e;
        // Refused or unreachable: tell a refused redirect from a network error (the source's own origin is granted).
        const probe = await doFetch(source.url, { ...base, mode: 'same-origin', redirect: 'manual' }).catch(() => null);
        await probe?.body?.cancel().catch(() => {});
        if (probe && (probe.type === 'opaqueredirect' || (probe.status >= 300 && probe.status < 400))) return redirectProblem(probe.headers.get('location'));
        throw e;
      }
      // Where the redirects ended is readable; plain http there only on loopback, as for the source.
      const bad = res.url && res.url !== source.url ? sourceUrlProblem(res.url) : null;
      if (bad) {
        await res.body?.cancel().catch(() => {});
        return fail('redirect', `The source redirects to ${res.url.slice(0, 200)}, which Liaison will not read. ${bad}`);
      }
    } else {
      // Without the host permission: an ordinary CORS request, and no redirect followed at all —
      // browsers hide where a redirect goes ("opaqueredirect"), so it cannot be checked before it is requested.
      res = await doFetch(source.url, { ...base, mode: 'cors', redirect: 'manual' });
      if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) {
        const to = res.headers.get('location');
        await res.body?.cancel().catch(() => {});
        return redirectProblem(to ? new URL(to, source.url).href : null);
      }
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      return fail('http', `The source answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}${res.status === 404 ? ' (not found — was the file moved or unpublished?)' : ''}.`, res.status);
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      await res.body?.cancel().catch(() => {});
      return fail('too-large', `The source is ${Math.round(declared / 1024 / 1024)} MB; Liaison reads at most ${mb}. Publish only the columns the KPI needs.`);
    }
    const text = await readCapped(res, maxBytes);
    if (text === null) return fail('too-large', `The source sent more than ${mb} (Liaison stopped reading). Publish only the columns the KPI needs.`);
    const contentType = res.headers.get('content-type') ?? '';
    if (looksLikeHtml(text, contentType)) {
      return {
        ok: false,
        error: {
          code: source.format === 'csv' ? 'not-csv' : 'not-json',
          message: `The URL returned a web page (HTML), not ${source.format.toUpperCase()}. Use the "publish as ${source.format.toUpperCase()}" / export link, and check that it does not need a sign-in.`,
        },
      };
    }
    return source.format === 'csv' ? valuesFromCsv(kpi.id, text, source, fetchedAt) : valuesFromJson(kpi.id, text, source, fetchedAt);
  } catch (e) {
    if (ctrl.signal.aborted) return { ok: false, error: { code: 'timeout', message: `The source did not answer within ${Math.round(timeoutMs / 1000)} s.` } };
    if (!permitted) {
      // A CORS refusal and an unreachable server look the same from here: both need the permission first.
      return { ok: false, error: { code: 'permission', message: `Liaison may not read ${new URL(source.url).origin} yet (the server does not let other sites read it). Open Options › KPI sources and allow it.` } };
    }
    return { ok: false, error: { code: 'network', message: `The source could not be reached: ${e instanceof Error ? e.message : String(e)}.` } };
  } finally {
    clearTimeout(timer);
    if (!ctrl.signal.aborted) ctrl.abort(); // release any connection still open
  }
}

function isStale(kpi: Kpi, latest: KpiValue | undefined, now: Date): boolean {
  if (!latest) return false;
  return now.getTime() - Date.parse(latest.at) > kpi.staleAfterDays * 86_400_000;
}

/**
 * Refresh one KPI: fetch, store the series in IndexedDB, and write its kpiStatus
 * (latest value on success; the error — keeping the last good value — on failure).
 */
export async function refreshKpi(store: Store, kpi: Kpi, opts: FetchOptions = {}): Promise<KpiStatus | null> {
  if (!kpi.source) return null;
  const now = opts.now?.() ?? new Date();
  const result = await fetchKpiSource(kpi, opts);
  const current = (await store.get('kpiStatus', kpi.id))?.data;
  const checkedAt = now.toISOString();
  let next: KpiStatus;
  if (result.ok) {
    await addKpiValues(result.values);
    const latest = result.values.reduce((a, b) => (Date.parse(b.at) >= Date.parse(a.at) ? b : a));
    const changed = !current?.latest || current.latest.at !== latest.at || current.latest.value !== latest.value;
    next = {
      kpiId: kpi.id,
      latest,
      ...(changed ? (current?.latest ? { previous: current.latest } : {}) : current?.previous ? { previous: current.previous } : {}),
      fetchedAt: checkedAt,
      checkedAt,
      stale: isStale(kpi, latest, now),
    };
  } else {
    next = {
      kpiId: kpi.id,
      ...(current?.latest ? { latest: current.latest } : {}),
      ...(current?.previous ? { previous: current.previous } : {}),
      ...(current?.fetchedAt ? { fetchedAt: current.fetchedAt } : {}),
      error: { ...result.error, at: checkedAt },
      checkedAt,
      stale: isStale(kpi, current?.latest, now),
    };
  }
  return (await store.put('kpiStatus', next)).data;
}

// ───────────────────────────── schedule ─────────────────────────────

/** Make one periodic alarm per KPI with a source (and none for others). */
export async function syncAlarms(store: Store): Promise<void> {
  const kpis = (await store.list('kpis')).map((d) => d.data).filter((k) => k.source);
  const want = new Map(kpis.map((k) => [`${ALARM_PREFIX}${k.id}`, k.source!.refreshMinutes]));
  const existing = (await browser.alarms.getAll()).filter((a) => a.name.startsWith(ALARM_PREFIX));
  for (const a of existing) {
    if (!want.has(a.name)) await browser.alarms.clear(a.name);
  }
  for (const [name, minutes] of want) {
    const a = existing.find((x) => x.name === name);
    if (!a || a.periodInMinutes !== minutes) await browser.alarms.create(name, { delayInMinutes: a ? minutes : 0.1, periodInMinutes: minutes });
  }
}

/**
 * Start the KPI-source refresher in the background: alarms per KPI source, refresh on alarm,
 * on a KPI's source change, and on 'kpi:refresh' messages. Returns stop().
 */
export function startKpiSources(opts: FetchOptions & { store?: Store } = {}): () => void {
  const storeP = opts.store ? Promise.resolve(opts.store) : startStoreService().then((s) => s.store);
  const inflight = new Map<string, Promise<KpiStatus | null>>();
  const refresh = async (kpiId: string) => {
    const running = inflight.get(kpiId);
    if (running) return running;
    const p = (async () => {
      const store = await storeP;
      const kpi = (await store.get('kpis', kpiId))?.data;
      return kpi ? refreshKpi(store, kpi, opts) : null;
    })().finally(() => inflight.delete(kpiId));
    inflight.set(kpiId, p);
    return p;
  };
  // Listeners first, synchronously, so a waking service worker gets the alarm / message.
  const onAlarm = (alarm: { name: string }) => {
    if (alarm.name.startsWith(ALARM_PREFIX)) void refresh(alarm.name.slice(ALARM_PREFIX.length)).catch((e) => console.error('[liaison] KPI refresh failed', e));
  };
  browser.alarms.onAlarm.addListener(onAlarm);
  const offMsg = onValidated('kpi:refresh', ({ kpiId }) => refresh(kpiId));
  let off = () => {};
  let stopped = false;
  const sources = new Map<string, string>();
  void storeP.then(async (store) => {
    if (stopped) return;
    await store.ready();
    for (const d of await store.list('kpis')) sources.set(d.id, JSON.stringify(d.data.source ?? null));
    off = store.subscribe((changes) => {
      const changed = changes.filter((c) => c.collection === 'kpis');
      if (!changed.length) return;
      for (const c of changed) {
        const src = JSON.stringify((c.doc?.data as Kpi | undefined)?.source ?? null);
        if (sources.get(c.id) !== src) {
          sources.set(c.id, src);
          if (src !== 'null') void refresh(c.id).catch(() => {});
        }
      }
      void syncAlarms(store).catch((e) => console.error('[liaison] KPI alarms failed', e));
    });
    await syncAlarms(store);
  }).catch((e) => console.error('[liaison] KPI sources failed to start', e));
  return () => {
    stopped = true;
    browser.alarms.onAlarm.removeListener(onAlarm);
    off();
    offMsg();
  };
}
