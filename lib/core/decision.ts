/**
 * Decisions of the weekly cross-team sync (DOMAIN.md §6: "decisions go into the shared table with
 * an owner and a deadline"). A decision is a store collection (`decisions`), so it syncs with the
 * team like every other entity, and each one is a tracked item with an SLA clock: the core's
 * before/after deadline clock (lib/core/sla.ts) anchored on the decision's deadline day, in the
 * owner team's business calendar. Pure: no browser APIs.
 */
import './zod-config';
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { subtractBusinessMs } from './calendar';
import { DateOnlySchema, IdSchema, InstantSchema, type BusinessCalendar, type SlaPolicy } from './schemas';
import { evaluate, type SlaClock } from './sla';

export const DecisionOwnerSchema = /* @__PURE__ */ lazySchema(() =>
  z.discriminatedUnion('type', [
  z.object({ type: z.literal('team'), teamId: IdSchema }).strict(),
  z
    .object({
      type: z.literal('person'),
      name: z.string().trim().min(1).max(120),
      /** The person's id when they are in the workspace's people. */
      personId: IdSchema.optional(),
    })
    .strict(),
  ]),
);
export type DecisionOwner = z.infer<typeof DecisionOwnerSchema>;

export const DecisionSchema = /* @__PURE__ */ lazySchema(() =>
  z
  .object({
    id: IdSchema,
    /** What was decided ("Move the SEO-course launch to May 15"). */
    text: z.string().trim().min(1).max(1000),
    owner: DecisionOwnerSchema,
    /** The deadline: the end of this day in the owner's calendar. */
    due: DateOnlySchema,
    state: z.enum(['open', 'done']),
    createdAt: InstantSchema,
    /** When it was marked done (absent while open). */
    doneAt: InstantSchema.optional(),
    /** The Monday of the sync week in which it was taken (the team's time zone). */
    week: DateOnlySchema.optional(),
    /** The team whose part of the agenda it came from, if any. */
    teamId: IdSchema.optional(),
    /** Who recorded it (a person's name as this device knows it). */
    by: z.string().max(120).optional(),
  })
  .strict(),
);
export type Decision = z.infer<typeof DecisionSchema>;

/** The id of the decisions' SLA policy (built in code, not a stored policy). */
export const DECISION_POLICY_ID = 'sync-decision';

/**
 * The SLA policy of a decision: done by the end of its deadline day (a `before` clock with 0 days,
 * anchored on `due`). Owned by the owner team (a person's decision: the team it was recorded under).
 */
export function decisionPolicy(d: Pick<Decision, 'owner' | 'teamId'>, name = 'Decision of the weekly sync'): SlaPolicy {
  const ownerTeamId = d.owner.type === 'team' ? d.owner.teamId : (d.teamId ?? 'sync');
  return {
    id: DECISION_POLICY_ID,
    name,
    ownerTeamId,
    involvedTeamIds: d.teamId && d.teamId !== ownerTeamId ? [d.teamId] : [],
    kind: 'before',
    anchor: 'due',
    days: 0,
    atRiskShare: 0,
    businessTime: true,
    appliesTo: [],
  };
}

function workingDayMs(cal: BusinessCalendar): number {
  const [sh, sm] = (cal.start ?? '09:00').split(':').map(Number) as [number, number];
  const [eh, em] = (cal.end ?? '18:00').split(':').map(Number) as [number, number];
  return Math.max(0, (eh * 60 + em - (sh * 60 + sm)) * 60_000);
}

/**
 * The decision's clock at `now`: met when done by the end of its deadline day, breached after it,
 * at risk when one working day (of the calendar) or less is left, else on track. The core clock
 * decides met/breached and the due instant; with 0 days it has no at-risk window of its own, so the
 * last working day before the deadline is the decision's at-risk window.
 */
export function decisionClock(d: Decision, calendar: BusinessCalendar, now: number | string | Date): SlaClock {
  const policy = decisionPolicy(d);
  const events = d.state === 'done' && d.doneAt ? [{ type: 'stop' as const, at: d.doneAt, policyId: policy.id }] : [];
  const clock = evaluate(policy, { events, dates: { due: d.due, created: d.createdAt } }, now, calendar)!;
  if (clock.state === 'on-track' && clock.dueAt) {
    const day = workingDayMs(calendar);
    const due = Date.parse(clock.dueAt);
    const riskAt = subtractBusinessMs(calendar, due, day);
    const nowMs = new Date(now).getTime();
    if (nowMs >= riskAt) return { ...clock, state: 'at-risk', targetMs: day, nextChangeAt: new Date(due).toISOString() };
    return { ...clock, targetMs: day, nextChangeAt: new Date(riskAt).toISOString() };
  }
  return clock;
}
