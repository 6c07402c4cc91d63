/**
 * Store types: the collections, their zod schemas, the document envelope and the errors.
 * Shared by the store (storage.local), the background service, transfer (import/export)
 * and the UI. No browser APIs here.
 */
import { z } from 'zod';
import {
  BriefTemplateSchema,
  BusinessCalendarSchema,
  DependencySchema,
  IdSchema,
  InstantSchema,
  ItemKeySchema,
  ItemMetaSchema,
  KpiLinkSchema,
  KpiSchema,
  KpiValueSchema,
  LeadNoteSchema,
  PersonSchema,
  RejectionReasonSchema,
  SlaEventSchema,
  SlaPolicySchema,
  TeamSchema,
  type BriefTemplate,
  type BusinessCalendar,
  type Dependency,
  type ItemMeta,
  type Kpi,
  type KpiLink,
  type KpiValue,
  type LeadNote,
  type Person,
  type RejectionReason,
  type SlaEvent,
  type SlaPolicy,
  type Team,
} from '../core/schemas';
import { DecisionSchema, type Decision } from '../core/decision'; // weekly sync decisions (issue 13)
import { lazySchema } from '../core/lazy-schema';

/** The SLA events of one item (one document per item; events merge as a set). */
export const ItemSlaEventsSchema = /* @__PURE__ */ lazySchema(() => z
  .object({
    itemKey: ItemKeySchema,
    events: z.array(SlaEventSchema).max(1000).default([]),
  })
  .strict());
export type ItemSlaEvents = z.infer<typeof ItemSlaEventsSchema>;

/** Why a KPI source could not be read (shown on that KPI in the panel and the options page). */
export const KpiSourceErrorSchema = /* @__PURE__ */ lazySchema(() => z
  .object({
    code: z.enum(['permission', 'http', 'timeout', 'network', 'not-csv', 'not-json', 'column', 'number', 'date', 'empty', 'too-large', 'redirect', 'insecure']),
    message: z.string().min(1).max(1000),
    at: InstantSchema,
    httpStatus: z.number().int().optional(),
  })
  .strict());
export type KpiSourceError = z.infer<typeof KpiSourceErrorSchema>;

/**
 * The latest known value of one KPI, kept in storage.local so content scripts see it
 * (the full series lives in IndexedDB). Written by the KPI-source refresher, by manual
 * entry and by import. `error` is set while the source is broken; `latest` keeps the last good value.
 */
export const KpiStatusSchema = /* @__PURE__ */ lazySchema(() => z
  .object({
    kpiId: IdSchema,
    latest: KpiValueSchema.optional(),
    previous: KpiValueSchema.optional(),
    error: KpiSourceErrorSchema.optional(),
    /** When the source was last fetched successfully. */
    fetchedAt: InstantSchema.optional(),
    /** When the source was last tried (success or not). */
    checkedAt: InstantSchema.optional(),
    /** The latest value is older than the KPI's staleAfterDays (set by the background on each check). */
    stale: z.boolean().optional(),
  })
  .strict());
export type KpiStatus = z.infer<typeof KpiStatusSchema>;

/** Every collection and its entity schema. */
export const COLLECTION_SCHEMAS = {
  teams: TeamSchema,
  people: PersonSchema,
  kpis: KpiSchema,
  kpiLinks: KpiLinkSchema,
  dependencies: DependencySchema,
  leadNotes: LeadNoteSchema,
  itemMeta: ItemMetaSchema,
  slaPolicies: SlaPolicySchema,
  calendars: BusinessCalendarSchema,
  briefTemplates: BriefTemplateSchema,
  rejectionReasons: RejectionReasonSchema,
  slaEvents: ItemSlaEventsSchema,
  kpiStatus: KpiStatusSchema,
  decisions: DecisionSchema, // weekly sync decisions (issue 13)
} as const;

export type CollectionName = keyof typeof COLLECTION_SCHEMAS;
export const COLLECTIONS = Object.keys(COLLECTION_SCHEMAS) as CollectionName[];
export const CollectionNameSchema = /* @__PURE__ */ lazySchema(() => z.enum(COLLECTIONS as [CollectionName, ...CollectionName[]]));

/** The entity type of each collection (parsed output, defaults filled). */
export interface CollectionTypes {
  teams: Team;
  people: Person;
  kpis: Kpi;
  kpiLinks: KpiLink;
  dependencies: Dependency;
  leadNotes: LeadNote;
  itemMeta: ItemMeta;
  slaPolicies: SlaPolicy;
  calendars: BusinessCalendar;
  briefTemplates: BriefTemplate;
  rejectionReasons: RejectionReason;
  slaEvents: ItemSlaEvents;
  kpiStatus: KpiStatus;
  decisions: Decision; // weekly sync decisions (issue 13)
}

/** The field that is the document id of each collection. */
export const ID_FIELD: { [C in CollectionName]: string } = {
  teams: 'id',
  people: 'id',
  kpis: 'id',
  kpiLinks: 'id',
  dependencies: 'id',
  leadNotes: 'id',
  itemMeta: 'key',
  slaPolicies: 'id',
  calendars: 'id',
  briefTemplates: 'id',
  rejectionReasons: 'id',
  slaEvents: 'itemKey',
  kpiStatus: 'kpiId',
  decisions: 'id', // weekly sync decisions (issue 13)
};

/** Collections a team policy (managed storage, policy export) may carry. */
export const POLICY_COLLECTIONS = ['teams', 'kpis', 'slaPolicies', 'briefTemplates', 'calendars', 'rejectionReasons'] as const satisfies readonly CollectionName[];
/** Collections an organisation's managed storage can fix read-only. */
export const MANAGED_COLLECTIONS = ['teams', 'kpis', 'slaPolicies', 'briefTemplates'] as const satisfies readonly CollectionName[];
export type ManagedCollection = (typeof MANAGED_COLLECTIONS)[number];

/**
 * Fields of a document that merge as sets (append-style): concurrent additions from
 * different writers are all kept; an element is identified by `key(el)` and kept sorted by `order(el)`.
 */
export const LIST_FIELDS: Partial<Record<CollectionName, Record<string, { key: (el: unknown) => string; order: (el: unknown) => string; max: number }>>> = {
  itemMeta: {
    notes: {
      max: 500,
      key: (el) => {
        const n = el as { at: string; by: string; text: string };
        return `${n.at}|${n.by}|${n.text}`;
      },
      order: (el) => (el as { at: string }).at,
    },
  },
  slaEvents: {
    events: {
      max: 1000,
      key: (el) => {
        const e = el as SlaEvent;
        return `${e.at}|${e.policyId}|${e.type}|${e.by ?? ''}`;
      },
      order: (el) => (el as SlaEvent).at,
    },
  },
};

/** Object fields whose keys merge one by one (two people setting different dates never collide). */
export const MAP_FIELDS: Partial<Record<CollectionName, readonly string[]>> = {
  itemMeta: ['dates'],
  leadNotes: ['criteria'],
};

/** Who wrote a document: the device (browser profile) and, if known, the person. */
export const AuthorSchema = /* @__PURE__ */ lazySchema(() => z
  .object({
    device: z.string().min(1).max(120),
    person: z.string().max(120).optional(),
  })
  .strict());
export type Author = z.infer<typeof AuthorSchema>;

/**
 * A document as the store hands it out.
 * `hlc` is the hybrid logical clock of the latest write; `clocks` holds one per field
 * (a dotted path for map fields, e.g. "dates.launch"), which is what a sync engine needs to
 * merge replicas field by field. `source` is 'managed' for read-only team-policy documents.
 */
export interface DocEnvelope<C extends CollectionName = CollectionName> {
  id: string;
  collection: C;
  rev: number;
  updatedAt: string;
  updatedBy: Author;
  deleted?: true;
  data: CollectionTypes[C];
  hlc: string;
  clocks: Record<string, string>;
  source: 'local' | 'managed';
}

/** The whole workspace as plain entity arrays (tombstones filtered, managed policy merged over local). */
export type WorkspaceState = { [C in CollectionName]: CollectionTypes[C][] } & {
  /** Ids per collection that come from the organisation's managed policy (read-only). */
  managed: { [C in CollectionName]?: string[] };
};

/** Everything the panel shows for one item, resolved from the workspace. */
export interface ItemContext {
  itemKey: string;
  meta?: ItemMeta;
  kpis: Array<{ link: KpiLink; kpi?: Kpi; status?: KpiStatus }>;
  /** Dependencies this item has ("needs product") and ones other items have on it. */
  dependencies: { outgoing: Dependency[]; incoming: Dependency[] };
  leadNotes: LeadNote[];
  slaEvents: SlaEvent[];
  /** Policies that apply to this item's role (all policies with an empty appliesTo, plus matching ones). */
  slaPolicies: SlaPolicy[];
  calendars: BusinessCalendar[];
  teams: Team[];
  people: Person[];
  briefTemplate?: BriefTemplate;
  briefTemplates: BriefTemplate[];
  rejectionReasons: RejectionReason[];
}

/** One change the store observed (own write, another tab's write, or a managed-policy change). */
export interface StoreChange {
  collection: CollectionName;
  id: string;
  /** The document after the change; undefined when it no longer exists or became a tombstone. */
  doc?: DocEnvelope;
}

/** A value the store could not read: kept as-is under `quarantine:<key>`, never dropped. */
export interface QuarantineEntry {
  /** The storage key it was found under (or `managed:<path>` for a bad managed-policy entry). */
  key: string;
  reason: string;
  at: string;
  value: unknown;
}

/** One entry of the audit log (IndexedDB): who changed which field of which document. */
export interface AuditEntry {
  /** `<collection>:<id>` */
  doc: string;
  collection: CollectionName;
  docId: string;
  field: string;
  kind: 'change' | 'conflict' | 'delete' | 'restore';
  /** For `change`: the value before; for `conflict`: the value that lost (overwritten or never applied). */
  before?: unknown;
  after?: unknown;
  by: Author;
  hlc: string;
  at: string;
  /** For `conflict`: the HLC of the write that won. */
  winnerHlc?: string;
}

export class StoreValidationError extends Error {
  constructor(
    readonly collection: CollectionName,
    readonly issues: Array<{ path: string; message: string }>,
  ) {
    super(`Liaison could not save this ${collection} entry: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
    this.name = 'StoreValidationError';
  }
}

export class ManagedDocumentError extends Error {
  constructor(
    readonly collection: CollectionName,
    readonly id: string,
  ) {
    super(`"${id}" in ${collection} is set by your organisation's policy and cannot be changed here.`);
    this.name = 'ManagedDocumentError';
  }
}

export class NotFoundError extends Error {
  constructor(
    readonly collection: CollectionName,
    readonly id: string,
  ) {
    super(`There is no ${collection} entry "${id}".`);
    this.name = 'NotFoundError';
  }
}

export type { KpiValue };

/** A write that would not take effect (refused on its way in, or losing to a newer change): nothing was saved. */
export class WriteNotAppliedError extends Error {
  constructor(
    readonly collection: CollectionName,
    readonly id: string,
    readonly reasons: string[],
  ) {
    super(`Liaison did not save this change to ${collection} "${id}": ${reasons.join('; ')}.`);
    this.name = 'WriteNotAppliedError';
  }
}

/** Storage was written by a newer version of Liaison: this one reads what it can and writes nothing. */
export class StorageNewerError extends Error {
  constructor(
    readonly stored: number,
    readonly known: number,
  ) {
    super(
      `Your Liaison data was saved by a newer version of Liaison (storage schema ${stored}; this version knows ${known}). ` +
        'To protect it, this version shows what it can read and saves nothing. Update the extension to edit again.',
    );
    this.name = 'StorageNewerError';
  }
}
