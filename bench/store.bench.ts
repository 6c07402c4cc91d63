/**
 * Store benchmark: 10,000 linked items and 100,000 KPI values (fake browser storage + fake-indexeddb).
 * Measures the import of the whole workspace, and the time to load one item's full context
 * (cold: a new tab's store loading everything; warm: the next item in the same tab), each
 * against a budget. Run: `npm run bench -- store` or
 *   npx esbuild bench/store.bench.ts --bundle --platform=node --outfile=.cache/store.bench.mjs && node .cache/store.bench.mjs
 */
import 'fake-indexeddb/auto';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { WorkspaceFile } from '../lib/store/transfer';
import type { KpiValue } from '../lib/core/schemas';

const ITEMS = 10_000;
const VALUES = 100_000;
const KPIS = 12;

/** Budgets in milliseconds. */
export const BUDGETS = {
  'import 10k items (parse + preview + apply)': 15_000,
  'insert 100k KPI values (IndexedDB)': 30_000,
  'item context, cold (new tab: load all + resolve)': 3_000,
  'whole workspace, cold (new tab: load + validate all)': 4_000,
  'item context, warm (next item in the same tab)': 50,
  'KPI series of one KPI (~8k values)': 500,
  'export whole workspace': 3_000,
} as const;
type Name = keyof typeof BUDGETS;

const key = (i: number) => `jira:acme.atlassian.net:issue:MKT-${i + 1}`;

function workspaceFile(): WorkspaceFile {
  const kpis = Array.from({ length: KPIS }, (_, k) => ({
    id: `kpi-${k}`,
    name: `KPI ${k}`,
    unit: 'percent' as const,
    direction: 'higher' as const,
    target: 10 + k,
    ownerTeamIds: ['marketing'],
    thresholds: { atRisk: 0.1 },
    staleAfterDays: 14,
  }));
  const itemMeta = Array.from({ length: ITEMS }, (_, i) => ({
    key: key(i),
    role: 'campaign' as const,
    dates: { launch: `2026-${String((i % 12) + 1).padStart(2, '0')}-15` },
    notes: i % 10 === 0 ? [{ text: `note on ${i}`, by: 'ann', at: '2026-05-01T10:00:00.000Z' }] : [],
  }));
  const kpiLinks = Array.from({ length: ITEMS }, (_, i) => ({ id: `link-${i}`, itemKey: key(i), kpiId: `kpi-${i % KPIS}`, effect: 'increase' as const }));
  const dependencies = Array.from({ length: ITEMS }, (_, i) =>
    i % 3 === 0
      ? { id: `dep-${i}`, fromKey: key(i), to: { type: 'item' as const, itemKey: key((i + 1) % ITEMS) }, relation: 'needs' as const, state: 'pending' as const }
      : { id: `dep-${i}`, fromKey: key(i), to: { type: 'team' as const, teamId: 'product' }, relation: 'needs' as const, state: 'acknowledged' as const },
  );
  return {
    format: 'liaison-workspace',
    version: 1,
    scope: 'all',
    exportedAt: '2026-05-01T00:00:00.000Z',
    teams: [{ id: 'marketing', name: 'Marketing', builtin: false }, { id: 'product', name: 'Product', builtin: false }],
    kpis,
    itemMeta,
    kpiLinks,
    dependencies,
  } as WorkspaceFile;
}

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, performance.now() - t0];
}

export async function run(): Promise<{ results: Record<Name, number>; ok: boolean }> {
  // The fake browser must be global before wxt/browser is first evaluated, hence the dynamic imports.
  const g = globalThis as { chrome?: unknown; browser?: unknown };
  g.chrome ??= fakeBrowser;
  g.browser ??= fakeBrowser;
  const { createStore } = await import('../lib/store/store');
  const { addKpiValues, kpiSeries, closeLiaisonDb } = await import('../lib/store/idb');
  const { applyImport, exportWorkspace, parseImport } = await import('../lib/store/transfer');
  const results = {} as Record<Name, number>;
  const bg = createStore({ device: 'bench-bg', compactor: true });
  await bg.ready();

  const json = JSON.stringify(workspaceFile());
  const [, importMs] = await time(async () => {
    const parsed = parseImport(json);
    if (!parsed.ok) throw new Error(`bench file invalid: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
    const preview = await applyImport(bg, parsed.file);
    if (preview.total.added !== 3 * ITEMS + KPIS + 2) throw new Error(`unexpected import size ${preview.total.added}`);
  });
  results['import 10k items (parse + preview + apply)'] = importMs;
  await bg.compact();

  const [, valuesMs] = await time(async () => {
    const batch: KpiValue[] = [];
    const start = Date.UTC(2024, 0, 1);
    for (let n = 0; n < VALUES; n++) {
      batch.push({ kpiId: `kpi-${n % KPIS}`, value: (n % 97) / 3, at: new Date(start + Math.floor(n / KPIS) * 3_600_000).toISOString(), source: 'csv' });
      if (batch.length === 5000) await addKpiValues(batch.splice(0));
    }
    await addKpiValues(batch);
  });
  results['insert 100k KPI values (IndexedDB)'] = valuesMs;

  const target = key(4242);
  const [ctx, coldMs] = await time(async () => {
    const tab = createStore({ device: 'bench-tab' });
    const c = await tab.itemContext(target);
    return { tab, c };
  });
  if (ctx.c.kpis.length !== 1 || ctx.c.dependencies.outgoing.length !== 1 || ctx.c.meta?.key !== target) throw new Error('item context incomplete');
  results['item context, cold (new tab: load all + resolve)'] = coldMs;

  const [, wsColdMs] = await time(async () => {
    const other = createStore({ device: 'bench-tab2' });
    const ws = await other.workspace();
    other.close();
    if (ws.itemMeta.length !== ITEMS) throw new Error('workspace incomplete');
  });
  results['whole workspace, cold (new tab: load + validate all)'] = wsColdMs;

  const [c2, warmMs] = await time(() => ctx.tab.itemContext(key(4243)));
  if (c2.dependencies.incoming.length !== 1 && c2.dependencies.outgoing.length !== 1) throw new Error('warm context incomplete');
  results['item context, warm (next item in the same tab)'] = warmMs;

  const [series, seriesMs] = await time(() => kpiSeries(ctx.c.kpis[0]!.link.kpiId));
  if (series.length < VALUES / KPIS - 1) throw new Error(`series too short: ${series.length}`);
  results['KPI series of one KPI (~8k values)'] = seriesMs;

  const [, exportMs] = await time(() => exportWorkspace(ctx.tab));
  results['export whole workspace'] = exportMs;

  ctx.tab.close();
  bg.close();
  await closeLiaisonDb();

  let ok = true;
  for (const [name, ms] of Object.entries(results) as Array<[Name, number]>) {
    const ratio = ms / BUDGETS[name];
    if (ratio > 1) ok = false;
    console.log(`${ratio > 1 ? '✗' : '✓'} ${name.padEnd(52)} ${ms.toFixed(1).padStart(9)} ms  budget ${String(BUDGETS[name]).padStart(6)} ms  ratio ${ratio.toFixed(3)}`);
  }
  return { results, ok };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const g = globalThis as { chrome?: unknown };
  if (g.chrome === undefined && !process.env.LIAISON_BENCH_CHILD) {
    // With external packages (bench/run.mjs) wxt/browser is evaluated before this file's body and
    // reads globalThis.chrome then: run again with the fake browser installed first.
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
