/**
 * The snapshot the content script sends when a user sees an item: what the page showed
 * (lib/panel/reading.ts, validated) plus its brief check, so the inbox and the digest know
 * about incomplete briefs without the host page open. Null when the page could not be read.
 */
import type { BriefTemplate, ItemMeta, ItemSnapshot } from '../core/schemas';
import { snapshotFromReading } from '../panel/reading';
import { snapshotBrief } from '../panel/model';
import type { PanelState } from './controller';

export function snapshotFromState(
  state: PanelState,
  opts: { templates?: readonly BriefTemplate[]; meta?: ItemMeta; now?: Date } = {},
): ItemSnapshot | null {
  if (!state.reading) return null;
  const snap = snapshotFromReading(state.itemKey, state.ref, state.url, state.reading, (opts.now ?? new Date()).getTime());
  if (!snap) return null;
  try {
    const brief = snapshotBrief(state.ref, state.reading, opts.meta, opts.templates ?? []);
    if (brief) snap.brief = brief;
  } catch {
    // A brief check that fails leaves the snapshot without it; the panel reports the problem.
  }
  return snap;
}
