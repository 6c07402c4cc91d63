import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createStore } from '@/lib/store';
import { migration001 } from '@/lib/store/migrations/001-envelopes';
import { CURRENT_SCHEMA_VERSION, runMigrations } from '@/lib/store/migrations';

const ctx = { now: '2026-05-01T00:00:00.000Z', device: 'dev-m' };
const cac = { id: 'cac', name: 'CAC', unit: 'currency', currency: 'RUB', direction: 'lower', target: 2500, ownerTeamIds: ['marketing'] };
const ITEM = 'jira:acme.atlassian.net:issue:MKT-1';

describe('migration 001: bare documents → envelopes', () => {
  it('wraps bare entities, keeps envelopes, quarantines what does not parse', () => {
    const input = {
      'doc:kpis:cac': cac,
      'doc:itemMeta:jira:acme.atlassian.net:issue:MKT-1': { key: ITEM, notes: [{ text: 'hi', by: 'ann', at: '2026-04-01T00:00:00.000Z' }] },
      'doc:kpis:wrongid': { ...cac, id: 'other' },
      'doc:teams:t': { id: 't' },
      'doc:widgets:w': { id: 'w' },
      'settings-like': { keep: true },
    };
    const out = migration001.migrate(input, ctx);
    expect(out.set['doc:kpis:cac']).toMatchObject({
      v: 1,
      id: 'cac',
      collection: 'kpis',
      rev: 1,
      updatedAt: ctx.now,
      updatedBy: { device: 'dev-m' },
      data: { ...cac, staleAfterDays: 14, thresholds: { atRisk: 0.1 } },
    });
    const meta = out.set['doc:itemMeta:jira:acme.atlassian.net:issue:MKT-1'] as { elems: Record<string, Record<string, unknown>> };
    expect(Object.keys(meta.elems.notes!)).toEqual(['2026-04-01T00:00:00.000Z|ann|hi']);
    expect(Object.keys(out.quarantine).sort()).toEqual(['doc:kpis:wrongid', 'doc:teams:t', 'doc:widgets:w']);
    expect(out.quarantine['doc:teams:t']).toMatch(/name/);
    expect(out.remove).toEqual([]);
    // Already-migrated input is left alone.
    const again = migration001.migrate({ ...input, ...out.set }, ctx);
    expect(again.set).toEqual({});
  });

  it('runs through runMigrations: old data opens in the new store, nothing is lost', async () => {
    await fakeBrowser.storage.local.set({ 'doc:kpis:cac': cac, 'doc:teams:t': { id: 't' } });
    const report = await runMigrations({ device: 'dev-m', now: ctx.now });
    expect(report).toMatchObject({ from: 0, to: CURRENT_SCHEMA_VERSION, applied: ['001-envelopes', '002-working-day-deadlines'], quarantined: ['doc:teams:t'] });
    const s = createStore({ device: 'dev-a' });
    expect((await s.get('kpis', 'cac'))!.data.target).toBe(2500);
    const q = await s.quarantine();
    expect(q).toHaveLength(1);
    expect(q[0]).toMatchObject({ key: 'doc:teams:t', value: { id: 't' } });
    expect(q[0]!.reason).toMatch(/^migration 001-envelopes: not a teams entry/);
    // A second run does nothing.
    expect((await runMigrations({ device: 'dev-m' })).applied).toEqual([]);
    s.close();
  });

  it('a fresh profile starts at the current version; a newer version is left untouched', async () => {
    expect((await runMigrations({ device: 'd' })).to).toBe(CURRENT_SCHEMA_VERSION);
    expect((await fakeBrowser.storage.local.get('meta:schemaVersion'))['meta:schemaVersion']).toBe(CURRENT_SCHEMA_VERSION);
    await fakeBrowser.storage.local.set({ 'meta:schemaVersion': 99, 'doc:kpis:cac': cac });
    const r = await runMigrations({ device: 'd' });
    expect(r.error).toMatch(/newer Liaison/);
    expect((await fakeBrowser.storage.local.get('doc:kpis:cac'))['doc:kpis:cac']).toEqual(cac);
  });
});
