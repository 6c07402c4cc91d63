/**
 * The panel's own view preferences, per browser profile: expanded or collapsed per host tool
 * (opens collapsed to its verdict line until the person expands it on that host), and the date
 * differences a person chose to keep. Stored under one storage.local key the store does not own.
 * Pure parsing here; the hook in components/panel reads and writes it.
 */
import { z } from 'zod';
import { ToolSchema, type Tool } from '../core/item-ref';
import { lazySchema } from '../core/lazy-schema';

export const PANEL_PREFS_KEY = 'panel:prefs';

export const PanelPrefsSchema = /* @__PURE__ */ lazySchema(() => z.object({
  v: z.literal(1).default(1),
  /** true = expanded on this host tool; absent = the default (collapsed). */
  expanded: z.partialRecord(ToolSchema, z.boolean()).default({}),
  /** `${itemKey}|${field}|${host}|${stored}` the person chose to keep as Liaison's value. */
  keptDates: z.array(z.string().max(800)).max(500).default([]),
}));
export type PanelPrefs = z.infer<typeof PanelPrefsSchema>;

export const DEFAULT_PREFS: PanelPrefs = { v: 1, expanded: {}, keptDates: [] };

/** Stored prefs, or the defaults when missing or from another version (never throws). */
export function parsePrefs(raw: unknown): PanelPrefs {
  const r = PanelPrefsSchema.safeParse(raw ?? {});
  return r.success ? r.data : DEFAULT_PREFS;
}

export function isExpanded(prefs: PanelPrefs, tool: Tool): boolean {
  return prefs.expanded[tool] === true;
}

export function withExpanded(prefs: PanelPrefs, tool: Tool, expanded: boolean): PanelPrefs {
  return { ...prefs, expanded: { ...prefs.expanded, [tool]: expanded } };
}

export const keptDateId = (itemKey: string, field: string, host: string, stored: string) => `${itemKey}|${field}|${host}|${stored}`;

export function withKeptDate(prefs: PanelPrefs, id: string): PanelPrefs {
  if (prefs.keptDates.includes(id)) return prefs;
  return { ...prefs, keptDates: [...prefs.keptDates, id].slice(-500) };
}
