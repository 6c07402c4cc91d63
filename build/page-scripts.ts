/**
 * The scripts that run on host pages, bundled with esbuild outside WXT's pipeline (issue 17):
 *  - content-scripts/detector.js — the micro-detector, the only declared content script (≤ 8 KB);
 *  - hosts/<adapter id>.js — one per adapter in lib/adapters/registry.ts (≤ 60 KB each), injected
 *    by the background where the URL names an item.
 * Plain IIFEs: no WXT runtime, no polyfill, no zod, no React, no holiday or time-zone data (date-fns's small
 * pure functions are fine) — the build fails if any sneaks in or
 * a budget is exceeded. A new adapter needs only its registration in registry.ts (its file is
 * lib/adapters/<id>.ts, exporting the adapter).
 */
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const DETECTOR_PATH = 'content-scripts/detector.js';
export const DETECTOR_BUDGET = 8 * 1024;
export const HOST_BUDGET = 60 * 1024;
const FORBIDDEN = [/node_modules\/zod\//, /node_modules\/react/, /webextension-polyfill/, /node_modules\/wxt\//, /node_modules\/@webext-core\//, /node_modules\/date-holidays/, /node_modules\/@date-fns\//];

/** Adapter ids, in registry order, read from lib/adapters/registry.ts's imports. */
export function registeredAdapters(root: string): { id: string; exportName: string }[] {
  const src = readFileSync(join(root, 'lib/adapters/registry.ts'), 'utf8');
  const out: { id: string; exportName: string }[] = [];
  const listAt = src.indexOf('ADAPTERS');
  for (const m of src.matchAll(/import\s*\{\s*(\w+)\s*\}\s*from\s*'\.\/([\w-]+)'/g)) {
    const [, exportName, file] = m as unknown as [string, string, string];
    if (!new RegExp(`\\b${exportName}\\b`).test(src.slice(listAt))) continue;
    if (!existsSync(join(root, `lib/adapters/${file}.ts`))) throw new Error(`registry.ts imports ./${file} but lib/adapters/${file}.ts is missing`);
    out.push({ id: file, exportName });
  }
  if (!out.length) throw new Error('no adapters found in lib/adapters/registry.ts');
  return out;
}

/**
 * V8's explicit compile hint (Chromium 136+; other engines read a comment): compile every function
 * with the script, in one pass, instead of pre-parsing it and parsing it again on its first call. A
 * host script runs nearly all its code in its first task (the adapter's read, the controller, the
 * frame): measured on the Jira issue page, the read fell from ≈ 6.4 to ≈ 3.3 ms and the whole task
 * from ≈ 14 to ≈ 9 ms, for ≈ 2 ms more compile. Not for the detector: most of it never runs where no
 * item is open, and it must stay tiny before the load event.
 */
export const EAGER_COMPILE_HINT = '//# allFunctionsCalledOnLoad';

async function bundle(root: string, name: string, contents: string, budget: number, browser: string, eager = false): Promise<string> {
  const r = await build({
    ...(eager ? { banner: { js: EAGER_COMPILE_HINT } } : {}),
    stdin: { contents, resolveDir: root, sourcefile: `${name}.entry.ts`, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
    minify: true,
    legalComments: 'none',
    target: browser === 'firefox' ? ['firefox128'] : ['chrome120'],
    alias: { '@': root },
    metafile: true,
    logLevel: 'warning',
    define: { 'import.meta.env.BROWSER': JSON.stringify(browser) },
  });
  // What really ended up in the output (the metafile's inputs also list modules tree-shaken away).
  const used = Object.values(r.metafile.outputs).flatMap((o) => Object.entries(o.inputs).filter(([, v]) => v.bytesInOutput > 0).map(([k]) => k));
  const bad = used.filter((i) => FORBIDDEN.some((f) => f.test(i)));
  if (bad.length) throw new Error(`${name}: a page-side script must not bundle ${bad.join(', ')}`);
  const text = r.outputFiles[0]!.text;
  const bytes = Buffer.byteLength(text);
  if (bytes > budget) throw new Error(`${name}: ${bytes} bytes, over its budget of ${budget}`);
  return text;
}

export async function buildPageScripts(root: string, browser: string): Promise<{ relativeDest: string; contents: string }[]> {
  const files: { relativeDest: string; contents: string }[] = [];
  files.push({
    relativeDest: DETECTOR_PATH,
    contents: await bundle(root, 'detector', `import { startDetector } from '@/lib/runtime/detector';\nstartDetector();\n`, DETECTOR_BUDGET, browser),
  });
  for (const a of registeredAdapters(root)) {
    const entry = `import { ${a.exportName} } from '@/lib/adapters/${a.id}';\nimport { startHost } from '@/lib/runtime/host';\nif (${a.exportName}.id !== ${JSON.stringify(a.id)}) throw new Error('lib/adapters/${a.id}.ts must export the adapter with id "${a.id}"');\nstartHost(${a.exportName});\n`;
    files.push({ relativeDest: `hosts/${a.id}.js`, contents: await bundle(root, `hosts/${a.id}`, entry, HOST_BUDGET, browser, true) });
  }
  return files;
}
