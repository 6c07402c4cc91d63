/**
 * The team-workspace side of the e2e harness (also used by the demo and the bench): a local
 * CouchDB-protocol server the test starts and stops itself (tests/sync-server), a workspace on it
 * with its members, and browsers — each a fresh profile — connected to it.
 *
 * Loopback permission, honestly: the real manifest asks for a server's origin at run time
 * (optional_host_permissions, requested in the options' click handler). Headless Chromium cannot
 * answer that prompt — the request stays pending forever. So the team tests load a COPY of the
 * build whose manifest also lists `http://127.0.0.1/*` as a host permission (loopbackBuild()). The
 * click handler still calls permissions.request exactly as for a person; Chromium answers "granted"
 * at once because the origin is already held. The real .output/chrome-mv3 is never modified
 * (team.spec.ts asserts that its manifest holds no loopback host permission).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { pathToFileURL } from 'node:url';
import { Ext, EXTENSION_DIR, ROOT, type LaunchOptions } from './ext';
import { diffOp, fold } from '../../lib/store/doc';
import { formatHlc } from '../../lib/store/hlc';
import { toCouch } from '../../lib/sync/docs';
import type { TestServer } from '../sync-server/server.mjs';

/**
 * The engine's server modules, loaded at run time from the repository (never bundled: the bench and
 * the demo bundle this file, and a bundled server.mjs would take the bundle for its own CLI).
 */
const serverModule = () => import(pathToFileURL(join(ROOT, 'tests/sync-server/server.mjs')).href) as Promise<typeof import('../sync-server/server.mjs')>;
const workspaceModule = () => import(pathToFileURL(join(ROOT, 'server/workspace.mjs')).href) as Promise<typeof import('../../server/workspace.mjs')>;

export type { TestServer };

export const LOOPBACK_PATTERN = 'http://127.0.0.1/*';

export interface Member {
  name: string;
  password: string;
}

export interface Workspace {
  server: TestServer;
  url: string;
  db: string;
  members: Member[];
  /** A request to the server as its admin (JSON in, JSON out). */
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }>;
}

let builtCopy: string | null = null;

/** A copy of the build with the loopback host permission (see the header). One per process. */
export function loopbackBuild(): string {
  if (builtCopy && existsSync(join(builtCopy, 'manifest.json'))) return builtCopy;
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) throw new Error(`The extension is not built: ${EXTENSION_DIR}/manifest.json is missing. Run "npm run build" first.`);
  const dir = mkdtempSync(join(tmpdir(), 'liaison-loopback-build-'));
  cpSync(EXTENSION_DIR, dir, { recursive: true });
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { host_permissions?: string[] };
  manifest.host_permissions = [...(manifest.host_permissions ?? []), LOOPBACK_PATTERN];
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  builtCopy = dir;
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export async function startServer(): Promise<TestServer> {
  return (await serverModule()).startTestServer();
}

function basic(user: string, pass: string): string {
  return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}

/**
 * Create a workspace with its members: the users in `_users`, then `npm run team:setup`'s own
 * function (the database, its _security object with the members, the validation design document).
 */
export async function createWorkspace(server: TestServer, db: string, members: Member[]): Promise<Workspace> {
  const admin = async <T,>(method: string, path: string, body?: unknown) => {
    const r = await fetch(`${server.url}${path}`, {
      method,
      headers: { Authorization: basic(server.admin.user, server.admin.pass), 'Content-Type': 'application/json', Accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, json: (text ? JSON.parse(text) : null) as T };
  };
  const { createUser } = await serverModule();
  const { setupWorkspace } = await workspaceModule();
  for (const m of members) await createUser(server, m.name, m.password);
  await setupWorkspace({ url: server.url, db, admin: server.admin.user, password: server.admin.pass, members: members.map((m) => m.name) });
  return { server, url: server.url, db, members, admin };
}

/** Launch a browser (fresh profile) on the loopback build. */
export function launchTeamBrowser(opts: LaunchOptions = {}): Promise<Ext> {
  return Ext.launch({ ...opts, extensionDir: loopbackBuild() });
}

/** An extension page kept open to read storage and send messages (the worker may be stopped). */
const probes = new WeakMap<Ext, Page>();
async function probe(ext: Ext): Promise<Page> {
  let p = probes.get(ext);
  if (!p || p.isClosed()) {
    p = await ext.context.newPage();
    await p.goto(ext.extensionUrl('popup.html'));
    probes.set(ext, p);
  }
  return p;
}

export async function readLocal<T = unknown>(ext: Ext, key: string): Promise<T | undefined> {
  const p = await probe(ext);
  return p.evaluate(async (k) => (await (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome.storage.local.get(k))[k], key) as Promise<T | undefined>;
}

/** Connect through the background's message, as the options page does after the click. */
export async function connectByMessage(ext: Ext, ws: Workspace, member: Member, auth: 'cookie' | 'basic' = 'cookie'): Promise<void> {
  const r = await ext.message<{ ok: boolean; error?: { message: string } }>('team:connect', { url: ws.url, db: ws.db, user: member.name, password: member.password, auth });
  if (!r.ok) throw new Error(`connect failed: ${r.error?.message}`);
}

/** Until the background reports this state (team:status), or the timeout. */
export async function waitForSyncState(ext: Ext, states: string[], timeout = 20_000): Promise<Record<string, unknown>> {
  const end = Date.now() + timeout;
  let last: Record<string, unknown> | undefined;
  while (Date.now() < end) {
    last = await readLocal<Record<string, unknown>>(ext, 'team:status');
    if (last && states.includes(String(last.state))) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`sync state never became ${states.join('/')}; last: ${JSON.stringify(last)}`);
}

/**
 * Stop the extension's service worker the way Chromium does when it idles out (CDP
 * ServiceWorker.stopAllWorkers), and wait until it is stopped.
 */
export async function stopServiceWorker(ext: Ext): Promise<void> {
  const p = await probe(ext);
  const cdp: CDPSession = await ext.context.newCDPSession(p);
  const prefix = `chrome-extension://${ext.extensionId}/`;
  let status = '';
  cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: Array<{ scriptURL: string; runningStatus: string }> }) => {
    for (const v of e.versions) if (v.scriptURL.startsWith(prefix)) status = v.runningStatus;
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  const end = Date.now() + 10_000;
  while (status !== 'stopped' && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  await cdp.detach().catch(() => undefined);
  if (status !== 'stopped') throw new Error(`the service worker did not stop (last status: ${status || 'unknown'})`);
}

/** The key of the i-th seeded item (a Jira campaign `LOAD-<i>`). */
export function seededKey(i: number): string {
  return `jira:acme.atlassian.net:issue:LOAD-${i}`;
}

/**
 * Write `n` valid workspace documents straight to the server as `member` (as another person's
 * browser would have pushed them): campaigns LOAD-1…LOAD-n with a launch date each.
 */
export async function seedDocs(ws: Workspace, member: Member, n: number): Promise<void> {
  const by = { device: `seed-${member.name}`, person: member.name };
  const now = Date.now();
  const docs = [];
  for (let i = 1; i <= n; i++) {
    const key = seededKey(i);
    const at = new Date(now - (n - i) * 1000).toISOString();
    const hlc = formatHlc({ wall: now - (n - i) * 1000, counter: 0, node: `${by.device}~1` });
    const launch = new Date(now + ((i % 60) + 5) * 86_400_000).toISOString().slice(0, 10);
    const op = diffOp('itemMeta', key, undefined, { key, role: 'campaign', teamId: 'marketing', dates: { launch }, notes: [] }, 'replace', { hlc, at, by });
    const { doc } = fold('itemMeta', key, undefined, [op]);
    docs.push(toCouch(doc, { user: member.name }));
  }
  const auth = basic(member.name, member.password);
  for (let i = 0; i < docs.length; i += 500) {
    const r = await fetch(`${ws.url}/${ws.db}/_bulk_docs`, { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ docs: docs.slice(i, i + 500) }) });
    const out = (await r.json()) as Array<{ error?: string; reason?: string }>;
    const bad = Array.isArray(out) ? out.filter((x) => x.error) : [out];
    if (!r.ok || bad.length) throw new Error(`seeding refused: ${r.status} ${JSON.stringify(bad.slice(0, 3))}`);
  }
}
