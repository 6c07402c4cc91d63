/**
 * The lead quality page's model (lib/pages/leads.ts) on a small hand-computed workspace: groups per
 * source and per campaign, MQL → SQL → deal conversion (a deal is a won CRM status), rejection
 * reasons, the >50 % concentration warning, the first-contact hit rate that leaves "contacted —
 * time unknown" out and counts it separately, and the period filter.
 *
 * Clocks: Europe/Moscow, 09:00–18:00 on weekdays (the default calendar). Wed 18 Nov 2026, 10:00 MSK
 * = 07:00Z. High intent: 30 working minutes; normal: 240.
 */
import { describe, expect, it } from 'vitest';
import { defaultWorkspace } from '@/lib/core/defaults';
import type { ItemSnapshot, LeadNote } from '@/lib/core/schemas';
import { CONTACT_TIME_UNKNOWN } from '@/lib/core/sla';
import { buildLeadReport, type LeadReportInput } from '@/lib/pages/leads';

const NOW = '2026-12-02T12:00:00.000Z';
const CREATED = '2026-11-18T07:00:00.000Z';
const A = 'hubspot:4471234:contact:1001';
const B = 'hubspot:4471234:contact:1002';
const C = 'amocrm:acme:lead:2003';
const D = 'amocrm:acme:lead:2004';
const E = 'bitrix24:acme.bitrix24.ru:deal:55';

function note(itemKey: string, extra: Partial<LeadNote>): LeadNote {
  return { id: `n-${itemKey}-${extra.at ?? ''}`, itemKey, criteria: {}, authorTeamId: 'sales', at: '2026-11-18T09:00:00.000Z', ...extra };
}

function snapshot(key: string, status: string, created?: string): ItemSnapshot {
  const [tool, workspace, kind, id] = key.split(':') as [ItemSnapshot['ref']['tool'], string, string, string];
  return { key, ref: { tool, workspace, kind, id }, title: `Lead ${id}`, status, dates: created ? { created } : {}, labels: [], url: `https://example.com/${id}`, seenAt: '2026-11-30T10:00:00.000Z' };
}

function input(): LeadReportInput {
  const d = defaultWorkspace();
  return {
    ws: {
      ...d,
      leadNotes: [
        // A: SQL, contacted after 20 working minutes (high intent, 30 allowed) → met; the CRM says won → a deal
        note(A, { verdict: 'sql', intent: 'high', source: 'yandex', campaign: 'brand-q4', firstContactAt: '2026-11-18T07:20:00.000Z' }),
        // B: MQL, contacted after 300 working minutes (normal, 240 allowed) → breached
        note(B, { verdict: 'mql', intent: 'normal', source: 'yandex', campaign: 'brand-q4', firstContactAt: '2026-11-18T12:00:00.000Z' }),
        // C: rejected (student); the page showed it was contacted, not when → unknown
        note(C, { verdict: 'rejected', rejectionReasonId: 'student', source: 'yandex', campaign: 'retarget' }),
        // D: rejected with no reason given, in August, no create time → no clock
        note(D, { verdict: 'rejected', source: 'google', campaign: 'retarget', at: '2026-08-01T10:00:00.000Z' }),
      ],
      itemMeta: [
        { key: A, role: 'lead', dates: { created: CREATED }, notes: [] },
        { key: B, role: 'lead', dates: { created: CREATED }, notes: [] },
        // E: a lead with no note yet, created ten minutes ago (Wed 14:50 MSK) → its clock is running
        { key: E, role: 'lead', dates: { created: '2026-12-02T11:50:00.000Z' }, notes: [] },
      ],
      slaEvents: [
        {
          itemKey: C,
          events: [
            { itemKey: C, policyId: 'lead-first-contact', type: 'start', at: CREATED },
            { itemKey: C, policyId: 'lead-first-contact', type: 'stop', at: '2026-11-18T09:00:00.000Z', by: CONTACT_TIME_UNKNOWN },
          ],
        },
      ],
    },
    snapshots: [snapshot(A, 'Closed Won'), snapshot(B, 'Sales Qualified Lead'), snapshot(C, 'Закрыто и не реализовано', CREATED)],
    now: NOW,
  };
}

describe('buildLeadReport', () => {
  it('per source: counts, conversions, reasons, and the concentration warning above 50 %', () => {
    const r = buildLeadReport({ ...input(), by: 'source', period: 'all' });
    expect(r.total).toBe(5);
    expect(r.groups.map((g) => [g.key, g.leads])).toEqual([['yandex', 3], ['(none)', 1], ['google', 1]]);
    const y = r.groups[0]!;
    expect(y).toMatchObject({ mql: 2, sql: 1, deals: 1, rejected: 1, mqlToSql: 0.5, sqlToDeal: 1, shareOfAll: 0.6 });
    expect(y.leadToMql).toBeCloseTo(2 / 3, 6);
    expect(y.byReason.map((x) => [x.reasonId, x.count, x.label])).toEqual([['student', 1, 'Student']]);
    expect(r.groups.find((g) => g.key === 'google')!.byReason.map((x) => x.reasonId)).toEqual(['unspecified']);
    expect(r.concentration).toEqual({ key: 'yandex', share: 0.6 });
  });

  it('first contact: met and breached make the rate; "time unknown", running and clock-less leads are counted apart', () => {
    const r = buildLeadReport({ ...input(), period: 'all' });
    const rows = new Map(r.rows.map((x) => [x.key, x.contact]));
    expect(Object.fromEntries(rows)).toEqual({ [A]: 'met', [B]: 'breached', [C]: 'unknown', [D]: 'none', [E]: 'waiting' });
    expect(r.totals.contact).toMatchObject({ met: 1, finished: 2, share: 0.5, unknown: 1, waiting: 1, noClock: 1, norm: 0.9, meets: false, shortfall: 40 });
    expect(r.groups[0]!.contact).toMatchObject({ met: 1, finished: 2, unknown: 1 });
  });

  it('per campaign: no campaign above half, so no warning', () => {
    const r = buildLeadReport({ ...input(), by: 'campaign', period: 'all' });
    expect(r.groups.map((g) => [g.key, g.leads])).toEqual([['brand-q4', 2], ['retarget', 2], ['(none)', 1]]);
    expect(r.groups[0]).toMatchObject({ mql: 2, sql: 1, deals: 1, rejected: 0 });
    expect(r.concentration).toBeNull();
  });

  it('the period keeps leads that arrived in it (create time, else the first note)', () => {
    const r = buildLeadReport({ ...input(), period: 30 });
    expect(r.total).toBe(4);
    expect(r.totalAll).toBe(5);
    expect(r.rows.map((x) => x.key)).not.toContain(D);
    expect(r.concentration).toEqual({ key: 'yandex', share: 0.75 });
    expect(r.from).toBe('2026-11-02T12:00:00.000Z');
  });

  it('exactly half from one source is not above the threshold', () => {
    const base = input();
    base.ws = { ...base.ws, leadNotes: base.ws.leadNotes.slice(0, 2).map((n, i) => ({ ...n, source: i ? 'a' : 'b' })), itemMeta: [] };
    const r = buildLeadReport({ ...base, period: 'all' });
    expect(r.groups.map((g) => g.shareOfAll)).toEqual([0.5, 0.5]);
    expect(r.concentration).toBeNull();
  });

  it('offers measured conversions for planning only over enough leads, and SQL → deal only when won deals are visible', () => {
    const small = buildLeadReport({ ...input(), period: 'all' });
    expect(small.measured.mqlToSql).toEqual({ value: null, over: 2 });
    const big = input();
    const notes: LeadNote[] = [];
    for (let i = 0; i < 40; i++) notes.push(note(`hubspot:1:contact:${i}`, { verdict: i < 10 ? 'sql' : i < 30 ? 'mql' : 'rejected', source: 's' }));
    big.ws = { ...big.ws, leadNotes: notes, itemMeta: [], slaEvents: [] };
    big.snapshots = [];
    const r = buildLeadReport({ ...big, period: 'all' });
    expect(r.measured.mqlToSql).toEqual({ value: 10 / 30, over: 30 });
    expect(r.measured.leadToMql).toEqual({ value: 30 / 40, over: 40 });
    expect(r.measured.sqlToDeal).toEqual({ value: null, over: 0 });
  });
});
