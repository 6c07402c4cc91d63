/**
 * The funnel planner's arithmetic (DOMAIN.md §7) on hand-computed cases from the seed article
 * (003: "120 сделок … 20% … 600 SQL … 30% … 2 000 MQL … 2 500 руб. … 5 000 000 руб. … резерв на
 * тесты 10–20% переменного бюджета"), and the planner's fields as people type them.
 */
import { describe, expect, it } from 'vitest';
import { checkFunnelField, parseTypedNumber, planFromFunnel } from '@/lib/core/funnel';
import { conversionRate, isWonStatus } from '@/lib/core/leads';

describe('planFromFunnel: deals → SQL → MQL → leads → budget', () => {
  it('the article: 120 deals at 20 % → 600 SQL; at 30 % → 2,000 MQL; at 2,500 per MQL → 5,000,000 of media', () => {
    const p = planFromFunnel({ deals: 120, sqlToDeal: 0.2, mqlToSql: 0.3, costPerMql: 2500, reserveShare: 0 });
    expect(p).toMatchObject({ sql: 600, mql: 2000, leads: 2000, media: 5_000_000, reserve: 0, total: 5_000_000, costPerMql: 2500, costPerDeal: 41_666.67 });
  });
  it('the reserve is a share of the media (variable) budget: 10 % of 5,000,000 = 500,000', () => {
    const p = planFromFunnel({ deals: 120, sqlToDeal: 0.2, mqlToSql: 0.3, costPerMql: 2500 });
    expect(p.reserve).toBe(500_000);
    expect(p.total).toBe(5_500_000);
  });
  it('production and tools are added, not reserved on: 5,000,000 + 1,000,000 + 15 % × 5,000,000', () => {
    const p = planFromFunnel({ deals: 120, sqlToDeal: 0.2, mqlToSql: 0.3, costPerMql: 2500, otherCosts: 1_000_000, reserveShare: 0.15 });
    expect(p.reserve).toBe(750_000);
    expect(p.total).toBe(6_750_000);
    expect(p.costPerDeal).toBe(56_250);
  });
  it('with a lead → MQL rate and a cost per lead: 2,000 MQL at 50 % need 4,000 leads; at 1,250 each the media is the same 5,000,000', () => {
    const p = planFromFunnel({ deals: 120, sqlToDeal: 0.2, mqlToSql: 0.3, leadToMql: 0.5, costPerLead: 1250, reserveShare: 0 });
    expect(p).toMatchObject({ sql: 600, mql: 2000, leads: 4000, media: 5_000_000, costPerLead: 1250, costPerMql: 2500 });
  });
  it('rounds people up (7 deals at 30 % → 24 SQL, not 23.3) without float noise (600 / 0.3 is 2,000, not 2,001)', () => {
    expect(planFromFunnel({ deals: 7, sqlToDeal: 0.3, mqlToSql: 0.3, costPerMql: 1 }).sql).toBe(24);
    expect(planFromFunnel({ deals: 7, sqlToDeal: 0.3, mqlToSql: 0.3, costPerMql: 1 }).mql).toBe(80);
    expect(planFromFunnel({ deals: 120, sqlToDeal: 0.2, mqlToSql: 0.3, costPerMql: 1 }).mql).toBe(2000);
  });
  it('refuses impossible inputs', () => {
    expect(() => planFromFunnel({ deals: 1, sqlToDeal: 0, mqlToSql: 0.3, costPerMql: 1 })).toThrow(RangeError);
    expect(() => planFromFunnel({ deals: 1, sqlToDeal: 0.2, mqlToSql: 1.5, costPerMql: 1 })).toThrow(RangeError);
    expect(() => planFromFunnel({ deals: 1, sqlToDeal: 0.2, mqlToSql: 0.3, leadToMql: 0, costPerLead: 1 })).toThrow(RangeError);
    expect(() => planFromFunnel({ deals: 1, sqlToDeal: 0.2, mqlToSql: 0.3 })).toThrow(RangeError);
    expect(() => planFromFunnel({ deals: 1, sqlToDeal: 0.2, mqlToSql: 0.3, costPerMql: 1, reserveShare: 2 })).toThrow(RangeError);
  });
});

describe('the planner fields, as typed in English and Russian', () => {
  it.each([
    ['2500', 2500],
    ['2,500', 2500],
    ['2 500', 2500],
    ['2\u00a0500,50', 2500.5],
    ['1,250,000', 1_250_000],
    ['1.250.000,5', 1_250_000.5],
    ['0,3', 0.3],
    ['20 %', 20],
    ['12.5%', 12.5],
    ['.5', 0.5],
  ])('%s → %s', (raw, n) => expect(parseTypedNumber(raw)).toBe(n));
  it.each(['', 'abc', '1e5', '2-3', '12,5,6', '--1', '১২'])('%j is not a number', (raw) => expect(parseTypedNumber(raw)).toBeNaN());

  it('deals: a whole number from 1 to 1,000,000', () => {
    expect(checkFunnelField('120', 'count')).toEqual({ ok: true, value: 120 });
    expect(checkFunnelField('', 'count')).toEqual({ ok: false, error: 'empty' });
    expect(checkFunnelField('   ', 'count')).toEqual({ ok: false, error: 'empty' });
    expect(checkFunnelField('0', 'count')).toEqual({ ok: false, error: 'zero' });
    expect(checkFunnelField('12.5', 'count')).toEqual({ ok: false, error: 'notWhole' });
    expect(checkFunnelField('-3', 'count')).toEqual({ ok: false, error: 'negative' });
    expect(checkFunnelField('99999999999', 'count')).toEqual({ ok: false, error: 'tooLarge' });
    expect(checkFunnelField('сто', 'count')).toEqual({ ok: false, error: 'notNumber' });
  });
  it('conversions: above 0 and at most 100 %, returned as shares', () => {
    expect(checkFunnelField('20', 'percent')).toEqual({ ok: true, value: 0.2 });
    expect(checkFunnelField('0,5', 'percent')).toEqual({ ok: true, value: 0.005 });
    expect(checkFunnelField('0', 'percent')).toEqual({ ok: false, error: 'zero' });
    expect(checkFunnelField('100', 'percent')).toEqual({ ok: true, value: 1 });
    expect(checkFunnelField('150', 'percent')).toEqual({ ok: false, error: 'above100' });
  });
  it('money and the reserve may be 0; money has a ceiling', () => {
    expect(checkFunnelField('0', 'money')).toEqual({ ok: true, value: 0 });
    expect(checkFunnelField('0', 'reservePercent')).toEqual({ ok: true, value: 0 });
    expect(checkFunnelField('2 500', 'money')).toEqual({ ok: true, value: 2500 });
    expect(checkFunnelField('1000000000000000', 'money')).toEqual({ ok: false, error: 'tooLarge' });
  });
});

describe('deals and conversion', () => {
  it.each(['Won', 'Closed Won', 'closed-won', 'Closed - Converted', 'Customer', 'Успешно реализовано', 'Сделка успешна', 'успешно  реализовано'])('%s is a won deal', (s) =>
    expect(isWonStatus(s)).toBe(true),
  );
  it.each(['Closed Lost', 'Закрыто и не реализовано', 'Unconverted', 'Lost', 'Сделка провалена', 'New', 'Переговоры', '', undefined])('%s is not', (s) =>
    expect(isWonStatus(s)).toBe(false),
  );
  it('conversionRate: to / from, null with nothing to convert from', () => {
    expect(conversionRate(36, 20)).toBeCloseTo(0.5556, 4);
    expect(conversionRate(0, 0)).toBeNull();
  });
});
