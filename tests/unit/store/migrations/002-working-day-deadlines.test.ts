import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createStore } from '@/lib/store';
import { migration002 } from '@/lib/store/migrations/002-working-day-deadlines';
import { CURRENT_SCHEMA_VERSION, runMigrations } from '@/lib/store/migrations';
import { calendarForPolicy, evaluate } from '@/lib/core/sla';
import { DEFAULT_CALENDAR, defaultWorkspace } from '@/lib/core/defaults';
import schema1 from '../../../fixtures/store/schema-1-sla-policies.json';

/**
 * tests/fixtures/store/schema-1-sla-policies.json is storage as Liaison left it at schema 1: the seeded
 * deadline policies on calendar days (`businessTime: false`, `calendarId: 'ru-moscow'`), one of them
 * still only a pending seeding operation, plus the team's own changes — the days of one policy,
 * another turned to calendar days in the options (on, then off), the calendar of the weekly report,
 * a pending rename, and a policy the team created on calendar days.
 */
const ctx = { now: '2026-06-01T09:00:00.000Z', device: 'dev-m' };

async function policies() {
  await fakeBrowser.storage.local.set(structuredClone(schema1));
  const report = await runMigrations({ device: ctx.device, now: ctx.now });
  const s = createStore({ device: 'dev-a' });
  const ws = await s.workspace();
  const byId = Object.fromEntries(ws.slaPolicies.map((p) => [p.id, p]));
  return { report, s, byId, ws };
}

describe('migration 002: deadline policies written before working-day counting', () => {
  it('the untouched seeded policies count working days of the owner team\'s calendar; what people chose is kept', async () => {
    const { report, s, byId } = await policies();
    expect(report).toMatchObject({ from: 1, to: CURRENT_SCHEMA_VERSION, applied: ['002-working-day-deadlines'], quarantined: [] });
    expect(report.error).toBeUndefined();
    // The old default: working days, and no calendar of its own (the owner team's applies).
    expect(byId['campaign-notify']).toMatchObject({ businessTime: true, days: 5, name: 'Tell product 5 days before launch' });
    expect(byId['campaign-notify']!.calendarId).toBeUndefined();
    // Only its days were changed: the day count is still the old default.
    expect(byId['analytics-request']).toMatchObject({ businessTime: true, days: 10 });
    expect(byId['analytics-request']!.calendarId).toBeUndefined();
    // Seeded but never compacted (only the seeding operation is stored).
    expect(byId['campaign-analysis']).toMatchObject({ businessTime: true, kind: 'after', days: 3 });
    // The weekly report: working days, and the calendar someone picked stays.
    expect(byId['weekly-report']).toMatchObject({ businessTime: true, calendarId: 'ru-spb' });
    // Turned to calendar days in the options: kept, with its calendar.
    expect(byId['release-notify']).toMatchObject({ businessTime: false, calendarId: 'ru-moscow' });
    // A policy the team created on calendar days: kept.
    expect(byId['legal-approval']).toMatchObject({ businessTime: false, calendarId: 'ru-moscow', days: 10 });
    // The lead clock is not a day count: untouched.
    expect(byId['lead-first-contact']).toMatchObject({ businessTime: true, calendarId: 'ru-moscow' });
    s.close();
  });

  it('nothing is lost: every other field is as it was, and a second run changes nothing', async () => {
    const { s, byId } = await policies();
    expect(byId['campaign-notify']).toMatchObject({ ownerTeamId: 'marketing', involvedTeamIds: ['product', 'analytics'], kind: 'before', anchor: 'launch', appliesTo: ['campaign'], atRiskShare: 0.25 });
    expect(Object.keys(byId).sort()).toEqual(['analytics-request', 'campaign-analysis', 'campaign-notify', 'lead-first-contact', 'legal-approval', 'release-notify', 'weekly-report']);
    s.close();
    expect((await runMigrations({ device: 'dev-m' })).applied).toEqual([]);
    const again = migration002.migrate((await fakeBrowser.storage.local.get(null)) as Record<string, unknown>, ctx);
    expect(again.set).toEqual({});
  });

  it('a notice due "5 days before" a launch on Monday 2026-05-18 falls on a working day after the migration', async () => {
    const { s, byId, ws } = await policies();
    const policy = byId['campaign-notify']!;
    const cal = calendarForPolicy(policy, ws.calendars.length ? ws.calendars : [DEFAULT_CALENDAR], ws.teams.length ? ws.teams : defaultWorkspace().teams);
    const clock = evaluate(policy, { events: [], dates: { launch: '2026-05-18' } }, Date.parse('2026-05-01T09:00:00Z'), cal)!;
    // 5 working days before Monday 18 May 2026 (Moscow): 15, 14, 13, 12 May, then Mon 11 May is the day off
    // for Victory Day (Sat 9 May, art. 112) → Fri 8 May; due at the end of that day. On calendar days it was Wed 13 May.
    expect(clock.dueAt).toBe('2026-05-08T21:00:00.000Z');
    s.close();
  });

  it('writes an ordinary operation that says which clocks it had seen (a newer edit elsewhere still wins)', () => {
    const out = migration002.migrate(structuredClone(schema1) as Record<string, unknown>, ctx);
    const ops = Object.entries(out.set);
    expect(ops.map(([, op]) => (op as { id: string }).id).sort()).toEqual(['analytics-request', 'campaign-analysis', 'campaign-notify', 'weekly-report']);
    for (const [key, op] of ops) {
      expect(key).toMatch(/^op:\d{15}\.\d{5}\.dev-m~migrate$/);
      expect(op).toMatchObject({ v: 1, collection: 'slaPolicies', set: { businessTime: true }, by: { device: 'dev-m~migrate' } });
    }
    const notify = ops.find(([, op]) => (op as { id: string }).id === 'campaign-notify')![1] as { unset?: string[]; seen: Record<string, string> };
    expect(notify.unset).toEqual(['calendarId']);
    expect(notify.seen.businessTime).toBe((schema1['doc:slaPolicies:campaign-notify'] as { clocks: Record<string, string> }).clocks.businessTime);
  });
});
