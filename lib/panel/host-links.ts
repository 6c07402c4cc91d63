/**
 * The host's own links (Jira "is blocked by" / "blocks", parent and child issues) as dependencies,
 * merged with those entered in Liaison without saying a fact twice. Pure: no browser APIs.
 *
 * - "is blocked by X": this item waits for X — a `needs` dependency, state `blocked` until X is done
 *   (the verdict then says "Blocked by X …");
 * - "blocks X": X waits for this item — a `blocks` dependency;
 * - a child (subtask, child issue): this item is finished when its children are — a `needs` row with
 *   the child's state; children are progress, not blockers, so they stay out of the verdict;
 * - the parent: the parent waits for this item — a `blocks` row.
 * A dependency entered in Liaison for the same pair of items (either direction) is the same fact:
 * the Liaison one is kept (it has a state, a reason, a due date people set) and marked as also in
 * the host; the host's copy is dropped.
 */
import type { HostLink, HostLinkRel } from '../adapters/types';
import { isDoneStatus } from '../core/deps';
import { itemKey, itemUrl, parseItemKey, type ItemRef } from '../core/item-ref';
import type { Dependency, ItemSnapshot } from '../core/schemas';

export interface HostDepRow {
  dependency: Dependency;
  rel: HostLinkRel;
  otherKey: string;
  snapshot?: ItemSnapshot;
}

export interface HostLinkMerge {
  /** Rows for the host's links that no Liaison dependency already says. */
  rows: HostDepRow[];
  /** The dependencies of `rows` that count for blockers and date conflicts (children excluded). */
  blocking: Dependency[];
  /** Liaison dependency id → the host relation that says the same (shown as "also in Jira"). */
  confirmed: Map<string, HostLinkRel>;
  /** What the host shows of the linked items (title, status, due), newer than any stored sighting. */
  snapshots: ItemSnapshot[];
  /** Liaison dependencies whose item the host shows as done (for the engines: resolved). */
  resolved: Set<string>;
}

/** Host ids that can name an item of the same tool and site (Jira keys). */
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

/** The linked item's ref: same tool and site as the open item (Jira: an issue). */
export function linkedRef(self: ItemRef, id: string): ItemRef | null {
  if (!ID.test(id)) return null;
  if (self.tool === 'jira') return /^[A-Z][A-Z0-9_]*-[1-9]\d*$/.test(id) ? { tool: 'jira', workspace: self.workspace, kind: 'issue', id } : null;
  return { ...self, id };
}

/** Stable id of a host link's dependency (the store's id charset). */
function depId(key: string, rel: HostLinkRel, other: string): string {
  let h = 0x811c9dc5;
  const s = `${key}|${rel}|${other}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `host-${rel}-${other.replace(/[^a-zA-Z0-9._-]+/g, '_').slice(0, 60)}-${h.toString(36)}`;
}

/** "X waits for Y" of a dependency: [waiter, waited-for]; null for team dependencies and `informs`. */
function waitEdge(d: Dependency): [string, string] | null {
  if (d.to.type !== 'item' || d.relation === 'informs') return null;
  return d.relation === 'needs' ? [d.fromKey, d.to.itemKey] : [d.to.itemKey, d.fromKey];
}

function linkDone(l: HostLink, stored?: ItemSnapshot): boolean {
  if (l.done !== undefined) return l.done;
  return isDoneStatus(l.status ?? stored?.status);
}

export function mergeHostLinks(opts: {
  key: string;
  ref: ItemRef;
  links: readonly HostLink[];
  deps: readonly Dependency[];
  snapshots: readonly ItemSnapshot[];
  /** The host page's origin (links built for items nobody opened). */
  origin?: string;
  now: number;
}): HostLinkMerge {
  const { key, ref, deps } = opts;
  const edges = new Map<string, Dependency>();
  for (const d of deps) {
    const e = waitEdge(d);
    if (e) edges.set(`${e[0]}>${e[1]}`, d);
  }
  const rows: HostDepRow[] = [];
  const blocking: Dependency[] = [];
  const confirmed = new Map<string, HostLinkRel>();
  const snapshots: ItemSnapshot[] = [];
  const resolved = new Set<string>();
  const seen = new Set<string>();
  const seenAt = new Date(opts.now).toISOString();
  for (const l of opts.links) {
    const other = linkedRef(ref, l.id);
    if (!other) continue;
    const otherKey = itemKey(other);
    if (otherKey === key || seen.has(`${l.rel}|${otherKey}`)) continue;
    seen.add(`${l.rel}|${otherKey}`);
    const stored = opts.snapshots.find((s) => s.key === otherKey);
    // What the host shows now is newer than any stored sighting: it overlays title, status, due.
    if (l.title || l.status || l.due) {
      const snap: ItemSnapshot = {
        ...(stored ?? { key: otherKey, ref: other, title: '', dates: {}, labels: [], url: itemUrl(other, opts.origin) ?? `https://${other.workspace}/`, seenAt }),
        ...(l.title ? { title: l.title } : {}),
        ...(l.status ? { status: l.status } : {}),
      };
      if (l.due) snap.dates = { ...snap.dates, due: l.due };
      snapshots.push(snap);
    }
    const waitsForOther = l.rel === 'blocked-by' || l.rel === 'child';
    const edge = waitsForOther ? `${key}>${otherKey}` : `${otherKey}>${key}`;
    const same = edges.get(edge);
    const done = linkDone(l, stored);
    if (same) {
      confirmed.set(same.id, l.rel);
      // A status the host calls done ("Launched" in a done category) resolves the Liaison dependency too.
      if (done) resolved.add(same.id);
      continue;
    }
    const dependency: Dependency = {
      id: depId(key, l.rel, otherKey),
      fromKey: key,
      to: { type: 'item', itemKey: otherKey },
      relation: waitsForOther ? 'needs' : 'blocks',
      state: done ? 'done' : l.rel === 'blocked-by' ? 'blocked' : 'pending',
    };
    const snapshot = snapshots.find((s) => s.key === otherKey) ?? stored;
    rows.push({ dependency, rel: l.rel, otherKey, ...(snapshot ? { snapshot } : {}) });
    if (l.rel !== 'child') blocking.push(dependency);
  }
  return { rows, blocking, confirmed, snapshots, resolved };
}

/**
 * Snapshots of the items a seen item links to, from what its host showed of them (title, status,
 * due): so that every panel and page names them by title before anyone opens them. Only items on
 * the same tool and site as the seen item; marked `via: 'link'` so that a real sighting replaces them.
 */
export function linkedSnapshots(seen: ItemSnapshot, now: number): ItemSnapshot[] {
  const out: ItemSnapshot[] = [];
  const seenAt = new Date(now).toISOString();
  let origin: string | undefined;
  try {
    origin = new URL(seen.url).origin;
  } catch {
    origin = undefined;
  }
  for (const l of seen.links ?? []) {
    if (!l.title) continue;
    const ref = parseItemKey(l.key);
    if (!ref || ref.tool !== seen.ref.tool || ref.workspace !== seen.ref.workspace || l.key === seen.key) continue;
    const url = itemUrl(ref, origin);
    if (!url) continue;
    out.push({
      key: l.key,
      ref,
      title: l.title,
      ...(l.status ? { status: l.status } : {}),
      dates: l.due ? { due: l.due } : {},
      labels: [],
      url,
      seenAt,
      via: 'link',
    });
  }
  return out;
}
