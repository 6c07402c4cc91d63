#!/usr/bin/env node
// The end-to-end checks in real Firefox (tests/e2e-firefox/specs.ts). Fails (never skips) when no
// Firefox is found. Builds .output/firefox-mv3 when it is missing or with --build.
//   node tests/e2e-firefox/run.mjs [--build] [--headed] [name filter]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { build } from 'esbuild';
import { findFirefox } from './firefox-path.mjs';

let executablePath;
try {
  executablePath = findFirefox();
} catch (err) {
  console.error(String(err.message ?? err));
  console.log('\ne2e-firefox: 0 passed, 1 failed');
  process.exit(1);
}
if (!existsSync('.output/firefox-mv3/manifest.json') || process.argv.includes('--build')) {
  const b = spawnSync('npx', ['wxt', 'build', '-b', 'firefox', '--mv3'], { stdio: 'inherit' });
  if (b.status !== 0) {
    console.log('\ne2e-firefox: 0 passed, 1 failed');
    process.exit(b.status ?? 1);
  }
}
await build({
  entryPoints: ['tests/e2e-firefox/main.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outfile: '.cache/e2e-firefox.mjs',
  logLevel: 'warning',
});
const { main } = await import(new URL('../../.cache/e2e-firefox.mjs', import.meta.url).href);
process.exit(await main(process.argv.slice(2), executablePath));
