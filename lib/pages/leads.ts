/**
 * The lead quality page's model (pure): every lead the workspace knows — a lead note's item, or an
 * item marked as a lead — folded into one row (its stage, rejection reason, source, campaign and
 * first-contact clock), then grouped per source or per campaign with the funnel conversions
 * (lead → MQL → SQL → deal), the rejection reasons, the >50 % concentration warning (DOMAIN.md §4)
 * and the first-contact SLA hit rate against the 90 % norm (§3).
 *
 * Where each number comes from:
 * - MQL / SQL / rejected: sales' lead notes, folded like lib/core/leads.ts qualityBySource (the
 *   latest verdict and rejection reason win).
 * - Deal: the CRM record's status as Liaison last saw it (a snapshot) is a won status
 *   (isWonStatus: "Won", "Closed Won", «Успешно реализовано», …). A deal counts as SQL and MQL too.
 * - First contact: the same clock the panel shows (policy lead-first-contact): started at the
 *   record's create time, stopped by a stop event or the first contact a rep recorded in a note.
 *   "Contacted — time unknown" clocks are left out of the hit rate and counted separately, as are
 *   clocks still running and leads with no create time.
 */
import { conversionRate, evaluateLead, isWonStatus, leadInputFromNotes, withinSlaNorm, type ReasonCount, type WithinSlaNorm } from '../core/leads';
import { DEFAULT_LEAD_NORMS } from '../core/defaults';
import { calendarForPolicy, evaluate, type SlaClock } from '../core/sla';
import type { ItemSnapshot, LeadNote, RejectionReason, SlaEvent, SlaPolicy } from '../core/schemas';
import { safeHttpUrl } from '../core/url';
import { FIRST_CONTACT_POLICY, FIRST_SEEN } from '../panel/model';
import type { WorkspaceState } from '../store/types';
import { itemTitle } from './inbox';

export type LeadGrouping = 'source' | 'campaign';
/** Leads created in the last N days, or all of them. */
export type LeadPeriod = 30 | 90 | 'all';

export type LeadStage = 'deal' | 'sql' | 'mql' | 'rejected' | 'unqualified' | 'open';
/** The first-contact clock of a lead: finished (met/breached), contacted at an unknown time, still running, or no clock. */
export type ContactState = 'met' | 'breached' | 'unknown' | 'waiting' | 'none';

export interface LeadRow {
  key: string;
  title: string;
  url?: string;
  source?: string;
  campaign?: string;
  /** When the lead arrived (create time, else the first note). */
  at: string;
  stage: LeadStage;
  rejectionReasonId?: string;
  contact: ContactState;
}

export interface LeadContactStats extends WithinSlaNorm {
  /** Clocks still running (not contacted yet, not late yet). */
  waiting: number;
  /** Leads with no first-contact clock (no create time known, or no policy). */
  noClock: number;
}

export interface LeadGroup {
  /** The source or campaign ('(none)' when unknown; '(all)' for the totals). */
  key: string;
  leads: number;
  shareOfAll: number;
  mql: number;
  sql: number;
  deals: number;
  rejected: number;
  rejectedShare: number;
  byReason: ReasonCount[];
  /** MQL / leads with a verdict (open leads are not decided yet); null when none decided. */
  leadToMql: number | null;
  mqlToSql: number | null;
  sqlToDeal: number | null;
  contact: LeadContactStats;
}

export interface MeasuredRate {
  /** The measured share, or null when there is too little data to trust it. */
  value: number | null;
  /** How many leads the rate was measured over (its denominator). */
  over: number;
}

export interface LeadReport {
  /** Leads in the period. */
  total: number;
  /** Leads in the workspace, whatever their date. */
  totalAll: number;
  groups: LeadGroup[];
  totals: LeadGroup;
  concentration: { key: string; share: number } | null;
  threshold: number;
  rows: LeadRow[];
  /** Measured conversions for the funnel planner's defaults (null value below MIN_MEASURED). */
  measured: { leadToMql: MeasuredRate; mqlToSql: MeasuredRate; sqlToDeal: MeasuredRate };
  /** Start of the period (ISO), absent for all time. */
  from?: string;
}

/** A conversion measured over fewer leads than this is not offered as a planning default. */
export const MIN_MEASURED = 20;

export interface LeadReportInput {
  ws: Pick<WorkspaceState, 'leadNotes' | 'itemMeta' | 'slaEvents' | 'slaPolicies' | 'calendars' | 'teams' | 'rejectionReasons'>;
  snapshots: readonly ItemSnapshot[];
  now: Date | number | string;
  by?: LeadGrouping;
  period?: LeadPeriod;
  threshold?: number;
  norm?: number;
}

const DAY = 86_400_000;

export function buildLeadReport(input: LeadReportInput): LeadReport {
  const { ws } = input;
  const nowMs = new Date(input.now).getTime();
  const by = input.by ?? 'source';
  const threshold = input.threshold ?? DEFAULT_LEAD_NORMS.concentrationThreshold;
  const norm = input.norm ?? DEFAULT_LEAD_NORMS.withinSlaShare;
  const fromMs = input.period && input.period !== 'all' ? nowMs - input.period * DAY : undefined;

  const all = leadRows(ws, input.snapshots, nowMs);
  const rows = fromMs === undefined ? all : all.filter((r) => Date.parse(r.at) >= fromMs);
  const reasons = new Map(ws.rejectionReasons.map((r) => [r.id, r]));

  const byKey = new Map<string, LeadRow[]>();
  for (const r of rows) {
    const k = (by === 'source' ? r.source : r.campaign) ?? '(none)';
    const list = byKey.get(k);
    if (list) list.push(r);
    else byKey.set(k, [r]);
  }
  const groups = [...byKey.entries()].map(([k, list]) => group(k, list, rows.length, reasons, norm));
  groups.sort((a, b) => b.leads - a.leads || a.key.localeCompare(b.key));
  const totals = group('(all)', rows, rows.length, reasons, norm);
  // Leads with no known source say nothing about concentration (as qualityBySource).
  const top = groups.find((g) => g.key !== '(none)');
  const concentration = top && top.shareOfAll > threshold ? { key: top.key, share: top.shareOfAll } : null;
  const decided = rows.filter((r) => r.stage !== 'open').length;
  const measure = (over: number, value: number | null): MeasuredRate => ({ value: over >= MIN_MEASURED ? value : null, over });
  return {
    total: rows.length,
    totalAll: all.length,
    groups,
    totals,
    concentration,
    threshold,
    rows,
    measured: {
      leadToMql: measure(decided, totals.leadToMql),
      mqlToSql: measure(totals.mql, totals.mqlToSql),
      // No won status seen at all says nothing about SQL → deal (deals may not be visible to Liaison).
      sqlToDeal: measure(totals.deals > 0 ? totals.sql : 0, totals.sqlToDeal),
    },
    ...(fromMs !== undefined ? { from: new Date(fromMs).toISOString() } : {}),
  };
}

function group(key: string, list: readonly LeadRow[], all: number, reasons: ReadonlyMap<string, RejectionReason>, norm: number): LeadGroup {
  let mql = 0;
  let sql = 0;
  let deals = 0;
  let rejected = 0;
  let decided = 0;
  const reasonCounts = new Map<string, number>();
  const clocks: { state: string }[] = [];
  let waiting = 0;
  let noClock = 0;
  for (const r of list) {
    if (r.stage !== 'open') decided++;
    if (r.stage === 'deal') deals++;
    if (r.stage === 'deal' || r.stage === 'sql') sql++;
    if (r.stage === 'deal' || r.stage === 'sql' || r.stage === 'mql') mql++;
    if (r.stage === 'rejected') {
      rejected++;
      const id = r.rejectionReasonId ?? 'unspecified';
      reasonCounts.set(id, (reasonCounts.get(id) ?? 0) + 1);
    }
    if (r.contact === 'waiting') waiting++;
    else if (r.contact === 'none') noClock++;
    else clocks.push({ state: r.contact });
  }
  const byReason: ReasonCount[] = [...reasonCounts.entries()]
    .map(([reasonId, count]) => {
      const out: ReasonCount = { reasonId, count, share: rejected ? count / rejected : 0 };
      const def = reasons.get(reasonId);
      if (def) {
        out.label = def.label;
        if (def.labelRu) out.labelRu = def.labelRu;
      }
      return out;
    })
    .sort((a, b) => b.count - a.count || a.reasonId.localeCompare(b.reasonId));
  return {
    key,
    leads: list.length,
    shareOfAll: all ? list.length / all : 0,
    mql,
    sql,
    deals,
    rejected,
    rejectedShare: list.length ? rejected / list.length : 0,
    byReason,
    leadToMql: conversionRate(decided, mql),
    mqlToSql: conversionRate(mql, sql),
    sqlToDeal: conversionRate(sql, deals),
    contact: { ...withinSlaNorm(clocks, norm), waiting, noClock },
  };
}

/** One row per lead: the items lead notes are about, and items marked as leads. */
export function leadRows(ws: LeadReportInput['ws'], snapshots: readonly ItemSnapshot[], nowMs: number): LeadRow[] {
  const notesByKey = new Map<string, LeadNote[]>();
  for (const n of ws.leadNotes) {
    const list = notesByKey.get(n.itemKey);
    if (list) list.push(n);
    else notesByKey.set(n.itemKey, [n]);
  }
  const metas = new Map(ws.itemMeta.map((m) => [m.key, m]));
  const snaps = new Map<string, ItemSnapshot>();
  for (const s of snapshots) {
    const cur = snaps.get(s.key);
    if (!cur || cur.seenAt < s.seenAt) snaps.set(s.key, s);
  }
  const keys = new Set<string>(notesByKey.keys());
  for (const m of ws.itemMeta) if (m.role === 'lead') keys.add(m.key);
  const events = new Map(ws.slaEvents.map((e) => [e.itemKey, e.events]));
  const policy = ws.slaPolicies.find((p) => p.id === FIRST_CONTACT_POLICY) ?? ws.slaPolicies.find((p) => p.kind === 'elapsed' && p.appliesTo.includes('lead'));

  const rows: LeadRow[] = [];
  for (const key of keys) {
    const notes = [...(notesByKey.get(key) ?? [])].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const meta = metas.get(key);
    const snap = snaps.get(key);
    const created = validInstant(meta?.dates.created) ?? validInstant(snap?.dates.created);
    const day = [meta?.dates.created, snap?.dates.created].find((d) => !!d && /^\d{4}-\d{2}-\d{2}$/.test(d));
    const at = created ?? (day ? `${day}T00:00:00.000Z` : notes[0]?.at);
    if (!at) continue; // an item marked as a lead with no date and no note: nothing to place in time
    const latest = <K extends 'source' | 'campaign'>(k: K) => {
      let v: string | undefined;
      for (const n of notes) if (n[k]?.trim()) v = n[k]!.trim();
      return v;
    };
    const source = latest('source') ?? (meta?.source?.trim() || undefined);
    const campaign = latest('campaign') ?? (meta?.source?.trim() || undefined);
    const { stage, rejectionReasonId } = stageOf(notes, snap);
    const url = safeHttpUrl(snap?.url);
    rows.push({
      key,
      title: itemTitle(key, snap),
      ...(url ? { url } : {}),
      ...(source ? { source } : {}),
      ...(campaign ? { campaign } : {}),
      at,
      stage,
      ...(rejectionReasonId ? { rejectionReasonId } : {}),
      contact: policy ? contactState(policy, ws, key, created, notes, events.get(key) ?? [], nowMs) : 'none',
    });
  }
  rows.sort((a, b) => b.at.localeCompare(a.at) || a.key.localeCompare(b.key));
  return rows;
}

function stageOf(notes: readonly LeadNote[], snap: ItemSnapshot | undefined): { stage: LeadStage; rejectionReasonId?: string } {
  if (isWonStatus(snap?.status)) return { stage: 'deal' };
  if (notes.length === 0) return { stage: 'open' };
  const input = leadInputFromNotes(notes);
  if (input.rejectionReasonId) return { stage: 'rejected', rejectionReasonId: input.rejectionReasonId };
  const verdict = evaluateLead(input).verdict;
  const latestVerdict = [...notes].reverse().find((n) => n.verdict)?.verdict;
  if (verdict === 'sql' || latestVerdict === 'sql') return { stage: 'sql' };
  if (verdict === 'mql' || latestVerdict === 'mql') return { stage: 'mql' };
  if (verdict === 'unqualified') return { stage: 'unqualified' };
  return { stage: 'open' };
}

/** The lead's first-contact clock as the panel builds it (lib/panel/model.ts slaRows), without the live page. */
function contactState(
  policy: SlaPolicy,
  ws: LeadReportInput['ws'],
  key: string,
  created: string | undefined,
  notes: readonly LeadNote[],
  all: readonly SlaEvent[],
  nowMs: number,
): ContactState {
  let events: (Pick<SlaEvent, 'type' | 'at' | 'policyId'> & { by?: string })[] = all.filter((e) => e.policyId === policy.id);
  const starts = events.filter((e) => e.type === 'start');
  // A create time beats the "first seen" stand-in.
  if (created && starts.length > 0 && starts.every((e) => e.by === FIRST_SEEN)) events = events.filter((e) => e.type !== 'start');
  if (!events.some((e) => e.type === 'start')) {
    if (!created) return 'none';
    events.push({ type: 'start', at: created, policyId: policy.id });
  }
  if (!events.some((e) => e.type === 'stop')) {
    const firstContact = notes.map((n) => validInstant(n.firstContactAt)).find((x): x is string => !!x);
    if (firstContact) events.push({ type: 'stop', at: firstContact, policyId: policy.id });
  }
  let intent: string | undefined;
  for (const n of notes) if (n.intent) intent = n.intent;
  let clock: SlaClock | null;
  try {
    clock = evaluate(policy, { events, ...(intent ? { targetKey: intent } : {}) }, nowMs, calendarForPolicy(policy, ws.calendars, ws.teams));
  } catch {
    return 'none'; // a calendar with no working time: no clock to judge by
  }
  if (!clock) return 'none';
  if (clock.state === 'met' || clock.state === 'breached' || clock.state === 'unknown') return clock.state;
  return 'waiting';
}

function validInstant(x: string | undefined): string | undefined {
  return x && /T/.test(x) && !Number.isNaN(Date.parse(x)) ? x : undefined;
}

