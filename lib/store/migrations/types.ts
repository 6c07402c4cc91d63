/** A numbered storage migration: pure, from a snapshot of storage.local to the changes to make. */
export interface MigrationContext {
  /** ISO instant the migration runs at. */
  now: string;
  /** The device running it (used as the author of rewritten documents). */
  device: string;
}

export interface MigrationResult {
  set: Record<string, unknown>;
  remove: string[];
  /** Keys whose values cannot be migrated: kept under `quarantine:<key>` with the reason. */
  quarantine: Record<string, string>;
}

export interface Migration {
  /** The schema version this migration produces (migrations run in order, each once). */
  version: number;
  name: string;
  migrate(items: Readonly<Record<string, unknown>>, ctx: MigrationContext): MigrationResult;
}
