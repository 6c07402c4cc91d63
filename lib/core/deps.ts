/**
 * Team dependencies and blockers (DOMAIN.md §2), across items and tools.
 * A dependency's `fromKey` item depends on `to` (a team or another item):
 * - relation 'needs': fromKey waits for `to` until the dependency is done;
 * - relation 'blocks': fromKey blocks the `to` item (the `to` item waits for fromKey);
 * - relation 'informs': never blocks.
 * A dependency counts as open while its state is not 'done' and, for an item target, while
 * that item's snapshot status is not a done status ("Done", "Closed", "Готово", …).
 * Pure: no browser APIs.
 */
import type { BusinessCalendar, Dependency, ItemDates, ItemMeta, ItemSnapshot, SlaPolicy } from './schemas';
import { deadlineOf } from './sla';
import { startOfLocalDay, toMs, type TimeInput } from './calendar';
import { findCycles } from './kpi';

/** Snapshots or metas by item key: a Map, a record, or a list. */
export type ByKey<T extends { key: string }> = ReadonlyMap<string, T> | Readonly<Record<string, T>> | readonly T[];

export interface Blocker {
  /** The dependency that blocks (the last edge of the path). */
  dependency: Dependency;
  /** 'team' when a team must act; 'item' when another item must be done. */
  kind: 'team' | 'item';
  /** The blocking team (team dependencies, or the team named on an item dependency). */
  teamId?: string;
  /** The blocking item (item dependencies). */
  itemKey?: string;
  /** What the blocking item last looked like, when a snapshot exists. */
  snapshot?: ItemSnapshot;
  state: Dependency['state'];
  reason?: string;
  due?: string;
  /** 1 = a direct blocker of the item; 2+ = inherited through blocked items. */
  depth: number;
  /** Item keys from the item asked about to the item this blocker sits on (inclusive of both). */
  via: string[];
}

/** Every open blocker of an item, transitively (an item dependency whose item has open blockers propagates them). */
export function blockersOf(
  itemKey: string,
  deps: readonly Dependency[],
  snapshots: ByKey<ItemSnapshot> = [],
): Blocker[] {
  const snaps = lookup(snapshots);
  const waits = waitIndex(deps);
  const out: Blocker[] = [];
  const visited = new Set<string>([itemKey]);
  const walk = (key: string, via: string[], depth: number): void => {
    for (const w of waits.get(key) ?? []) {
      if (!isOpen(w, snaps)) continue;
      const b: Blocker = {
        dependency: w.dep,
        kind: w.otherItem ? 'item' : 'team',
        state: w.dep.state,
        depth,
        via,
      };
      if (w.teamId) b.teamId = w.teamId;
      if (w.otherItem) {
        b.itemKey = w.otherItem;
        const s = snaps.get(w.otherItem);
        if (s) b.snapshot = s;
      }
      if (w.dep.reason) b.reason = w.dep.reason;
      if (w.dep.due) b.due = w.dep.due;
      out.push(b);
      if (w.otherItem && !visited.has(w.otherItem)) {
        visited.add(w.otherItem);
        walk(w.otherItem, [...via, w.otherItem], depth + 1);
      }
    }
  };
  walk(itemKey, [itemKey], 1);
  return out;
}

/** One "X waits for Y" edge derived from a dependency. */
interface Wait {
  dep: Dependency;
  /** The item that waits. */
  waiter: string;
  /** The item waited for (absent for a team dependency). */
  otherItem?: string;
  teamId?: string;
}

function waitIndex(deps: readonly Dependency[]): Map<string, Wait[]> {
  const idx = new Map<string, Wait[]>();
  const add = (w: Wait): void => {
    const list = idx.get(w.waiter);
    if (list) list.push(w);
    else idx.set(w.waiter, [w]);
  };
  for (const dep of deps) {
    if (dep.relation === 'informs') continue;
    if (dep.relation === 'needs') {
      if (dep.to.type === 'team') add({ dep, waiter: dep.fromKey, teamId: dep.to.teamId });
      else {
        const w: Wait = { dep, waiter: dep.fromKey, otherItem: dep.to.itemKey };
        if (dep.to.teamId) w.teamId = dep.to.teamId;
        add(w);
      }
    } else if (dep.to.type === 'item') {
      // fromKey blocks the target item: the target waits for fromKey.
      const w: Wait = { dep, waiter: dep.to.itemKey, otherItem: dep.fromKey };
      add(w);
    }
    // "blocks" a whole team: no item waits; shown as a team tag only.
  }
  return idx;
}

function isOpen(w: Wait, snaps: ReadonlyMap<string, ItemSnapshot>): boolean {
  if (w.dep.state === 'done') return false;
  if (w.otherItem && isDoneStatus(snaps.get(w.otherItem)?.status)) return false;
  return true;
}

const lookupCache = new WeakMap<object, ReadonlyMap<string, { key: string }>>();

function lookup<T extends { key: string }>(src: ByKey<T>): ReadonlyMap<string, T> {
  if (src instanceof Map) return src as ReadonlyMap<string, T>;
  const hit = lookupCache.get(src as object);
  if (hit) return hit as ReadonlyMap<string, T>;
  const map = new Map<string, T>();
  if (Array.isArray(src)) for (const s of src as readonly T[]) map.set(s.key, s);
  else for (const [k, v] of Object.entries(src as Readonly<Record<string, T>>)) map.set(k, v);
  lookupCache.set(src as object, map);
  return map;
}

export interface DependencyCycle {
  /** Item keys around the cycle, starting at the smallest key; the last waits for the first. */
  keys: string[];
  /** Ids of the dependencies forming the cycle, in the same order. */
  dependencyIds: string[];
  /** "A → B → C → A". */
  name: string;
}

/** Cycles among open item-to-item waits (needs and blocks), each reported once. */
export function detectCycles(deps: readonly Dependency[]): DependencyCycle[] {
  const waits = waitIndex(deps.filter((d) => d.state !== 'done'));
  const nodes = [...waits.keys()].sort();
  const next = (n: string): string[] => (waits.get(n) ?? []).filter((w) => w.otherItem).map((w) => w.otherItem!);
  return findCycles(nodes, next).map((keys) => {
    const dependencyIds = keys.map((k, i) => {
      const to = keys[(i + 1) % keys.length]!;
      return (waits.get(k) ?? []).find((w) => w.otherItem === to)!.dep.id;
    });
    return { keys, dependencyIds, name: [...keys, keys[0]!].join(' → ') };
  });
}

export type DateConflict =
  | {
      kind: 'launch-before-dependency';
      /** The campaign item. */
      itemKey: string;
      dependencyId: string;
      launch: string;
      /** The dependency's date that comes after the launch. */
      blockingDate: string;
      /** Which date: the dependency item's release or due, or the dependency's own due. */
      blockingField: 'release' | 'due' | 'dependency-due';
      /** The dependency item, when the dependency targets an item. */
      otherKey?: string;
      /**
       * Transitive conflicts: the chain of items from the direct dependency to the item whose date
       * blocks (the campaign needs a spec that waits on a later release: [spec, release]).
       * Absent for a direct conflict.
       */
      via?: string[];
    }
  | {
      kind: 'sla-short';
      itemKey: string;
      dependencyId: string;
      policyId: string;
      teamId: string;
      /** The anchor date (launch / release / …) the policy counts back from. */
      anchorDate: string;
      /** The deadline by which the team had to be involved (as the SLA clock computes it), ISO UTC. */
      dueAt: string;
      /** Time left until the anchor, ms (may be negative). */
      leftMs: number;
    };

export interface DateConflictInput {
  deps: readonly Dependency[];
  snapshots?: ByKey<ItemSnapshot>;
  metas?: ByKey<ItemMeta>;
  /** Policies of kind 'before' used for the 'sla-short' check (default: none). */
  policies?: readonly SlaPolicy[];
  now?: TimeInput;
  /** Zone in which date-only values are read (default: the calendar's zone, else 'UTC'). */
  timeZone?: string;
  /** Calendar for the 'sla-short' deadlines (business-day policies); default: every day, in timeZone. */
  calendar?: BusinessCalendar;
  /** Per-policy calendar (the clocks' rule, calendarForPolicy); wins over `calendar`. */
  calendarFor?: (policy: SlaPolicy) => BusinessCalendar;
  /** Only conflicts of this item (as the campaign or as the dependency item); default all. */
  itemKey?: string;
}

export function dateConflicts(input: DateConflictInput): DateConflict[] {
  const snaps = lookup(input.snapshots ?? []);
  const metas = lookup(input.metas ?? []);
  const tz = input.timeZone ?? input.calendar?.timeZone ?? 'UTC';
  const calendar: BusinessCalendar = input.calendar ?? {
    id: 'conflicts',
    name: tz,
    timeZone: tz,
    workingDays: [1, 2, 3, 4, 5, 6, 7],
    start: '00:00',
    end: '24:00',
    extraDaysOff: [],
    extraWorkingDays: [],
  };
  const nowMs = toMs(input.now ?? Date.now());
  const out: DateConflict[] = [];
  const datesOf = (key: string): ItemDates => itemDates(key, snaps, metas);
  const waits = waitIndex(input.deps);
  for (const [waiter, list] of waits) {
    const dates = datesOf(waiter);
    for (const w of list) {
      if (!isOpen(w, snaps)) continue;
      const chain = w.otherItem ? openChainFrom(w.otherItem, waits, snaps, datesOf) : [];
      if (input.itemKey && waiter !== input.itemKey && w.otherItem !== input.itemKey && !chain.some((c) => c.key === input.itemKey)) continue;
      // 1. A campaign launching before what it waits for is released / due.
      let direct = false;
      if (dates.launch) {
        const launchMs = instantOf(dates.launch, tz);
        const candidates: { date: string; field: 'release' | 'due' | 'dependency-due' }[] = [];
        if (w.otherItem) {
          const od = datesOf(w.otherItem);
          if (od.release) candidates.push({ date: od.release, field: 'release' });
          else if (od.due) candidates.push({ date: od.due, field: 'due' });
        }
        if (w.dep.due) candidates.push({ date: w.dep.due, field: 'dependency-due' });
        for (const c of candidates) {
          if (launchMs < instantOf(c.date, tz)) {
            const conflict: DateConflict = {
              kind: 'launch-before-dependency',
              itemKey: waiter,
              dependencyId: w.dep.id,
              launch: dates.launch,
              blockingDate: c.date,
              blockingField: c.field,
            };
            if (w.otherItem) conflict.otherKey = w.otherItem;
            out.push(conflict);
            direct = true;
            break;
          }
        }
        // 1b. …or before what its dependency itself waits for (transitively, open waits only).
        if (!direct && w.otherItem) {
          for (const link of chain) {
            if (link.key === w.otherItem && !link.viaDue) continue; // the direct item's own dates were checked above
            const d = link.viaDue ?? link.dates.release ?? link.dates.due;
            if (!d || !(launchMs < instantOf(d, tz))) continue;
            const conflict: DateConflict = {
              kind: 'launch-before-dependency',
              itemKey: waiter,
              dependencyId: w.dep.id,
              launch: dates.launch,
              blockingDate: d,
              blockingField: link.viaDue ? 'dependency-due' : link.dates.release ? 'release' : 'due',
              otherKey: w.otherItem,
              via: link.path,
            };
            out.push(conflict);
            break;
          }
        }
      }
      // 2. A dependency not done with less than its SLA left.
      const teamId = w.teamId ?? (w.otherItem ? metas.get(w.otherItem)?.teamId : undefined);
      if (!teamId) continue;
      for (const p of input.policies ?? []) {
        if (p.kind !== 'before' || !p.anchor || !p.involvedTeamIds?.includes(teamId)) continue;
        const anchorDate = dates[p.anchor];
        if (!anchorDate) continue;
        const anchorMs = instantOf(anchorDate, tz);
        const dueMs = deadlineOf(p, anchorDate, input.calendarFor?.(p) ?? calendar);
        if (nowMs >= dueMs) {
          out.push({
            kind: 'sla-short',
            itemKey: waiter,
            dependencyId: w.dep.id,
            policyId: p.id,
            teamId,
            anchorDate,
            dueAt: new Date(dueMs).toISOString(),
            leftMs: anchorMs - nowMs,
          });
        }
      }
    }
  }
  return out;
}

interface ChainLink {
  key: string;
  dates: ItemDates;
  /** Item keys from the direct dependency to this one. */
  path: string[];
  /** Set when this link is a dependency's own due date (not an item's date). */
  viaDue?: string;
}

/**
 * Everything an item waits for, transitively, through open waits (breadth first, each item once),
 * starting with the item itself; dependencies' own due dates are links too.
 */
function openChainFrom(
  start: string,
  waits: ReadonlyMap<string, Wait[]>,
  snaps: ReadonlyMap<string, ItemSnapshot>,
  datesOf: (key: string) => ItemDates,
): ChainLink[] {
  const out: ChainLink[] = [{ key: start, dates: datesOf(start), path: [start] }];
  const seen = new Set([start]);
  for (let i = 0; i < out.length && out.length < 200; i++) {
    const cur = out[i]!;
    if (cur.viaDue) continue;
    for (const w of waits.get(cur.key) ?? []) {
      if (!isOpen(w, snaps)) continue;
      if (w.dep.due) out.push({ key: cur.key, dates: {}, path: cur.path, viaDue: w.dep.due });
      if (!w.otherItem || seen.has(w.otherItem)) continue;
      seen.add(w.otherItem);
      out.push({ key: w.otherItem, dates: datesOf(w.otherItem), path: [...cur.path, w.otherItem] });
    }
  }
  return out;
}

export interface DependentCampaign {
  itemKey: string;
  dependencyId: string;
  title?: string;
  url?: string;
  launch?: string;
  /** This item's release (or due) date compared against. */
  releaseDate?: string;
  /** True when the campaign launches before this item's release (or due) date. */
  warning: boolean;
}

/** Campaigns (items with a launch date, or role 'campaign') that wait for a product item, sorted by launch. */
export function campaignsDependingOn(
  productItemKey: string,
  deps: readonly Dependency[],
  snapshots: ByKey<ItemSnapshot> = [],
  metas: ByKey<ItemMeta> = [],
  timeZone = 'UTC',
): DependentCampaign[] {
  const snaps = lookup(snapshots);
  const metaMap = lookup(metas);
  const mine = itemDates(productItemKey, snaps, metaMap);
  const releaseDate = mine.release ?? mine.due;
  const out: DependentCampaign[] = [];
  const seen = new Set<string>();
  for (const [waiter, list] of waitIndex(deps)) {
    for (const w of list) {
      if (w.otherItem !== productItemKey || seen.has(waiter)) continue;
      const dates = itemDates(waiter, snaps, metaMap);
      const role = metaMap.get(waiter)?.role;
      if (!dates.launch && role !== 'campaign') continue;
      seen.add(waiter);
      const s = snaps.get(waiter);
      const c: DependentCampaign = {
        itemKey: waiter,
        dependencyId: w.dep.id,
        warning: !!(dates.launch && releaseDate && instantOf(dates.launch, timeZone) < instantOf(releaseDate, timeZone)),
      };
      if (s?.title) c.title = s.title;
      if (s?.url) c.url = s.url;
      if (dates.launch) c.launch = dates.launch;
      if (releaseDate) c.releaseDate = releaseDate;
      out.push(c);
    }
  }
  out.sort((a, b) => (a.launch ? instantOf(a.launch, timeZone) : Infinity) - (b.launch ? instantOf(b.launch, timeZone) : Infinity));
  return out;
}

/** Dates of an item: the host's own fields first, Liaison's where the host has none or a person chose Liaison's. */
export function itemDates(key: string, snapshots: ByKey<ItemSnapshot> = [], metas: ByKey<ItemMeta> = []): ItemDates {
  const s = lookup(snapshots).get(key);
  const m = lookup(metas).get(key);
  return effectiveDates(s?.dates, m);
}

/**
 * The dates an item goes by (issue 11 point 4): the host's own field (Jira's due, start and date
 * custom fields, a CRM's close date) is the default; a date stored in Liaison fills a field the host
 * does not have, and wins over the host's only where a person explicitly chose it over that very host
 * value (`meta.datesKept`) — a later change in the host makes the host's value the effective one again.
 */
export function effectiveDates(host: ItemDates | undefined, meta: Pick<ItemMeta, 'dates' | 'datesKept'> | undefined): ItemDates {
  const out: ItemDates = { ...definedOnly(meta?.dates ?? {}) };
  for (const [k, v] of Object.entries(host ?? {}) as [keyof ItemDates, string | undefined][]) {
    if (!v) continue;
    const stored = out[k];
    const kept = k !== 'created' ? meta?.datesKept?.[k] : undefined;
    if (stored && kept && sameDay(kept, v)) continue;
    out[k] = v;
  }
  return out;
}

/** Which stored dates differ from the host's, and whether each is the one in use. */
export function dateChoices(host: ItemDates | undefined, meta: Pick<ItemMeta, 'dates' | 'datesKept'> | undefined): { field: 'due' | 'launch' | 'end' | 'release'; host: string; stored: string; using: 'host' | 'liaison' }[] {
  const eff = effectiveDates(host, meta);
  const out: { field: 'due' | 'launch' | 'end' | 'release'; host: string; stored: string; using: 'host' | 'liaison' }[] = [];
  for (const f of ['launch', 'end', 'release', 'due'] as const) {
    const h = host?.[f];
    const s = meta?.dates?.[f];
    if (!h || !s || sameDay(h, s)) continue;
    out.push({ field: f, host: h, stored: s, using: eff[f] === s ? 'liaison' : 'host' });
  }
  return out;
}

const sameDay = (a: string, b: string) => a.slice(0, 10) === b.slice(0, 10);

function definedOnly(d: ItemDates): ItemDates {
  const out: ItemDates = {};
  for (const [k, v] of Object.entries(d) as [keyof ItemDates, string | undefined][]) if (v) out[k] = v;
  return out;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A date-only value is the start of that day in the zone; an instant is itself. */
function instantOf(value: string, timeZone: string): number {
  return DATE_ONLY.test(value) ? startOfLocalDay(timeZone, value) : toMs(value);
}

const DONE_STATUSES = new Set([
  'done', 'closed', 'resolved', 'complete', 'completed', 'released', 'shipped', 'finished', 'live', 'won', 'closed won',
  'готово', 'выполнено', 'закрыто', 'закрыта', 'решено', 'решена', 'завершено', 'завершена', 'сделано', 'выпущено', 'успешно реализовано',
]);

/** Does a host status name mean the work is finished? (Done, Closed, Resolved, Готово, Выполнено, …) */
export function isDoneStatus(status: string | undefined): boolean {
  if (!status) return false;
  return DONE_STATUSES.has(status.trim().toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' '));
}
