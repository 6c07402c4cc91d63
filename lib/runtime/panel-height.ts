/**
 * The height a panel frame last had on each host tool, so that the next page's frame is inserted
 * at its final size (one layout of the host page instead of one per size change — issue 17's
 * "≤ 2 host repaints"). storage.session: per browser session, closed to content scripts; the
 * panel frame writes it, the background hands it out with the mount secret. Validated both ways.
 */
import { z } from 'zod';
import { lazySchema } from '../core/lazy-schema';

export const PANEL_HEIGHTS_KEY = 'panel:heights';
export const MAX_PANEL_HEIGHT = 2000;

const HeightsSchema = /* @__PURE__ */ lazySchema(() => z.record(z.string().max(40), z.number().int().min(0).max(MAX_PANEL_HEIGHT)));
export type PanelHeights = z.infer<typeof HeightsSchema>;

/** Stored heights, or none when missing or malformed (never throws). */
export function parseHeights(raw: unknown): PanelHeights {
  const r = HeightsSchema.safeParse(raw ?? {});
  return r.success ? r.data : {};
}
