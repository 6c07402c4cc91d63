/**
 * The workspace's CouchDB documents (pure: no browser APIs), and the trust boundary for
 * everything that arrives from the server.
 *
 * One CouchDB document per entity, `_id = <collection>:<id>`; its body is the store's StoredDoc
 * (data, per-field clocks, list element clocks, tombstone, latest hlc) plus:
 *   schema     the document format version (SCHEMA_VERSION; the server refuses unknown ones)
 *   author     the store's author of the latest write ({ device, person? })
 *   updatedBy  the CouchDB user who wrote this revision (the server checks it is the signed-in user)
 *   createdBy  the CouchDB user who created the document (never changes)
 * The store's local revision counter is not replicated. A deleted entity is a normal document
 * with `deleted: true` (its clocks must replicate); CouchDB's own `_deleted` is only used to
 * close losing conflict branches.
 */
import { z } from 'zod';
import { parseStoredDoc, type StoredDoc } from '../store/doc';
import { parseHlc } from '../store/hlc';
import { AuthorSchema, COLLECTIONS, COLLECTION_SCHEMAS, CollectionNameSchema, ID_FIELD, type CollectionName } from '../store/types';
import { lazySchema } from '../core/lazy-schema';

export const SCHEMA_VERSION = 1;
/** A remote clock further ahead of this device's time than this is not accepted (quarantined). */
export const DEFAULT_MAX_CLOCK_SKEW_MS = 60 * 60 * 1000;

export interface CouchDoc {
  _id: string;
  _rev?: string;
  _conflicts?: string[];
  _deleted?: boolean;
  schema: number;
  collection: CollectionName;
  id: string;
  data: Record<string, unknown>;
  clocks: Record<string, string>;
  elems?: StoredDoc['elems'];
  deleted?: true;
  hlc: string;
  updatedAt: string;
  author: z.infer<typeof AuthorSchema>;
  updatedBy: string;
  createdBy: string;
}

const COLLECTION_SET: ReadonlySet<string> = new Set(COLLECTIONS);

export function couchId(collection: CollectionName, id: string): string {
  return `${collection}:${id}`;
}

export function parseCouchId(id: string): { collection: CollectionName; id: string } | null {
  const i = id.indexOf(':');
  if (i <= 0) return null;
  const c = id.slice(0, i);
  const rest = id.slice(i + 1);
  return COLLECTION_SET.has(c) && rest ? { collection: c as CollectionName, id: rest } : null;
}

/** The CouchDB body of a stored document (without _rev), written by `user`. */
export function toCouch(doc: StoredDoc, meta: { user: string; createdBy?: string }): CouchDoc {
  const out: CouchDoc = {
    _id: couchId(doc.collection, doc.id),
    schema: SCHEMA_VERSION,
    collection: doc.collection,
    id: doc.id,
    data: doc.data,
    clocks: doc.clocks,
    hlc: doc.hlc,
    updatedAt: doc.updatedAt,
    author: doc.updatedBy,
    updatedBy: meta.user,
    createdBy: meta.createdBy ?? meta.user,
  };
  if (doc.elems && Object.keys(doc.elems).length) out.elems = doc.elems;
  if (doc.deleted) out.deleted = true;
  return out;
}

const CouchEnvelopeSchema = /* @__PURE__ */ lazySchema(() => z
  .object({
    _id: z.string().min(1).max(800),
    _rev: z.string().max(200).optional(),
    _conflicts: z.array(z.string()).optional(),
    _deleted: z.boolean().optional(),
    _revisions: z.unknown().optional(),
    _revs_info: z.unknown().optional(),
    _attachments: z.unknown().optional(),
    schema: z.number().int(),
    collection: CollectionNameSchema,
    id: z.string().min(1).max(600),
    data: z.record(z.string(), z.unknown()),
    clocks: z.record(z.string(), z.string()),
    elems: z.unknown().optional(),
    deleted: z.literal(true).optional(),
    hlc: z.string(),
    updatedAt: z.string().max(40),
    author: AuthorSchema,
    updatedBy: z.string().min(1).max(200),
    createdBy: z.string().min(1).max(200),
  })
  .strict());

export type Incoming =
  | { ok: true; doc: StoredDoc; couch: CouchDoc }
  | { ok: false; reason: string; code: 'invalid' | 'future-clock' | 'schema-version' | 'not-ours' };

function issues(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  return error.issues
    .slice(0, 6)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

function ahead(hlc: string, limit: number): boolean {
  const p = parseHlc(hlc);
  return !p || p.wall > limit;
}

/**
 * Check a document that came from the server before anything reads it: the envelope, the
 * StoredDoc shape, the entity against its collection's schema, and every clock (an HLC, not
 * further ahead of `now` than `maxSkewMs`: a device with a clock days ahead would otherwise win
 * every field it wrote until then). Design documents and other ids are 'not-ours' (ignored).
 */
export function checkIncoming(raw: unknown, opts: { now: number; maxSkewMs?: number }): Incoming {
  const id = (raw as { _id?: unknown } | null)?._id;
  if (typeof id === 'string' && (id.startsWith('_design/') || id.startsWith('_local/'))) return { ok: false, code: 'not-ours', reason: 'not a workspace document' };
  const env = CouchEnvelopeSchema.safeParse(raw);
  if (!env.success) {
    const schema = (raw as { schema?: unknown } | null)?.schema;
    if (typeof schema === 'number' && schema !== SCHEMA_VERSION) return { ok: false, code: 'schema-version', reason: `written in document format ${schema}; this version of Liaison reads format ${SCHEMA_VERSION} (update Liaison)` };
    return { ok: false, code: 'invalid', reason: `not a Liaison workspace document: ${issues(env.error)}` };
  }
  const c = env.data;
  if (c.schema !== SCHEMA_VERSION) return { ok: false, code: 'schema-version', reason: `written in document format ${c.schema}; this version of Liaison reads format ${SCHEMA_VERSION} (update Liaison)` };
  if (c._id !== couchId(c.collection, c.id)) return { ok: false, code: 'invalid', reason: `document id "${c._id}" does not match its collection and id (${c.collection}:${c.id})` };
  const stored = {
    v: 1 as const,
    id: c.id,
    collection: c.collection,
    rev: 0,
    hlc: c.hlc,
    updatedAt: c.updatedAt,
    updatedBy: c.author,
    data: c.data,
    clocks: c.clocks,
    ...(c.elems !== undefined ? { elems: c.elems } : {}),
    ...(c.deleted ? { deleted: true as const } : {}),
  };
  const parsed = parseStoredDoc(stored);
  if (!parsed.success) return { ok: false, code: 'invalid', reason: `not a Liaison document: ${issues(parsed.error)}` };
  const doc = parsed.data;
  if (!doc.deleted) {
    const entity = COLLECTION_SCHEMAS[doc.collection].safeParse(doc.data);
    if (!entity.success) return { ok: false, code: 'invalid', reason: `does not match the ${doc.collection} schema: ${issues(entity.error)}` };
    const idValue = (doc.data as Record<string, unknown>)[ID_FIELD[doc.collection]];
    if (idValue !== doc.id) return { ok: false, code: 'invalid', reason: `its ${ID_FIELD[doc.collection]} "${String(idValue)}" is not its id "${doc.id}"` };
  }
  const limit = opts.now + (opts.maxSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS);
  const clocks: Array<[string, string]> = [['(document)', doc.hlc], ...Object.entries(doc.clocks)];
  for (const [field, list] of Object.entries(doc.elems ?? {})) for (const [k, e] of Object.entries(list)) clocks.push([`${field}[${k.slice(0, 40)}]`, e.hlc]);
  for (const [field, hlc] of clocks) {
    const p = parseHlc(hlc);
    if (!p) return { ok: false, code: 'invalid', reason: `the clock of ${field} is not a Liaison clock ("${hlc.slice(0, 60)}")` };
    if (ahead(hlc, limit)) {
      const hours = Math.round(((p.wall - opts.now) / 3_600_000) * 10) / 10;
      return {
        ok: false,
        code: 'future-clock',
        reason: `written with a clock ${hours} h ahead of this computer's time (${field}, by ${c.updatedBy}); a clock that far ahead would win every later edit, so it is not applied — check that device's date and time`,
      };
    }
  }
  return { ok: true, doc, couch: c as CouchDoc };
}
