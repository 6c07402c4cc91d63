/**
 * What the adapter read, made safe for the engines: dates parsed to ISO (date-only kept),
 * and the open item as a snapshot so that engines comparing items see its current state.
 * Pure: no browser APIs. Anything that does not parse is dropped, never guessed.
 */
import type { ItemReading } from '../adapters/types';
import type { ItemRef } from '../core/item-ref';
import { ItemSnapshotSchema, type ItemDates, type ItemSnapshot } from '../core/schemas';
import { itemKey } from '../core/item-ref';
import { linkedRef } from './host-links';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function iso(v: string | undefined, dateOnlyOk: boolean): string | undefined {
  if (!v) return undefined;
  const s = v.trim();
  if (DATE_ONLY.test(s)) return dateOnlyOk ? s : undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

export function normalizeDates(d: ItemReading['dates']): ItemDates {
  const out: ItemDates = {};
  const due = iso(d.due, true);
  const launch = iso(d.launch, true);
  const end = iso(d.end, true);
  const release = iso(d.release, true);
  const created = iso(d.created, false);
  if (due) out.due = due;
  if (launch) out.launch = launch;
  if (end) out.end = end;
  if (release) out.release = release;
  if (created) out.created = created;
  return out;
}

const clip = (s: string | undefined, n: number) => (s ? s.slice(0, n) : undefined);

function clipProperties(p: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p).slice(0, 60)) if (k.trim() && typeof v === 'string') out[k.trim().slice(0, 120)] = v.slice(0, 500);
  return out;
}

export function snapshotFromReading(key: string, ref: ItemRef, url: string, reading: ItemReading | null, now: number): ItemSnapshot | null {
  if (!reading) return null;
  const parsed = ItemSnapshotSchema.safeParse({
    key,
    ref,
    title: clip(reading.title?.trim() || ref.id, 2000),
    status: clip(reading.status?.trim() || undefined, 200),
    dates: normalizeDates(reading.dates),
    labels: reading.labels.slice(0, 100).map((l) => l.slice(0, 200)),
    owner: clip(reading.owner?.trim() || undefined, 200),
    url: url.slice(0, 4000),
    seenAt: new Date(now).toISOString(),
    ...(reading.properties ? { properties: clipProperties(reading.properties) } : {}),
    ...(reading.links?.length ? { links: snapshotLinks(ref, reading.links) } : {}),
  });
  return parsed.success ? parsed.data : null;
}

/** The host's links as the snapshot keeps them: item keys on the same site, titles and statuses as shown. */
function snapshotLinks(ref: ItemRef, links: NonNullable<ItemReading['links']>): NonNullable<ItemSnapshot['links']> {
  const out: NonNullable<ItemSnapshot['links']> = [];
  for (const l of links.slice(0, 100)) {
    const other = linkedRef(ref, l.id);
    if (!other) continue;
    const due = l.due && DATE_ONLY.test(l.due) ? l.due : undefined;
    out.push({
      key: itemKey(other),
      rel: l.rel,
      ...(l.title ? { title: l.title.slice(0, 300) } : {}),
      ...(l.status ? { status: l.status.slice(0, 100) } : {}),
      ...(l.done !== undefined ? { done: l.done } : {}),
      ...(due ? { due } : {}),
    });
  }
  return out;
}
