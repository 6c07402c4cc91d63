/**
 * A small CouchDB client for connecting and testing (pure: only `fetch`, injected or global).
 *
 * Signing requests. Every request is sent with `credentials: 'omit'`: the browser's cookie jar is
 * shared by the whole profile, so a CouchDB `AuthSession` cookie that another person set in a tab
 * (their Fauxton, their app) would otherwise sign our requests as them. Browsers forbid scripts to
 * set the `Cookie` header (fetch drops it silently, in an MV3 service worker and in Firefox alike)
 * and hide `Set-Cookie` from responses, so in the extension a `_session` cookie cannot be carried
 * explicitly. There the background signs each request with HTTP Basic auth (HTTPS required except
 * on loopback), the password kept in storage.local only. Where a runtime allows an explicit
 * `Cookie` header (Node: tests, the bench, `npm run team:setup`), the 'cookie' mode exchanges the
 * password once at `_session` and sends only the cookie. `cookieHeaderAllowed()` tells which.
 */
import { isLoopback, type SyncError, type SyncErrorCode, type TestResult } from './contract';

export type Fetch = typeof fetch;

export interface Auth {
  user: string;
  password?: string;
  cookie?: string;
}

export class SyncFailure extends Error {
  constructor(readonly error: SyncError) {
    super(error.message);
    this.name = 'SyncFailure';
  }
}

export function syncError(code: SyncErrorCode, message: string, httpStatus?: number, now = Date.now()): SyncError {
  return { code, message: message.slice(0, 2000), at: new Date(now).toISOString(), ...(httpStatus !== undefined ? { httpStatus } : {}) };
}

/** True where a script may send a `Cookie` header (Node); false in browsers (a forbidden header). */
export function cookieHeaderAllowed(): boolean {
  try {
    return new Request('http://127.0.0.1/', { headers: { Cookie: 'probe=1' } }).headers.has('cookie');
  } catch {
    return false;
  }
}

function basic(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return `Basic ${btoa(bin)}`;
}

/** A fetch that signs every request for `auth` and never sends or stores the browser's cookies. */
export function signedFetch(auth: Auth, base: Fetch = fetch): Fetch {
  const useCookie = !!auth.cookie && cookieHeaderAllowed();
  return (input, init = {}) => {
    const headers = new Headers(init.headers);
    if (useCookie) headers.set('Cookie', auth.cookie!);
    else if (auth.password !== undefined) headers.set('Authorization', basic(auth.user, auth.password));
    return base(input, { ...init, headers, credentials: 'omit' });
  };
}

/** https, or http on loopback only. */
export function checkUrl(url: string): SyncError | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return syncError('invalid', 'This is not a web address. Use the form https://couch.example.com');
  }
  if (u.username || u.password) return syncError('invalid', 'Put the user name and password in their own fields, not in the address.');
  if (u.protocol === 'https:') return null;
  if (u.protocol === 'http:' && isLoopback(u.hostname)) return null;
  if (u.protocol === 'http:') return syncError('insecure', `Plain http:// would send your password and the team's data unencrypted. Use https://${u.host}${u.pathname === '/' ? '' : u.pathname} (plain http is allowed only for 127.0.0.1 and localhost).`);
  return syncError('invalid', `Liaison connects only to https:// servers (this address uses ${u.protocol}).`);
}

export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

const TLS_CODES = /CERT|TLS|SSL|EPROTO|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|HANDSHAKE/i;

/** A failed fetch (no HTTP answer) in words. */
export function networkError(e: unknown, url: string, now = Date.now()): SyncError {
  const host = (() => {
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  })();
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } } | undefined;
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return syncError('unreachable', `${host} did not answer within 15 seconds.`, undefined, now);
  const code = err?.cause?.code ?? '';
  const text = `${code} ${err?.cause?.message ?? ''} ${err?.message ?? ''}`;
  if (TLS_CODES.test(code) || /certificate|ssl|tls/i.test(text)) {
    return syncError('tls', `The secure connection to ${host} failed: its TLS certificate is not trusted by this browser (${code || 'certificate error'}). Ask your administrator for a certificate from a trusted authority, or install your company's root certificate.`, undefined, now);
  }
  if (/ENOTFOUND|EAI_AGAIN/.test(code)) return syncError('unreachable', `${host} was not found (DNS). Check the address.`, undefined, now);
  if (/ECONNREFUSED/.test(code)) return syncError('unreachable', `${host} refused the connection: no server is listening there. Check the address and port, and that the server is running.`, undefined, now);
  if (code) return syncError('unreachable', `Could not reach ${host} (${code}). Check the address and your network.`, undefined, now);
  // Browsers hide why a fetch failed (DNS, refused, TLS all read "Failed to fetch").
  const secure = url.startsWith('https:');
  return syncError(
    'unreachable',
    `Could not reach ${host}: the server did not answer${secure ? ', or its TLS certificate is not trusted by this browser' : ''}. Check the address, your network (VPN?) and that the server is running${secure ? `; opening ${url} in a tab shows a certificate error if that is the cause` : ''}.`,
    undefined,
    now,
  );
}

async function readJson(r: Response): Promise<unknown> {
  const text = await r.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function reasonOf(body: unknown): string {
  const b = body as { reason?: unknown; error?: unknown } | undefined;
  return typeof b?.reason === 'string' ? b.reason : typeof b?.error === 'string' ? b.error : '';
}

interface RootInfo {
  vendor: string;
  version: string;
}

function rootInfo(body: unknown): RootInfo | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Record<string, unknown>;
  const version = typeof b.version === 'string' ? b.version : '';
  if (b.couchdb === 'Welcome') {
    const vendor = b.vendor && typeof b.vendor === 'object' ? String((b.vendor as { name?: unknown }).name ?? 'Apache CouchDB') : 'Apache CouchDB';
    return { vendor, version };
  }
  if (typeof b['express-pouchdb'] === 'string') return { vendor: 'PouchDB Server (express-pouchdb)', version };
  return null;
}

export interface ConnectParams {
  url: string;
  db: string;
  user: string;
  password: string;
}

/**
 * "Test connection": is it a CouchDB-protocol server, does the password sign in, is this person a
 * member of the database. Stores nothing; resolves to a TestResult (never throws).
 */
export async function testConnection(p: ConnectParams, opts: { fetch?: Fetch; now?: () => number; timeoutMs?: number } = {}): Promise<TestResult & { cookie?: string }> {
  const now = opts.now ?? Date.now;
  const base = opts.fetch ?? fetch;
  const fail = (code: SyncErrorCode, message: string, status?: number) => ({ ok: false as const, error: syncError(code, message, status, now()) });
  const bad = checkUrl(p.url);
  if (bad) return { ok: false, error: bad };
  const timeout = () => AbortSignal.timeout(opts.timeoutMs ?? 15000);
  const anon: Fetch = (input, init = {}) => base(input, { ...init, credentials: 'omit', signal: timeout() });

  // 1. Is it a CouchDB-protocol server?
  let root: Response;
  try {
    root = await anon(joinUrl(p.url, '/'), { headers: { Accept: 'application/json' } });
  } catch (e) {
    return { ok: false, error: networkError(e, p.url, now()) };
  }
  const rootBody = await readJson(root);
  let info = rootInfo(rootBody);
  const rootUnauthorized = root.status === 401 && (rootBody as { error?: unknown } | undefined)?.error === 'unauthorized';
  if (!info && !rootUnauthorized) {
    return fail('not-couchdb', `${p.url} answers (HTTP ${root.status}) but not as a CouchDB server. Use the server's base address (for example https://couch.example.com:6984), without the database name or a path to a web page.`, root.status);
  }

  // 2. Sign in (the password is checked by _session, without any browser cookie).
  let session: Response;
  try {
    session = await anon(joinUrl(p.url, '/_session'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ name: p.user, password: p.password }),
    });
  } catch (e) {
    return { ok: false, error: networkError(e, p.url, now()) };
  }
  const sessionBody = await readJson(session);
  if (session.status === 401) return fail('unauthorized', `The server refused the user name "${p.user}" with this password. Check both (they are case-sensitive).`, 401);
  if (!session.ok || !sessionBody || typeof sessionBody !== 'object') {
    if (session.status === 404 || !sessionBody) return fail('not-couchdb', `${p.url} has no CouchDB sign-in (/_session answered HTTP ${session.status}).`, session.status);
    return fail('unknown', `Signing in failed: HTTP ${session.status} ${reasonOf(sessionBody)}`.trim(), session.status);
  }
  const setCookie = session.headers.get('set-cookie') ?? '';
  const cookie = /AuthSession=[^;]*/.exec(setCookie)?.[0];
  const signed = signedFetch({ user: p.user, password: p.password }, (input, init) => base(input, { ...init, signal: timeout() }));

  if (!info) {
    try {
      const r = await signed(joinUrl(p.url, '/'), { headers: { Accept: 'application/json' } });
      info = rootInfo(await readJson(r));
    } catch {
      /* the database check below reports it */
    }
    if (!info) return fail('not-couchdb', `${p.url} is not a CouchDB server.`);
  }

  // 3. Is the database there, and may this person read it?
  let dbr: Response;
  try {
    dbr = await signed(joinUrl(p.url, encodeURIComponent(p.db)), { headers: { Accept: 'application/json' } });
  } catch (e) {
    return { ok: false, error: networkError(e, p.url, now()) };
  }
  const dbBody = await readJson(dbr);
  if (dbr.status === 404) return fail('no-db', `There is no workspace database "${p.db}" on this server. Check its name, or ask your administrator to create it (npm run team:setup).`, 404);
  if (dbr.status === 401 || dbr.status === 403) {
    return fail('forbidden', `"${p.user}" signed in, but is not a member of the workspace "${p.db}". Ask your administrator to add you (or your role) to its members.`, dbr.status);
  }
  if (!dbr.ok || !dbBody || typeof dbBody !== 'object') return fail('not-couchdb', `The database "${p.db}" did not answer as a CouchDB database (HTTP ${dbr.status}).`, dbr.status);
  const docCount = (dbBody as { doc_count?: unknown }).doc_count;
  return {
    ok: true,
    server: { vendor: info.vendor.slice(0, 200), version: info.version.slice(0, 100) || 'unknown' },
    ...(typeof docCount === 'number' && Number.isInteger(docCount) && docCount >= 0 ? { docCount } : {}),
    ...(cookie ? { cookie } : {}),
  };
}

/** Document ids in the workspace database (for the merge preview). */
export async function remoteIds(url: string, db: string, f: Fetch): Promise<string[]> {
  const r = await f(joinUrl(url, `${encodeURIComponent(db)}/_all_docs`), { headers: { Accept: 'application/json' } });
  if (!r.ok) throw new SyncFailure(httpError(r.status, await readJson(r), db));
  const body = (await r.json()) as { rows?: Array<{ id?: unknown }> };
  return (body.rows ?? []).map((row) => row.id).filter((id): id is string => typeof id === 'string');
}

/** An HTTP error from the workspace database in words. */
export function httpError(status: number, body: unknown, db: string, now = Date.now()): SyncError {
  const reason = reasonOf(body);
  if (status === 401) return syncError('unauthorized', 'The server no longer accepts your user name and password (changed or removed?). Sign in again in the options.', 401, now);
  if (status === 403) return syncError(reason && /forbidden|not allowed|member/i.test(reason) ? 'forbidden' : 'rejected', reason ? `The server refused: ${reason}` : `You are not a member of the workspace "${db}" any more.`, 403, now);
  if (status === 404) return syncError('no-db', `The workspace database "${db}" is gone from the server (deleted or renamed).`, 404, now);
  return syncError('unknown', `The server answered HTTP ${status}${reason ? `: ${reason}` : ''}.`, status, now);
}
