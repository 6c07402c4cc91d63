/**
 * The first run's own progress in storage.local (`firstRun`): what the settings, the team config
 * and the snapshots cannot tell — that the person chose to work alone, opened the demo item, or
 * dismissed the checklist. Validated with zod on every read; a bad value reads as a fresh start.
 */
import { browser } from 'wxt/browser';
import { z } from 'zod';
import { lazySchema } from '../core/lazy-schema';
import { InstantSchema } from '../core/schemas';

export const FIRST_RUN_KEY = 'firstRun';

export const FirstRunSchema = /* @__PURE__ */ lazySchema(() => z
  .object({
    v: z.literal(1),
    /** "Work alone for now" chosen instead of joining a team workspace. */
    alone: z.boolean().default(false),
    demoOpenedAt: InstantSchema.optional(),
    dismissedAt: InstantSchema.optional(),
  })
  .strict());
export type FirstRun = z.infer<typeof FirstRunSchema>;

export const EMPTY_FIRST_RUN: FirstRun = { v: 1, alone: false };

export function parseFirstRun(raw: unknown): FirstRun {
  const r = FirstRunSchema.safeParse(raw);
  return r.success ? r.data : EMPTY_FIRST_RUN;
}

export async function readFirstRun(): Promise<FirstRun> {
  const got = await browser.storage.local.get(FIRST_RUN_KEY);
  return parseFirstRun(got[FIRST_RUN_KEY]);
}

/** Read, change, write (one person, one profile: the last change wins). */
export async function updateFirstRun(change: (s: FirstRun) => Partial<FirstRun>): Promise<FirstRun> {
  const current = await readFirstRun();
  const next = FirstRunSchema.parse({ ...current, ...change(current) });
  await browser.storage.local.set({ [FIRST_RUN_KEY]: next });
  return next;
}

/** Calls `cb` with the new state whenever another page (or this one) changes it. */
export function watchFirstRun(cb: (s: FirstRun) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && FIRST_RUN_KEY in changes) cb(parseFirstRun(changes[FIRST_RUN_KEY]?.newValue));
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
