/**
 * zod's global configuration, imported before any module builds a schema (item-ref.ts and
 * schemas.ts import it first; entrypoints import it on their first line).
 *
 * Extensions forbid eval (MV3 CSP): jitless tells zod not to probe `new Function` for its JIT,
 * which would log a CSP violation in every context that parses.
 */
import { z } from 'zod';

z.config({ jitless: true });
