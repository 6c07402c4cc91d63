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
import type { Dependency, ItemDates, ItemMeta, ItemSnapshot, SlaPolicy } from './schemas';
import type { TimeInput } from './calendar';

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
  throw new Error('not implemented');
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
  throw new Error('not implemented');
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
    }
  | {
      kind: 'sla-short';
      itemKey: string;
      dependencyId: string;
      policyId: string;
      teamId: string;
      /** The anchor date (launch / release / …) the policy counts back from. */
      anchorDate: string;
      /** The deadline by which the team had to be involved, ISO UTC. */
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
  /** Zone in which date-only values are read (default 'UTC'). */
  timeZone?: string;
  /** Only conflicts of this item (as the campaign or as the dependency item); default all. */
  itemKey?: string;
}

export function dateConflicts(input: DateConflictInput): DateConflict[] {
  throw new Error('not implemented');
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
  throw new Error('not implemented');
}

/** Dates of an item: its snapshot's dates overlaid with the user's meta dates. */
export function itemDates(key: string, snapshots: ByKey<ItemSnapshot> = [], metas: ByKey<ItemMeta> = []): ItemDates {
  throw new Error('not implemented');
}

/** Does a host status name mean the work is finished? (Done, Closed, Resolved, Готово, Выполнено, …) */
export function isDoneStatus(status: string | undefined): boolean {
  throw new Error('not implemented');
}
