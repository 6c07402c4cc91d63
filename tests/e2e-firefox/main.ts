/**
 * Runs the Firefox checks (specs.ts) in one Firefox with the add-on installed, one after another,
 * and ends with the plain line CI reads: "e2e-firefox: N passed, N failed". A check fails when it
 * throws or when our code logged an error (host page, extension page or background) while it ran.
 *
 *   node tests/e2e-firefox/run.mjs [--build] [--headed] [--log] [name filter]
 */
import { FirefoxExt } from './ff';
import { SPECS } from './specs';

export async function main(argv: string[], executablePath: string): Promise<number> {
  const filter = argv.find((a) => !a.startsWith('--'));
  const specs = SPECS.filter((s) => !filter || s.name.toLowerCase().includes(filter.toLowerCase()));
  let passed = 0;
  let failed = 0;
  const t0 = Date.now();
  let ext: FirefoxExt | null = null;
  try {
    ext = await FirefoxExt.launch({ executablePath, headless: !argv.includes('--headed') });
    console.log(`Firefox with the add-on ready in ${Date.now() - t0} ms`);
    for (const spec of specs) {
      const from = ext.log.length;
      const start = Date.now();
      let error: unknown = null;
      try {
        await withTimeout(spec.run(ext), spec.timeoutMs ?? 30_000, spec.name);
      } catch (err) {
        error = err;
      }
      // Late errors (a failed write after the last check) still count.
      await new Promise((r) => setTimeout(r, 100));
      const ours = ext.errorsSince(from);
      if (!error && ours.length) error = new Error(`errors from Liaison while it ran:\n    ${ours.join('\n    ')}`);
      const ms = Date.now() - start;
      if (error) {
        failed++;
        console.log(`  ✘ ${spec.name} (${ms} ms)\n    ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      } else {
        passed++;
        console.log(`  ✓ ${spec.name} (${ms} ms)`);
      }
    }
  } catch (err) {
    failed++;
    console.log(`  ✘ Firefox could not start with the add-on: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  } finally {
    if (argv.includes('--log')) console.log(`\nFirefox's console:\n${ext?.log.join('\n')}`);
    await ext?.close();
  }
  if (specs.length === 0) {
    console.log(`no check matches "${filter}"`);
    failed++;
  }
  console.log(`\n(${((Date.now() - t0) / 1000).toFixed(1)} s)\ne2e-firefox: ${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

function withTimeout<T>(p: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`"${name}" took longer than ${ms} ms`)), ms)));
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
