#!/usr/bin/env node
/**
 * A CouchDB-protocol server for tests, the bench and the demo: express-pouchdb 5.0.1-rc1.0 over
 * PouchDB's memory adapter, on 127.0.0.1, with a server admin. NEVER for production: its `_users`
 * database lets a signed-in user give itself roles (see server/ADMIN.md for real servers).
 *
 *   import { startTestServer } from './tests/sync-server/server.mjs';
 *   const srv = await startTestServer();            // { url, admin: { user, pass }, stop() }
 *   npm run team:server [-- --port 5984]           // prints the URL and the admin, runs until Ctrl-C
 *
 * Two deliberate differences from a stock express-pouchdb:
 * - no compression middleware: with it a `feed=continuous` response is gzipped and never flushed
 *   to clients that accept gzip, so live replication stalls;
 * - pouchdb-server issue 419 is patched at run time: pouchdb-validation's validate() assigns the
 *   stored document's `_revisions` to every incoming document before running validate_doc_update,
 *   so a revision replicated with new_edits:false loses its own history and is silently dropped
 *   (the server answers 201 and keeps the old revision). Our wrapper pins each incoming
 *   document's `_revisions` before the validation wrapper runs. node_modules is not edited.
 */
import { createServer } from 'node:http';
import { Buffer } from 'node:buffer';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

let serial = 0;

function loadPouchDB(prefix) {
  // pouchdb-core is one module per process (tests also use it as the client): add each plugin once.
  const PouchDB = require('pouchdb-core');
  if (!PouchDB.adapters.memory) PouchDB.plugin(require('pouchdb-adapter-memory'));
  if (!PouchDB.adapters.http) PouchDB.plugin(require('pouchdb-adapter-http'));
  if (!PouchDB.replicate) PouchDB.plugin(require('pouchdb-replication'));
  const Defaulted = PouchDB.defaults({ adapter: 'memory', prefix });
  return Defaulted;
}

/**
 * Pin `_revisions` of documents written with new_edits:false (replication) so the validation
 * wrapper cannot replace them (pouchdb-server issue 419). Installed on each database after
 * pouchdb-validation's own wrapper, so ours runs first.
 */
function patchIssue419(PouchDB) {
  const proto = PouchDB.prototype;
  const install = proto.installValidationMethods;
  if (typeof install !== 'function' || install.__liaison419) return;
  const patched = function (...args) {
    const r = install.apply(this, args);
    const inner = this.bulkDocs;
    this.bulkDocs = function (req, opts, cb) {
      if (typeof opts === 'function') {
        cb = opts;
        opts = {};
      }
      const docs = Array.isArray(req) ? req : req?.docs;
      const newEdits = req && !Array.isArray(req) && 'new_edits' in req ? req.new_edits : opts?.new_edits;
      if (newEdits === false && Array.isArray(docs)) {
        for (const doc of docs) {
          if (!doc || typeof doc !== 'object' || !('_revisions' in doc)) continue;
          const revisions = doc._revisions;
          Object.defineProperty(doc, '_revisions', {
            get: () => revisions,
            set: () => {},
            enumerable: true,
            configurable: true,
          });
        }
      }
      return cb ? inner.call(this, req, opts, cb) : inner.call(this, req, opts);
    };
    return r;
  };
  patched.__liaison419 = true;
  proto.installValidationMethods = patched;
}

/**
 * Start a server. Options: port (0 = any free port), admin { user, pass }, host (127.0.0.1).
 * Resolves to { url, admin, stop() }.
 */
export async function startTestServer(opts = {}) {
  const host = opts.host ?? '127.0.0.1';
  const admin = opts.admin ?? { user: 'admin', pass: `admin-${Math.random().toString(36).slice(2, 10)}` };
  const dir = mkdtempSync(join(tmpdir(), 'liaison-couch-'));
  serial += 1;
  const PouchDB = loadPouchDB(`mem${process.pid}-${serial}-`);
  const express = require('express');
  const expressPouchDB = require('express-pouchdb');
  const app = express();
  const pouchApp = expressPouchDB({
    mode: 'fullCouchDB',
    inMemoryConfig: true,
    logPath: join(dir, 'log.txt'),
    overrideMode: {
      // compression: see the header; the others need disk, Fauxton's assets or the replicator's own DB.
      exclude: ['compression', 'routes/fauxton', 'replicator', 'routes/replicate', 'routes/http-log'],
    },
  });
  await pouchApp.setPouchDB(PouchDB);
  if (opts.patch419 !== false) patchIssue419(PouchDB);
  pouchApp.couchConfig.set('admins', admin.user, admin.pass, () => {});
  pouchApp.couchConfig.set('log', 'level', 'none', () => {});
  app.use(pouchApp);

  const server = createServer(app);
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, resolve);
  });
  const { port } = server.address();
  const url = `http://${host}:${port}`;
  // Wait until the admin is in effect (the config change is applied asynchronously).
  const auth = `Basic ${Buffer.from(`${admin.user}:${admin.pass}`).toString('base64')}`;
  for (let i = 0; i < 100; i++) {
    const r = await fetch(`${url}/_session`, { headers: { Authorization: auth } }).then((x) => x.json()).catch(() => null);
    if (r?.userCtx?.roles?.includes('_admin')) break;
    await new Promise((res) => setTimeout(res, 20));
  }
  let stopped = false;
  return {
    url,
    admin,
    /** Stop listening and drop every open connection (a live replication sees the server go away). */
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
    /** Stop accepting and cut every connection, keep the data; `resume()` listens again on the same port. */
    async pause() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(() => resolve()));
    },
    async resume() {
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, resolve);
      });
    },
  };
}

/** Create a user in `_users` (as the server admin). */
export async function createUser(srv, name, password, roles = []) {
  const auth = `Basic ${Buffer.from(`${srv.admin.user}:${srv.admin.pass}`).toString('base64')}`;
  const r = await fetch(`${srv.url}/_users/org.couchdb.user:${encodeURIComponent(name)}`, {
    method: 'PUT',
    headers: { Authorization: auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ _id: `org.couchdb.user:${name}`, name, password, roles, type: 'user' }),
  });
  if (!r.ok && r.status !== 409) throw new Error(`could not create user ${name}: ${r.status} ${await r.text()}`);
}

// `npm run team:server`
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && basename(process.argv[1]) === 'server.mjs') {
  const args = process.argv.slice(2);
  const get = (name) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const srv = await startTestServer({
    port: Number(get('port') ?? 0),
    admin: { user: get('admin') ?? 'admin', pass: get('password') ?? 'admin-pass' },
  });
  console.log(`Liaison test CouchDB server (in memory, for tests and demos only — never for production)`);
  console.log(`url:   ${srv.url}`);
  console.log(`admin: ${srv.admin.user} / ${srv.admin.pass}`);
  console.log(JSON.stringify({ url: srv.url, admin: srv.admin }));
  const bye = async () => {
    await srv.stop();
    process.exit(0);
  };
  process.on('SIGINT', bye);
  process.on('SIGTERM', bye);
}
