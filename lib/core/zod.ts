/**
 * zod, configured before any schema exists. wxt.config.ts resolves every `import … from 'zod'` in
 * the extension to this module, so `jitless` is set before the first schema is built, whatever
 * module the bundle evaluates first: zod probes `new Function` when an object schema is built
 * without it, which is a Content-Security-Policy violation on extension pages (MV3 forbids eval).
 * tests/e2e/trust.spec.ts listens for violations on every extension page.
 */
import { config, z } from 'zod/v4';

config({ jitless: true });

export * from 'zod/v4';
export { z };
export default z;
