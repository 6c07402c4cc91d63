/**
 * The weekly sync agenda (DOMAIN.md §6): the chosen week (Monday to Monday in the team's time
 * zone), per team the three questions — what we did, how it affected the others, what we need from
 * you — from the digest's lines (lib/pages/digest.ts), teams with news first and teams with nothing
 * to report last; the decisions of the sync with their SLA clocks; the coordination measures over
 * the last 8 weeks (lib/pages/measures.ts); and the whole agenda as Markdown.
 * Pure: no browser APIs.
 */
import { addDays, isoWeekday, localDate, startOfLocalDay } from '../core/calendar';
import { decisionClock, type Decision } from '../core/decision';
import type { BusinessCalendar, Person, Team } from '../core/schemas';
import type { SlaClock } from '../core/sla';
import { buildDigest, lineMarkdown, mdEscape, type DigestFormat, type DigestInput, type DigestStrings, type TeamDigest } from './digest';
import { calendarFor } from './inbox';
import type { Week, WeekMeasures } from './measures';

/** How many weeks the trends show. */
export const TREND_WEEKS = 8;

/** The week containing `now` and the `count - 1` weeks before it, newest first, in a time zone. */
export function agendaWeeks(now: number | string | Date, timeZone: string, count = TREND_WEEKS): Week[] {
  const today = localDate(timeZone, new Date(now).getTime());
  const monday = addDays(today, 1 - isoWeekday(today));
  const out: Week[] = [];
  for (let i = 0; i < count; i++) {
    const m = addDays(monday, -7 * i);
    out.push({ monday: m, from: new Date(startOfLocalDay(timeZone, m)).toISOString(), to: new Date(startOfLocalDay(timeZone, addDays(m, 7))).toISOString() });
  }
  return out;
}

export interface AgendaTeam extends TeamDigest {
  /** Whether the team has anything to report this week (any line in the three questions). */
  hasNews: boolean;
}

export interface AgendaDecision {
  decision: Decision;
  clock: SlaClock;
}

export interface Agenda {
  week: Week;
  /** Teams with news first (in the workspace's team order), then the teams with nothing to report. */
  teams: AgendaTeam[];
  /** Decisions taken this week, and older ones still open (the sync reviews them), open first by deadline. */
  decisions: AgendaDecision[];
}

export type AgendaInput = Omit<DigestInput, 'from' | 'to'> & {
  week: Week;
  decisions: readonly Decision[];
  calendars: readonly BusinessCalendar[];
  teams: readonly Team[];
};

/** The calendar a decision's clock runs in: its owner team's (a person's: the team it was recorded under). */
export function decisionCalendar(d: Decision, calendars: readonly BusinessCalendar[], teams: readonly Team[]): BusinessCalendar {
  const ownerTeamId = d.owner.type === 'team' ? d.owner.teamId : (d.teamId ?? '');
  return calendarFor({ ownerTeamId }, calendars, teams);
}

export function buildAgenda(input: AgendaInput): Agenda {
  const { week } = input;
  const digest = buildDigest({ ...input, from: week.from, to: week.to });
  const teams: AgendaTeam[] = digest.teams.map((t) => ({ ...t, hasNews: t.did.length + t.affected.length + t.need.length > 0 }));
  const ordered = [...teams.filter((t) => t.hasNews), ...teams.filter((t) => !t.hasNews)];
  const nowMs = Date.parse(input.now);
  const weekEnd = Date.parse(week.to);
  const weekStart = Date.parse(week.from);
  const decisions = input.decisions
    .filter((d) => {
      const created = Date.parse(d.createdAt);
      if (created >= weekEnd) return false; // taken after this week
      if (created >= weekStart) return true; // taken this week
      // Earlier decisions: still open during this week (not done before it began).
      const doneAt = d.state === 'done' && d.doneAt ? Date.parse(d.doneAt) : Number.POSITIVE_INFINITY;
      return doneAt >= weekStart;
    })
    .map((d) => ({ decision: d, clock: decisionClock(d, decisionCalendar(d, input.calendars, input.teams), nowMs) }))
    .sort(
      (a, b) =>
        Number(a.decision.state === 'done') - Number(b.decision.state === 'done') ||
        a.decision.due.localeCompare(b.decision.due) ||
        a.decision.createdAt.localeCompare(b.decision.createdAt),
    );
  return { week, teams: ordered, decisions };
}

/** A decision owner's name: the team's or the person's. */
export function ownerName(d: Pick<Decision, 'owner'>, teamName: (id: string) => string, people: readonly Person[] = []): string {
  if (d.owner.type === 'team') return teamName(d.owner.teamId);
  const id = d.owner.personId;
  return (id ? people.find((p) => p.id === id)?.name : undefined) ?? d.owner.name;
}

/** Strings of the agenda's Markdown beyond the digest's (the UI's language). */
export interface AgendaStrings extends DigestStrings {
  agendaTitle: string; // "Weekly sync agenda: {from} – {to}"
  nothingToReport: string; // heading of the teams with nothing to report
  decisions: string;
  noDecisions: string;
  decisionLine: string; // "{text} — owner: {owner}, due {date}, {state}"
  measuresHeading: string;
}

export interface AgendaMarkdownExtras {
  /** A decision's clock in words ("due in 2 days", "done on May 3", "3 days late"). */
  clockText: (d: AgendaDecision) => string;
  ownerName: (d: Decision) => string;
  /** One line per measure for the chosen week, already worded ("SLA hit rate: 92 % (norm ≥ 90 %)"). */
  measures: string[];
}

/** The agenda as Markdown for the sync notes: host text escaped, links only http(s) (lib/core/url.ts via the digest's lines). */
export function agendaMarkdown(a: Agenda, s: AgendaStrings, f: DigestFormat, x: AgendaMarkdownExtras): string {
  const out: string[] = [];
  out.push(`# ${mdEscape(s.agendaTitle.replace('{from}', f.date(a.week.monday)).replace('{to}', f.date(addDays(a.week.monday, 6))))}`, '');
  const quiet: string[] = [];
  for (const t of a.teams) {
    if (!t.hasNews) {
      quiet.push(f.teamName(t.teamId));
      continue;
    }
    out.push(`## ${mdEscape(f.teamName(t.teamId))}`, '');
    for (const [heading, list] of [
      [s.did, t.did],
      [s.affected, t.affected],
      [s.need, t.need],
    ] as const) {
      out.push(`### ${mdEscape(heading)}`, '');
      if (!list.length) out.push(`- ${mdEscape(s.nothing)}`);
      for (const l of list) out.push(`- ${lineMarkdown(l, s, f)}`);
      out.push('');
    }
  }
  if (quiet.length) out.push(`## ${mdEscape(s.nothingToReport)}`, '', mdEscape(quiet.join(', ')), '');
  out.push(`## ${mdEscape(s.decisions)}`, '');
  if (!a.decisions.length) out.push(`- ${mdEscape(s.noDecisions)}`);
  for (const d of a.decisions) {
    const mark = d.decision.state === 'done' ? '[x]' : '[ ]';
    const line = s.decisionLine
      .replace('{text}', d.decision.text)
      .replace('{owner}', x.ownerName(d.decision))
      .replace('{date}', f.date(d.decision.due))
      .replace('{state}', x.clockText(d));
    out.push(`- ${mark} ${mdEscape(line)}`);
  }
  out.push('', `## ${mdEscape(s.measuresHeading)}`, '');
  for (const m of x.measures) out.push(`- ${mdEscape(m)}`);
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

/** The week's measures from a trend, by Monday. */
export function measuresOf(trend: readonly WeekMeasures[], monday: string): WeekMeasures | undefined {
  return trend.find((w) => w.monday === monday);
}
