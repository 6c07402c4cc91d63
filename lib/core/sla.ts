/**
 * SLA clocks (DOMAIN.md §3): one evaluation per policy and item returns the state, the due
 * instant and the exact instant of the next state change, so a UI schedules one timer
 * instead of polling. Pure: no browser APIs.
 *
 * Kinds:
 * - elapsed (lead first contact): runs from the first `start` event, pauses on `pause`, resumes
 *   on `resume`, stops on `stop` (met, or breached when stopped after the due instant). Target
 *   in minutes chosen by intent/priority (`targetKey`, falling back to `normal`, then the
 *   smallest target). Business time when policy.businessTime. An `assign` event splits the
 *   time into routing (start → assign) and response (assign → stop), reported in `split`.
 * - before (notify ≥ N days before launch/release): due = the anchor date minus N days (a
 *   date-only anchor: the end of that local day; an instant: the same wall-clock time N days
 *   earlier). Met when a `stop` event (the notice) exists at or before due — boundaries are
 *   inclusive: a notice exactly N days before is met.
 * - after (analysis ≤ N days after the end): due = anchor plus N days, same rules.
 * - weekly (a report every Monday): due = the end of the next policy.weekday (default Monday)
 *   in the calendar's zone, counting today; with businessTime, a due day that is not a working
 *   day (a holiday Monday) moves to the week's next working day; met when a `stop` event exists
 *   in the period since the previous due. A weekly clock is never 'breached' (its due is always ahead); `previousMet`
 *   says whether last week's report came.
 * For before/after with businessTime (the default), N counts working days of the calendar
 * (the owner team's: `calendarForPolicy`); businessTime false keeps calendar days.
 * At-risk when remaining ≤ atRiskShare × target (elapsed: the minutes target; before/after:
 * N days; weekly: 7 days). Remaining is business time when policy.businessTime.
 */
import { TZDate } from '@date-fns/tz';
import { addDays as dfAddDays } from 'date-fns';
import type { BusinessCalendar, ItemDates, SlaEvent, SlaPolicy, SlaState, Team } from './schemas';
import { DEFAULT_CALENDAR, DEFAULT_CALENDAR_ID } from './defaults';
import {
  addBusinessDays,
  addBusinessMs,
  addDays,
  businessMsBetween,
  isBusinessDay,
  isoWeekday,
  localDate,
  startOfLocalDay,
  subtractBusinessMs,
  toMs,
  zonedTime,
  type TimeInput,
} from './calendar';

/** What one clock needs besides the policy: its events and the item's dates. */
export interface SlaContext {
  /** Events of this clock (this item and policy); other policies' events are ignored. Any order. */
  events?: readonly (Pick<SlaEvent, 'type' | 'at' | 'policyId'> & { by?: string })[];
  /** The item's dates (snapshot dates merged with the user's meta dates). */
  dates?: ItemDates;
  /** elapsed policies: which target applies, e.g. 'high' / 'normal' (lead intent) or a priority name. */
  targetKey?: string;
}

export interface SlaClock {
  policyId: string;
  state: SlaState;
  /**
   * ISO 8601 UTC instant (…Z) at which the clock turns breached (a date-only deadline: the
   * local midnight that ends the due day). Null while an elapsed clock is paused (the deadline
   * moves on resume). For a stopped elapsed clock: when it would have been due.
   */
  dueAt: string | null;
  /** When the clock started counting (elapsed: first start; weekly: start of the period); null if unknown. */
  startedAt: string | null;
  /** Time counted so far (business time when the policy is business-time), ms. */
  elapsedMs: number;
  /** Time left until due (business time when the policy is business-time); negative when breached. */
  remainingMs: number;
  /** The target the clock is measured against, ms (elapsed: minutes target; before/after: N days; weekly: 7 days). */
  targetMs: number;
  /** Exact ISO UTC instant of the next state change if no event happens; null when none is scheduled. */
  nextChangeAt: string | null;
  /** When it was met / stopped, ISO UTC. */
  metAt?: string;
  /** elapsed policies with an `assign` event: routing (start → assign) and response (assign → stop/now), ms. */
  split?: { routingMs: number; responseMs: number };
  /** weekly: whether the previous period had its stop event (the report); absent for other kinds. */
  previousMet?: boolean;
  /** The target key actually used (elapsed). */
  targetKey?: string;
}

/**
 * Evaluate one SLA clock at `now`. Returns null when the clock does not apply yet: an
 * elapsed policy with no start event, or a before/after policy whose anchor date is missing.
 */
export function evaluate(
  policy: SlaPolicy,
  ctx: SlaContext,
  now: TimeInput,
  calendar: BusinessCalendar,
): SlaClock | null {
  const nowMs = toMs(now);
  const events: Ev[] = [];
  for (const e of ctx.events ?? []) {
    if (e.policyId !== policy.id) continue;
    const at = toMs(e.at);
    if (at <= nowMs) events.push({ type: e.type, at, ...(e.by === CONTACT_TIME_UNKNOWN ? { unknown: true } : {}) });
  }
  events.sort((a, b) => a.at - b.at);
  const m = new Measure(policy, calendar);
  switch (policy.kind) {
    case 'elapsed':
      return evaluateElapsed(policy, ctx, events, nowMs, m);
    case 'before':
    case 'after':
      return evaluateDeadline(policy, ctx, events, nowMs, m, calendar);
    case 'weekly':
      return evaluateWeekly(policy, ctx, events, nowMs, m, calendar);
  }
}

/**
 * The calendar a policy's clocks use — the one rule for the panel, the inbox, the digest and the
 * notifier: the policy's own calendar when it names one that exists, else the owner team's
 * calendar, else the default calendar, else the first calendar, else the built-in default.
 */
export function calendarForPolicy(
  policy: Pick<SlaPolicy, 'calendarId' | 'ownerTeamId'>,
  calendars: readonly BusinessCalendar[],
  teams: readonly Pick<Team, 'id' | 'calendarId'>[] = [],
): BusinessCalendar {
  const byId = (id: string | undefined) => (id ? calendars.find((c) => c.id === id) : undefined);
  return (
    byId(policy.calendarId) ??
    byId(teams.find((t) => t.id === policy.ownerTeamId)?.calendarId) ??
    byId(DEFAULT_CALENDAR_ID) ??
    calendars[0] ??
    DEFAULT_CALENDAR
  );
}

/**
 * The `by` of a stop event recorded from evidence that shows contact happened but not when (a
 * lead status already past "New" the first time the record was seen). Its clock reads 'unknown':
 * never breached, not counted in hit rates.
 */
export const CONTACT_TIME_UNKNOWN = 'contact-time-unknown';

/** Alias of evaluate, for readability at call sites. */
export const evaluateSla = evaluate;

/** Share of finished clocks (met, or breached) that were met; null when none finished. 'unknown' clocks are left out. */
export function slaCompliance(clocks: readonly (SlaClock | null)[]): { finished: number; met: number; share: number | null } {
  let finished = 0;
  let met = 0;
  for (const c of clocks) {
    if (!c) continue;
    if (c.state === 'met') {
      met++;
      finished++;
    } else if (c.state === 'breached') finished++;
  }
  return { finished, met, share: finished ? met / finished : null };
}

// ───────────────────────────── internals ─────────────────────────────

interface Ev {
  type: SlaEvent['type'];
  at: number;
  /** A stop whose real time is unknown (CONTACT_TIME_UNKNOWN). */
  unknown?: boolean;
}

const DAY_MS = 86_400_000;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Wall or business time, depending on the policy. */
class Measure {
  readonly business: boolean;
  constructor(
    policy: SlaPolicy,
    readonly cal: BusinessCalendar,
  ) {
    this.business = policy.businessTime !== false;
  }
  between(a: number, b: number): number {
    return this.business ? businessMsBetween(this.cal, a, b) : b - a;
  }
  add(a: number, ms: number): number {
    return this.business ? addBusinessMs(this.cal, a, ms) : a + ms;
  }
  sub(b: number, ms: number): number {
    return this.business ? subtractBusinessMs(this.cal, b, ms) : b - ms;
  }
}

function pickTarget(policy: SlaPolicy, key: string | undefined): { key: string; minutes: number } | null {
  const targets = policy.targets ?? {};
  if (key !== undefined && targets[key] !== undefined) return { key, minutes: targets[key] };
  if (targets.normal !== undefined) return { key: 'normal', minutes: targets.normal };
  let best: { key: string; minutes: number } | null = null;
  for (const [k, v] of Object.entries(targets)) if (!best || v < best.minutes) best = { key: k, minutes: v };
  return best;
}

function evaluateElapsed(policy: SlaPolicy, ctx: SlaContext, events: Ev[], nowMs: number, m: Measure): SlaClock | null {
  const startIdx = events.findIndex((e) => e.type === 'start');
  if (startIdx < 0) return null;
  const target = pickTarget(policy, ctx.targetKey);
  if (!target) return null;
  const targetMs = target.minutes * 60_000;
  const startAt = events[startIdx]!.at;

  // Running intervals; the last may be open (end null = still running at now).
  const intervals: { s: number; e: number | null }[] = [];
  let runningSince: number | null = startAt;
  let stopAt: number | null = null;
  let assignAt: number | null = null;
  for (let i = startIdx + 1; i < events.length; i++) {
    const ev = events[i]!;
    if (ev.type === 'pause' && runningSince !== null) {
      intervals.push({ s: runningSince, e: ev.at });
      runningSince = null;
    } else if (ev.type === 'resume' && runningSince === null) {
      runningSince = ev.at;
    } else if (ev.type === 'assign' && assignAt === null) {
      assignAt = ev.at;
    } else if (ev.type === 'stop') {
      stopAt = ev.at;
      if (runningSince !== null) intervals.push({ s: runningSince, e: ev.at });
      runningSince = null;
      break;
    }
  }
  if (runningSince !== null) intervals.push({ s: runningSince, e: null });
  const paused = stopAt === null && runningSince === null;

  const consumedUntil = (limit: number): number => {
    let sum = 0;
    for (const iv of intervals) {
      const e = Math.min(iv.e ?? limit, limit);
      if (e > iv.s) sum += m.between(iv.s, e);
    }
    return sum;
  };
  const consumed = consumedUntil(nowMs);

  /** The instant at which `amount` of running time has been consumed; `extendLast` treats the last interval as open. */
  const instantOf = (amount: number, extendLast: boolean): number | null => {
    let cum = 0;
    for (let i = 0; i < intervals.length; i++) {
      const iv = intervals[i]!;
      const open = iv.e === null || (extendLast && i === intervals.length - 1);
      if (!open) {
        const len = m.between(iv.s, iv.e!);
        if (cum + len >= amount && len > 0) return m.add(iv.s, amount - cum);
        cum += len;
      } else {
        return m.add(iv.s, Math.max(0, amount - cum));
      }
    }
    return null;
  };

  const thresholdMs = (policy.atRiskShare ?? 0.25) * targetMs;
  const clock: SlaClock = {
    policyId: policy.id,
    state: 'on-track',
    dueAt: null,
    startedAt: iso(startAt),
    elapsedMs: consumed,
    remainingMs: targetMs - consumed,
    targetMs,
    nextChangeAt: null,
    targetKey: target.key,
  };
  if (assignAt !== null) {
    const routingMs = consumedUntil(assignAt);
    clock.split = { routingMs, responseMs: consumed - routingMs };
  }

  const stopEv = events.find((e, i) => i > startIdx && e.type === 'stop');
  if (stopAt !== null && stopEv?.unknown) {
    // Contacted, but the page never said when: neither met nor breached.
    const due = instantOf(targetMs, true);
    clock.dueAt = due === null ? null : iso(due);
    clock.state = 'unknown';
    clock.elapsedMs = 0;
    clock.remainingMs = 0;
    delete clock.split;
    return clock;
  }
  if (stopAt !== null) {
    clock.metAt = iso(stopAt);
    const due = instantOf(targetMs, true);
    clock.dueAt = due === null ? null : iso(due);
    clock.state = consumed <= targetMs ? 'met' : 'breached';
    return clock;
  }
  if (consumed >= targetMs) {
    const due = instantOf(targetMs, false);
    clock.dueAt = due === null ? null : iso(due);
    clock.state = 'breached';
    return clock;
  }
  if (paused) {
    clock.state = 'paused';
    return clock;
  }
  const due = instantOf(targetMs, false)!;
  const riskAt = instantOf(targetMs - thresholdMs, false)!;
  clock.dueAt = iso(due);
  if (nowMs >= due) {
    // Consumption rounding can leave a sub-millisecond gap; the instant decides.
    clock.state = 'breached';
  } else if (nowMs >= riskAt || targetMs - consumed <= thresholdMs) {
    clock.state = 'at-risk';
    clock.nextChangeAt = iso(due);
  } else {
    clock.state = 'on-track';
    clock.nextChangeAt = iso(riskAt < due ? riskAt : due);
  }
  return clock;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The breach instant (epoch ms) of a before/after policy from its anchor value (a date-only
 * anchor: the local midnight ending the due day). The same rule the clocks use; exported so
 * that date-conflict checks agree with the clocks.
 */
export function deadlineOf(policy: SlaPolicy, anchor: string, cal: BusinessCalendar): number {
  const days = policy.days ?? 0;
  const sign = policy.kind === 'before' ? -1 : 1;
  const business = policy.businessTime !== false;
  const tz = cal.timeZone;
  if (DATE_ONLY.test(anchor)) {
    const dueDate = business ? addBusinessDays(cal, anchor, sign * days) : addDays(anchor, sign * days);
    return startOfLocalDay(tz, addDays(dueDate, 1));
  }
  const ms = toMs(anchor);
  if (!business) return dfAddDays(new TZDate(ms, tz), sign * days).getTime();
  // Same local wall-clock time, N working days earlier/later.
  const local = new TZDate(ms, tz);
  const dueDate = addBusinessDays(cal, localDate(tz, ms), sign * days);
  const hh = String(local.getHours()).padStart(2, '0');
  const mm = String(local.getMinutes()).padStart(2, '0');
  return zonedTime(tz, dueDate, `${hh}:${mm}`) + local.getSeconds() * 1000 + local.getMilliseconds();
}

function workingDayMs(cal: BusinessCalendar): number {
  const [sh, sm] = (cal.start ?? '09:00').split(':').map(Number) as [number, number];
  const [eh, em] = (cal.end ?? '18:00').split(':').map(Number) as [number, number];
  return Math.max(0, (eh * 60 + em - (sh * 60 + sm)) * 60_000);
}

function evaluateDeadline(
  policy: SlaPolicy,
  ctx: SlaContext,
  events: Ev[],
  nowMs: number,
  m: Measure,
  cal: BusinessCalendar,
): SlaClock | null {
  const anchorKey = policy.anchor ?? (policy.kind === 'before' ? 'launch' : 'end');
  const anchor = ctx.dates?.[anchorKey];
  if (!anchor) return null;
  const due = deadlineOf(policy, anchor, cal);
  const days = policy.days ?? 0;
  const targetMs = days * (m.business ? workingDayMs(cal) : DAY_MS);
  const thresholdMs = (policy.atRiskShare ?? 0.25) * targetMs;
  const stop = events.find((e) => e.type === 'stop');
  const startEv = events.find((e) => e.type === 'start');
  const startedMs = startEv?.at ?? (ctx.dates?.created ? toMs(ctx.dates.created) : null);
  const until = stop ? stop.at : nowMs;
  const clock: SlaClock = {
    policyId: policy.id,
    state: 'on-track',
    dueAt: iso(due),
    startedAt: startedMs === null ? null : iso(startedMs),
    elapsedMs: startedMs === null || until < startedMs ? 0 : m.between(startedMs, until),
    remainingMs: m.between(until, due),
    targetMs,
    nextChangeAt: null,
  };
  // Inclusive boundary: a date-only due is the midnight ending the due day (the next day is late);
  // an instant due is itself on time (a notice exactly N days before is met).
  const inclusive = !DATE_ONLY.test(anchor);
  const late = (t: number): boolean => (inclusive ? t > due : t >= due);
  if (stop) {
    clock.metAt = iso(stop.at);
    clock.state = late(stop.at) ? 'breached' : 'met';
    return clock;
  }
  if (late(nowMs)) {
    clock.state = 'breached';
    return clock;
  }
  const riskAt = thresholdMs > 0 ? m.sub(due, thresholdMs) : due;
  if (nowMs >= riskAt) {
    clock.state = 'at-risk';
    clock.nextChangeAt = iso(inclusive ? due + 1 : due);
  } else {
    clock.nextChangeAt = iso(riskAt);
  }
  return clock;
}

/**
 * The due date of a weekly policy in the ISO week starting on `monday`: its weekday, or with
 * businessTime, when that day is not a working day (a holiday Monday), the week's next working
 * day after it (the day itself when the rest of the week does not work either).
 */
export function weeklyDueDate(policy: Pick<SlaPolicy, 'weekday' | 'businessTime'>, cal: BusinessCalendar, monday: string): string {
  const weekday = policy.weekday ?? 1;
  const day = addDays(monday, weekday - 1);
  if (policy.businessTime === false) return day;
  for (let d = day, i = weekday; i <= 7; i++, d = addDays(d, 1)) if (isBusinessDay(cal, d)) return d;
  return day;
}

function evaluateWeekly(
  policy: SlaPolicy,
  _ctx: SlaContext,
  events: Ev[],
  nowMs: number,
  m: Measure,
  cal: BusinessCalendar,
): SlaClock {
  const tz = cal.timeZone;
  const today = localDate(tz, nowMs);
  const monday = addDays(today, 1 - isoWeekday(today));
  let dueDate = weeklyDueDate(policy, cal, monday);
  if (dueDate < today) dueDate = weeklyDueDate(policy, cal, addDays(monday, 7));
  const dueMonday = addDays(dueDate, 1 - isoWeekday(dueDate));
  const prevDue = weeklyDueDate(policy, cal, addDays(dueMonday, -7));
  const prevPrevDue = weeklyDueDate(policy, cal, addDays(dueMonday, -14));
  const due = startOfLocalDay(tz, addDays(dueDate, 1));
  const periodStart = startOfLocalDay(tz, addDays(prevDue, 1));
  const prevStart = startOfLocalDay(tz, addDays(prevPrevDue, 1));
  const targetMs = m.between(periodStart, due);
  const thresholdMs = (policy.atRiskShare ?? 0.25) * targetMs;
  const stop = events.find((e) => e.type === 'stop' && e.at >= periodStart && e.at < due);
  const prevMet = events.some((e) => e.type === 'stop' && e.at >= prevStart && e.at < periodStart);
  const clock: SlaClock = {
    policyId: policy.id,
    state: 'on-track',
    dueAt: iso(due),
    startedAt: iso(periodStart),
    elapsedMs: m.between(periodStart, stop ? stop.at : nowMs),
    remainingMs: m.between(stop ? stop.at : nowMs, due),
    targetMs,
    nextChangeAt: iso(due),
    previousMet: prevMet,
  };
  if (stop) {
    clock.state = 'met';
    clock.metAt = iso(stop.at);
    return clock;
  }
  const riskAt = thresholdMs > 0 ? m.sub(due, thresholdMs) : due;
  if (nowMs >= riskAt) clock.state = 'at-risk';
  else clock.nextChangeAt = iso(riskAt);
  return clock;
}
