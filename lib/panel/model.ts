/**
 * The panel's view model: given the workspace state, what the adapter read of the open item,
 * the item key and `now`, compute everything the panel shows with the core engines.
 * Pure: no browser APIs, no React. Components only render what this returns.
 */
import type { ItemReading } from '../adapters/types';
import {
  blockersOf,
  campaignsDependingOn,
  effectiveDates,
  dateChoices,
  dateConflicts,
  type Blocker,
  type DateConflict,
  type DependentCampaign,
} from '../core/deps';
import { checkBrief, isBriefItem, type BriefCheck } from '../core/brief';
import { addBusinessMs, deadlinesCalendarWarning, isWorkingTime } from '../core/calendar';
import { calendarForPolicy, CONTACT_TIME_UNKNOWN, evaluate, type SlaClock } from '../core/sla';
import { kpiStatus, type KpiStatusResult } from '../core/kpi';
import {
  classifyIntent,
  contactAttemptsStatus,
  evaluateLead,
  qualityBySource,
  unitEconomics,
  withinSlaNorm,
  type AttemptsStatus,
  type IntentResult,
  type LeadEvaluation,
  type SourceQuality,
  type UnitEconomicsResult,
  type WithinSlaNorm,
} from '../core/leads';
import type { ProductionCalendarWarning } from '../core/production-calendar';
import {
  DEFAULT_BRIEF_TEMPLATES,
  DEFAULT_BRIEF_TEMPLATE_ID,
  DEFAULT_CALENDAR,
  DEFAULT_LEAD_NORMS,
  DEFAULT_REJECTION_REASONS,
  DEFAULT_SLA_POLICIES,
  DEFAULT_TEAMS,
  GTM_TEMPLATE_ID,
} from '../core/defaults';
import { CRM_TOOLS, type ItemRef } from '../core/item-ref';
import type {
  BriefTemplate,
  BusinessCalendar,
  Dependency,
  ItemDates,
  ItemMeta,
  ItemSnapshot,
  Kpi,
  KpiLink,
  KpiValue,
  LeadNote,
  RejectionReason,
  SlaEvent,
  SlaPolicy,
  Team,
} from '../core/schemas';
import type { KpiSourceError, WorkspaceState } from '../store/types';
import { normalizeDates, snapshotFromReading } from './reading';
import { mergeHostLinks, type HostDepRow } from './host-links';
import type { HostLinkRel } from '../adapters/types';

export type PanelRole = NonNullable<ItemMeta['role']>;
export const PANEL_ROLES: readonly PanelRole[] = ['campaign', 'release', 'brief', 'gtm', 'lead', 'other'];

/** CRM record kinds that carry a lead (the lead checklist and first-contact clock apply). */
export const LEAD_KINDS: readonly string[] = ['lead', 'contact', 'deal', 'person', 'opportunity'];

/** The policy id of the first-contact clock on CRM leads (DOMAIN.md §3). */
export const FIRST_CONTACT_POLICY = 'lead-first-contact';
/** `by` of a start event the panel wrote because the page showed no create time. */
export const FIRST_SEEN = 'first-seen';

export interface PanelInput {
  itemKey: string;
  ref: ItemRef;
  url: string;
  reading: ItemReading | null;
  ws: WorkspaceState;
  /** Snapshots of other items (linked items, campaigns, blockers), from the background. */
  snapshots: readonly ItemSnapshot[];
  /** Epoch ms. */
  now: number;
}

export interface KpiRow {
  link: KpiLink;
  kpi?: Kpi;
  result?: KpiStatusResult;
  sourceError?: KpiSourceError;
}

export interface SlaRow {
  policy: SlaPolicy;
  /** null: the clock does not apply yet (see `missing`). */
  clock: SlaClock | null;
  /** What the clock waits for: an anchor date to set, or a start event (a lead never seen started). */
  missing?: 'launch' | 'end' | 'release' | 'due' | 'created' | 'start';
  /** The user can stop this clock from the panel (mark the notice sent / analysis done / first contact). */
  canStop: boolean;
  /** The stop event a person recorded (undoable from the panel); absent when none or when the page stopped it. */
  stop?: { at: string; by?: string; lateMs: number };
  /** A running business-time clock outside working hours: it counts again at this instant (ISO UTC). */
  pausedUntil?: string;
}

export interface LinkedItemRow {
  dependency: Dependency;
  /** 'out': this item depends on / blocks / informs the other; 'in': the other item points at this one. */
  direction: 'out' | 'in';
  otherKey: string;
  snapshot?: ItemSnapshot;
}

export interface LeadModel {
  /** The stored note of this lead (one per lead), if any. */
  note?: LeadNote;
  /** The id the lead's note is stored under. */
  noteId: string;
  criteria: LeadNote['criteria'];
  verdict: NonNullable<LeadNote['verdict']>;
  rejectionReasonId?: string;
  text: string;
  intent: 'high' | 'normal';
  intentSignals: string[];
  /** True when the intent was set by a person (not classified from the page). */
  intentSet: boolean;
  evaluation: LeadEvaluation;
  source?: string;
  campaign?: string;
  /** The page shows the lead was contacted: the host's text, and what kind of evidence it is. */
  firstContactEvidence?: string;
  firstContactKind?: NonNullable<ItemReading['firstContact']>['kind'];
}

export interface LeadQualityModel {
  /** The lead source / UTM campaign this campaign stands for (meta.source); undefined = not set. */
  source?: string;
  group: SourceQuality | null;
  totalLeads: number;
  /** Set when one source brings more than the threshold share of all leads. */
  concentration: { key: string; share: number } | null;
  threshold: number;
  /** The sales reps' latest notes on leads from this source (newest first, with text), for marketing. */
  recentNotes: LeadNote[];
}

export interface PanelModel {
  itemKey: string;
  ref: ItemRef;
  title: string;
  status?: string;
  meta?: ItemMeta;
  role?: PanelRole;
  roleSource: 'set' | 'auto' | 'none';
  isCrm: boolean;
  /** The item's dates: what the page shows overlaid with what users set in Liaison. */
  dates: ItemDates;
  /** The dates the host's own fields show (the defaults). */
  hostDates: ItemDates;
  /** The dates stored in Liaison for this item (set by a person or an import). */
  storedDates: ItemDates;
  /** Fields where Liaison's stored date differs from the host's: both, and which is in use. */
  dateChoices: ReturnType<typeof dateChoices>;
  /** Date pairs that cannot both be right (an end before the launch). */
  impossibleDates: { earlier: keyof ItemDates; later: keyof ItemDates }[];
  kpis: KpiRow[];
  /** KPIs not linked to this item yet (for the "Link a KPI" form). */
  availableKpis: Kpi[];
  teamDeps: Dependency[];
  linkedItems: LinkedItemRow[];
  /** The host's own links (Jira issue links, parent, children) that no Liaison dependency already says. */
  hostDeps: HostDepRow[];
  /** Liaison dependency id → the host link saying the same (the row shows it is in the host too). */
  hostConfirmed: ReadonlyMap<string, HostLinkRel>;
  /** Stored snapshots of other items with what the host shows of linked items now (titles, statuses). */
  snapshots: ItemSnapshot[];
  blockers: Blocker[];
  conflicts: DateConflict[];
  brief: BriefCheck | null;
  briefTemplate?: BriefTemplate;
  sla: SlaRow[];
  /** Campaigns that wait for this item (product items); null when not a product item and none wait. */
  dependentCampaigns: DependentCampaign[] | null;
  lead: LeadModel | null;
  leadQuality: LeadQualityModel | null;
  notes: ItemMeta['notes'];
  teams: Team[];
  rejectionReasons: RejectionReason[];
  /** Persisting actions the panel should take once (the first time a lead is seen, page evidence of contact). */
  pending: { startFirstContactAt?: string; stopFirstContactAt?: string; stopFirstContactUnknown?: boolean };
  /** The soonest instant (epoch ms) at which a clock changes state; null when none. */
  nextChangeAt: number | null;
  /** Parts that could not be computed (an engine threw): shown as such, the rest still works. */
  problems: PanelProblem[];
  /** Core views shown one line each, only when relevant (issue 12 point 4). */
  norms: {
    /** Lead: contact attempts the CRM shows, against the 3–5 norm. */
    attempts?: { count: number; status: AttemptsStatus };
    /** Lead: the share of first-contact clocks met, against the 90 % norm (finished clocks only). */
    withinSla?: WithinSlaNorm;
    /** Campaign: LTV < CAC, CAC payback — when the KPIs' latest values give them. */
    economics?: UnitEconomicsResult;
    /** The item's deadlines, on a Russian calendar, touch a year whose decree is not in the data. */
    calendar?: ProductionCalendarWarning;
  };
}

export type PanelPart = 'kpis' | 'blockers' | 'conflicts' | 'brief' | 'lead' | 'sla' | 'campaigns' | 'quality';
export interface PanelProblem {
  part: PanelPart;
  message: string;
}

const lower = (s: string) => s.trim().toLocaleLowerCase();

/** A safe store id for a per-item document (IdSchema charset), stable for the key. */
export function idForItem(prefix: string, key: string): string {
  const slug = key.replace(/[^a-zA-Z0-9._-]+/g, '_').slice(0, 80);
  // FNV-1a so that two keys that slug the same never share an id.
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${prefix}-${slug}-${h.toString(36)}`;
}

/** The role that decides which checks apply: set by a user, else guessed from the tool, labels and dates. */
/**
 * The brief check of an item, when it applies (the item is a brief or GTM plan, is labelled
 * brief/campaign/бриф/кампания, or its text has two brief headings), with the template used.
 */
export function briefOf(inp: {
  reading: ItemReading;
  meta?: ItemMeta;
  role?: PanelRole;
  templates: readonly BriefTemplate[];
  labels: readonly string[];
  dates: ItemDates;
}): { template: BriefTemplate | undefined; check: BriefCheck | null } {
  const { reading, meta, role, labels, dates } = inp;
  const templates = inp.templates.length ? inp.templates : DEFAULT_BRIEF_TEMPLATES;
  const wantedId = meta?.briefTemplateId ?? (role === 'gtm' ? GTM_TEMPLATE_ID : DEFAULT_BRIEF_TEMPLATE_ID);
  const template = templates.find((t) => t.id === wantedId) ?? templates[0];
  if (!template) return { template, check: null };
  const text = reading.description ?? '';
  const applies = role === 'brief' || role === 'gtm' || isBriefItem(labels, text, template);
  return { template, check: applies ? checkBrief(template, text, { due: dates.due, launch: dates.launch, owner: reading.owner, labels, ...(reading.properties ? { properties: reading.properties } : {}) }) : null };
}

/** What the snapshot of an item records of its brief (for the inbox and the digest), or undefined. */
export function snapshotBrief(
  ref: ItemRef,
  reading: ItemReading,
  meta: ItemMeta | undefined,
  templates: readonly BriefTemplate[],
): { templateId: string; present: number; total: number; missing: string[] } | undefined {
  const dates: ItemDates = effectiveDates(normalizeDates(reading.dates), meta);
  const { role } = inferRole(ref, reading.labels, dates, meta);
  const { template, check } = briefOf({ reading, meta, role, templates, labels: reading.labels, dates });
  if (!template || !check) return undefined;
  return { templateId: template.id, present: check.present, total: check.total, missing: check.missing.map((m) => m.id) };
}

export function inferRole(ref: ItemRef, labels: readonly string[], dates: ItemDates, meta?: ItemMeta): { role?: PanelRole; source: PanelModel['roleSource'] } {
  if (meta?.role) return { role: meta.role, source: 'set' };
  if (CRM_TOOLS.includes(ref.tool) && LEAD_KINDS.includes(ref.kind)) return { role: 'lead', source: 'auto' };
  const ls = labels.map(lower);
  if (ls.some((l) => l === 'campaign' || l === 'кампания')) return { role: 'campaign', source: 'auto' };
  if (ls.some((l) => l === 'release' || l === 'релиз' || l === 'feature' || l === 'фича')) return { role: 'release', source: 'auto' };
  if (ls.some((l) => l === 'brief' || l === 'бриф')) return { role: 'brief', source: 'auto' };
  if (dates.launch) return { role: 'campaign', source: 'auto' };
  if (dates.release) return { role: 'release', source: 'auto' };
  return { source: 'none' };
}

function orDefault<T>(list: readonly T[], fallback: readonly T[]): readonly T[] {
  return list.length ? list : fallback;
}

function latest<T extends { at: string }>(list: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const x of list) if (!best || Date.parse(x.at) >= Date.parse(best.at)) best = x;
  return best;
}

function validInstant(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

function kpiRows(key: string, ws: WorkspaceState, now: number): { rows: KpiRow[]; available: Kpi[] } {
  const links = ws.kpiLinks.filter((l) => l.itemKey === key);
  const allValues: KpiValue[] = [];
  for (const s of ws.kpiStatus) {
    if (s.previous) allValues.push(s.previous);
    if (s.latest) allValues.push(s.latest);
  }
  const rows = links.map((link): KpiRow => {
    const kpi = ws.kpis.find((k) => k.id === link.kpiId);
    const status = ws.kpiStatus.find((s) => s.kpiId === link.kpiId);
    if (!kpi) return { link };
    const values = allValues.filter((v) => v.kpiId === kpi.id);
    return { link, kpi, result: kpiStatus(kpi, values, now, { kpis: ws.kpis, values: allValues }), sourceError: status?.error };
  });
  const linked = new Set(links.map((l) => l.kpiId));
  return { rows, available: ws.kpis.filter((k) => !linked.has(k.id)) };
}

function calendarFor(policy: SlaPolicy, calendars: readonly BusinessCalendar[], teams: readonly Team[]): BusinessCalendar {
  return calendarForPolicy(policy, calendars, teams);
}

interface SlaInputs {
  key: string;
  role?: PanelRole;
  dates: ItemDates;
  reading: ItemReading | null;
  events: readonly SlaEvent[];
  policies: readonly SlaPolicy[];
  calendars: readonly BusinessCalendar[];
  teams: readonly Team[];
  intent: 'high' | 'normal';
  /** The lead note's recorded first contact (ISO), if any. */
  leadFirstContactAt?: string;
  now: number;
}

function slaRows(inp: SlaInputs): { rows: SlaRow[]; pending: PanelModel['pending'] } {
  const pending: PanelModel['pending'] = {};
  if (!inp.role) return { rows: [], pending };
  const role = inp.role;
  const applicable = inp.policies.filter((p) => p.kind !== 'weekly' && p.appliesTo.includes(role));
  const rows = applicable.map((policy): SlaRow => {
    const cal = calendarFor(policy, inp.calendars, inp.teams);
    let events: (Pick<SlaEvent, 'type' | 'at' | 'policyId'> & { by?: string })[] = inp.events.filter((e) => e.policyId === policy.id);
    if (policy.kind === 'elapsed') {
      const created = validInstant(inp.reading?.dates.created ?? inp.dates.created);
      // A create time read later (e.g. from the host's API) beats the "first seen" stand-in.
      const own = inp.events.filter((e) => e.policyId === policy.id && e.type === 'start');
      if (created && own.length > 0 && own.every((e) => e.by === FIRST_SEEN)) events = events.filter((e) => e.type !== 'start');
      const has = (t: SlaEvent['type']) => events.some((e) => e.type === t);
      if (!has('start')) {
        if (created) events.push({ type: 'start', at: created, policyId: policy.id });
        // The record is open (even when its layout was not recognised): the clock starts at first sight.
        else if (policy.id === FIRST_CONTACT_POLICY) pending.startFirstContactAt = new Date(inp.now).toISOString();
      }
      // The first contact a rep recorded on the lead (Liaison's lead note) stops the clock like a stop event.
      if (!has('stop') && !inp.reading?.firstContact && policy.id === FIRST_CONTACT_POLICY) {
        const at = validInstant(inp.leadFirstContactAt);
        if (at) events.push({ type: 'stop', at, policyId: policy.id });
      }
      if (!has('stop') && inp.reading?.firstContact) {
        const at = validInstant(inp.reading.firstContact.at);
        if (at) events.push({ type: 'stop', at, policyId: policy.id });
        else {
          // The page shows contact happened but not when: "contacted — time unknown", never breached.
          const nowIso = new Date(inp.now).toISOString();
          events.push({ type: 'stop', at: nowIso, policyId: policy.id, by: CONTACT_TIME_UNKNOWN });
          if (policy.id === FIRST_CONTACT_POLICY) {
            pending.stopFirstContactAt = nowIso;
            pending.stopFirstContactUnknown = true;
          }
        }
      }
      if (!has('assign')) {
        const assigned = validInstant(inp.reading?.ownerAssignedAt);
        if (assigned) events.push({ type: 'assign', at: assigned, policyId: policy.id });
      }
    }
    const clock = evaluate(policy, { events, dates: inp.dates, targetKey: inp.intent }, inp.now, cal);
    let missing: SlaRow['missing'];
    if (!clock) missing = policy.kind === 'elapsed' ? 'start' : policy.anchor;
    const canStop = !!clock && clock.state !== 'met' && !events.some((e) => e.type === 'stop');
    const ownStop = inp.events.find((e) => e.policyId === policy.id && e.type === 'stop' && e.by !== 'page');
    let stop: SlaRow['stop'];
    if (ownStop && clock?.metAt) {
      const due = clock.dueAt ? Date.parse(clock.dueAt) : NaN;
      stop = { at: ownStop.at, ...(ownStop.by ? { by: ownStop.by } : {}), lateMs: Number.isNaN(due) ? 0 : Math.max(0, Date.parse(ownStop.at) - due) };
    }
    let pausedUntil: string | undefined;
    if (clock && policy.businessTime && !clock.metAt && (clock.state === 'on-track' || clock.state === 'at-risk') && !isWorkingTime(cal, inp.now)) {
      try {
        pausedUntil = new Date(addBusinessMs(cal, inp.now, 1) - 1).toISOString();
      } catch {
        pausedUntil = undefined; // a calendar with no working time ahead: no "until"
      }
    }
    return { policy, clock, missing, canStop, ...(stop ? { stop } : {}), ...(pausedUntil ? { pausedUntil } : {}) };
  });
  // Soonest deadline first; clocks still waiting for a date or a start go last.
  const dueOf = (r: SlaRow) => (r.clock?.dueAt ? Date.parse(r.clock.dueAt) : Number.POSITIVE_INFINITY);
  rows.sort((a, b) => dueOf(a) - dueOf(b) || a.policy.id.localeCompare(b.policy.id));
  return { rows, pending };
}

function leadModel(key: string, ws: WorkspaceState, reading: ItemReading | null, title: string): LeadModel {
  const notes = ws.leadNotes.filter((n) => n.itemKey === key);
  const note = latest(notes);
  const fields = reading?.fields ?? {};
  const classified: IntentResult = classifyIntent({ text: [title, reading?.description ?? ''].join('\n'), fields });
  const criteria = note?.criteria ?? {};
  const intent = note?.intent ?? classified.intent;
  const rejectionReasonId = note?.rejectionReasonId;
  const verdict = note?.verdict ?? 'open';
  return {
    note,
    noteId: note?.id ?? idForItem('lead', key),
    criteria,
    verdict,
    rejectionReasonId,
    text: note?.note ?? '',
    intent,
    intentSignals: note?.intent ? [] : classified.signals,
    intentSet: !!note?.intent,
    evaluation: evaluateLead({ criteria, confirmedBySales: verdict === 'sql', rejectionReasonId: verdict === 'rejected' ? rejectionReasonId : undefined }),
    source: note?.source ?? pickField(fields, ['leadSource', 'source', 'utmSource']),
    campaign: note?.campaign ?? pickField(fields, ['utmCampaign', 'campaign']),
    firstContactEvidence: reading?.firstContact?.evidence,
    firstContactKind: reading?.firstContact?.kind,
  };
}

function pickField(fields: Readonly<Record<string, string>>, names: readonly string[]): string | undefined {
  for (const n of names) {
    const v = fields[n]?.trim();
    if (v) return v.slice(0, 300);
  }
  return undefined;
}

function leadQuality(meta: ItemMeta | undefined, ws: WorkspaceState, reasons: readonly RejectionReason[]): LeadQualityModel {
  const threshold = DEFAULT_LEAD_NORMS.concentrationThreshold;
  const bySource = qualityBySource(ws.leadNotes, { by: 'source', threshold, reasons });
  const source = meta?.source?.trim() || undefined;
  let group: SourceQuality | null = null;
  if (source) {
    const want = lower(source);
    const byCampaign = qualityBySource(ws.leadNotes, { by: 'campaign', threshold, reasons });
    group = byCampaign.groups.find((g) => lower(g.key) === want) ?? bySource.groups.find((g) => lower(g.key) === want) ?? null;
  }
  const want = source ? lower(source) : null;
  const recentNotes = want
    ? ws.leadNotes
        .filter((n) => n.note && ((n.campaign && lower(n.campaign) === want) || (n.source && lower(n.source) === want)))
        .sort((a, b) => b.at.localeCompare(a.at))
        .slice(0, 5)
    : [];
  return {
    source,
    group,
    recentNotes,
    totalLeads: bySource.total,
    concentration: bySource.concentrationWarning ? bySource.concentration : null,
    threshold: bySource.threshold,
  };
}

export function buildPanelModel(input: PanelInput): PanelModel {
  const { itemKey: key, ref, reading, ws, now } = input;
  const problems: PanelProblem[] = [];
  /** One engine failing must not take the whole panel down: record it and show the part as unavailable. */
  const safe = <T,>(part: PanelPart, fn: () => T, fallback: T): T => {
    try {
      return fn();
    } catch (err) {
      problems.push({ part, message: err instanceof Error ? err.message : String(err) });
      return fallback;
    }
  };
  const meta = ws.itemMeta.find((m) => m.key === key);
  const storedSelf = input.snapshots.find((s) => s.key === key);
  const selfSnap = snapshotFromReading(key, ref, input.url, reading, now) ?? storedSelf;
  const storedSnapshots = [...input.snapshots.filter((s) => s.key !== key), ...(selfSnap ? [selfSnap] : [])];
  const metas = ws.itemMeta;

  const pageDates = reading ? normalizeDates(reading.dates) : (storedSelf?.dates ?? {});
  // The host's own fields are the defaults; Liaison's date only where the host has none or a person chose it.
  const dates: ItemDates = effectiveDates(pageDates, meta);
  const labels = reading?.labels ?? storedSelf?.labels ?? [];
  const title = reading?.title?.trim() || storedSelf?.title || ref.id;
  const { role, source: roleSource } = inferRole(ref, labels, dates, meta);
  const isCrm = CRM_TOOLS.includes(ref.tool);

  const teams = [...orDefault(ws.teams, DEFAULT_TEAMS)];
  const rejectionReasons = [...orDefault(ws.rejectionReasons, DEFAULT_REJECTION_REASONS)];
  const policies = orDefault(ws.slaPolicies, DEFAULT_SLA_POLICIES);
  const calendars = orDefault(ws.calendars, [DEFAULT_CALENDAR]);
  const templates = orDefault(ws.briefTemplates, DEFAULT_BRIEF_TEMPLATES);

  // KPIs
  const { rows: kpis, available: availableKpis } = safe('kpis', () => kpiRows(key, ws, now), { rows: [], available: ws.kpis });

  // Dependencies, blockers and date conflicts: Liaison's and the host's own links, each fact once.
  const host = mergeHostLinks({ key, ref, links: reading?.links ?? [], deps: ws.dependencies, snapshots: storedSnapshots, origin: originOf(input.url), now });
  const hostSnapKeys = new Set(host.snapshots.map((s) => s.key));
  const snapshots = [...storedSnapshots.filter((s) => !hostSnapKeys.has(s.key)), ...host.snapshots];
  const deps: Dependency[] = [...ws.dependencies.map((d) => (host.resolved.has(d.id) ? { ...d, state: 'done' as const } : d)), ...host.blocking];
  const outgoing = deps.filter((d) => d.fromKey === key);
  const incoming = deps.filter((d) => d.to.type === 'item' && d.to.itemKey === key);
  const snapOf = (k: string) => snapshots.find((s) => s.key === k);
  const hostIds = new Set(host.blocking.map((d) => d.id));
  const linkedItems: LinkedItemRow[] = [
    ...outgoing.flatMap((d) => (d.to.type === 'item' && !hostIds.has(d.id) ? [{ dependency: d, direction: 'out' as const, otherKey: d.to.itemKey, snapshot: snapOf(d.to.itemKey) }] : [])),
    ...incoming.map((d) => ({ dependency: d, direction: 'in' as const, otherKey: d.fromKey, snapshot: snapOf(d.fromKey) })),
  ];
  const teamDeps = outgoing.filter((d) => d.to.type === 'team');
  const blockers = safe('blockers', () => blockersOf(key, deps, snapshots), []);
  const conflicts = safe(
    'conflicts',
    () =>
      dateConflicts({
        deps,
        snapshots,
        metas,
        policies: policies.filter((p) => p.kind === 'before'),
        now,
        timeZone: calendars[0]?.timeZone ?? 'UTC',
        calendarFor: (p) => calendarForPolicy(p, calendars, teams),
        itemKey: key,
      }),
    [],
  );

  // Brief completeness (briefs only)
  const briefResult = reading ? safe('brief', () => briefOf({ reading, meta, role, templates, labels, dates }), { template: undefined, check: null }) : null;
  const briefTemplate: BriefTemplate | undefined = briefResult?.template;
  const brief: BriefCheck | null = briefResult?.check ?? null;

  // Lead
  const lead = role === 'lead' ? safe('lead', () => leadModel(key, ws, reading, title), null) : null;

  // SLA clocks
  const events = ws.slaEvents.find((e) => e.itemKey === key)?.events ?? [];
  const { rows: sla, pending } = safe(
    'sla',
    () => slaRows({ key, role, dates, reading, events, policies, calendars, teams, intent: lead?.intent ?? 'normal', leadFirstContactAt: lead?.note?.firstContactAt, now }),
    { rows: [], pending: {} },
  );

  // Campaigns depending on a product item
  let dependentCampaigns: DependentCampaign[] | null = null;
  if (role !== 'campaign' && role !== 'lead') {
    const list = safe('campaigns', () => campaignsDependingOn(key, deps, snapshots, metas, calendars[0]?.timeZone ?? 'UTC'), null);
    if (list && (list.length || role === 'release')) dependentCampaigns = list;
  }

  const leadQualityModel = role === 'campaign' ? safe('quality', () => leadQuality(meta, ws, rejectionReasons), null) : null;

  // Warnings said once, from this item's side: a campaign launching before this release is listed with the
  // dependent campaigns (not as this release's conflict); a notice already shown as this item's SLA clock is
  // not repeated; one warning per team and rule.
  const shownPolicies = new Set(sla.map((r) => r.policy.id));
  const seenConflict = new Set<string>();
  const ownConflicts = conflicts.filter((c) => {
    if (c.itemKey !== key) return false;
    if (c.kind === 'sla-short' && shownPolicies.has(c.policyId)) return false;
    const id = c.kind === 'sla-short' ? `sla:${c.teamId}:${c.policyId}` : `launch:${c.otherKey ?? c.dependencyId}`;
    if (seenConflict.has(id)) return false;
    seenConflict.add(id);
    return true;
  });

  const norms = safe('sla', () => normsOf({ key, role, reading, dates, ws, sla, policies, calendars, teams, now }), {});

  let nextChangeAt: number | null = null;
  for (const r of sla) {
    const t = r.clock?.nextChangeAt ? Date.parse(r.clock.nextChangeAt) : NaN;
    if (!Number.isNaN(t) && t > now && (nextChangeAt === null || t < nextChangeAt)) nextChangeAt = t;
  }

  return {
    itemKey: key,
    ref,
    title,
    status: reading?.status?.trim() || storedSelf?.status,
    meta,
    role,
    roleSource,
    isCrm,
    dates,
    hostDates: pageDates,
    storedDates: meta?.dates ?? {},
    dateChoices: dateChoices(pageDates, meta),
    impossibleDates: impossibleRanges(dates),
    kpis,
    availableKpis,
    teamDeps,
    linkedItems,
    hostDeps: host.rows,
    hostConfirmed: host.confirmed,
    snapshots,
    blockers,
    conflicts: ownConflicts,
    brief,
    briefTemplate,
    sla,
    dependentCampaigns,
    lead,
    leadQuality: leadQualityModel,
    notes: meta?.notes ?? [],
    teams,
    rejectionReasons,
    pending,
    nextChangeAt,
    problems,
    norms,
  };
}

/** The latest value of the first KPI named by one of these ids. */
function latestValue(ws: WorkspaceState, ids: readonly string[]): number | undefined {
  for (const id of ids) {
    const v = ws.kpiStatus.find((s) => s.kpiId === id)?.latest?.value;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return undefined;
}

function normsOf(inp: {
  key: string;
  role?: PanelRole;
  reading: ItemReading | null;
  /** The item's dates as the clocks use them (page and Liaison's, merged). */
  dates: ItemDates;
  ws: WorkspaceState;
  sla: readonly SlaRow[];
  policies: readonly SlaPolicy[];
  calendars: readonly BusinessCalendar[];
  teams: readonly Team[];
  now: number;
}): PanelModel['norms'] {
  const out: PanelModel['norms'] = {};
  const { ws, now } = inp;
  if (inp.role === 'lead') {
    const n = Number.parseInt(inp.reading?.fields.contactAttempts ?? '', 10);
    if (Number.isFinite(n) && n > 0) out.attempts = { count: n, status: contactAttemptsStatus(n, DEFAULT_LEAD_NORMS.contactAttempts) };
    const policy = inp.policies.find((p) => p.id === FIRST_CONTACT_POLICY);
    if (policy) {
      const cal = calendarForPolicy(policy, inp.calendars, inp.teams);
      const clocks = ws.slaEvents.slice(0, 1000).map((e) => {
        const own = e.events.filter((x) => x.policyId === policy.id);
        if (!own.some((x) => x.type === 'stop')) return null;
        const intent = ws.leadNotes.find((n) => n.itemKey === e.itemKey)?.intent ?? 'normal';
        try {
          return evaluate(policy, { events: own, dates: {}, targetKey: intent }, now, cal);
        } catch {
          return null;
        }
      });
      const norm = withinSlaNorm(clocks, DEFAULT_LEAD_NORMS.withinSlaShare);
      if (norm.finished > 0) out.withinSla = norm;
    }
  }
  if (inp.role === 'campaign') {
    const e = unitEconomics({
      ltv: latestValue(ws, ['ltv']),
      cac: latestValue(ws, ['cac']),
      arpu: latestValue(ws, ['arpu', 'arppu']),
      grossMargin: (() => {
        const m = latestValue(ws, ['gross-margin', 'margin']);
        return m === undefined ? undefined : m > 1 ? m / 100 : m;
      })(),
    });
    if (e.ltvBelowCac || e.cacPaybackMonths !== null) out.economics = e;
  }
  // Only where this item's own deadlines touch a year whose decree is not in the data.
  let timeZone: string | undefined;
  const spans = inp.sla.flatMap((r) => {
    const cal = calendarForPolicy(r.policy, inp.calendars, inp.teams);
    const c = r.clock;
    if (!c || cal.country !== 'RU') return [];
    timeZone ??= cal.timeZone;
    // A clock anchored to a date ("5 working days before launch") is counted through that date too.
    const anchor = r.policy.anchor ? inp.dates[r.policy.anchor] : undefined;
    return [{ startedAt: c.startedAt, dueAt: c.dueAt, metAt: c.metAt, anchor, running: !c.metAt && c.state !== 'met' }];
  });
  const w = spans.length ? deadlinesCalendarWarning('RU', spans, now, timeZone) : null;
  if (w) out.calendar = w;
  return out;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Pairs of dates in the wrong order: a campaign that ends before it launches. */
export function impossibleRanges(dates: ItemDates): { earlier: keyof ItemDates; later: keyof ItemDates }[] {
  const pairs: [keyof ItemDates, keyof ItemDates][] = [
    ['launch', 'end'],
  ];
  const day = (v: string | undefined) => (v ? v.slice(0, 10) : undefined);
  const out: { earlier: keyof ItemDates; later: keyof ItemDates }[] = [];
  for (const [a, b] of pairs) {
    const x = day(dates[a]);
    const y = day(dates[b]);
    if (x && y && y < x) out.push({ earlier: a, later: b });
  }
  return out;
}

/**
 * Item keys whose snapshots the panel needs: this item first (what Liaison knows of it when the
 * page's layout is not recognised), then every item named by a dependency (blockers are transitive).
 */
export function snapshotKeysFor(key: string, ws: WorkspaceState, limit = 500): string[] {
  const keys = new Set<string>([key]);
  for (const d of ws.dependencies) {
    keys.add(d.fromKey);
    if (d.to.type === 'item') keys.add(d.to.itemKey);
  }
  return [...keys].slice(0, limit);
}
