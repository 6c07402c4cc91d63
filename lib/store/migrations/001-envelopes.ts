/**
 * 001 — bare documents become envelopes.
 *
 * Before version 1 (the prototype, and data seeded by hand or by scripts), `doc:<collection>:<id>`
 * held the bare entity, e.g. `doc:kpis:cac` → `{ id: 'cac', name: 'CAC', … }`. Version 1 wraps
 * each in a stored document with a revision, an author and per-field clocks so it can merge.
 * An entity that does not match its schema is quarantined with the reason; documents that are
 * already envelopes are left alone.
 */
import { formatHlc } from '../hlc';
import { DOC_PREFIX, StoredDocSchema, flatten, parseDocKey, type StoredDoc } from '../doc';
import { COLLECTION_SCHEMAS, ID_FIELD, LIST_FIELDS } from '../types';
import type { Migration } from './types';

export const migration001: Migration = {
  version: 1,
  name: 'envelopes',
  migrate(items, ctx) {
    const set: Record<string, unknown> = {};
    const quarantine: Record<string, string> = {};
    let counter = 0;
    const wall = Date.parse(ctx.now);
    for (const [key, value] of Object.entries(items)) {
      if (!key.startsWith(DOC_PREFIX)) continue;
      if (StoredDocSchema.safeParse(value).success) continue;
      const p = parseDocKey(key);
      if (!p) {
        quarantine[key] = 'unknown collection in key';
        continue;
      }
      const parsed = COLLECTION_SCHEMAS[p.collection].safeParse(value);
      if (!parsed.success) {
        quarantine[key] = `not a ${p.collection} entry: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`;
        continue;
      }
      const data = parsed.data as Record<string, unknown>;
      if (String(data[ID_FIELD[p.collection]]) !== p.id) {
        quarantine[key] = `the key names "${p.id}" but the entry's ${ID_FIELD[p.collection]} is "${String(data[ID_FIELD[p.collection]])}"`;
        continue;
      }
      const hlc = formatHlc({ wall, counter: counter++, node: `${ctx.device}~migrate` });
      const clocks: Record<string, string> = { $deleted: hlc };
      for (const path of Object.keys(flatten(p.collection, data))) clocks[path] = hlc;
      const lists = LIST_FIELDS[p.collection] ?? {};
      const elems: NonNullable<StoredDoc['elems']> = {};
      for (const [field, spec] of Object.entries(lists)) {
        const list = Array.isArray(data[field]) ? (data[field] as unknown[]) : [];
        elems[field] = Object.fromEntries(list.map((el) => [spec.key(el), { hlc }]));
      }
      const doc: StoredDoc = {
        v: 1,
        id: p.id,
        collection: p.collection,
        rev: 1,
        hlc,
        updatedAt: ctx.now,
        updatedBy: { device: ctx.device },
        data,
        clocks,
        ...(Object.keys(elems).length ? { elems } : {}),
      };
      set[key] = doc;
    }
    return { set, remove: [], quarantine };
  },
};
