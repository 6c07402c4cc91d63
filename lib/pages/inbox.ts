/**
 * The inbox of Liaison's popup and side panel: what needs the user today, for their role and teams.
 * Four kinds of entries, each naming its item (and its url when a snapshot exists):
 * - sla: an SLA clock on an item that is at risk or breached, for a policy my team owns or is involved in;
 * - blocked: an open dependency that waits on my team (an item "needs" my team or my team's item,
 *   or my team's item "blocks" another item);
 * - brief: an item of my team whose brief, when last seen, missed fields (ItemSnapshot.brief);
 * - lead: a lead-quality note written by another team in the last LEAD_NOTE_DAYS days.
 * With no teams chosen in the settings, everything counts (the popup says so).
 * Pure: no browser APIs.
 */
import { describeRef, parseItemKey } from '../core/item-ref';
import type { BusinessCalendar, Dependency, ItemMeta, ItemSnapshot, LeadNote, Role, Settings, SlaPolicy, Team } from '../core/schemas';
import { effectiveDates, isDoneStatus } from '../core/deps';
import { calendarForPolicy, evaluate, type SlaClock } from '../core/sla';
import { safeHttpUrl } from '../core/url';
import type { WorkspaceState } from '../store/types';

/** A lead note counts as new for this many days. */
export const LEAD_NOTE_DAYS = 7;

/** The workspace plus what lives in IndexedDB (latest snapshot per item), when the caller has it. */
export type InboxWorkspace = Pick<
  WorkspaceState,
  'teams' | 'itemMeta' | 'dependencies' | 'leadNotes' | 'slaPolicies' | 'calendars' | 'slaEvents'
> & { snapshots?: readonly ItemSnapshot[] };

export type InboxSettings = Pick<Settings, 'teamIds'> & { role?: Role | undefined };

interface Base {
  /** Stable id for React keys and tests. */
  id: string;
  itemKey: string;
  title: string;
  url?: string;
  /** Sort weight: lower first. */
  rank: number;
}
export interface SlaEntry extends Base {
  kind: 'sla';
  policy: SlaPolicy;
  clock: SlaClock;
}
export interface BlockedEntry extends Base {
  kind: 'blocked';
  dependency: Dependency;
  /** My team the item waits on. */
  teamId: string;
}
export interface BriefEntry extends Base {
  kind: 'brief';
  present: number;
  total: number;
  missing: string[];
}
export interface LeadEntry extends Base {
  kind: 'lead';
  note: LeadNote;
}
export type InboxEntry = SlaEntry | BlockedEntry | BriefEntry | LeadEntry;

export interface Inbox {
  entries: InboxEntry[];
  /** The teams the inbox was built for (empty = all). */
  teamIds: string[];
  counts: { sla: number; blocked: number; brief: number; lead: number; total: number };
}

/** Which kinds a role sees (SLA clocks and blockers concern everyone). */
export function kindsForRole(role: Role | undefined): ReadonlySet<InboxEntry['kind']> {
  switch (role) {
    case 'sales-rep':
      return new Set(['sla', 'blocked', 'lead']);
    case 'product-manager':
      return new Set(['sla', 'blocked', 'brief']);
    case 'analyst':
    case 'support':
      return new Set(['sla', 'blocked']);
    default:
      return new Set(['sla', 'blocked', 'brief', 'lead']);
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

/** The intent of a lead from its latest note that names one (SLA target key). */
function leadIntent(key: string, notes: readonly LeadNote[]): string | undefined {
  let best: LeadNote | undefined;
  for (const n of notes) if (n.itemKey === key && n.intent && (!best || best.at < n.at)) best = n;
  return best?.intent;
}

/** The team an item belongs to: the user's meta, else undefined. */
function teamOf(key: string, metas: ReadonlyMap<string, ItemMeta>): string | undefined {
  return metas.get(key)?.teamId;
}

export function buildInbox(ws: InboxWorkspace, settings: InboxSettings, now: Date | number | string): Inbox {
  const nowMs = new Date(now).getTime();
  const mine = new Set(settings.teamIds);
  const all = mine.size === 0;
  const isMine = (teamId: string | undefined) => all || (teamId !== undefined && mine.has(teamId));
  const kinds = kindsForRole(settings.role);
  const snaps = latestSnapshots(ws.snapshots);
  const metas = new Map(ws.itemMeta.map((m) => [m.key, m]));
  const base = (key: string) => {
    const s = snaps.get(key);
    const url = safeHttpUrl(s?.url);
    return { itemKey: key, title: itemTitle(key, s), ...(url ? { url } : {}) };
  };
  const entries: InboxEntry[] = [];

  // ── SLA clocks at risk or breached ──
  if (kinds.has('sla')) {
    const eventsByItem = new Map(ws.slaEvents.map((e) => [e.itemKey, e.events]));
    const keys = new Set<string>([...metas.keys(), ...eventsByItem.keys()]);
    for (const key of keys) {
      const meta = metas.get(key);
      const role = meta?.role;
      const snap = snaps.get(key);
      const dates = effectiveDates(snap?.dates, meta);
      const events = eventsByItem.get(key) ?? [];
      for (const policy of ws.slaPolicies) {
        if (policy.kind === 'weekly') continue; // a team's recurring duty, not an item's clock
        if (policy.appliesTo.length > 0 && (!role || !policy.appliesTo.includes(role))) continue;
        if (policy.appliesTo.length === 0 && !role) continue;
        if (!isMine(policy.ownerTeamId) && !policy.involvedTeamIds.some((t) => isMine(t))) continue;
        const own = events.filter((e) => e.policyId === policy.id);
        const targetKey = leadIntent(key, ws.leadNotes);
        const clock = evaluate(policy, { events: own, dates, ...(targetKey ? { targetKey } : {}) }, nowMs, calendarFor(policy, ws.calendars, ws.teams));
        if (!clock || (clock.state !== 'at-risk' && clock.state !== 'breached')) continue;
        // Done (the notice sent, the analysis delivered, the lead contacted), even late: nothing left to do.
        if (clock.metAt) continue;
        entries.push({
          kind: 'sla',
          id: `sla:${key}:${policy.id}`,
          ...base(key),
          policy,
          clock,
          rank: clock.state === 'breached' ? 0 : 1,
        });
      }
    }
  }

  // ── blocked, waiting on my team ──
  if (kinds.has('blocked')) {
    for (const d of ws.dependencies) {
      if (d.state === 'done' || d.relation === 'informs') continue;
      if (d.to.type === 'item') {
        const otherSnap = snaps.get(d.to.itemKey);
        if (isDoneStatus(otherSnap?.status)) continue;
      }
      let waiting: string | undefined; // the item that waits
      let team: string | undefined; // the team it waits on
      if (d.relation === 'needs') {
        waiting = d.fromKey;
        team = d.to.type === 'team' ? d.to.teamId : (d.to.teamId ?? teamOf(d.to.itemKey, metas));
      } else if (d.to.type === 'item') {
        waiting = d.to.itemKey;
        team = teamOf(d.fromKey, metas);
      }
      if (!waiting || !team || !isMine(team)) continue;
      entries.push({
        kind: 'blocked',
        id: `blocked:${d.id}`,
        ...base(waiting),
        dependency: d,
        teamId: team,
        rank: d.state === 'blocked' ? 1 : 2,
      });
    }
  }

  // ── incomplete briefs ──
  if (kinds.has('brief')) {
    for (const [key, s] of snaps) {
      if (!s.brief || s.brief.present >= s.brief.total) continue;
      const team = teamOf(key, metas);
      if (!all && team !== undefined && !mine.has(team)) continue;
      if (!all && team === undefined && !mine.has('marketing')) continue; // unassigned briefs go to marketing
      entries.push({ kind: 'brief', id: `brief:${key}`, ...base(key), present: s.brief.present, total: s.brief.total, missing: s.brief.missing, rank: 3 });
    }
  }

  // ── new lead-quality notes from other teams ──
  if (kinds.has('lead')) {
    const since = nowMs - LEAD_NOTE_DAYS * 86_400_000;
    for (const n of ws.leadNotes) {
      const at = Date.parse(n.at);
      if (!(at >= since && at <= nowMs + 60_000)) continue;
      if (!all && mine.has(n.authorTeamId)) continue; // my own team's notes are not news to me
      entries.push({ kind: 'lead', id: `lead:${n.id}`, ...base(n.itemKey), note: n, rank: 4 });
    }
  }

  entries.sort((a, b) => a.rank - b.rank || sortTime(a) - sortTime(b) || a.id.localeCompare(b.id));
  const counts = { sla: 0, blocked: 0, brief: 0, lead: 0, total: entries.length };
  for (const e of entries) counts[e.kind]++;
  return { entries, teamIds: [...mine], counts };
}

function sortTime(e: InboxEntry): number {
  if (e.kind === 'sla') return e.clock.dueAt ? Date.parse(e.clock.dueAt) : Number.MAX_SAFE_INTEGER;
  if (e.kind === 'blocked') return e.dependency.due ? Date.parse(e.dependency.due) : Number.MAX_SAFE_INTEGER;
  if (e.kind === 'lead') return -Date.parse(e.note.at);
  return 0;
}
