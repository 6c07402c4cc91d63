/**
 * The 12-week launch calendar (DOMAIN.md §6), the product manager's view: every item's launch,
 * release and end dates (snapshot dates overlaid with the user's meta dates), week by week from
 * the Monday of this week, with date conflicts from lib/core/deps.ts (a campaign launching before
 * the release or due date of what it depends on) marked on both items.
 * Pure: no browser APIs.
 */
import { dateConflicts, itemDates, type DateConflict } from '../core/deps';
import type { Dependency, ItemMeta, ItemSnapshot } from '../core/schemas';
import { addDaysTo, localDateOf, mondayOf } from './format';
import { itemTitle } from './inbox';
import { safeHttpUrl } from '../core/url';

export const CALENDAR_WEEKS = 12;
export type CalendarDateKind = 'launch' | 'release' | 'end';
const KINDS: readonly CalendarDateKind[] = ['launch', 'release', 'end'];

export interface CalendarEntry {
  id: string;
  itemKey: string;
  title: string;
  url?: string;
  kind: CalendarDateKind;
  /** Local date, YYYY-MM-DD. */
  date: string;
  role?: ItemMeta['role'];
  teamId?: string;
  /** Conflicts this entry takes part in (as the campaign or as the item it waits for). */
  conflicts: DateConflict[];
}

export interface CalendarWeek {
  /** Monday, YYYY-MM-DD. */
  start: string;
  /** Sunday, YYYY-MM-DD. */
  end: string;
  isCurrent: boolean;
  entries: CalendarEntry[];
}

export interface LaunchCalendar {
  weeks: CalendarWeek[];
  /** All launch-before-dependency conflicts touching an item on the calendar. */
  conflicts: Extract<DateConflict, { kind: 'launch-before-dependency' }>[];
  /** Entries outside the 12 weeks are not shown; how many there were before / after. */
  outside: { before: number; after: number };
  timeZone: string;
}

export interface CalendarInput {
  itemMeta: readonly ItemMeta[];
  snapshots: readonly ItemSnapshot[];
  dependencies: readonly Dependency[];
}

export function buildLaunchCalendar(input: CalendarInput, now: Date | number | string, timeZone: string, weeks = CALENDAR_WEEKS): LaunchCalendar {
  const today = localDateOf(new Date(now).toISOString(), timeZone);
  const first = mondayOf(today);
  const last = addDaysTo(first, weeks * 7 - 1);
  const snaps = latest(input.snapshots);
  const metaList = [...input.itemMeta];
  const metas = new Map(metaList.map((m) => [m.key, m]));
  const conflicts = dateConflicts({
    deps: input.dependencies,
    snapshots: [...snaps.values()],
    metas: metaList,
    now,
    timeZone,
  }).filter((c): c is Extract<DateConflict, { kind: 'launch-before-dependency' }> => c.kind === 'launch-before-dependency');

  const keys = new Set<string>([...snaps.keys(), ...metas.keys()]);
  const out: LaunchCalendar = {
    weeks: Array.from({ length: weeks }, (_, i) => {
      const start = addDaysTo(first, i * 7);
      return { start, end: addDaysTo(start, 6), isCurrent: i === 0, entries: [] };
    }),
    conflicts: [],
    outside: { before: 0, after: 0 },
    timeZone,
  };
  const shown = new Set<string>();
  for (const key of [...keys].sort()) {
    const dates = itemDates(key, [...snaps.values()], metaList);
    const meta = metas.get(key);
    const snap = snaps.get(key);
    const snapUrl = safeHttpUrl(snap?.url);
    for (const kind of KINDS) {
      const raw = dates[kind];
      if (!raw) continue;
      const date = localDateOf(raw, timeZone);
      if (date < first) {
        out.outside.before++;
        continue;
      }
      if (date > last) {
        out.outside.after++;
        continue;
      }
      const week = out.weeks[Math.floor(daysBetween(first, date) / 7)];
      if (!week) continue;
      const mine = conflicts.filter((c) => (kind === 'launch' && c.itemKey === key) || (kind !== 'launch' && c.otherKey === key && (kind === 'release' || c.blockingField !== 'release')));
      week.entries.push({
        id: `${key}|${kind}`,
        itemKey: key,
        title: itemTitle(key, snap),
        ...(snapUrl ? { url: snapUrl } : {}),
        kind,
        date,
        ...(meta?.role ? { role: meta.role } : {}),
        ...(meta?.teamId ? { teamId: meta.teamId } : {}),
        conflicts: mine,
      });
      shown.add(key);
    }
  }
  for (const w of out.weeks) w.entries.sort((a, b) => a.date.localeCompare(b.date) || a.title.localeCompare(b.title));
  out.conflicts = conflicts.filter((c) => shown.has(c.itemKey) || (c.otherKey !== undefined && shown.has(c.otherKey)));
  return out;
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
