/**
 * "Test connection" against real servers on 127.0.0.1: one precise error per failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer as createHttp, type Server } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { checkUrl, cookieHeaderAllowed, signedFetch, testConnection } from '@/lib/sync/couch';
import { createUser } from '../../sync-server/server.mjs';
import { startRig, type Rig } from './helpers';

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(String((server.address() as AddressInfo).port))));
}

describe('testConnection: a precise message for each failure', () => {
  let rig: Rig;
  const others: Server[] = [];
  beforeAll(async () => {
    rig = await startRig([['alice', 'alice-pw']]);
    await createUser(rig.srv, 'eve', 'eve-pw', []); // signed in, but not a member of the workspace
  });
  afterAll(async () => {
    await rig?.stop();
    for (const s of others) s.close();
  });

  const params = (over: Partial<{ url: string; db: string; user: string; password: string }> = {}) => ({ url: rig.srv.url, db: rig.db, user: 'alice', password: 'alice-pw', ...over });

  it('a member with the right password: the server, its version and the number of documents', async () => {
    const r = await testConnection(params());
    expect(r).toMatchObject({ ok: true, server: { vendor: 'PouchDB Server (express-pouchdb)', version: '5.0.1-rc1.0' }, docCount: expect.any(Number) });
  });

  it('a wrong password: unauthorized (401)', async () => {
    const r = await testConnection(params({ password: 'nope' }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'unauthorized', httpStatus: 401 });
    expect(r.error.message).toMatch(/refused the user name "alice"/);
  });

  it('signed in but not a member: forbidden', async () => {
    const r = await testConnection(params({ user: 'eve', password: 'eve-pw' }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('forbidden');
    expect([401, 403]).toContain(r.error.httpStatus);
    expect(r.error.message).toMatch(/not a member of the workspace "marketing"/);
  });

  it('a database that does not exist: no-db (404)', async () => {
    const r = await testConnection(params({ db: 'sales' }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'no-db', httpStatus: 404 });
    expect(r.error.message).toMatch(/no workspace database "sales"/);
  });

  it('a web server that is not CouchDB: not-couchdb', async () => {
    const web = createHttp((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>Acme intranet</title>');
    });
    others.push(web);
    const port = await listen(web);
    const r = await testConnection(params({ url: `http://127.0.0.1:${port}` }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('not-couchdb');
    expect(r.error.message).toMatch(/not as a CouchDB server/);
  });

  it('nothing listening: unreachable, saying the connection was refused', async () => {
    const tmp = createHttp();
    const port = await listen(tmp);
    await new Promise((r) => tmp.close(r));
    const r = await testConnection(params({ url: `http://127.0.0.1:${port}` }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('unreachable');
    expect(r.error.message).toMatch(/refused the connection/);
  });

  it('an untrusted TLS certificate: tls', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'liaison-tls-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
      const server = createHttps({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => res.end('{"couchdb":"Welcome"}'));
      others.push(server as unknown as Server);
      const port = await listen(server as unknown as Server);
      const r = await testConnection(params({ url: `https://127.0.0.1:${port}` }));
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('tls');
      expect(r.error.message).toMatch(/TLS certificate is not trusted/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('plain http to another machine is refused before any request', async () => {
    let called = false;
    const r = await testConnection(params({ url: 'http://couch.acme.internal:5984' }), {
      fetch: async () => {
        called = true;
        throw new Error('must not be called');
      },
    });
    expect(called).toBe(false);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('insecure');
    expect(r.error.message).toMatch(/https:\/\/couch\.acme\.internal:5984/);
    expect(checkUrl('http://localhost:5984')).toBeNull();
    expect(checkUrl('https://couch.acme.com')).toBeNull();
    expect(checkUrl('https://bob:pw@couch.acme.com')?.code).toBe('invalid');
  });

  it('requests never carry the browser\'s cookies, only our own credentials', async () => {
    const seen: RequestInit[] = [];
    const f = signedFetch({ user: 'alice', password: 'pw' }, async (_u, init) => {
      seen.push(init!);
      return new Response('{}');
    });
    await f('https://couch.acme.com/db', { credentials: 'include' });
    expect(seen[0]!.credentials).toBe('omit');
    expect(new Headers(seen[0]!.headers).get('authorization')).toBe(`Basic ${btoa('alice:pw')}`);
    // Node may send an explicit Cookie header (tests, team:setup); browsers may not (see couch.ts).
    expect(cookieHeaderAllowed()).toBe(true);
    const g = signedFetch({ user: 'alice', cookie: 'AuthSession=abc' }, async (_u, init) => {
      seen.push(init!);
      return new Response('{}');
    });
    await g('https://couch.acme.com/db');
    expect(new Headers(seen[1]!.headers).get('cookie')).toBe('AuthSession=abc');
    expect(seen[1]!.credentials).toBe('omit');
  });
});
