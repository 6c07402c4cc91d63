/**
 * The document model, pure (no browser APIs): stored base documents, operations, and the fold
 * that turns a base plus pending operations into the current document.
 *
 * Merge rules (the same on every replica, so a sync engine can exchange base docs and ops):
 * - Plain fields: last writer wins by HLC (ties break on the device id inside the HLC).
 * - Map fields (MAP_FIELDS, e.g. itemMeta.dates): each key is its own field ("dates.launch").
 * - List fields (LIST_FIELDS, e.g. itemMeta.notes): a set of elements; an element is added or
 *   removed with its own HLC, so concurrent appends are all kept.
 * - Delete is the field "$deleted" (a tombstone), restored by a later put.
 * A write that overwrites a value its writer had not seen, or that loses to a later one,
 * is a conflict: the losing value goes to the audit log.
 */
import { z } from 'zod';
import {
  AuthorSchema,
  COLLECTIONS,
  CollectionNameSchema,
  LIST_FIELDS,
  MAP_FIELDS,
  type AuditEntry,
  type Author,
  type CollectionName,
} from './types';
import { isHlc, parseHlc } from './hlc';
import { lazySchema } from '../core/lazy-schema';

export const DOC_PREFIX = 'doc:';
export const OP_PREFIX = 'op:';
export const QUARANTINE_PREFIX = 'quarantine:';
export const SCHEMA_VERSION_KEY = 'meta:schemaVersion';
export const DEVICE_KEY = 'meta:device';
export const DELETED = '$deleted';

const HlcSchema = /* @__PURE__ */ lazySchema(() => z.string().refine(isHlc, 'not an HLC timestamp'));

export const StoredDocSchema = /* @__PURE__ */ lazySchema(() => z
  .object({
    v: z.literal(1),
    id: z.string().min(1).max(600),
    collection: CollectionNameSchema,
    rev: z.number().int().min(0),
    hlc: HlcSchema,
    updatedAt: z.string(),
    updatedBy: AuthorSchema,
    deleted: z.literal(true).optional(),
    data: z.record(z.string(), z.unknown()),
    // Per-field clocks are checked as strings only (the cold load parses every document; the
    // entity itself is validated by its collection schema on read).
    clocks: z.record(z.string(), z.string()),
    /** List fields: element key → HLC of its addition (present) or removal (absent). */
    elems: z.record(z.string(), z.record(z.string(), z.object({ hlc: z.string(), removed: z.literal(true).optional() }))).optional(),
  })
  .strict());
export type StoredDoc = z.infer<typeof StoredDocSchema>;

export const OpSchema = /* @__PURE__ */ lazySchema(() => z
  .object({
    v: z.literal(1),
    collection: CollectionNameSchema,
    id: z.string().min(1).max(600),
    hlc: HlcSchema,
    at: z.string(),
    by: AuthorSchema,
    set: z.record(z.string(), z.unknown()).optional(),
    unset: z.array(z.string()).optional(),
    /** The clock the writer had seen for each path it set or unset ('' = none). */
    seen: z.record(z.string(), z.string()).optional(),
    add: z.record(z.string(), z.array(z.unknown())).optional(),
    del: z.record(z.string(), z.array(z.string())).optional(),
    deleted: z.boolean().optional(),
  })
  .strict());
export type Op = z.infer<typeof OpSchema>;

export function docKey(collection: CollectionName, id: string): string {
  return `${DOC_PREFIX}${collection}:${id}`;
}

export function opKey(hlc: string): string {
  return `${OP_PREFIX}${hlc}`;
}

/** `doc:<collection>:<id>` → parts (ids may contain ':'). */
export function parseDocKey(key: string): { collection: CollectionName; id: string } | null {
  if (!key.startsWith(DOC_PREFIX)) return null;
  const rest = key.slice(DOC_PREFIX.length);
  const i = rest.indexOf(':');
  if (i <= 0) return null;
  const c = rest.slice(0, i);
  const id = rest.slice(i + 1);
  return COLLECTION_SET.has(c) && id ? { collection: c as CollectionName, id } : null;
}

const COLLECTION_SET: ReadonlySet<string> = new Set(COLLECTIONS);
const STORED_DOC_KEYS: ReadonlySet<string> = new Set(['v', 'id', 'collection', 'rev', 'hlc', 'updatedAt', 'updatedBy', 'deleted', 'data', 'clocks', 'elems']);

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * A fast structural check that accepts only values StoredDocSchema accepts (never more; it may
 * reject a few exotic values zod would take — callers then ask zod). Tens of thousands of documents
 * are read when a tab opens; zod (jitless under the extension CSP) costs ~30 µs each, this ~1 µs.
 * tests/unit/store/doc-check.test.ts holds it to the schema.
 */
export function isStoredDocFast(v: unknown): v is StoredDoc {
  if (!isPlainRecord(v)) return false;
  for (const k in v) if (!STORED_DOC_KEYS.has(k)) return false;
  if (v.v !== 1) return false;
  const id = v.id;
  if (typeof id !== 'string' || id.length < 1 || id.length > 600) return false;
  if (typeof v.collection !== 'string' || !COLLECTION_SET.has(v.collection)) return false;
  const rev = v.rev;
  if (typeof rev !== 'number' || !Number.isSafeInteger(rev) || rev < 0) return false;
  if (!isHlc(v.hlc)) return false;
  if (typeof v.updatedAt !== 'string') return false;
  const by = v.updatedBy;
  if (!isPlainRecord(by)) return false;
  for (const k in by) if (k !== 'device' && k !== 'person') return false;
  if (typeof by.device !== 'string' || by.device.length < 1 || by.device.length > 120) return false;
  if ('person' in by && (typeof by.person !== 'string' || by.person.length > 120)) return false;
  if ('deleted' in v && v.deleted !== true) return false;
  if (!isPlainRecord(v.data)) return false;
  const clocks = v.clocks;
  if (!isPlainRecord(clocks)) return false;
  for (const k in clocks) if (typeof clocks[k] !== 'string') return false;
  if ('elems' in v) {
    const elems = v.elems;
    if (!isPlainRecord(elems)) return false;
    for (const f in elems) {
      const field = elems[f];
      if (!isPlainRecord(field)) return false;
      for (const e in field) {
        const el = field[e];
        if (!isPlainRecord(el) || typeof el.hlc !== 'string') return false;
        for (const k in el) if (k !== 'hlc' && k !== 'removed') return false;
        if ('removed' in el && el.removed !== true) return false;
      }
    }
  }
  return true;
}

/** StoredDocSchema, through the fast check first (zod only for values it does not take, for the reason). */
export function parseStoredDoc(v: unknown): { success: true; data: StoredDoc } | { success: false; error: z.ZodError } {
  if (isStoredDocFast(v)) return { success: true, data: v };
  const r = StoredDocSchema.safeParse(v);
  return r.success ? { success: true, data: r.data } : { success: false, error: r.error };
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function getPath(data: Record<string, unknown>, path: string): unknown {
  const dot = path.indexOf('.');
  if (dot < 0) return data[path];
  const obj = data[path.slice(0, dot)];
  return obj && typeof obj === 'object' ? (obj as Record<string, unknown>)[path.slice(dot + 1)] : undefined;
}

function setPath(data: Record<string, unknown>, path: string, value: unknown): void {
  const dot = path.indexOf('.');
  if (dot < 0) {
    if (value === undefined) delete data[path];
    else data[path] = value;
    return;
  }
  const head = path.slice(0, dot);
  const cur = data[head];
  const obj = cur && typeof cur === 'object' && !Array.isArray(cur) ? { ...(cur as Record<string, unknown>) } : {};
  if (value === undefined) delete obj[path.slice(dot + 1)];
  else obj[path.slice(dot + 1)] = value;
  data[head] = obj;
}

export function emptyDoc(collection: CollectionName, id: string, by: Author, at: string, hlc: string): StoredDoc {
  return { v: 1, id, collection, rev: 0, hlc, updatedAt: at, updatedBy: by, deleted: true, data: {}, clocks: {} };
}

function sortList(collection: CollectionName, field: string, list: unknown[]): unknown[] {
  const spec = LIST_FIELDS[collection]?.[field];
  if (!spec) return list;
  return [...list].sort((a, b) => {
    const oa = spec.order(a);
    const ob = spec.order(b);
    if (oa !== ob) return oa < ob ? -1 : 1;
    const ka = spec.key(a);
    const kb = spec.key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

/**
 * Apply operations (any order; sorted here by HLC) to a base document.
 * Returns the new stored document and, when `audit` is asked for, the audit entries.
 */
export function fold(
  collection: CollectionName,
  id: string,
  base: StoredDoc | undefined,
  ops: readonly Op[],
  opts: { audit?: boolean } = {},
): { doc: StoredDoc; audit: AuditEntry[]; applied: number } {
  const audit: AuditEntry[] = [];
  const sorted = [...ops].sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0));
  const first = sorted[0];
  const doc: StoredDoc = base
    ? // Shallow copies: fold never mutates nested values in place (map fields and lists are replaced,
      // element clocks are copied on first write below), so the base and its readers stay intact.
      { ...base, data: { ...base.data }, clocks: { ...base.clocks }, elems: base.elems ? { ...base.elems } : undefined }
    : emptyDoc(collection, id, first?.by ?? { device: 'unknown' }, first?.at ?? new Date(0).toISOString(), first?.hlc ?? '000000000000000.00000.unknown');
  const docName = `${collection}:${id}`;
  const entry = (e: Omit<AuditEntry, 'doc' | 'collection' | 'docId'>) => {
    if (opts.audit) audit.push({ doc: docName, collection, docId: id, ...e });
  };
  let applied = 0;
  const lists = LIST_FIELDS[collection] ?? {};
  /** List fields being edited, as key → element (written back sorted at the end). */
  const listMaps = new Map<string, Map<string, unknown>>();
  const copiedElems = new Set<string>();
  /** List field → the newest op clock that added or removed elements of it. */
  const touchedBy = new Map<string, string>();
  const elemsOf = (field: string) => {
    doc.elems ??= {};
    if (!copiedElems.has(field)) {
      doc.elems[field] = { ...(doc.elems[field] ?? {}) };
      copiedElems.add(field);
    }
    return doc.elems[field]!;
  };
  const listOf = (field: string, key: (el: unknown) => string) => {
    let m = listMaps.get(field);
    if (!m) {
      const cur = Array.isArray(doc.data[field]) ? (doc.data[field] as unknown[]) : [];
      m = new Map(cur.map((el) => [key(el), el]));
      listMaps.set(field, m);
    }
    return m;
  };

  for (const op of sorted) {
    let changed = false;
    const at = op.at;
    const writeField = (path: string, value: unknown, isUnset: boolean) => {
      const cur = doc.clocks[path];
      if (cur === op.hlc) return; // already folded (crash between base write and op removal)
      const before = path === DELETED ? doc.deleted === true : getPath(doc.data, path);
      const after = isUnset ? undefined : value;
      if (cur !== undefined && cur > op.hlc) {
        // This write lost to a later one already in the document.
        if (!sameValue(before, after)) entry({ field: path, kind: 'conflict', before: after, after: before, by: op.by, hlc: op.hlc, at, winnerHlc: cur });
        return;
      }
      const seen = op.seen?.[path];
      const unseen = seen !== undefined && seen !== (cur ?? '');
      if (path === DELETED) {
        if (after) {
          doc.deleted = true;
          // A tombstone forgets the content older than it, so a later re-create starts clean
          // (older concurrent writes then lose to the delete and go to the audit log).
          for (const p of Object.keys(flatten(collection, doc.data))) {
            if ((doc.clocks[p] ?? '') < op.hlc) {
              setPath(doc.data, p, undefined);
              doc.clocks[p] = op.hlc;
            }
          }
          for (const [field, spec] of Object.entries(lists)) {
            const list = listOf(field, spec.key);
            const elems = elemsOf(field);
            for (const k of [...list.keys()]) {
              if ((elems[k]?.hlc ?? '') < op.hlc) {
                list.delete(k);
                elems[k] = { hlc: op.hlc, removed: true };
              }
            }
          }
        } else delete doc.deleted;
        if (before !== after && (after || cur !== undefined)) entry({ field: path, kind: after ? 'delete' : 'restore', by: op.by, hlc: op.hlc, at });
      } else {
        setPath(doc.data, path, clone(after));
        if (!sameValue(before, after)) {
          entry({ field: path, kind: unseen && cur !== undefined ? 'conflict' : 'change', before, after, by: op.by, hlc: op.hlc, at, ...(unseen && cur !== undefined ? { winnerHlc: op.hlc } : {}) });
        }
      }
      doc.clocks[path] = op.hlc;
      changed = true;
    };

    for (const [path, value] of Object.entries(op.set ?? {})) writeField(path, value, false);
    for (const path of op.unset ?? []) writeField(path, undefined, true);
    if (op.deleted !== undefined) writeField(DELETED, op.deleted, false);

    for (const [field, elements] of Object.entries(op.add ?? {})) {
      const spec = lists[field];
      if (!spec) continue;
      const elems = elemsOf(field);
      const list = listOf(field, spec.key);
      for (const el of elements) {
        const k = spec.key(el);
        const cur = elems[k];
        if (cur && cur.hlc >= op.hlc) continue;
        elems[k] = { hlc: op.hlc };
        touchedBy.set(field, op.hlc);
        if (!list.has(k)) {
          list.set(k, clone(el));
          entry({ field: `${field}[+]`, kind: 'change', after: el, by: op.by, hlc: op.hlc, at });
        }
        changed = true;
      }
    }
    for (const [field, keys] of Object.entries(op.del ?? {})) {
      const spec = lists[field];
      if (!spec) continue;
      const elems = elemsOf(field);
      const list = listOf(field, spec.key);
      for (const k of keys) {
        const cur = elems[k];
        if (cur && cur.hlc >= op.hlc) continue;
        elems[k] = { hlc: op.hlc, removed: true };
        touchedBy.set(field, op.hlc);
        const gone = list.get(k);
        if (gone !== undefined) {
          list.delete(k);
          entry({ field: `${field}[-]`, kind: 'change', before: gone, by: op.by, hlc: op.hlc, at });
        }
        changed = true;
      }
    }

    if (changed) {
      applied += 1;
      doc.rev += 1;
      if (op.hlc > doc.hlc || doc.rev === 1) {
        doc.hlc = op.hlc;
        doc.updatedAt = op.at;
        doc.updatedBy = op.by;
      }
    }
  }
  for (const [field, m] of listMaps) {
    let list = sortList(collection, field, [...m.values()]);
    const spec = lists[field];
    // The list's limit (e.g. 500 notes per item) is applied here, at merge time: the oldest
    // elements beyond it are dropped (as removals, with the clock of the newest op that touched
    // the field, so every replica drops the same ones), never the whole document.
    if (spec && list.length > spec.max) {
      const drop = list.slice(0, list.length - spec.max);
      list = list.slice(list.length - spec.max);
      const elems = elemsOf(field);
      const hlc = touchedBy.get(field) ?? doc.hlc;
      for (const el of drop) {
        elems[spec.key(el)] = { hlc, removed: true };
        entry({ field: `${field}[-]`, kind: 'change', before: el, by: doc.updatedBy, hlc, at: doc.updatedAt });
      }
    }
    doc.data[field] = list;
  }
  if (doc.elems && Object.keys(doc.elems).length === 0) delete doc.elems;
  return { doc, audit, applied };
}

/** Paths a value of this collection is split into (map fields per key). */
export function flatten(collection: CollectionName, data: Record<string, unknown>): Record<string, unknown> {
  const maps = MAP_FIELDS[collection] ?? [];
  const lists = LIST_FIELDS[collection] ?? {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if (v === undefined || k in lists) continue;
    if (maps.includes(k) && v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [mk, mv] of Object.entries(v as Record<string, unknown>)) if (mv !== undefined) out[`${k}.${mk}`] = mv;
    } else out[k] = v;
  }
  return out;
}

/**
 * The operation that turns `current` (undefined = no document) into `next`.
 * `mode: 'replace'` also unsets fields absent from `next` and removes list elements absent from it;
 * `mode: 'patch'` touches only the fields present in `next`.
 */
export function diffOp(
  collection: CollectionName,
  id: string,
  current: StoredDoc | undefined,
  next: Record<string, unknown>,
  mode: 'replace' | 'patch',
  meta: { hlc: string; at: string; by: Author },
): Op {
  const op: Op = { v: 1, collection, id, hlc: meta.hlc, at: meta.at, by: meta.by };
  const curData = current && !current.deleted ? current.data : {};
  const curFlat = flatten(collection, curData);
  const nextFlat = flatten(collection, next);
  const set: Record<string, unknown> = {};
  const seen: Record<string, string> = {};
  const unset: string[] = [];
  for (const [path, v] of Object.entries(nextFlat)) {
    if (!sameValue(curFlat[path], v) || current?.deleted) {
      set[path] = v;
      seen[path] = current?.clocks[path] ?? '';
    }
  }
  for (const path of Object.keys(curFlat)) {
    if (path in nextFlat) continue;
    const head = path.split('.')[0]!;
    if (mode === 'replace' || head in next) {
      unset.push(path);
      seen[path] = current?.clocks[path] ?? '';
    }
  }
  const lists = LIST_FIELDS[collection] ?? {};
  for (const [field, spec] of Object.entries(lists)) {
    if (!(field in next)) continue;
    const want = Array.isArray(next[field]) ? (next[field] as unknown[]) : [];
    const have = Array.isArray(curData[field]) ? (curData[field] as unknown[]) : [];
    const haveKeys = new Set(have.map(spec.key));
    const wantKeys = new Set(want.map(spec.key));
    const add = want.filter((el) => !haveKeys.has(spec.key(el)));
    const del = [...haveKeys].filter((k) => !wantKeys.has(k));
    if (add.length) (op.add ??= {})[field] = add;
    if (del.length) (op.del ??= {})[field] = del;
  }
  if (Object.keys(set).length) op.set = set;
  if (unset.length) op.unset = unset;
  if (Object.keys(seen).length) op.seen = seen;
  if (!current || current.deleted) op.deleted = false;
  return op;
}

export function isEmptyOp(op: Op): boolean {
  return !op.set && !op.unset && !op.add && !op.del && op.deleted === undefined;
}

/**
 * A stored document with clocks further ahead of local time than the bound (`isAhead`) has them
 * clamped: each such clock becomes the lowest clock of its writer (`000000000000000.00000.<node>`),
 * so the value is kept but any real later write wins over it, on every replica alike. Returns the
 * document unchanged (same object) when nothing is ahead, else a copy and the clamped paths.
 */
export function clampFutureClocks(doc: StoredDoc, isAhead: (hlc: string) => boolean): { doc: StoredDoc; clamped: string[] } {
  const clamped: string[] = [];
  const floor = (hlc: string) => `000000000000000.00000.${parseHlc(hlc)?.node ?? 'clamped'}`;
  let clocks = doc.clocks;
  for (const [path, hlc] of Object.entries(doc.clocks)) {
    if (!isAhead(hlc)) continue;
    if (clocks === doc.clocks) clocks = { ...doc.clocks };
    clocks[path] = floor(hlc);
    clamped.push(path);
  }
  let elems = doc.elems;
  for (const [field, byKey] of Object.entries(doc.elems ?? {})) {
    for (const [k, e] of Object.entries(byKey)) {
      if (!isAhead(e.hlc)) continue;
      if (elems === doc.elems) elems = { ...doc.elems };
      if (elems![field] === byKey) elems![field] = { ...byKey };
      elems![field]![k] = { ...e, hlc: floor(e.hlc) };
      clamped.push(`${field}[${k}]`);
    }
  }
  const docAhead = isAhead(doc.hlc);
  if (!clamped.length && !docAhead) return { doc, clamped };
  let hlc = doc.hlc;
  if (docAhead) {
    // The document's clock is the newest of its (now clamped) field clocks.
    hlc = floor(doc.hlc);
    for (const c of Object.values(clocks)) if (c > hlc) hlc = c;
    for (const byKey of Object.values(elems ?? {})) for (const e of Object.values(byKey)) if (e.hlc > hlc) hlc = e.hlc;
    clamped.push('(document)');
  }
  return { doc: { ...doc, hlc, clocks, ...(elems ? { elems } : {}) }, clamped };
}
