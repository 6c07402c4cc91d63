#!/usr/bin/env node
// Runs the end-to-end tests in real Chromium. Fails (never skips) when no browser is found.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium } from './chromium-path.mjs';

try {
  process.env.CHROME_PATH = findChromium();
} catch (err) {
  console.error(String(err.message ?? err));
  console.log('\ne2e: 0 passed, 1 failed');
  process.exit(1);
}
if (!existsSync('.output/chrome-mv3/manifest.json') || process.argv.includes('--build')) {
  const b = spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const args = ['playwright', 'test', '-c', 'tests/e2e/playwright.config.ts', ...process.argv.slice(2).filter((a) => a !== '--build')];
const r = spawnSync('npx', args, { stdio: 'inherit' });
process.exit(r.status ?? 1);
