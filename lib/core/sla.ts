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
 *   earlier). Met when a `stop` event (the notice) exists at or before due.
 * - after (analysis ≤ N days after the end): due = anchor plus N days, same rules.
 * - weekly (a report every Monday): due = the end of the next policy.weekday (default Monday)
 *   in the calendar's zone, counting today; met when a `stop` event exists in the 7 days
 *   ending at due.
 * For before/after with businessTime, N counts working days of the calendar.
 * At-risk when remaining ≤ atRiskShare × target (elapsed: the minutes target; before/after:
 * N days; weekly: 7 days). Remaining is business time when policy.businessTime.
 */
import type { ItemDates, SlaEvent, SlaPolicy, SlaState } from './schemas';
import type { BusinessCalendar } from './schemas';
import type { TimeInput } from './calendar';

/** What one clock needs besides the policy: its events and the item's dates. */
export interface SlaContext {
  /** Events of this clock (this item and policy); other policies' events are ignored. Any order. */
  events?: readonly Pick<SlaEvent, 'type' | 'at' | 'policyId'>[];
  /** The item's dates (snapshot dates merged with the user's meta dates). */
  dates?: ItemDates;
  /** elapsed policies: which target applies, e.g. 'high' / 'normal' (lead intent) or a priority name. */
  targetKey?: string;
}

export interface SlaClock {
  policyId: string;
  state: SlaState;
  /** ISO 8601 UTC instant (…Z) of the deadline; null while paused (the deadline moves on resume). */
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
  split?: { routingMs: number; responseMs: number | null };
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
  throw new Error('not implemented');
}

/** Alias of evaluate, for readability at call sites. */
export const evaluateSla = evaluate;

/** Share of clocks (met or breached-and-stopped) that were met; null when none finished. */
export function slaCompliance(clocks: readonly (SlaClock | null)[]): { finished: number; met: number; share: number | null } {
  throw new Error('not implemented');
}
