/**
 * 002 — deadline policies written before working-day counting get the new default.
 *
 * Until schema 1, the seeded "N days before launch / after the end" and weekly-report policies
 * were stored with `businessTime: false` (calendar days) and `calendarId: 'ru-moscow'`; since then
 * the default is working days of the owner team's calendar (`businessTime` true, no calendarId).
 * A stored policy keeps calendar days only when someone chose them. How "chose" is told apart
 * from "the old default", honestly, from what storage holds:
 *
 * - The field was never written (absent): the schema's default applies (working days) — nothing
 *   to change.
 * - A seeded default policy (its id is one of DEFAULT_SLA_POLICIES) whose `businessTime` still
 *   carries the clock it was created with (the same per-field clock as its `id`), pending operations
 *   folded in: nobody ever changed it — it is the old default and becomes working days.
 *   Its `calendarId`, when it is still the old default calendar under its creation clock, is unset
 *   so the owner team's calendar applies.
 * - Anything else is a person's choice and is kept: a `businessTime: false` written after creation
 *   (the options page's checkbox turned off, stored or still a pending operation), or a policy a person
 *   created (not a seeded id) — in the old options form, creating a policy wrote every field.
 *
 * The change is written as an ordinary operation (`op:<hlc>`, author `<device>~migrate`) that says
 * which clocks it had seen, so the store folds it like any edit: the previous value goes to the
 * audit log (nothing is lost), and a concurrent edit from another device still wins if it is newer.
 */
import { DEFAULT_CALENDAR_ID, DEFAULT_SLA_POLICIES } from '../../core/defaults';
import { DOC_PREFIX, OP_PREFIX, OpSchema, StoredDocSchema, opKey, type Op } from '../doc';
import { formatHlc, parseHlc } from '../hlc';
import type { Migration } from './types';

const SEEDED_IDS = new Set(DEFAULT_SLA_POLICIES.map((p) => p.id));
const DAY_KINDS = new Set(['before', 'after', 'weekly']);
const POLICY_PREFIX = `${DOC_PREFIX}slaPolicies:`;

export const migration002: Migration = {
  version: 2,
  name: 'working-day-deadlines',
  migrate(items, ctx) {
    const set: Record<string, unknown> = {};
    let maxWall = Date.parse(ctx.now);
    let counter = 0;
    const seeWall = (hlc: string | undefined): void => {
      const h = hlc ? parseHlc(hlc) : null;
      if (h && h.wall >= maxWall) {
        counter = h.wall > maxWall ? h.counter + 1 : Math.max(counter, h.counter + 1);
        maxWall = h.wall;
      }
    };
    // Each policy as the store would fold it: its base document, then its pending operations
    // (seeding itself may still be an operation), field by field by clock.
    const state = new Map<string, { data: Record<string, unknown>; clocks: Record<string, string>; deleted: boolean }>();
    for (const [key, value] of Object.entries(items)) {
      if (!key.startsWith(POLICY_PREFIX)) continue;
      const parsed = StoredDocSchema.safeParse(value);
      if (!parsed.success) continue; // migration 001 quarantined what it could not read
      for (const hlc of Object.values(parsed.data.clocks)) seeWall(hlc);
      state.set(parsed.data.id, { data: { ...parsed.data.data }, clocks: { ...parsed.data.clocks }, deleted: parsed.data.deleted === true });
    }
    const ops: Op[] = [];
    for (const [key, value] of Object.entries(items)) {
      if (!key.startsWith(OP_PREFIX)) continue;
      const op = OpSchema.safeParse(value);
      if (!op.success) continue;
      seeWall(op.data.hlc);
      if (op.data.collection === 'slaPolicies') ops.push(op.data);
    }
    ops.sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0));
    for (const op of ops) {
      const s = state.get(op.id) ?? { data: {}, clocks: {}, deleted: false };
      state.set(op.id, s);
      const write = (path: string, v: unknown, unset: boolean): void => {
        if ((s.clocks[path] ?? '') > op.hlc) return;
        if (unset) delete s.data[path];
        else s.data[path] = v;
        s.clocks[path] = op.hlc;
      };
      for (const [path, v] of Object.entries(op.set ?? {})) write(path, v, false);
      for (const path of op.unset ?? []) write(path, undefined, true);
      if (op.deleted !== undefined && (s.clocks.$deleted ?? '') <= op.hlc) {
        s.deleted = op.deleted;
        s.clocks.$deleted = op.hlc;
      }
    }

    const changes: { id: string; clocks: Record<string, string>; unsetCalendar: boolean }[] = [];
    for (const [id, s] of state) {
      if (s.deleted || !SEEDED_IDS.has(id)) continue;
      if (!DAY_KINDS.has(String(s.data.kind)) || s.data.businessTime !== false) continue;
      // Never changed since it was written: the same clock as the policy's id (set once, at creation).
      const created = s.clocks.id ?? s.clocks.kind;
      if (!created || s.clocks.businessTime !== created) continue;
      const unsetCalendar = s.data.calendarId === DEFAULT_CALENDAR_ID && s.clocks.calendarId === created;
      changes.push({ id, clocks: s.clocks, unsetCalendar });
    }

    for (const c of changes) {
      const hlc = formatHlc({ wall: maxWall, counter: counter++, node: `${ctx.device}~migrate` });
      const op: Op = {
        v: 1,
        collection: 'slaPolicies',
        id: c.id,
        hlc,
        at: ctx.now,
        by: { device: `${ctx.device}~migrate` },
        set: { businessTime: true },
        seen: { businessTime: c.clocks.businessTime ?? '', ...(c.unsetCalendar ? { calendarId: c.clocks.calendarId ?? '' } : {}) },
        ...(c.unsetCalendar ? { unset: ['calendarId'] } : {}),
      };
      set[opKey(hlc)] = op;
    }
    return { set, remove: [], quarantine: {} };
  },
};
