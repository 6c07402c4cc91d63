/**
 * The public interface of the Liaison store (see lib/store/index.ts for the overview).
 */
import type {
  CollectionName,
  CollectionTypes,
  DocEnvelope,
  ItemContext,
  QuarantineEntry,
  StoreChange,
  WorkspaceState,
  AuditEntry,
} from './types';
import type { z } from 'zod';
import type { COLLECTION_SCHEMAS } from './types';
import type { StoredDoc } from './doc';

/** What a write names about its author beyond the device (the person, from settings). */
export interface WriteBy {
  person?: string;
}

/** Input accepted for a collection (zod input type: fields with defaults may be omitted). */
export type CollectionInput<C extends CollectionName> = z.input<(typeof COLLECTION_SCHEMAS)[C]>;

export type BatchWrite =
  | { [C in CollectionName]: { type: 'put'; collection: C; data: CollectionInput<C> } }[CollectionName]
  | { type: 'remove'; collection: CollectionName; id: string };

export interface StoreOptions {
  /** This browser profile's device id (IdSchema charset); ties in conflicts break on it. */
  device: string;
  /**
   * Fold pending operations into documents and write the audit log. Exactly ONE store per
   * browser may compact: the background's (startStoreService). Others only append operations.
   */
  compactor?: boolean;
  /** Receives audit entries when this store compacts (the background sends them to IndexedDB). */
  onAudit?: (entries: AuditEntry[]) => void | Promise<void>;
  /** Clock source, for tests. */
  now?: () => number;
  /**
   * How far ahead of `now` a stored clock may be (lib/store/hlc.ts checkSkew): ops further ahead are
   * refused alone (quarantined), documents have such clocks clamped. Default: the user's setting
   * `maxClockSkewMinutes` (storage.sync), else 1 hour.
   */
  maxSkewMs?: number;
}

export interface Store {
  readonly device: string;
  /** Resolves when the first load from storage (and managed policy) is done; every method awaits it. */
  ready(): Promise<void>;

  /** Live (non-deleted) documents of a collection, managed policy merged over local. */
  list<C extends CollectionName>(collection: C): Promise<DocEnvelope<C>[]>;
  /** One live document, or undefined (also for tombstones). */
  get<C extends CollectionName>(collection: C, id: string): Promise<DocEnvelope<C> | undefined>;
  /**
   * Create or replace a document (id taken from the data's id field; `key` for itemMeta,
   * `itemKey` for slaEvents, `kpiId` for kpiStatus). Validated with zod before anything is written:
   * throws StoreValidationError (with paths), ManagedDocumentError for a managed id.
   * List fields (itemMeta.notes, slaEvents.events) merge: elements absent from `data` are removed,
   * new ones added, concurrent additions by others kept.
   */
  put<C extends CollectionName>(collection: C, data: CollectionInput<C>, by?: WriteBy): Promise<DocEnvelope<C>>;
  /** Change some fields of an existing document (per-field last-writer-wins; map fields merge per key). */
  patch<C extends CollectionName>(collection: C, id: string, fields: Partial<CollectionInput<C>>, by?: WriteBy): Promise<DocEnvelope<C>>;
  /**
   * Append elements to a list field (itemMeta.notes, slaEvents.events), creating the document if needed.
   * Concurrent appends from any number of tabs are all kept.
   */
  append<C extends 'itemMeta' | 'slaEvents'>(
    collection: C,
    id: string,
    field: C extends 'itemMeta' ? 'notes' : 'events',
    elements: C extends 'itemMeta' ? CollectionTypes['itemMeta']['notes'] : CollectionTypes['slaEvents']['events'],
    by?: WriteBy,
  ): Promise<DocEnvelope<C>>;
  /** Delete (a tombstone that replicates). Removing a missing document is a no-op. */
  remove(collection: CollectionName, id: string, by?: WriteBy): Promise<void>;

  /**
   * Many puts and removes in one storage write (imports, seeding). All are validated first;
   * if any is invalid nothing is written (StoreValidationError names the first).
   */
  batch(writes: BatchWrite[], by?: WriteBy): Promise<{ written: number }>;

  /** Called after every change, own or from another tab (storage.onChanged, immediate). Returns unsubscribe. */
  subscribe(listener: (changes: StoreChange[]) => void): () => void;
  /** All collections as plain arrays (tombstones filtered, managed merged). */
  workspace(): Promise<WorkspaceState>;
  /** Everything about one item the panel shows. */
  itemContext(itemKey: string): Promise<ItemContext>;
  /** Values the store could not read, kept with the reason (options page lists them). */
  quarantine(): Promise<QuarantineEntry[]>;
  /** Delete a quarantined value for good (after the user looked at it). */
  discardQuarantined(key: string): Promise<void>;

  /**
   * Whether and why this store saves nothing (after ready): the storage was written by a newer Liaison
   * (its schema version is ahead of ours). Pages show it; every write throws StorageNewerError.
   */
  readOnly(): { reason: 'newer-schema'; stored: number; known: number; message: string } | undefined;

  /** Compactor only: fold pending operations into documents now (also runs on its own after changes). */
  compact(): Promise<number>;
  // ── team workspace bridge (lib/sync; used only by the background's sync engine) ──
  /** The folded stored documents (tombstones included; all, or the given ones that exist). */
  exportDocs(keys?: ReadonlyArray<{ collection: CollectionName; id: string }>): Promise<StoredDoc[]>;
  /**
   * Compactor only: merge replicated documents into storage.local with the store's join
   * (lib/store/merge.ts), folding pending operations of those documents on the way. Writes only
   * what changes; the values a merge replaces and `extraAudit` (conflict losers) go to onAudit.
   * A merge that would not validate is quarantined (`quarantine:remote:…`), never applied.
   */
  applyRemote(docs: readonly StoredDoc[], extraAudit?: AuditEntry[]): Promise<{ changed: number; quarantined: number }>;
  /** Keep values the sync engine refused under `quarantine:<key>` with their reason. */
  quarantineValues(entries: ReadonlyArray<{ key: string; reason: string; value: unknown }>): Promise<void>;
  /** Remove every document and pending operation (signing out of a workspace without a local copy). */
  clearDocs(): Promise<number>;

  /** Stop listening to storage. */
  close(): void;
}
