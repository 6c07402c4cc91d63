/**
 * The storage schema version this Liaison writes (`meta:schemaVersion`). Kept apart from the
 * migrations themselves so every context (content scripts too) can compare without loading them;
 * tests/unit/store/migrations/version.test.ts holds it equal to the newest migration.
 */
export const CURRENT_SCHEMA_VERSION = 2;
