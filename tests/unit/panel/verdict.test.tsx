// @vitest-environment happy-dom
/**
 * The collapsed verdict line for each persona's sample item (lib/demo/sample-workspace.ts): the one
 * question of the person who opens it answered in the first line — and each fact said once.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore } from '@/lib/store';
import { loadSampleWorkspace, sampleKey, SAMPLE_URLS } from '@/lib/demo/sample-workspace';
import { installI18n, mountPanel, q, reading, settle, type Mounted } from './helpers';

// A Tuesday, 13:00 in Moscow (the default calendar): working hours.
const NOW = new Date('2026-03-10T10:00:00Z');
const BRIEF = [
  '# Campaign brief',
  '## Target audience',
  'Marketing managers at B2B SaaS companies.',
  '## Goal',
  '600 trial sign-ups in four weeks.',
  '## Offer',
  '30% off the annual plan.',
  '## Channel',
  'Google Ads and Yandex Direct.',
  '## Deadline',
  'Launch on May 15.',
].join('\n');

let m: Mounted | null = null;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  installI18n('en');
});
afterEach(() => {
  m?.unmount();
  m = null;
  vi.useRealTimers();
});

async function verdictOn(item: keyof typeof SAMPLE_URLS, r: Parameters<typeof reading>[0], locale: 'en' | 'ru' = 'en') {
  installI18n(locale);
  const store = createStore({ device: 'dev-test' });
  await loadSampleWorkspace(store, new Date());
  m = await mountPanel({ itemKey: sampleKey(item), url: SAMPLE_URLS[item], reading: reading(r), store, collapsed: true });
  await settle(m.shadow, () => !!m!.shadow.querySelector('[data-liaison-verdict]'));
  const toggle = q(m.shadow, '.lz-toggle');
  expect(toggle.getAttribute('aria-expanded')).toBe('false');
  return q(m.shadow, '[data-liaison-verdict]').textContent ?? '';
}

describe('the verdict line per persona', () => {
  it('marketer on the campaign: what blocks the launch, the overdue notice, the brief', async () => {
    const v = await verdictOn('campaign', { title: 'Spring campaign: "best SEO course" search launch', status: 'In Progress', labels: ['campaign'], description: BRIEF });
    // Product blocks (the payment form); analytics was due to be asked 7 days before the launch (in 4 days):
    // 7 working days before Sat Mar 14 in Moscow (Mar 9 is the 8 March holiday moved off Sunday): by the end of Mar 4, 5½ days ago. The release ships 5 days after the launch.
    expect(v).toBe('Blocked by Product · notice to Analytics 5 days late (+1 more) · launches 5 days before PAY-88 · brief 5/8 · KPIs off track: 3');
    // Analytics is named once, not also as "waiting on".
    expect(v.match(/Analytics/g)).toHaveLength(1);
  });

  it('product manager on the release: the campaigns that depend on it, with the one launching first', async () => {
    const v = await verdictOn('release', { title: 'Payment form rework', status: 'In Progress', labels: ['release'] });
    expect(v).toBe('Campaigns depending on this: 1 · MKT-142 launches Mar 14, before this release · KPIs off track: 1');
    // Never the campaign's own warning turned around ("launches before itself").
    expect(v).not.toContain('launches 5 days before');
  });

  it('sales rep on a new HubSpot lead: the first-contact clock and the verdict', async () => {
    const v = await verdictOn('hubspotLead', { title: 'Jane Roe' });
    expect(v).toBe('First contact: 8 minutes left · not qualified yet · high intent');
  });

  it('sales rep on the rejected amoCRM lead, in Russian', async () => {
    // Created 15 h before: 10:00 in Moscow, contacted 95 minutes later (the contact Liaison recorded).
    vi.setSystemTime(new Date('2026-03-10T22:00:00Z'));
    const v = await verdictOn('amocrmLead', { title: 'Заявка на демо — ООО Ромашка' }, 'ru');
    expect(v).toBe('Связались за 1 час, в срок · отклонён: Студент');
  });
});
