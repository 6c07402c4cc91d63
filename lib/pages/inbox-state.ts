/**
 * The inbox's personal state: what this person snoozed (an item, until an instant) and what they
 * marked done that is not an SLA clock (a blocker, a brief gap, a KPI off track… dismissed as it is
 * now: each problem's fingerprint, so a problem that changes comes back). Personal, so it lives in
 * this browser profile only: one storage.local key the store does not own (never synced), parsed
 * with zod, and never throws on a stored value from another version (it is then ignored).
 * Pure: no browser APIs (components/pages/inbox-storage.ts reads and writes the key).
 */
import { z } from 'zod';
import { TZDate } from '@date-fns/tz';
import { ItemKeySchema } from '../core/item-ref';
import { InstantSchema } from '../core/schemas';
import { lazySchema } from '../core/lazy-schema';

export const INBOX_STATE_KEY = 'inbox:state';

/** At most this many snoozes and dismissals are kept (the oldest go first). */
export const MAX_ENTRIES = 2000;

export const SnoozeSchema = /* @__PURE__ */ lazySchema(() => z
  .object({
    itemKey: ItemKeySchema,
    /** The card comes back at this instant (ISO UTC). */
    until: InstantSchema,
    /** When it was snoozed. */
    at: InstantSchema,
    /** The card's severity when snoozed (0 = worst): it comes back early if it gets worse than this. */
    severity: z.number().int().min(0).max(9),
  })
  .strict());
export type Snooze = z.infer<typeof SnoozeSchema>;

export const DismissalSchema = /* @__PURE__ */ lazySchema(() => z
  .object({
    itemKey: ItemKeySchema,
    /** Fingerprints of the problems marked done (lib/pages/inbox.ts problemPrint). */
    prints: z.array(z.string().min(1).max(600)).max(100),
    at: InstantSchema,
  })
  .strict());
export type Dismissal = z.infer<typeof DismissalSchema>;

export const InboxStateSchema = /* @__PURE__ */ lazySchema(() => z
  .object({
    v: z.literal(1).default(1),
    snoozed: z.array(SnoozeSchema).max(MAX_ENTRIES).default([]),
    dismissed: z.array(DismissalSchema).max(MAX_ENTRIES).default([]),
  })
  .strict());
export type InboxState = z.infer<typeof InboxStateSchema>;

export const EMPTY_INBOX_STATE: InboxState = { v: 1, snoozed: [], dismissed: [] };

/** The stored state, or an empty one when missing or unreadable (a stored value is never trusted unparsed). */
export function parseInboxState(raw: unknown): InboxState {
  if (raw === undefined || raw === null) return EMPTY_INBOX_STATE;
  const r = InboxStateSchema.safeParse(raw);
  if (r.success) return r.data;
  // Keep what is still valid entry by entry rather than losing every snooze for one bad row.
  const obj = (typeof raw === 'object' ? raw : {}) as { snoozed?: unknown; dismissed?: unknown };
  const pick = <T>(list: unknown, schema: z.ZodType<T>): T[] =>
    Array.isArray(list) ? list.flatMap((x) => {
      const p = schema.safeParse(x);
      return p.success ? [p.data] : [];
    }).slice(-MAX_ENTRIES) : [];
  return { v: 1, snoozed: pick(obj.snoozed, SnoozeSchema), dismissed: pick(obj.dismissed, DismissalSchema) };
}

/** The snooze of an item that is still running at `now`, if any. */
export function activeSnooze(state: InboxState, itemKey: string, nowMs: number): Snooze | undefined {
  return state.snoozed.find((s) => s.itemKey === itemKey && Date.parse(s.until) > nowMs);
}

export function withSnooze(state: InboxState, snooze: Snooze): InboxState {
  const rest = state.snoozed.filter((s) => s.itemKey !== snooze.itemKey);
  return { ...state, snoozed: [...rest, SnoozeSchema.parse(snooze)].slice(-MAX_ENTRIES) };
}

export function withoutSnooze(state: InboxState, itemKey: string): InboxState {
  return { ...state, snoozed: state.snoozed.filter((s) => s.itemKey !== itemKey) };
}

/** Add fingerprints to an item's dismissal (done on its current problems). */
export function withDismissed(state: InboxState, itemKey: string, prints: readonly string[], at: string): InboxState {
  const prev = state.dismissed.find((d) => d.itemKey === itemKey);
  const merged = [...new Set([...(prev?.prints ?? []), ...prints])].slice(-100);
  const rest = state.dismissed.filter((d) => d.itemKey !== itemKey);
  return { ...state, dismissed: [...rest, DismissalSchema.parse({ itemKey, prints: merged, at })].slice(-MAX_ENTRIES) };
}

/** Undo: forget these fingerprints of an item. */
export function withoutDismissed(state: InboxState, itemKey: string, prints: readonly string[]): InboxState {
  const drop = new Set(prints);
  const dismissed = state.dismissed.flatMap((d) => {
    if (d.itemKey !== itemKey) return [d];
    const left = d.prints.filter((p) => !drop.has(p));
    return left.length ? [{ ...d, prints: left }] : [];
  });
  return { ...state, dismissed };
}

/**
 * Drop what no longer matters: snoozes that ended and dismissed fingerprints no current problem
 * has any more (the problem was solved or changed, so its dismissal can never match again).
 * `currentPrints` maps each item with problems to its problems' fingerprints.
 */
export function pruneInboxState(state: InboxState, nowMs: number, currentPrints: ReadonlyMap<string, readonly string[]>): InboxState {
  const snoozed = state.snoozed.filter((s) => Date.parse(s.until) > nowMs);
  const dismissed = state.dismissed.flatMap((d) => {
    const live = new Set(currentPrints.get(d.itemKey) ?? []);
    const left = d.prints.filter((p) => live.has(p));
    return left.length ? [{ ...d, prints: left }] : [];
  });
  if (snoozed.length === state.snoozed.length && dismissed.length === state.dismissed.length && dismissed.every((d, i) => d.prints.length === state.dismissed[i]!.prints.length)) return state;
  return { ...state, snoozed, dismissed };
}

/** The soonest instant (epoch ms) a snooze ends after `now`; null when none is running. */
export function nextSnoozeEnd(state: InboxState, nowMs: number): number | null {
  let best: number | null = null;
  for (const s of state.snoozed) {
    const t = Date.parse(s.until);
    if (t > nowMs && (best === null || t < best)) best = t;
  }
  return best;
}

// ───────────── when a snooze ends, in the person's own time zone ─────────────

/** Snoozes end at the start of the working morning, in the person's zone. */
export const SNOOZE_HOUR = 9;

function zonedParts(ms: number, timeZone: string): { y: number; m: number; d: number; weekday: number } {
  const z = new TZDate(ms, timeZone);
  return { y: z.getFullYear(), m: z.getMonth(), d: z.getDate(), weekday: z.getDay() };
}

/** 09:00 on a calendar day (YYYY-MM-DD) in the zone, as ISO UTC; null for a malformed date. */
export function snoozeUntilDate(day: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const z = new TZDate(y, mo, d, SNOOZE_HOUR, 0, 0, timeZone);
  if (Number.isNaN(z.getTime()) || z.getMonth() !== mo) return null;
  return new Date(z.getTime()).toISOString();
}

/** The day (YYYY-MM-DD) `days` after today in the zone. */
export function dayAfter(nowMs: number, timeZone: string, days: number): string {
  const p = zonedParts(nowMs, timeZone);
  const z = new TZDate(p.y, p.m, p.d + days, 12, 0, 0, timeZone);
  const q = zonedParts(z.getTime(), timeZone);
  return `${q.y}-${String(q.m + 1).padStart(2, '0')}-${String(q.d).padStart(2, '0')}`;
}

export interface SnoozeChoice {
  id: 'tomorrow' | 'next-monday' | 'next-week';
  /** The calendar day in the person's zone. */
  day: string;
  /** 09:00 that day, ISO UTC. */
  until: string;
}

/** Quick choices: tomorrow, next Monday (a week on Monday when today is Monday), in a week. */
export function snoozeChoices(nowMs: number, timeZone: string): SnoozeChoice[] {
  const weekday = zonedParts(nowMs, timeZone).weekday; // 0 = Sunday
  const toMonday = ((8 - weekday) % 7) || 7;
  const mk = (id: SnoozeChoice['id'], days: number): SnoozeChoice => {
    const day = dayAfter(nowMs, timeZone, days);
    return { id, day, until: snoozeUntilDate(day, timeZone)! };
  };
  const out = [mk('tomorrow', 1), mk('next-monday', toMonday), mk('next-week', 7)];
  // Tomorrow may be next Monday (on a Sunday): say it once.
  return out.filter((c, i) => out.findIndex((o) => o.day === c.day) === i);
}
