/**
 * Team workspace benchmark (engine level, against the local CouchDB-protocol test server):
 * - initial sync of 1,000 and 10,000 workspace documents into a new browser (pull, check, merge
 *   into storage.local);
 * - connecting a browser that already holds 1,000 documents (merge them into the workspace, push).
 * The server is express-pouchdb over PouchDB's memory adapter (tests/sync-server): it runs the
 * validation function per document and is several times slower than Apache CouchDB, so these
 * numbers are an upper bound. Run: `npm run bench -- sync` (LIAISON_BENCH_QUICK=1 skips 10,000).
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

/** Budgets in milliseconds. */
export const BUDGETS = {
  'initial sync, 1,000 documents (new browser)': 15_000,
  'initial sync, 10,000 documents (new browser)': 120_000,
  'connect with 1,000 local documents (merge + push)': 20_000,
} as const;
type Name = keyof typeof BUDGETS;

export async function run(): Promise<{ ok: boolean }> {
  const g = globalThis as { chrome?: unknown; browser?: unknown };
  g.chrome ??= fakeBrowser;
  g.browser ??= fakeBrowser;
  const [{ default: PouchDB }, { default: Http }, { default: Memory }, { default: Replication }] = await Promise.all([
    import('pouchdb-core'),
    import('pouchdb-adapter-http'),
    import('pouchdb-adapter-memory'),
    import('pouchdb-replication'),
  ]);
  const P = PouchDB as unknown as { plugin(p: unknown): unknown; adapters: Record<string, unknown>; replicate?: unknown };
  if (!P.adapters.http) P.plugin(Http);
  if (!P.adapters.memory) P.plugin(Memory);
  if (!P.replicate) P.plugin(Replication);
  const { createStore } = await import('../lib/store/store');
  const { createSyncEngine } = await import('../lib/sync/engine');
  const { toCouch } = await import('../lib/sync/docs');
  const { fold } = await import('../lib/store/doc');
  const { formatHlc } = await import('../lib/store/hlc');
  const { startTestServer, createUser } = await import('../tests/sync-server/server.mjs');
  const { setupWorkspace } = await import('../server/workspace.mjs');

  const results: Partial<Record<Name, number>> = {};
  const srv = await startTestServer();
  const auth = `Basic ${Buffer.from(`${srv.admin.user}:${srv.admin.pass}`).toString('base64')}`;
  await createUser(srv, 'ann', 'ann-pw', ['bench-member', 'b1-member', 'b10-member']);

  const dependency = (i: number) => ({ id: `dep-${i}`, fromKey: `jira:acme.atlassian.net:issue:MKT-${i}`, to: { type: 'team', teamId: 'product' }, relation: 'needs', state: 'pending' });
  async function seedServer(db: string, n: number) {
    await setupWorkspace({ url: srv.url, db, admin: srv.admin.user, password: srv.admin.pass, memberRoles: [`${db}-member`] });
    const now = Date.now() - 60_000;
    for (let i = 0; i < n; i += 500) {
      const docs = [];
      for (let j = i; j < Math.min(n, i + 500); j++) {
        const hlc = formatHlc({ wall: now, counter: j % 99999, node: 'dev-seed~1' });
        const d = fold('dependencies', `dep-${j}`, undefined, [{ v: 1, collection: 'dependencies', id: `dep-${j}`, hlc, at: new Date(now).toISOString(), by: { device: 'dev-seed' }, set: dependency(j), deleted: false }]).doc;
        docs.push(toCouch(d, { user: 'admin' }));
      }
      const r = await fetch(`${srv.url}/${db}/_bulk_docs`, { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ docs }) });
      if (!r.ok) throw new Error(`seeding failed: ${r.status}`);
    }
  }

  async function browser(db: string) {
    await fakeBrowser.storage.local.clear();
    const store = createStore({ device: `dev-bench-${db}`, compactor: true });
    await store.ready();
    const engine = createSyncEngine({
      config: { url: srv.url, db, user: 'ann', auth: 'basic', connectedAt: new Date().toISOString() },
      credentials: { password: 'ann-pw' },
      store,
      PouchDB: P,
      localAdapter: 'memory',
      localName: `bench-${db}-${Math.random().toString(36).slice(2)}`,
    });
    return { store, engine };
  }

  for (const [db, n, name] of [
    ['b1', 1000, 'initial sync, 1,000 documents (new browser)'],
    ['b10', 10_000, 'initial sync, 10,000 documents (new browser)'],
  ] as const) {
    if (process.env.LIAISON_BENCH_QUICK && n > 1000) continue;
    await seedServer(db, n);
    const { store, engine } = await browser(db);
    const t0 = performance.now();
    await engine.start();
    const ms = performance.now() - t0;
    const got = (await store.list('dependencies')).length;
    if (got !== n) throw new Error(`${name}: ${got} of ${n} documents arrived`);
    results[name] = ms;
    await engine.destroy();
    store.close();
  }

  {
    await setupWorkspace({ url: srv.url, db: 'bench', admin: srv.admin.user, password: srv.admin.pass, memberRoles: ['bench-member'] });
    const { store, engine } = await browser('bench');
    await store.batch(Array.from({ length: 1000 }, (_, i) => ({ type: 'put' as const, collection: 'dependencies' as const, data: dependency(i) as never })));
    await store.compact();
    const t0 = performance.now();
    await engine.start();
    const ms = performance.now() - t0;
    const info = (await (await fetch(`${srv.url}/bench`, { headers: { Authorization: auth } })).json()) as { doc_count: number };
    if (info.doc_count < 1000) throw new Error(`push: only ${info.doc_count} documents on the server`);
    results['connect with 1,000 local documents (merge + push)'] = ms;
    await engine.destroy();
    store.close();
  }
  await srv.stop();

  let ok = true;
  for (const [name, ms] of Object.entries(results) as Array<[Name, number]>) {
    const ratio = ms / BUDGETS[name];
    if (ratio > 1) ok = false;
    console.log(`${ratio > 1 ? '✗' : '✓'} ${name.padEnd(52)} ${ms.toFixed(1).padStart(9)} ms  budget ${String(BUDGETS[name]).padStart(6)} ms  ratio ${ratio.toFixed(3)}`);
  }
  return { ok };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const g = globalThis as { chrome?: unknown };
  if (g.chrome === undefined && !process.env.LIAISON_BENCH_CHILD) {
    const auto = import.meta.resolve('@webext-core/fake-browser/auto');
    const r = spawnSync(process.execPath, ['--import', auto, process.argv[1]], { stdio: 'inherit', env: { ...process.env, LIAISON_BENCH_CHILD: '1' } });
    process.exit(r.status ?? 1);
  }
  run().then(
    ({ ok }) => process.exit(ok ? 0 : 1),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
