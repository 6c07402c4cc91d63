#!/usr/bin/env node
// `npm run bench [-- name ...]`: runs every bench/*.bench.ts (bundled on the fly with esbuild) and
// prints ratios against budgets. Speed lives here, never in timed tests: these machines are noisy.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !only.length || only.some((o) => f.startsWith(o)))
  .sort();
let failed = 0;
for (const f of files) {
  const out = `.cache/bench/${f.replace(/\.ts$/, '.mjs')}`;
  await build({
    entryPoints: [`bench/${f}`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: out,
    logLevel: 'warning',
    define: { 'import.meta.env.BROWSER': '"chrome"', 'import.meta.env.MANIFEST_VERSION': '3' },
  });
  console.log(`\n── ${f}`);
  const r = spawnSync('node', [out], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
console.log(`\nbench: ${files.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
