/**
 * The store implementation over browser.storage.local (see index.ts for the design).
 */
import { browser } from 'wxt/browser';
import type { CollectionInput, Store, StoreOptions, WriteBy } from './api';
import {
  DOC_PREFIX,
  DELETED,
  DEVICE_KEY,
  OP_PREFIX,
  OpSchema,
  QUARANTINE_PREFIX,
  SCHEMA_VERSION_KEY,
  clampFutureClocks,
  parseStoredDoc,
  diffOp,
  docKey,
  fold,
  isEmptyOp,
  opKey,
  parseDocKey,
  sameValue,
  type Op,
  type StoredDoc,
} from './doc';
import { DEFAULT_MAX_SKEW_MS, HlcClock, checkSkew, isHlc, isInstantAhead } from './hlc';
import { losingValues, mergeStoredDocs, sameContent } from './merge';
import { CURRENT_SCHEMA_VERSION } from './migrations/version';
import { readMaxSkewMs } from './settings';
import { readManagedPolicy, type ManagedPolicy } from './managed';
import {
  COLLECTIONS,
  COLLECTION_SCHEMAS,
  ID_FIELD,
  LIST_FIELDS,
  MANAGED_COLLECTIONS,
  ManagedDocumentError,
  NotFoundError,
  StoreValidationError,
  StorageNewerError,
  WriteNotAppliedError,
  type Author,
  type CollectionName,
  type CollectionTypes,
  type DocEnvelope,
  type ItemContext,
  type QuarantineEntry,
  type StoreChange,
  type WorkspaceState,
} from './types';

interface DocState {
  collection: CollectionName;
  id: string;
  base?: StoredDoc;
  /**
   * The stored value not yet checked (a tab's first load keeps raw values and checks a document
   * the first time it is read: opening one item must not parse the whole workspace).
   */
  raw?: unknown;
  rawPending?: boolean;
  ops: Map<string, Op>;
  /** base + ops folded, kept while ops only arrive in clock order (the common case). */
  foldedCache?: StoredDoc;
  maxOpHlc?: string;
  /** Cached view: envelope, null (absent/tombstone), or an error string (invalid). */
  view?: DocEnvelope | null | { invalid: string };
}

function randomId(len = 6): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = new Uint8Array(len);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** This browser profile's device id, created once and kept in storage.local. */
export async function deviceId(): Promise<string> {
  const got = await browser.storage.local.get(DEVICE_KEY);
  const existing = got[DEVICE_KEY];
  if (typeof existing === 'string' && /^[a-z0-9-]{4,64}$/.test(existing)) return existing;
  const id = `dev-${randomId(10)}`;
  await browser.storage.local.set({ [DEVICE_KEY]: id });
  return id;
}

function issuesOf(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }) {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

export function createStore(options: StoreOptions): Store {
  const device = options.device;
  const now = options.now ?? Date.now;
  const instance = randomId(6);
  /** How far ahead of local time a stored clock may be (options, else the user's setting, else 1 h). */
  let maxSkewMs = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  const clock = new HlcClock(`${device}~${instance}`, now, () => maxSkewMs);
  /** Set when storage was written by a newer Liaison (its schema version is ahead of ours): nothing is written then. */
  let newerSchema: number | undefined;
  /** Base documents read with clocks ahead of the bound (clamped in memory; the compactor rewrites them). */
  const skewed = new Map<string, { reason: string; value: unknown }>();
  const docs = new Map<string, DocState>();
  const byCollection = new Map<CollectionName, Set<string>>(COLLECTIONS.map((c) => [c, new Set()]));
  /** Raw values under our prefixes that do not parse (compactor moves them to quarantine). */
  const invalid = new Map<string, { reason: string; value: unknown }>();
  const quarantined = new Map<string, QuarantineEntry>();
  let managed: ManagedPolicy = { docs: { teams: [], kpis: [], slaPolicies: [], briefTemplates: [] }, issues: [] };
  const managedViews = new Map<string, DocEnvelope>();
  const listeners = new Set<(changes: StoreChange[]) => void>();
  let version = 0;
  let indexVersion = -1;
  /** itemContext's index: item key → the states of the documents that name it (raw fields; validated on use). */
  let index: {
    linksByItem: Map<string, DocState[]>;
    depsFrom: Map<string, DocState[]>;
    depsTo: Map<string, DocState[]>;
    notesByItem: Map<string, DocState[]>;
  } | null = null;
  let closed = false;
  let compactTimer: ReturnType<typeof setTimeout> | undefined;
  let compacting: Promise<number> | null = null;
  /** op key → the doc key it belongs to (to drop it when the compactor removes it). */
  const opOwner = new Map<string, string>();

  const at = () => new Date(now()).toISOString();

  function stateFor(collection: CollectionName, id: string): DocState {
    const k = docKey(collection, id);
    let s = docs.get(k);
    if (!s) {
      s = { collection, id, ops: new Map() };
      docs.set(k, s);
      byCollection.get(collection)!.add(k);
    }
    return s;
  }

  /** Check a raw base value kept by the first load (once). An invalid one goes to `invalid` (quarantine). */
  function resolve(s: DocState): void {
    if (!s.rawPending) return;
    const value = s.raw;
    s.rawPending = false;
    s.raw = undefined;
    setBase(s, docKey(s.collection, s.id), value);
  }

  function setBase(s: DocState, key: string, value: unknown): void {
    const parsed = parseStoredDoc(value);
    if (!parsed.success || parsed.data.collection !== s.collection || parsed.data.id !== s.id) {
      s.base = undefined;
      invalid.set(key, { reason: parsed.success ? 'document key does not match its contents' : `not a Liaison document: ${issuesOf(parsed.error).map((i) => `${i.path}: ${i.message}`).join('; ')}`, value });
      return;
    }
    const ahead = (hlc: string) => !checkSkew(hlc, now(), maxSkewMs).ok;
    const c = clampFutureClocks(parsed.data, ahead);
    if (c.clamped.length) {
      const why = checkSkew(parsed.data.hlc, now(), maxSkewMs);
      skewed.set(key, {
        reason: `clocks ahead of this device's time were clamped (${c.clamped.slice(0, 10).join(', ')}${c.clamped.length > 10 ? ', …' : ''})${why.ok ? '' : `: ${why.reason}`}; the values are kept, later edits win over them`,
        value,
      });
    } else skewed.delete(key);
    s.base = c.doc;
    clock.observe(c.doc.hlc);
  }

  function folded(s: DocState): StoredDoc | undefined {
    resolve(s);
    if (s.ops.size === 0) return s.base;
    if (!s.foldedCache) {
      const ops = [...s.ops.values()];
      s.foldedCache = fold(s.collection, s.id, s.base, ops).doc;
      s.maxOpHlc = ops.reduce((m, o) => (o.hlc > m ? o.hlc : m), '');
    }
    return s.foldedCache;
  }

  function addOp(s: DocState, key: string, op: Op) {
    if (s.foldedCache && s.maxOpHlc !== undefined && op.hlc > s.maxOpHlc) {
      s.foldedCache = fold(s.collection, s.id, s.foldedCache, [op]).doc;
      s.maxOpHlc = op.hlc;
    } else s.foldedCache = undefined;
    s.ops.set(key, op);
  }

  /**
   * One bad op must not take its document down: replay the ops in clock order and refuse alone
   * each op that turns a valid document invalid (it goes to `invalid`, then quarantine); the base
   * and the other ops stay. Returns whether any op was refused.
   */
  function isolateBadOps(s: DocState): boolean {
    const ops = [...s.ops.entries()].sort((a, b) => (a[1].hlc < b[1].hlc ? -1 : a[1].hlc > b[1].hlc ? 1 : 0));
    let cur = s.base;
    let refused = false;
    for (const [key, op] of ops) {
      const next = fold(s.collection, s.id, cur, [op]).doc;
      const bad = validDoc(s.collection, next);
      if (bad && !validDoc(s.collection, cur)) {
        s.ops.delete(key);
        opOwner.delete(key);
        invalid.set(key, { reason: `operation refused: it would make ${s.collection} "${s.id}" invalid (${bad})`, value: op });
        refused = true;
        continue;
      }
      cur = next;
    }
    if (refused) {
      s.foldedCache = undefined;
      s.view = undefined;
    }
    return refused;
  }

  function computeView(s: DocState): DocEnvelope | null | { invalid: string } {
    let d = folded(s);
    if (!d || d.deleted) return null;
    let parsed = COLLECTION_SCHEMAS[s.collection].safeParse(d.data);
    if (!parsed.success && s.ops.size && isolateBadOps(s)) {
      d = folded(s);
      if (!d || d.deleted) return null;
      parsed = COLLECTION_SCHEMAS[s.collection].safeParse(d.data);
    }
    if (!parsed.success) return { invalid: `does not match the ${s.collection} schema: ${issuesOf(parsed.error).map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}` };
    return {
      id: s.id,
      collection: s.collection,
      rev: d.rev,
      updatedAt: d.updatedAt,
      updatedBy: d.updatedBy,
      data: parsed.data as never,
      hlc: d.hlc,
      clocks: d.clocks,
      source: 'local',
    };
  }

  function signature(s: DocState): string {
    const d = folded(s);
    return d ? `${d.hlc}|${d.rev}|${d.deleted ? 1 : 0}` : '';
  }

  /** A change whose `doc` is resolved (zod-parsed) only if a listener reads it. */
  function lazyChange(s: DocState): StoreChange {
    let done = false;
    let doc: DocEnvelope | undefined;
    return {
      collection: s.collection,
      id: s.id,
      get doc() {
        if (!done) {
          doc = view(s.collection, s.id) ?? undefined;
          done = true;
        }
        return doc;
      },
    };
  }

  function localView(s: DocState): DocEnvelope | null {
    if (s.view === undefined) s.view = computeView(s);
    return s.view && !('invalid' in s.view) ? (s.view as DocEnvelope) : null;
  }

  function view(collection: CollectionName, id: string): DocEnvelope | null {
    const m = managedViews.get(docKey(collection, id));
    if (m) return m;
    const s = docs.get(docKey(collection, id));
    return s ? localView(s) : null;
  }

  function setManaged(policy: ManagedPolicy): StoreChange[] {
    const before = new Map(managedViews);
    managed = policy;
    managedViews.clear();
    for (const c of MANAGED_COLLECTIONS) {
      for (const data of policy.docs[c]) {
        const id = (data as Record<string, unknown>)[ID_FIELD[c]] as string;
        managedViews.set(docKey(c, id), {
          id,
          collection: c,
          rev: 0,
          updatedAt: new Date(0).toISOString(),
          updatedBy: { device: 'managed-policy' },
          data: data as never,
          hlc: '000000000000000.00000.managed',
          clocks: {},
          source: 'managed',
        });
      }
    }
    const changes: StoreChange[] = [];
    for (const k of new Set([...before.keys(), ...managedViews.keys()])) {
      if (sameValue(before.get(k)?.data, managedViews.get(k)?.data)) continue;
      const p = parseDocKey(k)!;
      changes.push({ collection: p.collection, id: p.id, doc: view(p.collection, p.id) ?? undefined });
    }
    return changes;
  }

  /** Take raw storage values (initial load or onChanged) into the cache. Returns visible changes. */
  function ingest(entries: Array<[string, unknown]>, initial = false): StoreChange[] {
    const touched = new Map<string, DocState>();
    const beforeSig = new Map<string, string>();
    let maxRawHlc = '';
    const touch = (s: DocState) => {
      const k = docKey(s.collection, s.id);
      if (!touched.has(k)) {
        touched.set(k, s);
        beforeSig.set(k, signature(s));
      }
      s.view = undefined;
    };
    for (const [key, value] of entries) {
      if (key === SCHEMA_VERSION_KEY) {
        newerSchema = typeof value === 'number' && value > CURRENT_SCHEMA_VERSION ? value : undefined;
        continue;
      }
      if (key.startsWith(QUARANTINE_PREFIX)) {
        if (value == null) quarantined.delete(key);
        else {
          const v = value as Record<string, unknown>;
          quarantined.set(key, {
            key: key.slice(QUARANTINE_PREFIX.length),
            reason: typeof v.reason === 'string' ? v.reason : 'unknown',
            at: typeof v.at === 'string' ? v.at : '',
            value: v.value,
          });
        }
        continue;
      }
      if (key.startsWith(OP_PREFIX)) {
        invalid.delete(key);
        if (value == null) {
          // An op folded by the compactor: find its doc (the hlc is the key).
          const owner = opOwner.get(key);
          const s = owner ? docs.get(owner) : undefined;
          opOwner.delete(key);
          if (s?.ops.delete(key)) {
            touch(s);
            s.foldedCache = undefined;
          }
          continue;
        }
        const parsed = OpSchema.safeParse(value);
        if (!parsed.success || opKey(parsed.data.hlc) !== key) {
          invalid.set(key, { reason: parsed.success ? 'operation key does not match its clock' : `not a Liaison operation: ${issuesOf(parsed.error).map((i) => `${i.path}: ${i.message}`).join('; ')}`, value });
          continue;
        }
        const ahead = opAhead(parsed.data);
        if (ahead) {
          // Refused alone: this op never reaches the document, the others still do.
          invalid.set(key, { reason: `operation refused: ${ahead}`, value });
          continue;
        }
        const s = stateFor(parsed.data.collection, parsed.data.id);
        if (!s.ops.has(key)) {
          touch(s);
          addOp(s, key, parsed.data);
          opOwner.set(key, docKey(s.collection, s.id));
          clock.observe(parsed.data.hlc);
        }
        continue;
      }
      if (key.startsWith(DOC_PREFIX)) {
        invalid.delete(key);
        const p = parseDocKey(key);
        if (!p) {
          if (value != null) invalid.set(key, { reason: 'unknown collection in key', value });
          continue;
        }
        const s = stateFor(p.collection, p.id);
        if (initial && value != null) {
          // Checked when first read (resolve); the clock still sees every document's time now.
          s.raw = value;
          s.rawPending = true;
          s.foldedCache = undefined;
          s.view = undefined;
          const hlc = (value as { hlc?: unknown }).hlc;
          if (typeof hlc === 'string' && isHlc(hlc) && hlc > maxRawHlc && checkSkew(hlc, now(), maxSkewMs).ok) maxRawHlc = hlc;
          continue;
        }
        touch(s);
        s.foldedCache = undefined;
        s.rawPending = false;
        s.raw = undefined;
        if (value == null) {
          s.base = undefined;
          continue;
        }
        setBase(s, key, value);
      }
    }
    if (maxRawHlc) clock.observe(maxRawHlc);
    if (initial) {
      version += 1;
      return [];
    }
    const changes: StoreChange[] = [];
    for (const [k, s] of touched) {
      // Cheap: compare the folded document's clock, revision and tombstone; compaction (base
      // rewritten, ops removed) keeps all three, so it is not reported as a change.
      if (beforeSig.get(k) === signature(s)) continue;
      changes.push(lazyChange(s));
    }
    if (touched.size) version += 1;
    return changes;
  }

  function emit(changes: StoreChange[]) {
    if (!changes.length) return;
    for (const l of [...listeners]) {
      try {
        l(changes);
      } catch (e) {
        console.error('[liaison] store listener failed', e);
      }
    }
  }

  const onChanged = (changes: Record<string, { newValue?: unknown; oldValue?: unknown }>, area: string) => {
    if (closed) return;
    if (area === 'managed') {
      void readManagedPolicy().then((p) => emit(setManaged(p)));
      return;
    }
    if (area !== 'local') return;
    const entries = Object.entries(changes).map(([k, c]) => [k, c.newValue] as [string, unknown]);
    const visible = ingest(entries);
    emit(visible);
    if (options.compactor && entries.some(([k, v]) => (k.startsWith(OP_PREFIX) && v != null) || ((k.startsWith(DOC_PREFIX) || k.startsWith(OP_PREFIX)) && invalid.has(k)))) scheduleCompact();
  };

  const readyPromise = (async () => {
    browser.storage.onChanged.addListener(onChanged);
    const [all, policy, skewSetting] = await Promise.all([
      browser.storage.local.get(null),
      readManagedPolicy(),
      options.maxSkewMs === undefined ? readMaxSkewMs().catch(() => undefined) : Promise.resolve(undefined),
    ]);
    if (skewSetting !== undefined) maxSkewMs = skewSetting;
    ingest(Object.entries(all as Record<string, unknown>), true);
    setManaged(policy);
    if (options.compactor) {
      // The compactor checks everything at start, so corrupt documents reach quarantine.
      for (const s of docs.values()) resolve(s);
      if ([...docs.values()].some((s) => s.ops.size > 0) || invalid.size > 0 || skewed.size > 0) scheduleCompact(0);
    }
  })();

  function scheduleCompact(delay = 200) {
    if (compactTimer !== undefined || closed) return;
    compactTimer = setTimeout(() => {
      compactTimer = undefined;
      void compact().catch((e) => console.error('[liaison] compaction failed', e));
    }, delay);
  }

  /** Does this document (folded) pass its collection schema (a tombstone always does)? */
  function validDoc(collection: CollectionName, d: StoredDoc | undefined): string | null {
    if (!d || d.deleted) return null;
    const parsed = COLLECTION_SCHEMAS[collection].safeParse(d.data);
    return parsed.success ? null : issuesOf(parsed.error).map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ');
  }

  async function compact(): Promise<number> {
    if (!options.compactor) throw new Error('Only the background store compacts.');
    while (compacting) await compacting.catch(() => 0); // one lane with applyRemote (team sync)
    compacting = (async () => {
      await readyPromise;
      // Storage written by a newer Liaison: read what matches, change nothing.
      if (newerSchema !== undefined) return 0;
      let n = 0;
      const audit: Parameters<NonNullable<StoreOptions['onAudit']>>[0] = [];
      const set: Record<string, unknown> = {};
      const removeKeys: string[] = [];
      const q = (key: string, reason: string, value: unknown) => {
        set[`${QUARANTINE_PREFIX}${key}`] = { reason, at: at(), value };
        removeKeys.push(key);
      };
      for (const [k, s] of docs) {
        resolve(s);
        const skew = skewed.get(k);
        if (skew) {
          // Keep the original (with its clocks) in quarantine; the base is rewritten clamped below.
          set[`${QUARANTINE_PREFIX}${k}#clock-ahead`] = { reason: skew.reason, at: at(), value: skew.value };
          if (s.ops.size === 0 && s.base) set[k] = s.base;
        }
        if (s.ops.size === 0) continue;
        if (validDoc(s.collection, folded(s))) isolateBadOps(s);
        const ops = [...s.ops.entries()];
        if (!ops.length) continue;
        const r = fold(s.collection, s.id, s.base, ops.map(([, o]) => o), { audit: true });
        for (const [ok] of ops) removeKeys.push(ok);
        set[k] = r.doc;
        audit.push(...r.audit);
        n += ops.length;
      }
      for (const [key, { reason, value }] of invalid) q(key, reason, value);
      if (!Object.keys(set).length && !removeKeys.length) return 0;
      // The audit log first: its entries describe ops that are removed below. If it cannot be
      // written, nothing is (the ops stay and are folded again later); a retry after a crash is
      // harmless (addAudit skips entries it already has).
      if (audit.length && options.onAudit) {
        try {
          await options.onAudit(audit);
        } catch (e) {
          console.error('[liaison] audit log write failed; compaction postponed', e);
          scheduleCompact(30_000);
          return 0;
        }
      }
      // A store closed meanwhile writes nothing more (its ops stay; the next compactor folds them).
      if (closed) return 0;
      // Base documents next, then the folded ops: a reader in between sees both, and the fold
      // is idempotent (an op whose HLC equals a field's clock is already applied).
      await browser.storage.local.set(set);
      if (removeKeys.length) await browser.storage.local.remove(removeKeys);
      for (const k of Object.keys(set)) skewed.delete(k);
      return n;
    })();
    try {
      return await compacting;
    } finally {
      compacting = null;
    }
  }

  function assertWritable(collection: CollectionName, id: string) {
    if (newerSchema !== undefined) throw new StorageNewerError(newerSchema, CURRENT_SCHEMA_VERSION);
    if (managedViews.has(docKey(collection, id))) throw new ManagedDocumentError(collection, id);
  }

  async function writeOp(s: DocState, op: Op): Promise<DocEnvelope> {
    const current = folded(s);
    if (!isEmptyOp(op)) {
      const next = fold(s.collection, s.id, current, [op]).doc;
      if (!next.deleted) validateNext(s, op, next);
      assertApplies(s, op, next);
      const key = opKey(op.hlc);
      await browser.storage.local.set({ [key]: op });
      emit(ingest([[key, op]]));
      if (!s.ops.has(key)) {
        // The op was refused on its way in (it never reaches the document): say so, never report success.
        throw new WriteNotAppliedError(s.collection, s.id, [invalid.get(key)?.reason ?? 'the change was refused']);
      }
      const d = folded(s);
      if (d && !d.deleted && s.view === undefined) {
        // Validated above (validateNext): cache the envelope without parsing the document again.
        s.view = { id: s.id, collection: s.collection, rev: d.rev, updatedAt: d.updatedAt, updatedBy: d.updatedBy, data: d.data as never, hlc: d.hlc, clocks: d.clocks, source: 'local' };
      }
    }
    const v = localView(s);
    if (!v) throw new NotFoundError(s.collection, s.id);
    return v;
  }

  /** The fields of `op` that would not take effect in `next` (they lose to a newer clock). */
  function notApplied(op: Op, next: StoredDoc): string[] {
    const out: string[] = [];
    for (const p of [...Object.keys(op.set ?? {}), ...(op.unset ?? [])]) if (next.clocks[p] !== op.hlc) out.push(p);
    if (op.deleted !== undefined && next.clocks[DELETED] !== op.hlc) out.push(op.deleted ? 'delete' : 'restore');
    const lists = LIST_FIELDS[op.collection] ?? {};
    for (const [field, els] of Object.entries(op.add ?? {})) {
      const spec = lists[field];
      if (spec && els.some((el) => next.elems?.[field]?.[spec.key(el)]?.hlc !== op.hlc)) out.push(`${field} (add)`);
    }
    for (const [field, keys] of Object.entries(op.del ?? {})) if (keys.some((k) => next.elems?.[field]?.[k]?.hlc !== op.hlc)) out.push(`${field} (remove)`);
    return out;
  }

  /** Refuse (before anything is written) an op that is malformed, dated ahead of the clock bound, or would not take effect. */
  function assertApplies(s: DocState, op: Op, next: StoredDoc) {
    if (!isHlc(op.hlc)) throw new WriteNotAppliedError(s.collection, s.id, [`the clock value ${op.hlc} is malformed`]);
    const ahead = opAhead(op);
    if (ahead) throw new WriteNotAppliedError(s.collection, s.id, [ahead]);
    const lost = notApplied(op, next);
    if (lost.length) throw new WriteNotAppliedError(s.collection, s.id, [`a newer change already holds ${lost.join(', ')}`]);
  }

  /** Why an op from storage (or about to be written) is refused for its times, or null. */
  function opAhead(op: Op): string | null {
    const t = now();
    const c = checkSkew(op.hlc, t, maxSkewMs);
    if (!c.ok) return c.reason;
    if (isInstantAhead(op.at, t, maxSkewMs)) return `it is dated ${op.at}, ahead of this device's time by more than the accepted bound`;
    for (const [field, els] of Object.entries(op.add ?? {})) {
      const spec = LIST_FIELDS[op.collection]?.[field];
      if (!spec) continue;
      for (const el of els) {
        let o: unknown;
        try {
          o = spec.order(el);
        } catch {
          continue;
        }
        if (typeof o === 'string' && isInstantAhead(o, t, maxSkewMs)) return `a ${field} entry is dated ${o}, ahead of this device's time by more than the accepted bound`;
      }
    }
    return null;
  }

  /**
   * Validate the document a write would produce. An append/remove on a valid document only
   * checks the new elements (the list's limit is applied by the merge; the rest was valid already), which keeps
   * hundreds of appends to one item cheap; anything else parses the whole document.
   */
  function validateNext(s: DocState, op: Op, next: StoredDoc) {
    const cur = folded(s);
    const listOnly = !op.set && !op.unset && op.deleted === undefined && cur !== undefined && !cur.deleted && !(s.view && 'invalid' in s.view);
    const lists = LIST_FIELDS[s.collection] ?? {};
    if (listOnly) {
      const shape = (COLLECTION_SCHEMAS[s.collection] as unknown as { shape: Record<string, { unwrap(): { element: { safeParse(v: unknown): { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } } } } }> }).shape;
      for (const [field, elements] of Object.entries(op.add ?? {})) {
        const spec = lists[field];
        const element = shape[field]?.unwrap().element;
        if (!spec || !element) throw new StoreValidationError(s.collection, [{ path: field, message: 'not a list field' }]);
        elements.forEach((el, i) => {
          const r = element.safeParse(el);
          if (!r.success) throw new StoreValidationError(s.collection, r.error!.issues.map((x) => ({ path: [field, i, ...x.path].map(String).join('.'), message: x.message })));
        });
      }
      return;
    }
    const parsed = COLLECTION_SCHEMAS[s.collection].safeParse(next.data);
    if (!parsed.success) throw new StoreValidationError(s.collection, issuesOf(parsed.error));
  }

  function author(by?: WriteBy): Author {
    return by?.person ? { device, person: by.person } : { device };
  }

  function meta(by?: WriteBy) {
    return { hlc: clock.tick(), at: at(), by: author(by) };
  }

  const store: Store = {
    device,
    ready: () => readyPromise,

    async list(collection) {
      await readyPromise;
      const out: DocEnvelope<typeof collection>[] = [];
      const seen = new Set<string>();
      for (const [k, m] of managedViews) if (m.collection === collection) {
        out.push(m as never);
        seen.add(k);
      }
      for (const k of byCollection.get(collection)!) {
        if (seen.has(k)) continue;
        const v = localView(docs.get(k)!);
        if (v) out.push(v as never);
      }
      return out;
    },

    async get(collection, id) {
      await readyPromise;
      return (view(collection, id) ?? undefined) as never;
    },

    async put(collection, data, by) {
      await readyPromise;
      const parsed = COLLECTION_SCHEMAS[collection].safeParse(data);
      if (!parsed.success) throw new StoreValidationError(collection, issuesOf(parsed.error));
      const value = parsed.data as Record<string, unknown>;
      const id = String(value[ID_FIELD[collection]]);
      assertWritable(collection, id);
      const s = stateFor(collection, id);
      const op = diffOp(collection, id, folded(s), value, 'replace', meta(by));
      return (await writeOp(s, op)) as never;
    },

    async patch(collection, id, fields, by) {
      await readyPromise;
      assertWritable(collection, id);
      const s = stateFor(collection, id);
      const current = localView(s);
      if (!current) throw new NotFoundError(collection, id);
      const idField = ID_FIELD[collection];
      if (idField in fields && (fields as Record<string, unknown>)[idField] !== id) {
        throw new StoreValidationError(collection, [{ path: idField, message: 'the id of a document cannot change' }]);
      }
      const merged = { ...(current.data as Record<string, unknown>), ...(fields as Record<string, unknown>) };
      for (const [k, v] of Object.entries(fields as Record<string, unknown>)) if (v === undefined) delete merged[k];
      const parsed = COLLECTION_SCHEMAS[collection].safeParse(merged);
      if (!parsed.success) throw new StoreValidationError(collection, issuesOf(parsed.error));
      const out = parsed.data as Record<string, unknown>;
      const next: Record<string, unknown> = {};
      for (const k of Object.keys(fields as object)) next[k] = out[k];
      const op = diffOp(collection, id, folded(s), next, 'patch', meta(by));
      return (await writeOp(s, op)) as never;
    },

    async append(collection, id, field, elements, by) {
      await readyPromise;
      assertWritable(collection, id);
      const s = stateFor(collection, id);
      const current = folded(s);
      const m = meta(by);
      const op: Op = { v: 1, collection, id, hlc: m.hlc, at: m.at, by: m.by, add: { [field]: elements as unknown[] } };
      if (!current || current.deleted) {
        // Create the document; concurrent creators merge (same id field, lists union).
        op.set = { [ID_FIELD[collection]]: id };
        op.deleted = false;
      }
      return (await writeOp(s, op)) as never;
    },

    async remove(collection, id, by) {
      await readyPromise;
      assertWritable(collection, id);
      const s = stateFor(collection, id);
      if (!localView(s)) return;
      const m = meta(by);
      await writeOp(s, { v: 1, collection, id, hlc: m.hlc, at: m.at, by: m.by, deleted: true }).catch((e) => {
        if (!(e instanceof NotFoundError)) throw e;
      });
    },

    async batch(writes, by) {
      await readyPromise;
      const ops: Array<[DocState, Op]> = [];
      const pending = new Map<DocState, StoredDoc | undefined>();
      for (const w of writes) {
        let s: DocState;
        let op: Op;
        if (w.type === 'put') {
          const parsed = COLLECTION_SCHEMAS[w.collection].safeParse(w.data);
          if (!parsed.success) throw new StoreValidationError(w.collection, issuesOf(parsed.error));
          const value = parsed.data as Record<string, unknown>;
          const id = String(value[ID_FIELD[w.collection]]);
          assertWritable(w.collection, id);
          s = stateFor(w.collection, id);
          const cur = pending.has(s) ? pending.get(s) : folded(s);
          op = diffOp(w.collection, id, cur, value, 'replace', meta(by));
        } else {
          assertWritable(w.collection, w.id);
          s = stateFor(w.collection, w.id);
          const cur = pending.has(s) ? pending.get(s) : folded(s);
          if (!cur || cur.deleted) continue;
          const m = meta(by);
          op = { v: 1, collection: w.collection, id: w.id, hlc: m.hlc, at: m.at, by: m.by, deleted: true };
        }
        if (isEmptyOp(op)) continue;
        const cur = pending.has(s) ? pending.get(s) : folded(s);
        const next = fold(s.collection, s.id, cur, [op]).doc;
        assertApplies(s, op, next);
        pending.set(s, next);
        ops.push([s, op]);
      }
      if (!ops.length) return { written: 0 };
      const items: Record<string, Op> = {};
      for (const [, op] of ops) items[opKey(op.hlc)] = op;
      await browser.storage.local.set(items);
      emit(ingest(Object.entries(items)));
      return { written: ops.length };
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async workspace() {
      await readyPromise;
      const ws = { managed: {} } as WorkspaceState;
      for (const c of COLLECTIONS) {
        const docsOf = await store.list(c);
        (ws as unknown as Record<string, unknown[]>)[c] = docsOf.map((d) => d.data);
        const m = docsOf.filter((d) => d.source === 'managed').map((d) => d.id);
        if (m.length) ws.managed[c] = m;
      }
      return ws;
    },

    async itemContext(itemKey) {
      await readyPromise;
      const all = async <C extends CollectionName>(c: C) => (await store.list(c)).map((d) => d.data as CollectionTypes[C]);
      if (indexVersion !== version || !index) {
        // The index maps item keys to document states by the raw (folded, envelope-checked) fields;
        // only the documents an item actually names are then validated (view), so opening one item
        // does not parse every link, dependency and note of the workspace.
        const push = (m: Map<string, DocState[]>, k: unknown, s: DocState) => {
          if (typeof k !== 'string') return;
          const a = m.get(k);
          if (a) a.push(s);
          else m.set(k, [s]);
        };
        const idx: NonNullable<typeof index> = { linksByItem: new Map(), depsFrom: new Map(), depsTo: new Map(), notesByItem: new Map() };
        const each = (c: CollectionName, fn: (data: Record<string, unknown>, s: DocState) => void) => {
          for (const k of byCollection.get(c)!) {
            const s = docs.get(k)!;
            if (s.rawPending && s.ops.size === 0) {
              // Not yet checked: read the fields from the raw value (no schema ids change in parsing).
              const r = s.raw as { data?: unknown; deleted?: unknown } | null;
              if (r && typeof r === 'object' && r.deleted !== true && r.data && typeof r.data === 'object') fn(r.data as Record<string, unknown>, s);
              continue;
            }
            const d = folded(s);
            if (d && !d.deleted) fn(d.data, s);
          }
        };
        each('kpiLinks', (d, s) => push(idx.linksByItem, d.itemKey, s));
        each('dependencies', (d, s) => {
          push(idx.depsFrom, d.fromKey, s);
          const to = d.to as { type?: unknown; itemKey?: unknown } | undefined;
          if (to && typeof to === 'object' && to.type === 'item') push(idx.depsTo, to.itemKey, s);
        });
        each('leadNotes', (d, s) => push(idx.notesByItem, d.itemKey, s));
        index = idx;
        indexVersion = version;
      }
      const valid = <C extends CollectionName>(states: DocState[] | undefined, pick: (v: CollectionTypes[C]) => boolean): CollectionTypes[C][] => {
        const out: CollectionTypes[C][] = [];
        for (const s of states ?? []) {
          const v = localView(s);
          if (v && pick(v.data as CollectionTypes[C])) out.push(v.data as CollectionTypes[C]);
        }
        return out;
      };
      const links = valid<'kpiLinks'>(index.linksByItem.get(itemKey), (l) => l.itemKey === itemKey);
      const outgoing = valid<'dependencies'>(index.depsFrom.get(itemKey), (d) => d.fromKey === itemKey);
      const incoming = valid<'dependencies'>(index.depsTo.get(itemKey), (d) => d.to.type === 'item' && d.to.itemKey === itemKey);
      const notes = valid<'leadNotes'>(index.notesByItem.get(itemKey), (n) => n.itemKey === itemKey);
      const metaView = view('itemMeta', itemKey);
      const itemMeta = metaView?.data as CollectionTypes['itemMeta'] | undefined;
      const policies = await all('slaPolicies');
      const templates = await all('briefTemplates');
      const ctx: ItemContext = {
        itemKey,
        ...(itemMeta ? { meta: itemMeta } : {}),
        kpis: links.map((link) => {
          const kpi = view('kpis', link.kpiId)?.data as CollectionTypes['kpis'] | undefined;
          const status = view('kpiStatus', link.kpiId)?.data as CollectionTypes['kpiStatus'] | undefined;
          return { link, ...(kpi ? { kpi } : {}), ...(status ? { status } : {}) };
        }),
        dependencies: { outgoing, incoming },
        leadNotes: notes.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)),
        slaEvents: (view('slaEvents', itemKey)?.data as CollectionTypes['slaEvents'] | undefined)?.events ?? [],
        slaPolicies: policies.filter((p) => p.appliesTo.length === 0 || (itemMeta?.role !== undefined && p.appliesTo.includes(itemMeta.role))),
        calendars: await all('calendars'),
        teams: await all('teams'),
        people: await all('people'),
        briefTemplates: templates,
        rejectionReasons: await all('rejectionReasons'),
      };
      const tpl = itemMeta?.briefTemplateId ? templates.find((t) => t.id === itemMeta.briefTemplateId) : undefined;
      if (tpl) ctx.briefTemplate = tpl;
      return ctx;
    },

    async quarantine() {
      await readyPromise;
      for (const s of docs.values()) resolve(s);
      const out: QuarantineEntry[] = [...quarantined.values()];
      for (const [key, { reason, value }] of invalid) out.push({ key, reason: `${reason} (not yet moved to quarantine)`, at: '', value });
      for (const s of docs.values()) {
        if (s.view === undefined) s.view = computeView(s);
        if (s.view && 'invalid' in s.view) out.push({ key: docKey(s.collection, s.id), reason: s.view.invalid, at: '', value: folded(s)?.data });
      }
      out.push(...managed.issues);
      // Every entry carries a real instant (values found now, or stored without a readable time,
      // are dated now): pages format it as a date.
      const seenAt = at();
      return out.map((e) => (Number.isNaN(Date.parse(e.at)) ? { ...e, at: seenAt } : e));
    },

    async discardQuarantined(key) {
      await readyPromise;
      await browser.storage.local.remove(`${QUARANTINE_PREFIX}${key}`);
    },

    compact,

    readOnly() {
      if (newerSchema === undefined) return undefined;
      return { reason: 'newer-schema' as const, stored: newerSchema, known: CURRENT_SCHEMA_VERSION, message: new StorageNewerError(newerSchema, CURRENT_SCHEMA_VERSION).message };
    },

    // ───────────── team workspace bridge (lib/sync; compactor only) ─────────────
    // The background's sync engine is the only caller: it reads folded documents to push them and
    // merges what the replicated database holds into storage.local with the same join
    // (lib/store/merge.ts), in the compaction lane so no pending operation is lost.

    async exportDocs(keys) {
      await readyPromise;
      const out: StoredDoc[] = [];
      const states = keys ? keys.map((k) => docs.get(docKey(k.collection, k.id))).filter((s): s is DocState => !!s) : [...docs.values()];
      for (const s of states) {
        const d = folded(s);
        if (d && !invalid.has(docKey(s.collection, s.id))) out.push(d);
      }
      return out;
    },

    async applyRemote(remote, extraAudit = []) {
      if (!options.compactor) throw new Error('Only the background store applies replicated documents.');
      await readyPromise;
      // Storage written by a newer Liaison: read what matches, change nothing (team data waits in the replica).
      if (newerSchema !== undefined) return { changed: 0, quarantined: 0 };
      while (compacting) await compacting.catch(() => 0);
      let result = { changed: 0, quarantined: 0 };
      const work = (async () => {
        const set: Record<string, unknown> = {};
        const removeKeys: string[] = [];
        const audit = [...extraAudit];
        for (const r of remote) {
          const s = stateFor(r.collection, r.id);
          resolve(s);
          const key = docKey(s.collection, s.id);
          const opsOf = [...s.ops.entries()];
          const local = opsOf.length ? fold(s.collection, s.id, s.base, opsOf.map(([, o]) => o), { audit: true }) : undefined;
          const current = local ? local.doc : s.base;
          const merged = current ? mergeStoredDocs(current, r) : { ...r };
          if (current && !opsOf.length && sameContent(merged, current)) continue;
          if (!merged.deleted) {
            const parsed = COLLECTION_SCHEMAS[s.collection].safeParse(merged.data);
            if (!parsed.success) {
              set[`${QUARANTINE_PREFIX}remote:${key.slice(DOC_PREFIX.length)}@${r.hlc}`] = { reason: `merging the workspace's version would make an invalid ${s.collection} entry: ${issuesOf(parsed.error).map((i) => `${i.path}: ${i.message}`).join('; ')}`, at: at(), value: { remote: r, local: current } };
              result.quarantined += 1;
              continue;
            }
          }
          merged.rev = (current?.rev ?? 0) + 1;
          set[key] = merged;
          for (const [ok] of opsOf) removeKeys.push(ok);
          if (local) audit.push(...local.audit);
          if (current) for (const e of losingValues(current, merged, 'change')) audit.push({ ...e, after: e.after, by: r.updatedBy, hlc: e.winnerHlc ?? r.hlc, at: r.updatedAt });
          clock.observe(merged.hlc);
          result.changed += 1;
        }
        if (!Object.keys(set).length) return 0;
        await browser.storage.local.set(set);
        if (removeKeys.length) await browser.storage.local.remove(removeKeys);
        emit(ingest([...Object.entries(set), ...removeKeys.map((k) => [k, undefined] as [string, unknown])]));
        if (audit.length && options.onAudit) await Promise.resolve(options.onAudit(audit)).catch((e) => console.error('[liaison] audit log write failed', e));
        return result.changed;
      })();
      compacting = work;
      try {
        await work;
      } finally {
        if (compacting === work) compacting = null;
      }
      const out = result;
      result = { changed: 0, quarantined: 0 };
      return out;
    },

    async quarantineValues(entries) {
      if (!entries.length) return;
      const set: Record<string, unknown> = {};
      for (const e of entries) set[`${QUARANTINE_PREFIX}${e.key}`] = { reason: e.reason, at: at(), value: e.value };
      await browser.storage.local.set(set);
      ingest(Object.entries(set));
    },

    async clearDocs() {
      await readyPromise;
      while (compacting) await compacting.catch(() => 0);
      const all = await browser.storage.local.get(null);
      const keys = Object.keys(all).filter((k) => k.startsWith(DOC_PREFIX) || k.startsWith(OP_PREFIX));
      if (!keys.length) return 0;
      await browser.storage.local.remove(keys);
      emit(ingest(keys.map((k) => [k, undefined] as [string, unknown])));
      return keys.filter((k) => k.startsWith(DOC_PREFIX)).length;
    },

    close() {
      closed = true;
      if (compactTimer !== undefined) clearTimeout(compactTimer);
      browser.storage.onChanged.removeListener(onChanged);
      listeners.clear();
    },
  };
  return store;
}

export type { CollectionInput };
