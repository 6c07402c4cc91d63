#!/usr/bin/env node
// `npm test`: typecheck, lint, unit tests, both builds (+ web-ext lint), then e2e in real Chromium and real Firefox.
// Each runner prints its own summary; the last line sums them: "all: N passed, N failed".
import { spawn } from 'node:child_process';

const steps = [
  { name: 'typecheck', cmd: ['npx', 'tsc', '--noEmit'] },
  { name: 'lint', cmd: ['npx', 'eslint', '.'] },
  { name: 'unit', cmd: ['npx', 'vitest', 'run'], counts: /^unit: (\d+) passed, (\d+) failed/m },
  { name: 'build (chrome)', cmd: ['npx', 'wxt', 'build'] },
  { name: 'build (firefox)', cmd: ['npx', 'wxt', 'build', '-b', 'firefox', '--mv3'] },
  { name: 'web-ext lint (firefox)', cmd: ['npx', 'web-ext', 'lint', '--source-dir', '.output/firefox-mv3', '--no-config-discovery'] },
  { name: 'e2e', cmd: ['node', 'tests/e2e/run.mjs'], counts: /^e2e: (\d+) passed, (\d+) failed/m },
  { name: 'e2e (firefox)', cmd: ['node', 'tests/e2e-firefox/run.mjs'], counts: /^e2e-firefox: (\d+) passed, (\d+) failed/m },
];

function run(cmd) {
  return new Promise((resolveRun) => {
    const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, FORCE_COLOR: '0' } });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.on('close', (code) => resolveRun({ code: code ?? 1, out }));
  });
}

let passed = 0;
let failed = 0;
const failedSteps = [];
for (const step of steps) {
  console.log(`\n▶ ${step.name}`);
  const { code, out } = await run(step.cmd);
  if (step.counts) {
    const m = step.counts.exec(out);
    if (m) {
      passed += Number(m[1]);
      failed += Number(m[2]);
    }
    if (code !== 0 && (!m || Number(m[2]) === 0)) failed++;
  } else if (code === 0) passed++;
  else failed++;
  if (code !== 0) failedSteps.push(step.name);
}
if (failedSteps.length) console.log(`\nFailed: ${failedSteps.join(', ')}`);
console.log(`\nall: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
