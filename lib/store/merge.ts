/**
 * The join of two stored documents (pure, no browser APIs): what two replicas of one document
 * become when they meet. Used by the sync engine both ways (storage.local ⇄ the replicated
 * database) and by its conflict resolver, so every replica converges to the same value whatever
 * order the versions arrive in.
 *
 * mergeStoredDocs is a join-semilattice operation — commutative, associative and idempotent
 * (tests/unit/sync/merge.test.ts checks it with fast-check):
 * - a plain field (or a map field's key, "dates.launch", or the tombstone "$deleted") takes the
 *   value of the side whose clock for it is higher (HLC order); equal clocks with different
 *   values (never written by the store itself) take the greater value in canonical JSON order;
 * - a list field (itemMeta.notes, slaEvents.events) is a set: each element key keeps the entry
 *   with the higher clock (a removal at an equal clock wins); a present element takes its value
 *   from the side(s) holding that winning entry;
 * - the document's own hlc / updatedAt / updatedBy come from the side with the higher hlc;
 *   `rev` (a local counter) is the greater of the two.
 * A tombstone hides the document; fields it did not know about are kept in its data (invisible
 * while deleted) rather than forgotten, which keeps the operation associative.
 */
import { DELETED, flatten, type StoredDoc } from './doc';
import { LIST_FIELDS, MAP_FIELDS, type AuditEntry, type Author } from './types';

/** JSON with object keys sorted: equal values give equal strings whatever the key order. */
export function canonicalJson(v: unknown): string {
  if (v === undefined) return '';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

function getPath(data: Record<string, unknown>, path: string): unknown {
  const dot = path.indexOf('.');
  if (dot < 0) return data[path];
  const obj = data[path.slice(0, dot)];
  return obj && typeof obj === 'object' && !Array.isArray(obj) ? (obj as Record<string, unknown>)[path.slice(dot + 1)] : undefined;
}

function valueAt(doc: StoredDoc, path: string): unknown {
  if (path === DELETED) return doc.deleted === true ? true : undefined;
  return getPath(doc.data, path);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every path a document has a value or a clock for (map fields per key; list fields excluded). */
function pathsOf(doc: StoredDoc): Set<string> {
  const lists = LIST_FIELDS[doc.collection] ?? {};
  const out = new Set<string>(Object.keys(flatten(doc.collection, doc.data)));
  for (const p of Object.keys(doc.clocks)) if (!(p in lists)) out.add(p);
  if (doc.deleted) out.add(DELETED);
  return out;
}

type Pick = { clock: string; value: unknown; json: string };

function better(a: Pick, b: Pick): boolean {
  const c = cmp(a.clock, b.clock);
  return c !== 0 ? c > 0 : cmp(a.json, b.json) > 0;
}

/** The join of two replicas of the same document (same collection and id). */
export function mergeStoredDocs(a: StoredDoc, b: StoredDoc): StoredDoc {
  if (a.collection !== b.collection || a.id !== b.id) throw new Error(`cannot merge ${a.collection}:${a.id} with ${b.collection}:${b.id}`);
  const collection = a.collection;
  const data: Record<string, unknown> = {};
  const clocks: Record<string, string> = {};
  let deleted = false;

  const paths = [...new Set([...pathsOf(a), ...pathsOf(b)])].sort();
  for (const path of paths) {
    const pa: Pick = { clock: a.clocks[path] ?? '', value: valueAt(a, path), json: '' };
    const pb: Pick = { clock: b.clocks[path] ?? '', value: valueAt(b, path), json: '' };
    pa.json = canonicalJson(pa.value);
    pb.json = canonicalJson(pb.value);
    const w = better(pb, pa) ? pb : pa;
    if (w.clock) clocks[path] = w.clock;
    if (path === DELETED) {
      deleted = w.value === true;
      continue;
    }
    if (w.value === undefined) continue;
    const dot = path.indexOf('.');
    if (dot < 0) data[path] = clone(w.value);
    else {
      const head = path.slice(0, dot);
      const obj = (data[head] ??= {}) as Record<string, unknown>;
      obj[path.slice(dot + 1)] = clone(w.value);
    }
  }
  // A map field present (even empty) on either side stays present.
  for (const m of MAP_FIELDS[collection] ?? []) {
    const av = a.data[m];
    const bv = b.data[m];
    if (data[m] === undefined && ((av && typeof av === 'object') || (bv && typeof bv === 'object'))) data[m] = {};
  }

  // List fields: sets of elements with their own clocks.
  let elems: NonNullable<StoredDoc['elems']> | undefined;
  for (const [field, spec] of Object.entries(LIST_FIELDS[collection] ?? {})) {
    const ea = a.elems?.[field] ?? {};
    const eb = b.elems?.[field] ?? {};
    const la = Array.isArray(a.data[field]) ? (a.data[field] as unknown[]) : undefined;
    const lb = Array.isArray(b.data[field]) ? (b.data[field] as unknown[]) : undefined;
    if (!la && !lb && !a.elems?.[field] && !b.elems?.[field]) continue;
    const va = new Map((la ?? []).map((el) => [spec.key(el), el]));
    const vb = new Map((lb ?? []).map((el) => [spec.key(el), el]));
    const keys = [...new Set([...Object.keys(ea), ...Object.keys(eb), ...va.keys(), ...vb.keys()])].sort();
    const merged: Record<string, { hlc: string; removed?: true }> = {};
    const list: unknown[] = [];
    for (const k of keys) {
      const xa = ea[k];
      const xb = eb[k];
      // Element clock order: hlc, then a removal over a presence at the same clock.
      const rank = (x: { hlc: string; removed?: true } | undefined) => (x ? `${x.hlc}|${x.removed ? 1 : 0}` : '');
      const ra = rank(xa);
      const rb = rank(xb);
      const win = cmp(ra, rb) >= 0 ? xa : xb;
      if (win) merged[k] = win.removed ? { hlc: win.hlc, removed: true } : { hlc: win.hlc };
      if (win?.removed) continue;
      // The value comes from the side(s) holding the winning entry (or any side, without clocks).
      const candidates: unknown[] = [];
      const top = win ? rank(win) : '';
      if (rank(xa) === top && va.has(k)) candidates.push(va.get(k));
      if (rank(xb) === top && vb.has(k)) candidates.push(vb.get(k));
      if (!candidates.length) {
        if (win) continue; // the winning side does not hold the value (never written by the store)
        if (va.has(k)) candidates.push(va.get(k));
        if (vb.has(k)) candidates.push(vb.get(k));
      }
      let best = candidates[0];
      for (const c of candidates.slice(1)) if (cmp(canonicalJson(c), canonicalJson(best)) > 0) best = c;
      if (best !== undefined) list.push(clone(best));
    }
    list.sort((x, y) => cmp(spec.order(x), spec.order(y)) || cmp(spec.key(x), spec.key(y)));
    data[field] = list;
    if (Object.keys(merged).length) (elems ??= {})[field] = merged;
  }

  // Document metadata from the newer side (ties: the greater canonical form, for determinism).
  const newer = cmp(a.hlc, b.hlc) !== 0 ? (a.hlc > b.hlc ? a : b) : cmp(metaJson(a), metaJson(b)) >= 0 ? a : b;
  const out: StoredDoc = {
    v: 1,
    id: a.id,
    collection,
    rev: Math.max(a.rev, b.rev),
    hlc: newer.hlc,
    updatedAt: newer.updatedAt,
    updatedBy: { ...newer.updatedBy } as Author,
    data,
    clocks,
  };
  if (deleted) out.deleted = true;
  if (elems) out.elems = elems;
  return out;
}

function metaJson(d: StoredDoc): string {
  return canonicalJson({ at: d.updatedAt, by: d.updatedBy });
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/**
 * Whether two replicas hold the same content (data, clocks, list clocks, tombstone, latest write),
 * whatever their key order or local revision counter. The sync engine writes only when this is false,
 * which is what stops two browsers resolving one conflict from writing back and forth.
 */
export function sameContent(a: StoredDoc, b: StoredDoc): boolean {
  return contentKey(a) === contentKey(b);
}

export function contentKey(d: StoredDoc): string {
  const elems: Record<string, unknown> = {};
  for (const [f, m] of Object.entries(d.elems ?? {})) if (Object.keys(m).length) elems[f] = m;
  return canonicalJson({ data: d.data, clocks: d.clocks, elems, deleted: d.deleted === true, hlc: d.hlc, at: d.updatedAt, by: d.updatedBy });
}

/**
 * The values of `side` that the merged document no longer shows because a write with a higher
 * clock replaced them: one audit entry per lost field (kind 'conflict', `before` = the lost value,
 * `after` = the value that won), so a person can find and restore it.
 */
export function losingValues(side: StoredDoc, merged: StoredDoc, kind: AuditEntry['kind'] = 'conflict'): AuditEntry[] {
  const out: AuditEntry[] = [];
  const doc = `${side.collection}:${side.id}`;
  for (const path of [...pathsOf(side)].sort()) {
    const mine = side.clocks[path] ?? '';
    const won = merged.clocks[path] ?? '';
    if (won <= mine) continue;
    const before = valueAt(side, path);
    const after = valueAt(merged, path);
    if (canonicalJson(before) === canonicalJson(after)) continue;
    out.push({ doc, collection: side.collection, docId: side.id, field: path, kind, before, after, by: side.updatedBy, hlc: mine || side.hlc, at: side.updatedAt, winnerHlc: won });
  }
  for (const [field, spec] of Object.entries(LIST_FIELDS[side.collection] ?? {})) {
    const list = Array.isArray(side.data[field]) ? (side.data[field] as unknown[]) : [];
    const keep = new Set((Array.isArray(merged.data[field]) ? (merged.data[field] as unknown[]) : []).map(spec.key));
    for (const el of list) {
      const k = spec.key(el);
      if (keep.has(k)) continue;
      const won = merged.elems?.[field]?.[k]?.hlc ?? merged.hlc;
      out.push({ doc, collection: side.collection, docId: side.id, field: `${field}[-]`, kind, before: el, by: side.updatedBy, hlc: side.elems?.[field]?.[k]?.hlc ?? side.hlc, at: side.updatedAt, winnerHlc: won });
    }
  }
  return out;
}
