/**
 * Import and export of the workspace as a versioned JSON file.
 *
 *   { "format": "liaison-workspace", "version": 1, "scope": "all" | "policy", "exportedAt": "…",
 *     "teams": [ … ], "kpis": [ … ], … one array per collection in the scope }
 *
 * - exportWorkspace: every live document (managed policy included, it is part of what the team sees),
 *   entities only (no envelopes), sorted by id so two exports of the same data are identical.
 * - parseImport: validates the whole file and returns every problem with a JSON path
 *   (`$.kpis[2].target`) and the reason; nothing is written.
 * - previewImport: what would be added, changed and removed per collection.
 * - applyImport: writes it in one batch. `mode: 'replace'` also removes documents of the file's
 *   collections that the file does not have (restoring a backup); 'merge' (default) only adds and updates.
 * Managed (organisation) documents are never changed by an import; they are reported as skipped.
 */
import { z } from 'zod';
import type { BatchWrite, Store, WriteBy } from './api';
import { sameValue } from './doc';
import { COLLECTIONS, COLLECTION_SCHEMAS, ID_FIELD, POLICY_COLLECTIONS, type CollectionName, type CollectionTypes } from './types';
import { lazySchema } from '../core/lazy-schema';

export const EXPORT_FORMAT = 'liaison-workspace';
export const EXPORT_VERSION = 1;

export type ExportScope = 'all' | 'policy';

export type WorkspaceFile = {
  format: typeof EXPORT_FORMAT;
  version: number;
  scope: ExportScope;
  exportedAt: string;
} & { [C in CollectionName]?: CollectionTypes[C][] };

export interface ImportError {
  /** JSON path into the file, e.g. `$.kpis[2].target`. */
  path: string;
  message: string;
}

export type ParsedImport = { ok: true; file: WorkspaceFile } | { ok: false; errors: ImportError[] };

export interface ImportPreview {
  collections: { [C in CollectionName]?: { added: string[]; changed: string[]; removed: string[]; unchanged: number; skippedManaged: string[] } };
  total: { added: number; changed: number; removed: number };
}

function collectionsOf(scope: ExportScope): readonly CollectionName[] {
  return scope === 'policy' ? POLICY_COLLECTIONS : COLLECTIONS;
}

function idOf(collection: CollectionName, data: unknown): string {
  return String((data as Record<string, unknown>)[ID_FIELD[collection]]);
}

/** `$.kpis[2].target` from a path of keys. */
export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '$';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (typeof seg === 'string' && /^[A-Za-z_$][\w$]*$/.test(seg)) out += `.${seg}`;
    else out += `[${JSON.stringify(String(seg))}]`;
  }
  return out;
}

export async function exportWorkspace(store: Store, opts: { scope?: ExportScope; now?: Date } = {}): Promise<WorkspaceFile> {
  const scope = opts.scope ?? 'all';
  const file = { format: EXPORT_FORMAT, version: EXPORT_VERSION, scope, exportedAt: (opts.now ?? new Date()).toISOString() } as WorkspaceFile;
  for (const c of collectionsOf(scope)) {
    const docs = await store.list(c);
    const data = docs.map((d) => d.data).sort((a, b) => {
      const ia = idOf(c, a);
      const ib = idOf(c, b);
      return ia < ib ? -1 : ia > ib ? 1 : 0;
    });
    (file as Record<string, unknown>)[c] = data;
  }
  return file;
}

const HeaderSchema = /* @__PURE__ */ lazySchema(() => z.object({
  format: z.literal(EXPORT_FORMAT, { message: `not a Liaison workspace file (format must be "${EXPORT_FORMAT}")` }),
  version: z.number().int().min(1),
  scope: z.enum(['all', 'policy']),
  exportedAt: z.iso.datetime({ offset: true }),
}));

/** Validate an import (a JSON string or an already parsed value). */
export function parseImport(input: string | unknown): ParsedImport {
  let raw: unknown = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch (e) {
      return { ok: false, errors: [{ path: '$', message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` }] };
    }
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, errors: [{ path: '$', message: 'expected an object' }] };
  const obj = raw as Record<string, unknown>;
  const errors: ImportError[] = [];
  const header = HeaderSchema.safeParse({ format: obj.format, version: obj.version, scope: obj.scope, exportedAt: obj.exportedAt });
  if (!header.success) {
    for (const i of header.error.issues) errors.push({ path: jsonPath(i.path), message: i.message });
    return { ok: false, errors };
  }
  if (header.data.version > EXPORT_VERSION) {
    return { ok: false, errors: [{ path: '$.version', message: `this file is version ${header.data.version}; this Liaison reads up to ${EXPORT_VERSION} — update the extension` }] };
  }
  const allowed = new Set<string>(collectionsOf(header.data.scope));
  const file = { ...header.data, format: EXPORT_FORMAT } as WorkspaceFile;
  for (const key of Object.keys(obj)) {
    if (key in header.data) continue;
    if (!(COLLECTIONS as readonly string[]).includes(key)) {
      errors.push({ path: jsonPath([key]), message: `unknown section "${key}"` });
      continue;
    }
    if (!allowed.has(key)) {
      errors.push({ path: jsonPath([key]), message: `a "${header.data.scope}" file cannot carry ${key}` });
      continue;
    }
    const c = key as CollectionName;
    const list = obj[key];
    if (!Array.isArray(list)) {
      errors.push({ path: jsonPath([key]), message: 'expected a list' });
      continue;
    }
    const out: unknown[] = [];
    const seen = new Map<string, number>();
    list.forEach((item, i) => {
      const parsed = COLLECTION_SCHEMAS[c].safeParse(item);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) errors.push({ path: jsonPath([key, i, ...issue.path]), message: issue.message });
        return;
      }
      const id = idOf(c, parsed.data);
      const first = seen.get(id);
      if (first !== undefined) {
        errors.push({ path: jsonPath([key, i, ID_FIELD[c]]), message: `duplicate id "${id}" (also at ${jsonPath([key, first])})` });
        return;
      }
      seen.set(id, i);
      out.push(parsed.data);
    });
    (file as Record<string, unknown>)[c] = out;
  }
  return errors.length ? { ok: false, errors: capErrors(errors) } : { ok: true, file };
}

/** At most this many import problems are listed (a broken 10,000-row file must not flood the page). */
export const MAX_IMPORT_ERRORS = 100;

/** The first MAX_IMPORT_ERRORS problems, then one line that says how many more there are. */
export function capErrors(errors: ImportError[]): ImportError[] {
  if (errors.length <= MAX_IMPORT_ERRORS) return errors;
  const more = errors.length - MAX_IMPORT_ERRORS;
  return [...errors.slice(0, MAX_IMPORT_ERRORS), { path: '$', message: `and ${more.toLocaleString('en')} more problem${more === 1 ? '' : 's'}` }];
}

async function plan(store: Store, file: WorkspaceFile, mode: 'merge' | 'replace') {
  const preview: ImportPreview = { collections: {}, total: { added: 0, changed: 0, removed: 0 } };
  const writes: BatchWrite[] = [];
  for (const c of COLLECTIONS) {
    const incoming = file[c] as unknown[] | undefined;
    if (!incoming) continue;
    const current = new Map((await store.list(c)).map((d) => [d.id, d]));
    const entry = { added: [] as string[], changed: [] as string[], removed: [] as string[], unchanged: 0, skippedManaged: [] as string[] };
    const inFile = new Set<string>();
    for (const data of incoming) {
      const id = idOf(c, data);
      inFile.add(id);
      const cur = current.get(id);
      if (cur?.source === 'managed') {
        if (!sameValue(cur.data, data)) entry.skippedManaged.push(id);
        else entry.unchanged += 1;
        continue;
      }
      if (!cur) entry.added.push(id);
      else if (sameValue(cur.data, data)) {
        entry.unchanged += 1;
        continue;
      } else entry.changed.push(id);
      writes.push({ type: 'put', collection: c, data } as BatchWrite);
    }
    if (mode === 'replace') {
      for (const [id, d] of current) {
        if (inFile.has(id) || d.source === 'managed') continue;
        entry.removed.push(id);
        writes.push({ type: 'remove', collection: c, id });
      }
    }
    preview.collections[c] = entry;
    preview.total.added += entry.added.length;
    preview.total.changed += entry.changed.length;
    preview.total.removed += entry.removed.length;
  }
  return { preview, writes };
}

/** What applying the file would do, without writing anything. */
export async function previewImport(store: Store, file: WorkspaceFile, opts: { mode?: 'merge' | 'replace' } = {}): Promise<ImportPreview> {
  return (await plan(store, file, opts.mode ?? 'merge')).preview;
}

/** Apply a parsed file in one batch. Returns the preview of what was done. */
export async function applyImport(store: Store, file: WorkspaceFile, opts: { mode?: 'merge' | 'replace'; by?: WriteBy } = {}): Promise<ImportPreview> {
  const { preview, writes } = await plan(store, file, opts.mode ?? 'merge');
  if (writes.length) await store.batch(writes, opts.by);
  return preview;
}
