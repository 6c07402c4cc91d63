/**
 * Team policy from `browser.storage.managed` (set by an organisation's admin; see MANAGED.md and
 * public/managed-schema.json). Read-only; merged over local documents by the store.
 * Each entry is validated with the collection's zod schema; a bad entry is reported (with its
 * path) and skipped, the rest of the policy still applies.
 */
import { browser } from 'wxt/browser';
import { COLLECTION_SCHEMAS, ID_FIELD, MANAGED_COLLECTIONS, type CollectionTypes, type ManagedCollection, type QuarantineEntry } from './types';

export interface ManagedPolicy {
  docs: { [C in ManagedCollection]: CollectionTypes[C][] };
  issues: QuarantineEntry[];
}

function formatIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
}

/** Parse a raw managed-storage object (also used by tests and the options page's preview). */
export function parseManagedPolicy(raw: Record<string, unknown>, now = new Date()): ManagedPolicy {
  const docs = { teams: [], kpis: [], slaPolicies: [], briefTemplates: [] } as ManagedPolicy['docs'];
  const issues: QuarantineEntry[] = [];
  const at = now.toISOString();
  for (const c of MANAGED_COLLECTIONS) {
    const list = raw[c];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      issues.push({ key: `managed:${c}`, reason: `the "${c}" policy must be a list`, at, value: list });
      continue;
    }
    const seen = new Set<string>();
    list.forEach((item, i) => {
      const parsed = COLLECTION_SCHEMAS[c].safeParse(item);
      if (!parsed.success) {
        issues.push({ key: `managed:${c}[${i}]`, reason: formatIssues(parsed.error.issues), at, value: item });
        return;
      }
      const id = (parsed.data as Record<string, unknown>)[ID_FIELD[c]] as string;
      if (seen.has(id)) {
        issues.push({ key: `managed:${c}[${i}]`, reason: `duplicate id "${id}"`, at, value: item });
        return;
      }
      seen.add(id);
      (docs[c] as unknown[]).push(parsed.data);
    });
  }
  return { docs, issues };
}

/** Read the managed policy; an empty policy where the browser has none (or no managed storage). */
export async function readManagedPolicy(): Promise<ManagedPolicy> {
  try {
    return parseManagedPolicy(((await browser.storage.managed?.get(null)) ?? {}) as Record<string, unknown>);
  } catch {
    // Firefox throws when no policy is installed; Chrome may reject without a schema. No policy.
    return parseManagedPolicy({});
  }
}
