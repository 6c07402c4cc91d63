/**
 * The coordination measures of DOMAIN.md §6 per week, for the weekly sync agenda's 8-week trends.
 * Each is computed only from what the store holds, and a week without the data a measure needs is
 * `null` ("no data"), never 0:
 *
 * - SLA hit rate (norm ≥ 90 %): SLA clocks that finished in the week — met (stopped in time, metAt
 *   in the week) or breached (due in the week) — evaluated by the core clocks at the week's end.
 * - Deadline adherence (norm 85–95 %): deadlines that fell in the week — a dependency's `due`
 *   (done in time when the audit log shows it set to done by then) and a sync decision's deadline
 *   (its SLA clock). A dependency that is done with no record of when is left out.
 * - Time items spent blocked: per waiting item, the union of its dependencies' `blocked` spans in
 *   the week, from the audit log's state changes; no data for a week in which no dependency with a
 *   known history existed.
 * - Briefs complete at start: briefs whose work started (launch, else created) in the week, complete
 *   at that start by the last check seen by then; seen only later: incomplete then means incomplete at
 *   start (a brief gains fields), complete then is unknown and left out.
 * - Work without rework (norm 70–85 %, DOMAIN.md §5): hand-offs finished in the week — dependencies
 *   set to done (audit log) and sync decisions marked done — that were never reopened afterwards.
 * Pure: no browser APIs.
 */
import { addDays, startOfLocalDay } from '../core/calendar';
import { decisionClock, type Decision } from '../core/decision';
import { itemDates } from '../core/deps';
import type { BusinessCalendar, ItemSnapshot, LeadNote } from '../core/schemas';
import { evaluate } from '../core/sla';
import type { AuditEntry, WorkspaceState } from '../store/types';
import { calendarFor } from './inbox';
import { sidesOf, unionMs } from './digest';

/** The norms of DOMAIN.md: a share at or above `min` (and, for a band, up to `max`) is on the norm. */
export const NORMS = {
  sla: { min: 0.9 },
  deadlines: { min: 0.85, max: 0.95 },
  rework: { min: 0.7, max: 0.85 },
} as const;

export interface Week {
  /** The Monday (YYYY-MM-DD) in the time zone. */
  monday: string;
  /** [from, to) as ISO instants: local Monday 00:00 to the next Monday 00:00. */
  from: string;
  to: string;
}

export interface Ratio {
  ok: number;
  total: number;
  /** ok / total, or null when total is 0 (no data). */
  share: number | null;
}

export interface WeekMeasures extends Week {
  sla: Ratio;
  deadlines: Ratio;
  /** Time items spent blocked, ms; null when no dependency with a known history existed in the week. */
  blocked: { ms: number; items: number } | null;
  briefs: Ratio;
  rework: Ratio;
}

export type MeasuresWorkspace = Pick<WorkspaceState, 'teams' | 'itemMeta' | 'dependencies' | 'leadNotes' | 'slaPolicies' | 'calendars' | 'slaEvents'> & {
  decisions?: readonly Decision[];
};

export interface MeasuresInput {
  workspace: MeasuresWorkspace;
  snapshots: readonly ItemSnapshot[];
  audit: readonly AuditEntry[];
  now: string | number | Date;
  /** The time zone of date-only deadlines (the team's). */
  timeZone: string;
}

function ratio(ok: number, total: number): Ratio {
  return { ok, total, share: total ? ok / total : null };
}

/** The instant a deadline ends: a date-only value at the end of that local day, an instant as is. */
export function deadlineEnd(value: string, timeZone: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return startOfLocalDay(timeZone, addDays(value, 1));
  return Date.parse(value);
}

/** State changes of each document of a collection (field `state`), oldest first. */
function stateChanges(audit: readonly AuditEntry[], collection: 'dependencies' | 'decisions'): Map<string, Array<{ at: number; before: unknown; after: unknown }>> {
  const out = new Map<string, Array<{ at: number; before: unknown; after: unknown; hlc: string }>>();
  for (const a of audit) {
    if (a.collection !== collection || a.kind !== 'change' || a.field !== 'state') continue;
    const list = out.get(a.docId) ?? [];
    list.push({ at: Date.parse(a.at), before: a.before, after: a.after, hlc: a.hlc });
    out.set(a.docId, list);
  }
  for (const list of out.values()) list.sort((x, y) => x.at - y.at || (x.hlc < y.hlc ? -1 : x.hlc > y.hlc ? 1 : 0));
  return out;
}

function leadIntent(key: string, notes: readonly LeadNote[]): string | undefined {
  let best: LeadNote | undefined;
  for (const n of notes) if (n.itemKey === key && n.intent && (!best || best.at < n.at)) best = n;
  return best?.intent;
}

function calendarOfDecision(d: Decision, ws: MeasuresWorkspace): BusinessCalendar {
  const ownerTeamId = d.owner.type === 'team' ? d.owner.teamId : (d.teamId ?? '');
  return calendarFor({ ownerTeamId }, ws.calendars, ws.teams);
}

/** The measures of each week (in the order given). */
export function weeklyMeasures(input: MeasuresInput, weeks: readonly Week[]): WeekMeasures[] {
  const { workspace: ws, timeZone } = input;
  const nowMs = new Date(input.now).getTime();
  const metas = new Map(ws.itemMeta.map((m) => [m.key, m]));
  const latest = new Map<string, ItemSnapshot>();
  for (const s of input.snapshots) {
    const prev = latest.get(s.key);
    if (!prev || prev.seenAt < s.seenAt) latest.set(s.key, s);
  }
  const snapList = [...latest.values()];
  const depChanges = stateChanges(input.audit, 'dependencies');
  const decisionChanges = stateChanges(input.audit, 'decisions');
  const eventsByItem = new Map(ws.slaEvents.map((e) => [e.itemKey, e.events]));
  const clockKeys = [...new Set<string>([...metas.keys(), ...eventsByItem.keys()])];

  // Deadlines: each with its end instant and when it was done (null: not done; undefined: done, time unknown).
  const deadlines: Array<{ end: number; doneAt: number | null | undefined }> = [];
  for (const d of ws.dependencies) {
    if (!d.due) continue;
    const changes = depChanges.get(d.id) ?? [];
    const firstDone = changes.find((c) => c.after === 'done');
    deadlines.push({ end: deadlineEnd(d.due, timeZone), doneAt: firstDone ? firstDone.at : d.state === 'done' ? undefined : null });
  }
  for (const d of ws.decisions ?? []) {
    const clock = decisionClock(d, calendarOfDecision(d, ws), nowMs);
    if (!clock.dueAt) continue;
    deadlines.push({ end: Date.parse(clock.dueAt), doneAt: d.state === 'done' ? (d.doneAt ? Date.parse(d.doneAt) : undefined) : null });
  }

  // Hand-offs finished: when each was (first) done and whether it was reopened afterwards.
  const handoffs: Array<{ doneAt: number; reworked: boolean }> = [];
  for (const changes of depChanges.values()) {
    const i = changes.findIndex((c) => c.after === 'done');
    if (i < 0) continue;
    const reworked = changes.slice(i + 1).some((c) => c.before === 'done' && c.after !== 'done');
    const last = [...changes].reverse().find((c) => c.after === 'done')!;
    handoffs.push({ doneAt: reworked ? last.at : changes[i]!.at, reworked });
  }
  for (const d of ws.decisions ?? []) {
    const changes = decisionChanges.get(d.id) ?? [];
    const reworked = changes.some((c) => c.before === 'done' && c.after !== 'done');
    const firstDone = changes.find((c) => c.after === 'done')?.at;
    const doneAt = d.state === 'done' && d.doneAt ? Date.parse(d.doneAt) : firstDone;
    if (doneAt === undefined) continue;
    handoffs.push({ doneAt, reworked });
  }

  // Blocked spans per waiting item; each dependency's known lifetime starts at its first audit entry.
  const blockedSpans = new Map<string, Array<[number, number]>>();
  const lifetimes: Array<[number, number]> = [];
  for (const d of ws.dependencies) {
    const changes = depChanges.get(d.id);
    if (!changes?.length) continue; // no known history: which weeks it was blocked in is not known
    const { waitingKey } = sidesOf(d, metas);
    const first = changes[0]!;
    let state: unknown = first.before;
    let since = first.at;
    const spans: Array<[number, number]> = [];
    for (const c of changes) {
      if (state === 'blocked') spans.push([since, c.at]);
      state = c.after;
      since = c.at;
    }
    if (state === 'blocked') spans.push([since, nowMs]);
    // Its history is known from its first audit entry on (before that: no data).
    lifetimes.push([first.at, nowMs]);
    if (waitingKey && spans.length) blockedSpans.set(waitingKey, [...(blockedSpans.get(waitingKey) ?? []), ...spans]);
  }

  return weeks.map((w) => {
    const from = Date.parse(w.from);
    const to = Date.parse(w.to);
    const inWeek = (t: number | undefined | null) => t !== undefined && t !== null && t >= from && t < to;
    const evalAt = Math.min(to, nowMs);

    // SLA clocks
    let slaMet = 0;
    let slaTotal = 0;
    if (from <= nowMs) {
      for (const key of clockKeys) {
        const meta = metas.get(key);
        const dates = itemDates(key, snapList, ws.itemMeta);
        for (const policy of ws.slaPolicies) {
          if (policy.kind === 'weekly') continue;
          if (policy.appliesTo.length > 0 && (!meta?.role || !policy.appliesTo.includes(meta.role))) continue;
          if (policy.appliesTo.length === 0 && !meta?.role) continue;
          const events = (eventsByItem.get(key) ?? []).filter((e) => e.policyId === policy.id);
          const targetKey = leadIntent(key, ws.leadNotes);
          const clock = evaluate(policy, { events, dates, ...(targetKey ? { targetKey } : {}) }, evalAt, calendarFor(policy, ws.calendars, ws.teams));
          if (!clock) continue;
          if (clock.state === 'met' && clock.metAt && inWeek(Date.parse(clock.metAt))) {
            slaMet++;
            slaTotal++;
          } else if (clock.state === 'breached' && clock.dueAt && inWeek(Date.parse(clock.dueAt) - 1)) slaTotal++; // a deadline ending at midnight belongs to the day it ends
        }
      }
    }

    // Deadlines that fell in the week (and have passed, or were met already)
    let dlMet = 0;
    let dlTotal = 0;
    for (const d of deadlines) {
      if (!inWeek(d.end - 1)) continue; // a deadline ending at midnight belongs to the day it ends
      if (d.doneAt === undefined) continue; // done, time unknown
      if (d.doneAt !== null && d.doneAt <= d.end) {
        dlMet++;
        dlTotal++;
      } else if (d.end <= nowMs) dlTotal++; // missed (done late, or still not done)
    }

    // Time blocked
    const existed = lifetimes.some(([a, b]) => a < to && b > from);
    let blocked: WeekMeasures['blocked'] = null;
    if (existed && from <= nowMs) {
      let ms = 0;
      let items = 0;
      for (const spans of blockedSpans.values()) {
        const clipped = spans.map(([a, b]) => [Math.max(a, from), Math.min(b, to)] as [number, number]);
        const m = unionMs(clipped);
        if (m > 0) {
          ms += m;
          items++;
        }
      }
      blocked = { ms, items };
    }

    // Briefs complete at start
    let briefOk = 0;
    let briefTotal = 0;
    for (const s of latest.values()) {
      if (!s.brief) continue;
      const dates = itemDates(s.key, snapList, ws.itemMeta);
      const start = dates.launch ?? dates.created;
      if (!start) continue;
      const startAt = /^\d{4}-\d{2}-\d{2}$/.test(start) ? startOfLocalDay(timeZone, start) : Date.parse(start);
      if (!inWeek(startAt) || startAt > nowMs) continue;
      const startEnd = /^\d{4}-\d{2}-\d{2}$/.test(start) ? deadlineEnd(start, timeZone) : startAt;
      const complete = s.brief.present >= s.brief.total;
      if (Date.parse(s.seenAt) > startEnd && complete) continue; // complete later; at start unknown
      briefTotal++;
      if (complete) briefOk++;
    }

    // Work without rework
    let clean = 0;
    let finished = 0;
    for (const h of handoffs) {
      if (!inWeek(h.doneAt)) continue;
      finished++;
      if (!h.reworked) clean++;
    }

    return {
      ...w,
      sla: ratio(slaMet, slaTotal),
      deadlines: ratio(dlMet, dlTotal),
      blocked,
      briefs: ratio(briefOk, briefTotal),
      rework: ratio(clean, finished),
    };
  });
}

/** Whether a share meets its norm: 'ok', 'below' or 'above' (above a band's top: too rigid, e.g. padded deadlines). */
export function againstNorm(share: number | null, norm: { min: number; max?: number }): 'ok' | 'below' | 'above' | null {
  if (share === null) return null;
  if (share < norm.min) return 'below';
  if (norm.max !== undefined && share > norm.max) return 'above';
  return 'ok';
}
