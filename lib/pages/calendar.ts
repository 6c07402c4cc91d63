/**
 * The 12-week launch calendar (DOMAIN.md §6), the product manager's view: a grid with the weeks
 * across (from the Monday of this week) and teams or kinds of work down. A campaign is a bar from
 * its launch to its end; a release is a one-day bar on its release date. Dates are snapshot dates
 * overlaid with the user's meta dates, placed in the team's time zone (an instant at 00:30 Moscow
 * time on a Monday belongs to that Monday's week, not the week before as in UTC). Date conflicts
 * come from lib/core/deps.ts (a campaign launching before the release or due date of what it
 * depends on) and are listed once per pair of items; both bars carry the conflict's number.
 * Pure: no browser APIs.
 */
import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import { dateConflicts, itemDates, type DateConflict } from '../core/deps';
import { DEFAULT_CALENDAR } from '../core/defaults';
import { DEFAULT_CALENDAR_ID } from '../core/defaults';
import type { BusinessCalendar, Dependency, ItemMeta, ItemSnapshot, Team } from '../core/schemas';
import { addDaysTo, mondayOf } from './format';
import { itemTitle } from './inbox';
import { safeHttpUrl } from '../core/url';
import { parseItemKey } from '../core/item-ref';
import { dateTimeFormat } from '../core/intl';

export const CALENDAR_WEEKS = 12;
export type CalendarGrouping = 'team' | 'kind';
export type ItemRole = NonNullable<ItemMeta['role']>;
/** Row order when grouping by kind of work. */
export const ROLE_ORDER: readonly ItemRole[] = ['campaign', 'release', 'gtm', 'brief', 'lead', 'other'];

type LaunchConflict = Extract<DateConflict, { kind: 'launch-before-dependency' }>;

export interface CalendarConflict extends LaunchConflict {
  /** 1-based number shown on both bars and in the conflict list. */
  n: number;
}

export interface CalendarBar {
  id: string;
  itemKey: string;
  title: string;
  url?: string;
  /** 'span': launch → end (a campaign, or anything with those dates); 'release': the release day. */
  kind: 'span' | 'release';
  /** Local dates (YYYY-MM-DD), not clipped. */
  start: string;
  end: string;
  launch?: string;
  endDate?: string;
  /** Week indices the bar covers inside the grid (clipped to 0…weeks-1). */
  firstWeek: number;
  lastWeek: number;
  /** The bar continues before the first / after the last week shown. */
  clippedBefore: boolean;
  clippedAfter: boolean;
  role?: ItemRole;
  teamId?: string;
  /** Numbers of the conflicts this bar takes part in. */
  conflicts: number[];
}

export interface CalendarWeek {
  /** Monday, YYYY-MM-DD. */
  start: string;
  /** Sunday, YYYY-MM-DD. */
  end: string;
  isCurrent: boolean;
  /** Some bar covers this week. */
  busy: boolean;
}

export interface LaunchCalendar {
  weeks: CalendarWeek[];
  bars: CalendarBar[];
  /** One entry per pair of items in conflict, touching an item on the calendar. */
  conflicts: CalendarConflict[];
  /** Bars entirely outside the weeks shown: before / after. */
  outside: { before: number; after: number };
  timeZone: string;
}

export interface CalendarInput {
  itemMeta: readonly ItemMeta[];
  snapshots: readonly ItemSnapshot[];
  dependencies: readonly Dependency[];
}

/** A valid IANA zone, or undefined. */
function validZone(zone: string | undefined): string | undefined {
  if (!zone) return undefined;
  try {
    dateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}

/**
 * The team's time zone: the calendar of the first of the user's teams that names one, else the
 * workspace's default calendar, else its first calendar, else the built-in default (Moscow).
 */
export function teamTimeZone(ws: { calendars: readonly BusinessCalendar[]; teams: readonly Pick<Team, 'id' | 'calendarId'>[] }, teamIds: readonly string[] = []): string {
  const byId = (id: string | undefined) => (id ? ws.calendars.find((c) => c.id === id) : undefined);
  for (const id of teamIds) {
    const zone = validZone(byId(ws.teams.find((t) => t.id === id)?.calendarId)?.timeZone);
    if (zone) return zone;
  }
  return validZone(byId(DEFAULT_CALENDAR_ID)?.timeZone) ?? validZone(ws.calendars[0]?.timeZone) ?? DEFAULT_CALENDAR.timeZone;
}

/** The local date (YYYY-MM-DD) of a date-only value or an instant in a time zone. */
export function localDate(value: string | number | Date, timeZone: string): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  return format(d, 'yyyy-MM-dd', { in: tz(timeZone) });
}

/**
 * The item's address when no snapshot recorded one (an item only dated in the panel): the hosts'
 * canonical item addresses for Jira (/browse/KEY), Trello cards and Notion pages; none otherwise.
 */
export function keyUrl(key: string): string | undefined {
  const ref = parseItemKey(key);
  if (!ref) return undefined;
  const host = /^[a-z0-9.-]+(:\d+)?$/i.test(ref.workspace) ? ref.workspace : undefined;
  if (ref.tool === 'jira' && host) return safeHttpUrl(`https://${host}/browse/${encodeURIComponent(ref.id)}`);
  if (ref.tool === 'trello' && /^[A-Za-z0-9]+$/.test(ref.id)) return safeHttpUrl(`https://trello.com/c/${ref.id}`);
  if (ref.tool === 'notion' && /^[0-9a-f-]{32,36}$/i.test(ref.id)) return safeHttpUrl(`https://www.notion.so/${ref.id.replace(/-/g, '')}`);
  return undefined;
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

function latest(list: readonly ItemSnapshot[]): Map<string, ItemSnapshot> {
  const out = new Map<string, ItemSnapshot>();
  for (const s of list) {
    const prev = out.get(s.key);
    if (!prev || prev.seenAt < s.seenAt) out.set(s.key, s);
  }
  return out;
}

export function buildLaunchCalendar(input: CalendarInput, now: Date | number | string, timeZone: string, weeks = CALENDAR_WEEKS): LaunchCalendar {
  const first = mondayOf(localDate(now, timeZone));
  const last = addDaysTo(first, weeks * 7 - 1);
  const snaps = latest(input.snapshots);
  const snapList = [...snaps.values()];
  const metaList = [...input.itemMeta];
  const metas = new Map(metaList.map((m) => [m.key, m]));
  const weekOf = (date: string) => Math.floor(daysBetween(first, date) / 7);

  const out: LaunchCalendar = {
    weeks: Array.from({ length: weeks }, (_, i) => {
      const start = addDaysTo(first, i * 7);
      return { start, end: addDaysTo(start, 6), isCurrent: i === 0, busy: false };
    }),
    bars: [],
    conflicts: [],
    outside: { before: 0, after: 0 },
    timeZone,
  };

  const keys = [...new Set<string>([...snaps.keys(), ...metas.keys()])].sort();
  for (const key of keys) {
    const dates = itemDates(key, snapList, metaList);
    const meta = metas.get(key);
    const snap = snaps.get(key);
    const url = safeHttpUrl(snap?.url) ?? keyUrl(key);
    const launch = dates.launch ? localDate(dates.launch, timeZone) || undefined : undefined;
    const endDate = dates.end ? localDate(dates.end, timeZone) || undefined : undefined;
    const release = dates.release ? localDate(dates.release, timeZone) || undefined : undefined;
    const candidates: Array<Pick<CalendarBar, 'kind' | 'start' | 'end'>> = [];
    if (launch || endDate) {
      const start = launch ?? endDate!;
      const end = endDate && endDate >= start ? endDate : start;
      candidates.push({ kind: 'span', start, end });
    }
    if (release) candidates.push({ kind: 'release', start: release, end: release });
    for (const c of candidates) {
      if (c.end < first) {
        out.outside.before++;
        continue;
      }
      if (c.start > last) {
        out.outside.after++;
        continue;
      }
      const firstWeek = Math.max(0, weekOf(c.start));
      const lastWeek = Math.min(weeks - 1, weekOf(c.end));
      out.bars.push({
        id: `${key}|${c.kind}`,
        itemKey: key,
        title: itemTitle(key, snap),
        ...(url ? { url } : {}),
        ...c,
        ...(c.kind === 'span' && launch ? { launch } : {}),
        ...(c.kind === 'span' && endDate ? { endDate } : {}),
        firstWeek,
        lastWeek,
        clippedBefore: c.start < first,
        clippedAfter: c.end > last,
        ...(meta?.role ? { role: meta.role } : {}),
        ...(meta?.teamId ? { teamId: meta.teamId } : {}),
        conflicts: [],
      });
      for (let w = firstWeek; w <= lastWeek; w++) out.weeks[w]!.busy = true;
    }
  }
  out.bars.sort((a, b) => a.start.localeCompare(b.start) || a.title.localeCompare(b.title) || a.id.localeCompare(b.id));

  // Conflicts: one per pair of items (a direct and a transitive conflict between the same two items,
  // or two dependencies between them, are the same thing to fix), only when one of them is shown.
  const shown = new Set(out.bars.map((b) => b.itemKey));
  const all = dateConflicts({ deps: input.dependencies, snapshots: snapList, metas: metaList, now, timeZone }).filter(
    (c): c is LaunchConflict => c.kind === 'launch-before-dependency',
  );
  const seen = new Set<string>();
  for (const c of all) {
    const blocker = c.via?.length ? c.via[c.via.length - 1]! : c.otherKey;
    const pair = `${c.itemKey}\u0000${blocker ?? `dep:${c.dependencyId}`}`;
    if (seen.has(pair)) continue;
    if (!shown.has(c.itemKey) && !(blocker && shown.has(blocker))) continue;
    seen.add(pair);
    const n = out.conflicts.length + 1;
    out.conflicts.push({ ...c, ...(blocker ? { otherKey: blocker } : {}), n });
    const campaign = out.bars.find((b) => b.itemKey === c.itemKey && b.kind === 'span') ?? out.bars.find((b) => b.itemKey === c.itemKey);
    campaign?.conflicts.push(n);
    if (blocker) {
      const other =
        (c.blockingField === 'release' ? out.bars.find((b) => b.itemKey === blocker && b.kind === 'release') : undefined) ??
        out.bars.find((b) => b.itemKey === blocker);
      if (other && !other.conflicts.includes(n)) other.conflicts.push(n);
    }
  }
  return out;
}

export interface CalendarRow {
  /** Stable id: `team:<id>`, `role:<role>`, or `none`. */
  id: string;
  group: CalendarGrouping;
  /** Team id or role; undefined for the row of items without one. */
  value?: string;
  /** Bars packed into lanes so no two bars of a lane share a week. */
  lanes: CalendarBar[][];
}

/** Rows for the grid: teams in workspace order (or kinds of work), then items without one; only rows with bars. */
export function calendarRows(cal: LaunchCalendar, grouping: CalendarGrouping, teams: readonly Pick<Team, 'id'>[] = []): CalendarRow[] {
  const groups = new Map<string, CalendarBar[]>();
  const valueOf = (b: CalendarBar) => (grouping === 'team' ? b.teamId : b.role);
  for (const b of cal.bars) {
    const v = valueOf(b) ?? '';
    groups.set(v, [...(groups.get(v) ?? []), b]);
  }
  const order: string[] =
    grouping === 'team'
      ? [...teams.map((t) => t.id), ...[...groups.keys()].filter((k) => k && !teams.some((t) => t.id === k)).sort()]
      : [...ROLE_ORDER];
  const rows: CalendarRow[] = [];
  for (const v of [...order, '']) {
    const bars = groups.get(v);
    if (!bars?.length) continue;
    groups.delete(v);
    const lanes: CalendarBar[][] = [];
    for (const b of [...bars].sort((x, y) => x.firstWeek - y.firstWeek || x.start.localeCompare(y.start) || x.title.localeCompare(y.title))) {
      const lane = lanes.find((l) => l[l.length - 1]!.lastWeek < b.firstWeek);
      if (lane) lane.push(b);
      else lanes.push([b]);
    }
    rows.push({ id: v ? `${grouping === 'team' ? 'team' : 'role'}:${v}` : 'none', group: grouping, ...(v ? { value: v } : {}), lanes });
  }
  return rows;
}
