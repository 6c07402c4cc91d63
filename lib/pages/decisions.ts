/**
 * Decisions of the weekly sync outside the agenda: their SLA clocks as inbox entries (the popup,
 * the side panel and the toolbar badge list them like any other clock at risk or breached), and
 * the helpers the agenda's form uses to make a new decision. Pure: no browser APIs.
 */
import { DecisionSchema, decisionClock, decisionPolicy, type Decision, type DecisionOwner } from '../core/decision';
import type { BusinessCalendar, Team } from '../core/schemas';
import { calendarForPolicy } from '../core/sla';
import type { SlaPolicy } from '../core/schemas';
import type { SlaClock } from '../core/sla';

/** The key under which a decision appears where items do (inbox rows). Not a host item key. */
export function decisionKey(id: string): string {
  return `decision:${id}`;
}

/** An open decision whose clock needs someone: the inbox makes it a card (lib/pages/inbox.ts). */
export interface DecisionInboxEntry {
  itemKey: string;
  title: string;
  policy: SlaPolicy;
  clock: SlaClock;
  decision: Decision;
}

export interface DecisionInboxScope {
  /** The user's teams; empty = all. */
  teamIds: readonly string[];
  /** The user's person id, to match decisions owned by that person. */
  personId?: string | undefined;
}

/** Open decisions whose clock is at risk or breached, for the user's teams (owner or the team it was recorded under) or the user. */
export function decisionInboxEntries(
  ws: { decisions?: readonly Decision[]; calendars: readonly BusinessCalendar[]; teams: readonly Team[] },
  scope: DecisionInboxScope,
  now: number,
): DecisionInboxEntry[] {
  const mine = new Set(scope.teamIds);
  const out: DecisionInboxEntry[] = [];
  for (const d of ws.decisions ?? []) {
    if (d.state === 'done') continue;
    const ownerTeam = d.owner.type === 'team' ? d.owner.teamId : undefined;
    const isMine =
      mine.size === 0 ||
      (ownerTeam !== undefined && mine.has(ownerTeam)) ||
      (d.teamId !== undefined && mine.has(d.teamId)) ||
      (d.owner.type === 'person' && scope.personId !== undefined && d.owner.personId === scope.personId);
    if (!isMine) continue;
    const policy = decisionPolicy(d);
    const clock = decisionClock(d, calendarForPolicy(policy, ws.calendars, ws.teams), now);
    if (clock.state !== 'at-risk' && clock.state !== 'breached') continue;
    out.push({ itemKey: decisionKey(d.id), title: d.text, policy, clock, decision: d });
  }
  return out;
}

/** A new decision's id: time-ordered and unique enough across devices. */
export function newDecisionId(now: number, random: () => number = Math.random): string {
  return `dec-${now.toString(36)}-${Math.floor(random() * 36 ** 6)
    .toString(36)
    .padStart(6, '0')}`;
}

/** Parse a decision from the form's fields; returns the zod issues by field when invalid. */
export function parseDecision(input: {
  id: string;
  text: string;
  owner: DecisionOwner | undefined;
  due: string;
  createdAt: string;
  week?: string | undefined;
  teamId?: string | undefined;
  by?: string | undefined;
  state?: Decision['state'];
  doneAt?: string | undefined;
}): { ok: true; decision: Decision } | { ok: false; fields: Partial<Record<'text' | 'owner' | 'due', string>> } {
  const r = DecisionSchema.safeParse({
    id: input.id,
    text: input.text,
    owner: input.owner,
    due: input.due,
    state: input.state ?? 'open',
    createdAt: input.createdAt,
    ...(input.doneAt ? { doneAt: input.doneAt } : {}),
    ...(input.week ? { week: input.week } : {}),
    ...(input.teamId ? { teamId: input.teamId } : {}),
    ...(input.by ? { by: input.by } : {}),
  });
  if (r.success) return { ok: true, decision: r.data };
  const fields: Partial<Record<'text' | 'owner' | 'due', string>> = {};
  for (const i of r.error.issues) {
    const f = i.path[0];
    if ((f === 'text' || f === 'owner' || f === 'due') && !fields[f]) fields[f] = i.code;
  }
  return { ok: false, fields };
}
