/**
 * The inbox of Liaison's popup and side panel: one card per item that needs the user, with all of
 * that item's problems, worst first. The toolbar badge counts these cards (lib/pages/badge.ts uses
 * the same buildInbox), so the popup, the side panel and the badge always agree.
 *
 * Problems of an item (each one line):
 * - sla:        an SLA clock at risk or breached (a notice before launch, an analysis after the end, a
 *               lead's first contact), for a policy my team owns or is involved in; stopped clocks are gone;
 * - dependency: an open dependency of the item — it waits on my team, or my item waits on another
 *               team / item (blocked, or pending);
 * - conflict:   the item launches before what it depends on is released or due (lib/core/deps.ts);
 * - kpi:        a KPI the item is linked to is off track;
 * - brief:      the item's brief, when last seen, missed fields;
 * - lead:       a lead-quality note another team wrote in the last LEAD_NOTE_DAYS days.
 *
 * Severity (lower = worse): 0 overdue (a breached clock, a dependency past its due date),
 * 1 blocked, 2 at risk (a clock at risk, a pending dependency, a date conflict, a KPI off track),
 * 3 gap (brief fields missing), 4 note. A card's severity is its worst problem's; cards sort by
 * severity, then by their earliest deadline (none last), then by title.
 *
 * Personal state (lib/pages/inbox-state.ts): a snoozed card is hidden until its date (or until it
 * gets worse than when it was snoozed); a problem marked done that is not an SLA clock is hidden
 * while its fingerprint (its content) stays the same. With no teams chosen everything counts.
 * Pure: no browser APIs.
 */
import { TOOL_NAMES, describeRef, keyToUrl, parseItemKey, type Tool } from '../core/item-ref';
import type { BusinessCalendar, Dependency, ItemMeta, ItemSnapshot, Kpi, KpiLink, KpiValue, LeadNote, Role, Settings, SlaPolicy, Team } from '../core/schemas';
import { dateConflicts, effectiveDates, isDoneStatus, type DateConflict } from '../core/deps';
import { kpiStatus, type KpiStatusResult } from '../core/kpi';
import { calendarForPolicy, evaluate, type SlaClock } from '../core/sla';
import { safeHttpUrl } from '../core/url';
import type { WorkspaceState } from '../store/types';
import type { Decision } from '../core/decision';
import { decisionInboxEntries } from './decisions'; // weekly sync decisions (issue 13)
import { EMPTY_INBOX_STATE, activeSnooze, type InboxState } from './inbox-state';

/** A lead note counts as new for this many days. */
export const LEAD_NOTE_DAYS = 7;

/** The workspace plus what lives in IndexedDB (latest snapshot per item), when the caller has it. */
export type InboxWorkspace = Pick<WorkspaceState, 'teams' | 'itemMeta' | 'dependencies' | 'leadNotes' | 'slaPolicies' | 'calendars' | 'slaEvents'> &
  Partial<Pick<WorkspaceState, 'kpis' | 'kpiLinks' | 'kpiStatus' | 'decisions'>> & { snapshots?: readonly ItemSnapshot[] };

export type InboxSettings = Pick<Settings, 'teamIds'> & { role?: Role | undefined; personId?: string | undefined };

export const SEVERITY = { overdue: 0, blocked: 1, atRisk: 2, gap: 3, note: 4 } as const;
export type Severity = (typeof SEVERITY)[keyof typeof SEVERITY];
export const SEVERITIES: readonly Severity[] = [0, 1, 2, 3, 4];

interface ProblemBase {
  /** Stable id (data-entry in the views): `sla:<key>:<policy>`, `dep:<id>`, `brief:<key>`, … */
  id: string;
  /** What the problem is now: a dismissal holds while this stays the same. */
  print: string;
  severity: Severity;
  /** Epoch ms of the problem's deadline, when it has one. */
  deadline: number | null;
}
export interface SlaProblem extends ProblemBase {
  kind: 'sla';
  policy: SlaPolicy;
  clock: SlaClock;
  /** Set when the clock is a weekly-sync decision's (its card's "Done" marks the decision done). */
  decision?: Decision;
}
export interface DependencyProblem extends ProblemBase {
  kind: 'dependency';
  dependency: Dependency;
  /** The team the item waits on, when known. */
  teamId?: string;
  /** The item it waits on (an item dependency), and that item's title. */
  otherKey?: string;
  otherTitle?: string;
  /** It waits on one of my teams (I am the one to act). */
  onMyTeam: boolean;
  /** Its due date has passed. */
  overdue: boolean;
  /** It is due after the item's launch (this launch date): a date conflict said on this line. */
  afterLaunch?: string;
}
export interface ConflictProblem extends ProblemBase {
  kind: 'conflict';
  conflict: Extract<DateConflict, { kind: 'launch-before-dependency' }>;
  otherTitle?: string;
}
export interface KpiProblem extends ProblemBase {
  kind: 'kpi';
  kpi: Kpi;
  link: KpiLink;
  result: KpiStatusResult;
}
export interface BriefProblem extends ProblemBase {
  kind: 'brief';
  present: number;
  total: number;
  missing: string[];
}
export interface LeadProblem extends ProblemBase {
  kind: 'lead';
  note: LeadNote;
}
export type Problem = SlaProblem | DependencyProblem | ConflictProblem | KpiProblem | BriefProblem | LeadProblem;
export type ProblemKind = Problem['kind'];

export interface InboxCard {
  itemKey: string;
  title: string;
  tool?: Tool;
  /** "Jira", "amoCRM"… */
  toolName: string;
  /** The snapshot's URL, else one built from the key (an item nobody opened here yet). */
  url?: string;
  severity: Severity;
  /** The earliest deadline among its problems (epoch ms), null when none has one. */
  deadline: number | null;
  /** Worst first. */
  problems: Problem[];
  /** Set on snoozed cards: until when (ISO). */
  snoozedUntil?: string;
}

export interface Inbox {
  /** The open cards, worst first: what the badge counts. */
  cards: InboxCard[];
  /** Cards hidden by a running snooze (soonest back first). */
  snoozed: InboxCard[];
  /** Problems hidden because they were marked done and have not changed. */
  dismissedProblems: number;
  /** The teams the inbox was built for (empty = all). */
  teamIds: string[];
  /** Every item with problems (before snoozes and dismissals) → its problems' fingerprints. */
  prints: Map<string, string[]>;
  /** The soonest instant (epoch ms) at which a snooze ends or a clock changes state; null when none. */
  nextChangeAt: number | null;
}

/** Which kinds a role sees (SLA clocks and dependencies concern everyone). */
export function kindsForRole(role: Role | undefined): ReadonlySet<ProblemKind> {
  switch (role) {
    case 'sales-rep':
      return new Set(['sla', 'dependency', 'lead']);
    case 'product-manager':
      return new Set(['sla', 'dependency', 'conflict', 'brief']);
    case 'analyst':
      return new Set(['sla', 'dependency', 'kpi']);
    case 'support':
      return new Set(['sla', 'dependency']);
    default:
      return new Set(['sla', 'dependency', 'conflict', 'kpi', 'brief', 'lead']);
  }
}

/** Title of an item: its latest snapshot's title, else a description of its key. */
export function itemTitle(key: string, snap: ItemSnapshot | undefined): string {
  if (snap?.title) return snap.title;
  const ref = parseItemKey(key);
  return ref ? describeRef(ref) : key;
}

function latestSnapshots(list: readonly ItemSnapshot[] | undefined): Map<string, ItemSnapshot> {
  const out = new Map<string, ItemSnapshot>();
  for (const s of list ?? []) {
    const prev = out.get(s.key);
    if (!prev || prev.seenAt < s.seenAt) out.set(s.key, s);
  }
  return out;
}

/** The calendar of a policy's clocks: the one core rule (calendarForPolicy), shared with the panel and the notifier. */
export function calendarFor(policy: Pick<SlaPolicy, 'calendarId' | 'ownerTeamId'>, calendars: readonly BusinessCalendar[], teams: readonly Team[]): BusinessCalendar {
  return calendarForPolicy(policy, calendars, teams);
}

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** A date-only deadline counts until the end of that day (UTC; only used to order and to call it overdue). */
function deadlineMs(v: string | undefined): number | null {
  if (!v) return null;
  const t = Date.parse(v);
  if (Number.isNaN(t)) return null;
  return DATE_ONLY.test(v) ? t + DAY_MS : t;
}

function bySeverity(a: { severity: number; deadline: number | null }, b: { severity: number; deadline: number | null }): number {
  return a.severity - b.severity || (a.deadline ?? Number.MAX_SAFE_INTEGER) - (b.deadline ?? Number.MAX_SAFE_INTEGER);
}

/**
 * Everything that needs the user, as cards. `state` holds this person's snoozes and dismissals.
 */
export function buildInbox(ws: InboxWorkspace, settings: InboxSettings, now: Date | number | string, state: InboxState = EMPTY_INBOX_STATE): Inbox {
  const nowMs = new Date(now).getTime();
  const mine = new Set(settings.teamIds);
  const all = mine.size === 0;
  const isMine = (teamId: string | undefined) => all || (teamId !== undefined && mine.has(teamId));
  const kinds = kindsForRole(settings.role);
  const snaps = latestSnapshots(ws.snapshots);
  const metas = new Map<string, ItemMeta>(ws.itemMeta.map((m) => [m.key, m]));
  const teamOf = (key: string): string | undefined => metas.get(key)?.teamId;
  /** An item is mine when its team is one of mine (or, with no team set, when I chose no teams). */
  const itemIsMine = (key: string) => all || (teamOf(key) !== undefined && mine.has(teamOf(key)!));
  const byItem = new Map<string, Problem[]>();
  const add = (key: string, p: Problem) => {
    const list = byItem.get(key);
    if (list) list.push(p);
    else byItem.set(key, [p]);
  };
  let nextChangeAt: number | null = null;
  const soon = (t: number | null | undefined) => {
    if (t != null && t > nowMs && (nextChangeAt === null || t < nextChangeAt)) nextChangeAt = t;
  };

  // ── SLA clocks at risk or breached ──
  if (kinds.has('sla')) {
    const eventsByItem = new Map(ws.slaEvents.map((e) => [e.itemKey, e.events]));
    const intents = new Map<string, LeadNote>();
    for (const n of ws.leadNotes) {
      const prev = intents.get(n.itemKey);
      if (n.intent && (!prev || prev.at < n.at)) intents.set(n.itemKey, n);
    }
    const keys = new Set<string>([...metas.keys(), ...eventsByItem.keys()]);
    const itemPolicies = ws.slaPolicies.filter((p) => p.kind !== 'weekly' && (isMine(p.ownerTeamId) || p.involvedTeamIds.some((t) => isMine(t))));
    for (const key of keys) {
      const meta = metas.get(key);
      const role = meta?.role;
      if (!role) continue;
      const snap = snaps.get(key);
      const dates = effectiveDates(snap?.dates, meta);
      const events = eventsByItem.get(key) ?? [];
      const targetKey = intents.get(key)?.intent;
      for (const policy of itemPolicies) {
        if (policy.appliesTo.length > 0 && !policy.appliesTo.includes(role)) continue;
        const own = events.filter((e) => e.policyId === policy.id);
        const clock = evaluate(policy, { events: own, dates, ...(targetKey ? { targetKey } : {}) }, nowMs, calendarFor(policy, ws.calendars, ws.teams));
        if (!clock) continue;
        if (!clock.metAt) soon(clock.nextChangeAt ? Date.parse(clock.nextChangeAt) : null);
        if (clock.state !== 'at-risk' && clock.state !== 'breached') continue;
        // Done (the notice sent, the analysis delivered, the lead contacted), even late: nothing left to do.
        if (clock.metAt) continue;
        const severity = clock.state === 'breached' ? SEVERITY.overdue : SEVERITY.atRisk;
        add(key, {
          kind: 'sla',
          id: `sla:${key}:${policy.id}`,
          print: `sla:${policy.id}:${clock.state}`,
          severity,
          deadline: clock.dueAt ? Date.parse(clock.dueAt) : null,
          policy,
          clock,
        });
      }
    }
  }

  // ── weekly sync decisions: their SLA clocks at risk or breached (issue 13; lib/pages/decisions.ts) ──
  const decisionTitles = new Map<string, string>();
  if (kinds.has('sla')) {
    for (const e of decisionInboxEntries(ws, { teamIds: settings.teamIds, personId: settings.personId }, nowMs)) {
      decisionTitles.set(e.itemKey, e.title);
      add(e.itemKey, {
        kind: 'sla',
        id: `sla:${e.itemKey}:${e.policy.id}`,
        print: `sla:${e.policy.id}:${e.clock.state}`,
        severity: e.clock.state === 'breached' ? SEVERITY.overdue : SEVERITY.atRisk,
        deadline: e.clock.dueAt ? Date.parse(e.clock.dueAt) : null,
        policy: e.policy,
        clock: e.clock,
        decision: e.decision,
      });
    }
  }

  const dueAfterLaunch = new Map<string, string>();
  // ── a launch before what it waits for ──
  if (kinds.has('conflict') && ws.dependencies.length) {
    const conflicts = dateConflicts({ deps: ws.dependencies, snapshots: snaps, metas, now: nowMs, timeZone: ws.calendars[0]?.timeZone ?? 'UTC' });
    const seen = new Set<string>();
    for (const c of conflicts) {
      if (c.kind !== 'launch-before-dependency') continue;
      // A dependency due after the launch is said on the dependency's own line ("due … — after the launch").
      if (c.blockingField === 'dependency-due') {
        dueAfterLaunch.set(c.dependencyId, c.launch);
        continue;
      }
      if (isDoneStatus(snaps.get(c.itemKey)?.status)) continue;
      const otherTeam = c.otherKey ? teamOf(c.otherKey) : undefined;
      if (!itemIsMine(c.itemKey) && !isMine(otherTeam)) continue;
      const id = `conflict:${c.itemKey}:${c.dependencyId}`;
      if (seen.has(id)) continue;
      seen.add(id);
      add(c.itemKey, {
        kind: 'conflict',
        id,
        print: `conflict:${c.dependencyId}:${c.launch}:${c.blockingDate}`,
        severity: SEVERITY.atRisk,
        deadline: deadlineMs(c.launch),
        conflict: c,
        ...(c.otherKey ? { otherTitle: itemTitle(c.otherKey, snaps.get(c.otherKey)) } : {}),
      });
    }
  }

  // ── open dependencies: waiting on my team, or my item waiting on others ──
  if (kinds.has('dependency')) {
    for (const d of ws.dependencies) {
      if (d.state === 'done' || d.relation === 'informs') continue;
      if (d.to.type === 'item' && isDoneStatus(snaps.get(d.to.itemKey)?.status)) continue;
      let waiting: string | undefined; // the item that waits
      let team: string | undefined; // the team it waits on
      let other: string | undefined; // the item it waits on
      if (d.relation === 'needs') {
        waiting = d.fromKey;
        if (d.to.type === 'team') team = d.to.teamId;
        else {
          other = d.to.itemKey;
          team = d.to.teamId ?? teamOf(d.to.itemKey);
        }
      } else if (d.to.type === 'item') {
        waiting = d.to.itemKey;
        other = d.fromKey;
        team = teamOf(d.fromKey);
      }
      if (!waiting) continue;
      if (isDoneStatus(snaps.get(waiting)?.status)) continue;
      const onMyTeam = !all && team !== undefined && mine.has(team);
      if (!onMyTeam && !itemIsMine(waiting)) continue;
      const due = deadlineMs(d.due);
      const overdue = due !== null && due <= nowMs;
      const severity = overdue ? SEVERITY.overdue : d.state === 'blocked' ? SEVERITY.blocked : SEVERITY.atRisk;
      soon(due);
      add(waiting, {
        kind: 'dependency',
        id: `dep:${d.id}`,
        print: `dep:${d.id}:${d.state}:${overdue ? 'late' : ''}:${d.reason ?? ''}:${d.due ?? ''}`.slice(0, 600),
        severity,
        deadline: due,
        dependency: d,
        ...(team ? { teamId: team } : {}),
        ...(other ? { otherKey: other, otherTitle: itemTitle(other, snaps.get(other)) } : {}),
        onMyTeam,
        overdue,
        ...(dueAfterLaunch.has(d.id) ? { afterLaunch: dueAfterLaunch.get(d.id)! } : {}),
      });
    }
  }

  // ── KPIs off track on my items ──
  if (kinds.has('kpi') && ws.kpiLinks?.length && ws.kpis?.length) {
    const values: KpiValue[] = [];
    for (const s of ws.kpiStatus ?? []) {
      if (s.previous) values.push(s.previous);
      if (s.latest) values.push(s.latest);
    }
    const results = new Map<string, KpiStatusResult | null>();
    const resultOf = (kpi: Kpi) => {
      if (!results.has(kpi.id)) {
        let r: KpiStatusResult | null;
        try {
          r = kpiStatus(kpi, values.filter((v) => v.kpiId === kpi.id), nowMs, { kpis: ws.kpis, values });
        } catch {
          r = null; // a broken formula is the options page's to show, not an inbox row
        }
        results.set(kpi.id, r);
      }
      return results.get(kpi.id) ?? null;
    };
    const kpis = new Map(ws.kpis.map((k) => [k.id, k]));
    for (const link of ws.kpiLinks) {
      const kpi = kpis.get(link.kpiId);
      if (!kpi || !itemIsMine(link.itemKey) || isDoneStatus(snaps.get(link.itemKey)?.status)) continue;
      const result = resultOf(kpi);
      if (!result || result.health !== 'off-track') continue;
      add(link.itemKey, { kind: 'kpi', id: `kpi:${link.itemKey}:${kpi.id}`, print: `kpi:${kpi.id}:off-track`, severity: SEVERITY.atRisk, deadline: null, kpi, link, result });
    }
  }

  // ── incomplete briefs ──
  if (kinds.has('brief')) {
    for (const [key, s] of snaps) {
      if (!s.brief || s.brief.present >= s.brief.total || isDoneStatus(s.status)) continue;
      const team = teamOf(key);
      if (!all && team !== undefined && !mine.has(team)) continue;
      if (!all && team === undefined && !mine.has('marketing')) continue; // unassigned briefs go to marketing
      const dates = effectiveDates(s.dates, metas.get(key));
      add(key, {
        kind: 'brief',
        id: `brief:${key}`,
        print: `brief:${s.brief.present}/${s.brief.total}:${[...s.brief.missing].sort().join(',')}`.slice(0, 600),
        severity: SEVERITY.gap,
        deadline: deadlineMs(dates.launch ?? dates.due),
        present: s.brief.present,
        total: s.brief.total,
        missing: s.brief.missing,
      });
    }
  }

  // ── new lead-quality notes from other teams ──
  if (kinds.has('lead')) {
    const since = nowMs - LEAD_NOTE_DAYS * DAY_MS;
    for (const n of ws.leadNotes) {
      const at = Date.parse(n.at);
      if (!(at >= since && at <= nowMs + 60_000)) continue;
      if (!all && mine.has(n.authorTeamId)) continue; // my own team's notes are not news to me
      add(n.itemKey, { kind: 'lead', id: `lead:${n.id}`, print: `lead:${n.id}:${n.at}`, severity: SEVERITY.note, deadline: null, note: n });
    }
  }

  // ── cards ──
  const dismissed = new Map(state.dismissed.map((d) => [d.itemKey, new Set(d.prints)]));
  const prints = new Map<string, string[]>();
  const cards: InboxCard[] = [];
  const snoozed: InboxCard[] = [];
  let dismissedProblems = 0;
  for (const [key, list] of byItem) {
    prints.set(key, list.map((p) => p.print));
    const gone = dismissed.get(key);
    const open = gone ? list.filter((p) => !gone.has(p.print)) : list;
    dismissedProblems += list.length - open.length;
    if (!open.length) continue;
    open.sort((a, b) => bySeverity(a, b) || a.id.localeCompare(b.id));
    const snap = snaps.get(key);
    const ref = snap?.ref ?? parseItemKey(key) ?? undefined;
    const url = safeHttpUrl(snap?.url) ?? keyToUrl(key);
    let deadline: number | null = null;
    for (const p of open) if (p.deadline !== null && (deadline === null || p.deadline < deadline)) deadline = p.deadline;
    const card: InboxCard = {
      itemKey: key,
      title: decisionTitles.get(key) ?? itemTitle(key, snap),
      ...(ref ? { tool: ref.tool, toolName: TOOL_NAMES[ref.tool] } : { toolName: '' }),
      ...(url ? { url } : {}),
      severity: open[0]!.severity,
      deadline,
      problems: open,
    };
    const sn = activeSnooze(state, key, nowMs);
    // A snoozed card comes back early when it gets worse than it was when snoozed.
    if (sn && card.severity >= sn.severity) {
      soon(Date.parse(sn.until));
      snoozed.push({ ...card, snoozedUntil: sn.until });
    } else cards.push(card);
  }
  cards.sort((a, b) => bySeverity(a, b) || a.title.localeCompare(b.title) || a.itemKey.localeCompare(b.itemKey));
  snoozed.sort((a, b) => Date.parse(a.snoozedUntil!) - Date.parse(b.snoozedUntil!) || a.title.localeCompare(b.title));
  return { cards, snoozed, dismissedProblems, teamIds: [...mine], prints, nextChangeAt };
}

/** The cards grouped by severity (only groups with cards), in order. */
export function groupCards(cards: readonly InboxCard[]): { severity: Severity; cards: InboxCard[] }[] {
  const groups = new Map<Severity, InboxCard[]>();
  for (const c of cards) {
    const g = groups.get(c.severity);
    if (g) g.push(c);
    else groups.set(c.severity, [c]);
  }
  return SEVERITIES.filter((s) => groups.has(s)).map((s) => ({ severity: s, cards: groups.get(s)! }));
}
