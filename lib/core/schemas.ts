/**
 * The domain model: one zod schema per entity, types inferred from the schemas.
 * Every boundary (storage, messages, imports, remote data) parses with these.
 * Pure: no browser APIs.
 *
 * Numbers in defaults come from shared/DOMAIN.md and are settings a team can change.
 */
import './zod-config'; // jitless before the first schema below
import { z } from 'zod';
import { ItemKeySchema, ItemRefSchema, ToolSchema } from './item-ref';
import { isSafeHttpUrl } from './url';
import { lazySchema } from './lazy-schema';

/** ISO 8601 instant with offset or Z, e.g. 2026-05-15T09:00:00.000Z. */
export const InstantSchema = /* @__PURE__ */ lazySchema(() => z.iso.datetime({ offset: true }));
/** A calendar date, YYYY-MM-DD. */
export const DateOnlySchema = /* @__PURE__ */ lazySchema(() => z.iso.date());
/** A date-only or a full instant (launch dates are often whole days). */
export const DateOrInstantSchema = /* @__PURE__ */ lazySchema(() => z.union([DateOnlySchema, InstantSchema]));

/** A link Liaison stores (and may render as an href): http(s) only, no credentials (lib/core/url.ts). */
export const HttpUrlSchema = (max: number) =>
  z
    .url({ protocol: /^https?$/, message: 'only http(s) links' })
    .max(max)
    .refine(isSafeHttpUrl, { message: 'only http(s) links without a user name or password' });

export const IdSchema = /* @__PURE__ */ lazySchema(() =>
  z
    .string()
    .min(1)
    .max(120)
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/, 'ids use letters, digits, ".", "_" and "-"'));

// ───────────────────────────── teams and people ─────────────────────────────

export const BUILTIN_TEAMS = ['marketing', 'product', 'sales', 'analytics', 'support'] as const;

export const TeamSchema = /* @__PURE__ */ lazySchema(() =>
  z
    .object({
      id: IdSchema,
      name: z.string().min(1).max(80),
      color: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional(),
      /** ISO 3166 country for public holidays (RU, US, DE, ...). */
      country: z.string().regex(/^[A-Z]{2}$/).optional(),
      /** Business calendar id used by this team's SLA clocks. */
      calendarId: IdSchema.optional(),
      builtin: z.boolean().default(false),
    })
    .strict());
export type Team = z.infer<typeof TeamSchema>;

export const RoleSchema = /* @__PURE__ */ lazySchema(() => z.enum(['marketer', 'product-manager', 'sales-rep', 'analyst', 'support', 'lead', 'other']));
export type Role = z.infer<typeof RoleSchema>;

export const PersonSchema = /* @__PURE__ */ lazySchema(() =>
  z
    .object({
      id: IdSchema,
      name: z.string().min(1).max(120),
      email: z.email().optional(),
      role: RoleSchema,
      teamIds: z.array(IdSchema).max(20),
    })
    .strict());
export type Person = z.infer<typeof PersonSchema>;

// ───────────────────────────── items ─────────────────────────────

export const ItemDatesSchema = /* @__PURE__ */ lazySchema(() =>
  z
    .object({
      due: DateOrInstantSchema.optional(),
      launch: DateOrInstantSchema.optional(),
      end: DateOrInstantSchema.optional(),
      release: DateOrInstantSchema.optional(),
      created: InstantSchema.optional(),
    })
    .strict());
export type ItemDates = z.infer<typeof ItemDatesSchema>;

/** What a host page showed of an item when a user last saw it. */
export const ItemSnapshotSchema = /* @__PURE__ */ lazySchema(() =>
  z
    .object({
      key: ItemKeySchema,
      ref: ItemRefSchema,
      title: z.string().max(2000),
      status: z.string().max(200).optional(),
      dates: ItemDatesSchema.default({}),
      labels: z.array(z.string().max(200)).max(100).default([]),
      owner: z.string().max(200).optional(),
      url: HttpUrlSchema(4000),
      seenAt: InstantSchema,
      /** The host's named properties as shown (Notion properties, Jira/Trello custom fields); optional, added by issue 12. */
      properties: z.record(z.string().max(120), z.string().max(500)).optional(),
      /**
       * The brief check of the item's text when it was seen (lib/core/brief.ts checkBrief), for items
       * the check applies to. Lets the inbox list incomplete briefs and the digest measure the share
       * of briefs complete at start without the host page open. Optional (added by the pages issue).
       */
      brief: z
        .object({
          templateId: IdSchema,
          present: z.number().int().min(0).max(40),
          total: z.number().int().min(1).max(40),
          /** Ids of the template fields that are absent or empty. */
          missing: z.array(IdSchema).max(40).default([]),
        })
        .strict()
        .optional(),
      /**
       * The host's own links of the item when it was seen (Jira "is blocked by" / "blocks", parent,
       * children), with the linked items' titles as the host showed them. Optional (issue 11 point 4).
       */
      links: z
        .array(
          z
            .object({
              key: ItemKeySchema,
              rel: z.enum(['blocked-by', 'blocks', 'parent', 'child']),
              title: z.string().max(300).optional(),
              status: z.string().max(100).optional(),
              done: z.boolean().optional(),
              due: DateOrInstantSchema.optional(),
            })
            .strict(),
        )
        .max(100)
        .optional(),
      /**
       * 'link': nobody opened this item; its title and status come from another item's host links (the
       * host's same-origin API or linked-issues section). A real sighting always replaces it.
       */
      via: z.literal('link').optional(),
    })
    .strict());
export type ItemSnapshot = z.infer<typeof ItemSnapshotSchema>;

/** What a user set on an item in Liaison (the dates a host does not have, the kind of work). */
export const ItemMetaSchema = /* @__PURE__ */ lazySchema(() =>
  z
    .object({
      key: ItemKeySchema,
      /** campaign, release (product feature), brief, lead, other — decides which checks apply. */
      role: z.enum(['campaign', 'release', 'brief', 'gtm', 'lead', 'other']).optional(),
      teamId: IdSchema.optional(),
      dates: ItemDatesSchema.default({}),
      /** Lead source / UTM campaign this item stands for (a campaign) or came from (a lead). */
      source: z.string().max(300).optional(),
      briefTemplateId: IdSchema.optional(),
      notes: z.array(z.object({ text: z.string().min(1).max(4000), by: z.string().max(120), at: InstantSchema }).strict()).max(500).default([]),
      /**
       * The host's own date fields are the defaults (issue 11 point 4): a date stored here wins over the
       * host's only where a person chose it explicitly ("Use Liaison's date") — field → the host's value
       * it was chosen over. When the host's value changes, the host's new value is used again.
       */
      datesKept: z.partialRecord(z.enum(['due', 'launch', 'end', 'release']), DateOrInstantSchema).optional(),
    })
    .strict());
export type ItemMeta = z.infer<typeof ItemMetaSchema>;

// ───────────────────────────── KPIs ─────────────────────────────

export const KpiDirectionSchema = /* @__PURE__ */ lazySchema(() => z.enum(['higher', 'lower']));
export const KpiUnitSchema = /* @__PURE__ */ lazySchema(() => z.enum(['percent', 'currency', 'count', 'ratio', 'days', 'months', 'hours', 'score']));

export const KpiSchema = /* @__PURE__ */ lazySchema(() =>
  z
    .object({
      id: IdSchema,
      name: z.string().min(1).max(120),
      unit: KpiUnitSchema,
      currency: z.string().regex(/^[A-Z]{3}$/).optional(),
      direction: KpiDirectionSchema,
      target: z.number().finite(),
      ownerTeamIds: z.array(IdSchema).min(1).max(10),
      /** Status thresholds as a share of the target still acceptable: at or past target = on-track; within `atRisk` of it = at-risk. */
      thresholds: z.object({ atRisk: z.number().min(0).max(1).default(0.1) }).strict().default({ atRisk: 0.1 }),
      /** Derived KPI: an arithmetic formula over other KPI ids, e.g. "ltv / cac". */
      formula: z.string().max(300).optional(),
      /** Days after which the latest value counts as stale. */
      staleAfterDays: z.number().int().min(1).max(366).default(14),
      source: z
        .object({
          url: HttpUrlSchema(2000),
          format: z.enum(['csv', 'json']),
          /** CSV: column header (or 0-based index) of the value; JSON: a dotted path, e.g. "data.0.value". */
          valueField: z.string().min(1).max(200),
          /** Optional column/field of the date of each value. */
          dateField: z.string().max(200).optional(),
          refreshMinutes: z.number().int().min(15).max(10080).default(360),
        })
        .strict()
        .optional(),
    })
    .strict());
export type Kpi = z.infer<typeof KpiSchema>;

export const KpiValueSchema = /* @__PURE__ */ lazySchema(() =>
  z
    .object({
      kpiId: IdSchema,
      value: z.number().finite(),
      at: InstantSchema,
      source: z.enum(['manual', 'csv', 'json', 'import', 'derived']),
    })
    .strict());
export type KpiValue = z.infer<typeof KpiValueSchema>;

export const KpiLinkSchema = /* @__PURE__ */ lazySchema(() =>
  z
    .object({
      id: IdSchema,
      itemKey: ItemKeySchema,
      kpiId: IdSchema,
      effect: z.enum(['increase', 'decrease', 'protect']).default('increase'),
      note: z.string().max(1000).optional(),
    })
    .strict());
export type KpiLink = z.infer<typeof KpiLinkSchema>;

// ───────────────────────────── dependencies ─────────────────────────────

export const RelationSchema = /* @__PURE__ */ lazySchema(() => z.enum(['needs', 'blocks', 'informs']));
export type Relation = z.infer<typeof RelationSchema>;
export const DependencyStateSchema = /* @__PURE__ */ lazySchema(() => z.enum(['pending', 'acknowledged', 'done', 'blocked']));
export type DependencyState = z.infer<typeof DependencyStateSchema>;

export const DependencySchema = /* @__PURE__ */ lazySchema(() =>
  z
    .object({
      id: IdSchema,
      /** The item that has the dependency ("MKT-1 needs product"). */
      fromKey: ItemKeySchema,
      /** The other side: a team, or another item (in any tool). */
      to: z.discriminatedUnion('type', [
        z.object({ type: z.literal('team'), teamId: IdSchema }).strict(),
        z.object({ type: z.literal('item'), itemKey: ItemKeySchema, teamId: IdSchema.optional() }).strict(),
      ]),
      relation: RelationSchema,
      state: DependencyStateSchema,
      note: z.string().max(2000).optional(),
      /** Why it is blocked ("payment form not ready"). */
      reason: z.string().max(2000).optional(),
      due: DateOrInstantSchema.optional(),
    })
    .strict());
export type Dependency = z.infer<typeof DependencySchema>;

// ───────────────────────────── leads ─────────────────────────────

export const LEAD_CRITERIA = ['segment', 'need', 'contactable', 'intent', 'exclusions'] as const;
export const LeadCriterionSchema = /* @__PURE__ */ lazySchema(() => z.enum(LEAD_CRITERIA));

export const RejectionReasonSchema = /* @__PURE__ */ lazySchema(() =>
  z
    .object({ id: IdSchema, label: z.string().min(1).max(120), labelRu: z.string().max(120).optional() })
    .strict());
export type RejectionReason = z.infer<typeof RejectionReasonSchema>;

export const LeadNoteSchema = /* @__PURE__ */ lazySchema(() =>
  z
    .object({
      id: IdSchema,
      itemKey: ItemKeySchema,
      /** Each criterion: true met, false not met, absent unknown. "exclusions" true = no exclusion applies. */
      criteria: z.partialRecord(LeadCriterionSchema, z.boolean()).default({}),
      intent: z.enum(['high', 'normal']).optional(),
      verdict: z.enum(['mql', 'sql', 'rejected', 'open']).optional(),
      rejectionReasonId: IdSchema.optional(),
      note: z.string().max(4000).optional(),
      source: z.string().max(300).optional(),
      campaign: z.string().max(300).optional(),
      authorTeamId: IdSchema,
      at: InstantSchema,
      firstContactAt: InstantSchema.optional(),
    })
    .strict());
export type LeadNote = z.infer<typeof LeadNoteSchema>;

// ───────────────────────────── SLA ─────────────────────────────

export const WeekdaySchema = /* @__PURE__ */ lazySchema(() => z.number().int().min(1).max(7)); // ISO: 1 Monday … 7 Sunday

export const BusinessCalendarSchema = /* @__PURE__ */ lazySchema(() =>
  z
    .object({
      id: IdSchema,
      name: z.string().min(1).max(80),
      timeZone: z.string().min(1).max(64),
      workingDays: z.array(WeekdaySchema).min(1).max(7).default([1, 2, 3, 4, 5]),
      /** Working hours, local "HH:MM". */
      start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).default('09:00'),
      end: z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/).default('18:00'),
      /** Public holidays of this country from the holiday library. */
      country: z.string().regex(/^[A-Z]{2}$/).optional(),
      region: z.string().max(20).optional(),
      /** Extra days off a team lists itself. */
      extraDaysOff: z.array(DateOnlySchema).max(400).default([]),
      /** Weekend days that are working days (moved working days, e.g. the Russian production calendar). */
      extraWorkingDays: z.array(DateOnlySchema).max(400).default([]),
    })
    .strict());
export type BusinessCalendar = z.infer<typeof BusinessCalendarSchema>;

export const SlaPolicySchema = /* @__PURE__ */ lazySchema(() =>
  z
    .object({
      id: IdSchema,
      name: z.string().min(1).max(120),
      ownerTeamId: IdSchema,
      involvedTeamIds: z.array(IdSchema).max(10).default([]),
      /**
       * elapsed: a clock running from a start event (lead first contact), in business time.
       * before: a deadline N days before an item date (notify product ≥ 5 days before launch).
       * after: a deadline N days after an item date (analysis ≤ 3 days after the end).
       * weekly: a recurring deadline (every Monday).
       */
      kind: z.enum(['elapsed', 'before', 'after', 'weekly']),
      anchor: z.enum(['launch', 'end', 'release', 'due', 'created']).optional(),
      days: z.number().int().min(0).max(365).optional(),
      /** elapsed policies: targets in minutes by intent / priority. */
      targets: z.record(z.string().max(40), z.number().int().min(1).max(525600)).optional(),
      weekday: WeekdaySchema.optional(),
      /** Share of the target left at which the clock turns at-risk. */
      atRiskShare: z.number().min(0).max(1).default(0.25),
      businessTime: z.boolean().default(true),
      calendarId: IdSchema.optional(),
      /** Which item roles this policy applies to. */
      appliesTo: z.array(z.enum(['campaign', 'release', 'brief', 'gtm', 'lead', 'other'])).max(6).default([]),
    })
    .strict());
export type SlaPolicy = z.infer<typeof SlaPolicySchema>;

/** 'unknown': an elapsed clock stopped by evidence without a time (contacted — time unknown); never breached, left out of hit rates. */
export const SlaStateSchema = /* @__PURE__ */ lazySchema(() => z.enum(['on-track', 'at-risk', 'breached', 'met', 'paused', 'unknown']));
export type SlaState = z.infer<typeof SlaStateSchema>;

/** Events of one SLA clock on one item. */
export const SlaEventSchema = /* @__PURE__ */ lazySchema(() =>
  z
    .object({
      itemKey: ItemKeySchema,
      policyId: IdSchema,
      type: z.enum(['start', 'pause', 'resume', 'stop', 'assign']),
      at: InstantSchema,
      by: z.string().max(120).optional(),
    })
    .strict());
export type SlaEvent = z.infer<typeof SlaEventSchema>;

// ───────────────────────────── briefs ─────────────────────────────

export const BriefFieldSchema = /* @__PURE__ */ lazySchema(() =>
  z
    .object({
      id: IdSchema,
      label: z.string().min(1).max(120),
      /** Headings or "Label:" words that name this field, any language, matched case-insensitively. */
      synonyms: z.array(z.string().min(1).max(120)).min(1).max(40),
      /** A native field of the host item that satisfies this field (e.g. the due date for `deadline`). */
      nativeField: z.enum(['due', 'launch', 'owner', 'labels']).optional(),
    })
    .strict());
export type BriefField = z.infer<typeof BriefFieldSchema>;

export const BriefTemplateSchema = /* @__PURE__ */ lazySchema(() =>
  z
    .object({
      id: IdSchema,
      name: z.string().min(1).max(120),
      fields: z.array(BriefFieldSchema).min(1).max(40),
      builtin: z.boolean().default(false),
    })
    .strict());
export type BriefTemplate = z.infer<typeof BriefTemplateSchema>;

// ───────────────────────────── settings ─────────────────────────────

export const SettingsSchema = /* @__PURE__ */ lazySchema(() =>
  z
    .object({
      personId: IdSchema.optional(),
      personName: z.string().max(120).optional(),
      teamIds: z.array(IdSchema).max(20).default([]),
      role: RoleSchema.optional(),
      locale: z.enum(['auto', 'en', 'ru']).default('auto'),
      theme: z.enum(['auto', 'light', 'dark']).default('auto'),
      notifications: z.boolean().default(true),
      customHosts: z
        .object({ jira: z.array(z.string().max(253)).max(50).default([]), bitrix24: z.array(z.string().max(253)).max(50).default([]) })
        .strict()
        .default({ jira: [], bitrix24: [] }),
      /** How far ahead of this device's time a stored or synced clock may be before it is refused (lib/store/hlc.ts). */
      maxClockSkewMinutes: z.number().int().min(5).max(10080).default(60),
    })
    .strict());
export type Settings = z.infer<typeof SettingsSchema>;

export { ItemKeySchema, ItemRefSchema, ToolSchema };
