import { describe, expect, it } from 'vitest';
import { classifyIntent, contactAttemptsStatus, unitEconomics, withinSlaNorm } from '@/lib/core/leads';

describe('intent from what leads really write', () => {
  it.each([
    'Здравствуйте! Пришлите, пожалуйста, тарифы для команды из 20 человек',
    'Какая стоимость внедрения?',
    'Нужно коммерческое предложение до пятницы',
    'Пришлите КП',
    'Хочу заказать 3 лицензии',
    'Можно демо на следующей неделе?',
    'Заявка с сайта: узнать цены',
    'Could you send your pricing for 50 seats?',
    'Please send a quote for the annual plan',
    'We would like to book a demo',
    'Interested in a free trial',
    'How much does it cost for an agency?',
    'Ready to buy, who do I talk to?',
    'Please call me back tomorrow morning',
  ])('high: %s', (text) => {
    expect(classifyIntent(text).intent).toBe('high');
  });

  it.each([
    'We are reviewing tools in order to consolidate our stack',
    'Cost-cutting is our priority this year',
    'Looking for a low-cost alternative, just researching',
    'I filed a feature request last week',
    'The pull request was merged',
    'Subscribed to the newsletter',
    'Скачал чек-лист по SEO',
    'Подписка на блог',
    'The order of the sections in your guide is confusing',
  ])('normal: %s', (text) => {
    expect(classifyIntent(text)).toEqual({ intent: 'normal', signals: [] });
  });
});

describe('lead handling norms', () => {
  it('90 % within SLA against the actual share; unknown contact times are left out', () => {
    const clocks = [...Array(8).fill({ state: 'met' }), { state: 'breached' }, { state: 'breached' }, { state: 'unknown' }, { state: 'on-track' }, null];
    expect(withinSlaNorm(clocks)).toEqual({ share: 0.8, norm: 0.9, meets: false, finished: 10, met: 8, unknown: 1, shortfall: 10 });
    expect(withinSlaNorm([...Array(9).fill({ state: 'met' }), { state: 'breached' }]).meets).toBe(true);
    expect(withinSlaNorm([]).meets).toBeNull();
  });
  it('contact attempts against 3–5', () => {
    expect([0, 1, 2, 3, 5, 6].map((n) => contactAttemptsStatus(n))).toEqual(['none', 'below', 'below', 'within', 'within', 'above']);
  });
  it('LTV < CAC is an explicit warning; CAC payback is derived from CAC, ARPU and margin', () => {
    expect(unitEconomics({ ltv: 8000, cac: 10000 })).toMatchObject({ ltvBelowCac: true, ltvToCac: 0.8, cacPaybackMonths: null });
    const u = unitEconomics({ ltv: 36000, cac: 12000, arpu: 2500, grossMargin: 0.8 });
    expect(u).toMatchObject({ ltvBelowCac: false, ltvToCac: 3, cacPaybackMonths: 6, paybackOutsideTypical: false });
    expect(unitEconomics({ cac: 30000, arpu: 2000 }).paybackOutsideTypical).toBe(true);
  });
});
