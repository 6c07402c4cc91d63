/**
 * Turns what the adapter read into a validated ItemSnapshot (or null when it does not parse:
 * a host page is untrusted input, and a bad snapshot is simply not sent).
 */
import { ItemSnapshotSchema, type ItemSnapshot } from '../core/schemas';
import type { PanelState } from './controller';

const clip = (s: string | undefined, n: number) => (s === undefined ? undefined : s.length > n ? s.slice(0, n) : s);

function isoOrUndefined(v: string | undefined, dateOnlyOk: boolean): string | undefined {
  if (!v) return undefined;
  if (dateOnlyOk && /^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

export function snapshotFromState(state: PanelState, now: Date = new Date()): ItemSnapshot | null {
  const r = state.reading;
  if (!r) return null;
  const d = r.dates;
  const parsed = ItemSnapshotSchema.safeParse({
    key: state.itemKey,
    ref: state.ref,
    title: clip(r.title?.trim() || state.ref.id, 2000),
    status: clip(r.status?.trim() || undefined, 200),
    dates: {
      due: isoOrUndefined(d.due, true),
      launch: isoOrUndefined(d.launch, true),
      end: isoOrUndefined(d.end, true),
      release: isoOrUndefined(d.release, true),
      created: isoOrUndefined(d.created, false),
    },
    labels: r.labels.slice(0, 100).map((l) => l.slice(0, 200)),
    owner: clip(r.owner?.trim() || undefined, 200),
    url: state.url.slice(0, 4000),
    seenAt: now.toISOString(),
  });
  return parsed.success ? parsed.data : null;
}
