/**
 * Storage migrations, run once by the background at start (startStoreService) before any store
 * reads. The version lives under `meta:schemaVersion`. Each migration is one numbered file with its
 * own test (tests/unit/store/migrations/NNN-*.test.ts). A value that cannot be migrated is moved to
 * `quarantine:<key>` with the reason, never dropped; a failing migration leaves the version
 * unchanged (and is retried next start) instead of throwing into a tab.
 */
import { browser } from 'wxt/browser';
import { DOC_PREFIX, OP_PREFIX, QUARANTINE_PREFIX, SCHEMA_VERSION_KEY } from '../doc';
import { migration001 } from './001-envelopes';
import { migration002 } from './002-working-day-deadlines';
import type { Migration, MigrationContext } from './types';
import { CURRENT_SCHEMA_VERSION } from './version';

export type { Migration, MigrationContext, MigrationResult } from './types';

export const MIGRATIONS: readonly Migration[] = [migration001, migration002];
export { CURRENT_SCHEMA_VERSION };

export interface MigrationReport {
  from: number;
  to: number;
  applied: string[];
  quarantined: string[];
  error?: string;
}

/** Bring storage.local to CURRENT_SCHEMA_VERSION. */
export async function runMigrations(ctx: Omit<MigrationContext, 'now'> & { now?: string }): Promise<MigrationReport> {
  const area = browser.storage.local;
  const items = (await area.get(null)) as Record<string, unknown>;
  const stored = items[SCHEMA_VERSION_KEY];
  const hasData = Object.keys(items).some((k) => k.startsWith(DOC_PREFIX) || k.startsWith(OP_PREFIX));
  // No version and no data: a fresh install starts at the current version.
  let version = typeof stored === 'number' ? stored : hasData ? 0 : CURRENT_SCHEMA_VERSION;
  const report: MigrationReport = { from: version, to: version, applied: [], quarantined: [] };
  if (version > CURRENT_SCHEMA_VERSION) {
    report.error = `storage was written by a newer Liaison (schema ${version}, this one knows ${CURRENT_SCHEMA_VERSION}); reading what matches, changing nothing`;
    return report;
  }
  let snapshot = { ...items };
  for (const m of MIGRATIONS) {
    if (m.version <= version) continue;
    try {
      const r = m.migrate(snapshot, { device: ctx.device, now: ctx.now ?? new Date().toISOString() });
      const toSet: Record<string, unknown> = { ...r.set };
      const toRemove = new Set(r.remove);
      for (const [key, reason] of Object.entries(r.quarantine)) {
        toSet[`${QUARANTINE_PREFIX}${key}`] = { reason: `migration ${String(m.version).padStart(3, '0')}-${m.name}: ${reason}`, at: ctx.now ?? new Date().toISOString(), value: snapshot[key] };
        toRemove.add(key);
        report.quarantined.push(key);
      }
      toSet[SCHEMA_VERSION_KEY] = m.version;
      await area.set(toSet);
      if (toRemove.size) await area.remove([...toRemove]);
      snapshot = { ...snapshot, ...toSet };
      for (const k of toRemove) delete snapshot[k];
      version = m.version;
      report.applied.push(`${String(m.version).padStart(3, '0')}-${m.name}`);
    } catch (e) {
      report.error = `migration ${m.version} (${m.name}) failed: ${e instanceof Error ? e.message : String(e)}`;
      break;
    }
  }
  if (typeof stored !== 'number' && !report.applied.length && !report.error) await area.set({ [SCHEMA_VERSION_KEY]: version });
  report.to = version;
  return report;
}
