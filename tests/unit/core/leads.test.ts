import { describe, expect, it } from 'vitest';
import { classifyIntent, evaluateLead, leadInputFromNotes, qualityBySource } from '@/lib/core/leads';
import { planFromFunnel } from '@/lib/core/funnel';
import { DEFAULT_LEAD_NORMS, DEFAULT_REJECTION_REASONS } from '@/lib/core/defaults';
import { LeadNoteSchema, type LeadNote } from '@/lib/core/schemas';

describe('evaluateLead (DOMAIN.md §4)', () => {
  it('MQL: segment fit + intent signal + no exclusion', () => {
    expect(evaluateLead({ segment: true, intent: true, exclusions: true }).verdict).toBe('mql');
    expect(evaluateLead({ segment: true, intent: true, exclusions: true })).toMatchObject({ isMql: true, isSql: false, unknown: ['need', 'contactable'] });
  });
  it('SQL: MQL + need + contactable + confirmed by sales', () => {
    const all = { segment: true, intent: true, exclusions: true, need: true, contactable: true };
    expect(evaluateLead({ criteria: all }).verdict).toBe('mql');
    expect(evaluateLead({ criteria: all, confirmedBySales: true }).verdict).toBe('sql');
    expect(evaluateLead({ criteria: { ...all, contactable: false }, confirmedBySales: true })).toMatchObject({ verdict: 'mql', failed: ['contactable'] });
  });
  it('a student (an exclusion) or a non-target lead is unqualified; a recorded reason is rejected', () => {
    expect(evaluateLead({ segment: true, intent: true, exclusions: false })).toMatchObject({ verdict: 'unqualified', failed: ['exclusions'] });
    expect(evaluateLead({ segment: false, intent: true })).toMatchObject({ verdict: 'unqualified', failed: ['segment'], unknown: ['exclusions'] });
    expect(evaluateLead({ criteria: { segment: true, intent: true, exclusions: true }, rejectionReasonId: 'no-budget' }).verdict).toBe('rejected');
  });
  it('unknown criteria: incomplete', () => {
    expect(evaluateLead({ segment: true })).toMatchObject({ verdict: 'incomplete', unknown: ['intent', 'exclusions'] });
  });
  it('notes fold oldest → newest; only sales confirms an SQL', () => {
    const base = { itemKey: 'amocrm:acme:lead:1', at: '2026-04-01T10:00:00Z' };
    const notes = [
      LeadNoteSchema.parse({ ...base, id: 'n1', authorTeamId: 'marketing', criteria: { segment: true, intent: true, exclusions: true } }),
      LeadNoteSchema.parse({ ...base, id: 'n2', authorTeamId: 'marketing', verdict: 'sql', criteria: { need: true, contactable: true }, at: '2026-04-02T10:00:00Z' }),
    ];
    expect(evaluateLead(leadInputFromNotes(notes)).verdict).toBe('mql');
    notes.push(LeadNoteSchema.parse({ ...base, id: 'n3', authorTeamId: 'sales', verdict: 'sql', at: '2026-04-03T10:00:00Z' }));
    expect(evaluateLead(leadInputFromNotes(notes)).verdict).toBe('sql');
  });
});

describe('classifyIntent', () => {
  it.each([
    'Please send a quote for 20 seats',
    'Request a demo',
    'What is the price?',
    'Pricing for enterprise',
    'Оставил заявку на сайте',
    'Сколько стоит подписка?',
    'Хочу демо',
    'Пришлите цену и КП',
    'Интересует стоимость внедрения',
  ])('high: %s', (text) => {
    expect(classifyIntent(text).intent).toBe('high');
  });
  it.each(['Downloaded the e-book', 'Subscribed to the newsletter', 'Подписался на рассылку', 'Ценность продукта понятна', 'Демократичный сервис'])('normal: %s', (text) => {
    expect(classifyIntent(text).intent).toBe('normal');
  });
  it('reads form fields too and names the signals', () => {
    expect(classifyIntent({ fields: { form: 'Запрос демо', utm: 'cpc' } })).toEqual({ intent: 'high', signals: ['заявка', 'демо'] });
  });
});

describe('qualityBySource', () => {
  let i = 0;
  const note = (source: string, extra: Partial<LeadNote> = {}): LeadNote =>
    LeadNoteSchema.parse({ id: `n${++i}`, itemKey: `amocrm:acme:lead:${i}`, authorTeamId: 'sales', at: '2026-04-01T10:00:00Z', source, ...extra });

  it('share rejected and reasons per source; warns when one source brings > 50% of leads', () => {
    const notes = [
      ...Array.from({ length: 6 }, (_, k) => note('yandex-direct', k < 4 ? { verdict: 'rejected', rejectionReasonId: k < 3 ? 'student' : 'no-budget' } : { verdict: 'sql' })),
      note('webinar', { verdict: 'mql' }),
      note('webinar', { verdict: 'rejected', rejectionReasonId: 'spam' }),
      note('referral', { verdict: 'sql' }),
    ];
    const r = qualityBySource(notes, { reasons: DEFAULT_REJECTION_REASONS });
    expect(r.total).toBe(9);
    expect(r.groups.map((g) => [g.key, g.total, g.rejected])).toEqual([
      ['yandex-direct', 6, 4],
      ['webinar', 2, 1],
      ['referral', 1, 0],
    ]);
    const yd = r.groups[0]!;
    expect(yd.rejectedShare).toBeCloseTo(4 / 6);
    expect(yd.shareOfAll).toBeCloseTo(6 / 9);
    expect(yd.byReason).toEqual([
      { reasonId: 'student', label: 'Student', labelRu: 'Студент', count: 3, share: 0.75 },
      { reasonId: 'no-budget', label: 'No budget', labelRu: 'Нет бюджета', count: 1, share: 0.25 },
    ]);
    expect(yd.sql).toBe(2);
    expect(r.concentrationWarning).toBe(true);
    expect(r.concentration).toEqual({ key: 'yandex-direct', share: 6 / 9 });
    expect(DEFAULT_LEAD_NORMS.concentrationThreshold).toBe(0.5);
    expect(qualityBySource(notes, { threshold: 0.7 }).concentrationWarning).toBe(false);
  });
  it('exactly 50% is not over the threshold; notes of one lead count once; group by campaign', () => {
    const a = note('seo');
    const notes = [a, { ...a, id: 'again', at: '2026-04-02T00:00:00Z', campaign: 'spring' }, note('ads', { campaign: 'spring' })];
    const r = qualityBySource(notes);
    expect(r.total).toBe(2);
    expect(r.concentrationWarning).toBe(false);
    expect(qualityBySource(notes, { by: 'campaign' }).groups.map((g) => [g.key, g.total])).toEqual([['spring', 2]]);
  });
});

describe('planFromFunnel (DOMAIN.md §7)', () => {
  it('120 deals at 20% → 600 SQL; at 30% → 2,000 MQL; at 2,500 RUB → 5,000,000 RUB media', () => {
    const p = planFromFunnel({ deals: 120, sqlToDeal: 0.2, mqlToSql: 0.3, costPerMql: 2500, reserveShare: 0 });
    expect(p).toMatchObject({ sql: 600, mql: 2000, media: 5_000_000, total: 5_000_000 });
  });
  it('adds production, tools and a 10–20% test reserve on the variable (media) budget', () => {
    const p = planFromFunnel({ deals: 120, sqlToDeal: 0.2, mqlToSql: 0.3, costPerMql: 2500, otherCosts: 1_000_000, reserveShare: 0.15 });
    expect(p.reserve).toBe(750_000);
    expect(p.total).toBe(6_750_000);
    expect(p.costPerDeal).toBe(56_250);
  });
  it('rounds leads up and rejects impossible rates', () => {
    expect(planFromFunnel({ deals: 7, sqlToDeal: 0.3, mqlToSql: 0.3, costPerMql: 1 }).sql).toBe(24);
    expect(() => planFromFunnel({ deals: 1, sqlToDeal: 0, mqlToSql: 0.3, costPerMql: 1 })).toThrow(RangeError);
    expect(() => planFromFunnel({ deals: 1, sqlToDeal: 0.2, mqlToSql: 1.5, costPerMql: 1 })).toThrow(RangeError);
  });
});
