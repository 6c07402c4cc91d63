#!/usr/bin/env node
// `npm run demo [-- --headless]`: builds the extension, then runs tests/demo/demo.ts (bundled on the fly).
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

const b = spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
if (b.status !== 0) process.exit(b.status ?? 1);
await build({
  entryPoints: ['tests/demo/demo.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outfile: '.cache/demo.mjs',
  logLevel: 'warning',
});
await import(new URL('../../.cache/demo.mjs', import.meta.url).href);
