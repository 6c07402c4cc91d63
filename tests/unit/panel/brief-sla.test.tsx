// @vitest-environment happy-dom
/**
 * Brief completeness and SLA countdowns through the test contract: data-liaison-brief /
 * data-score / data-liaison-missing and data-liaison-sla / data-state / data-due, checked against
 * the core engines, and the actions that stop a clock.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, within } from '@testing-library/react';
import { DEFAULT_CALENDAR, DEFAULT_SLA_POLICIES, MARKETING_BRIEF_TEMPLATE, checkBrief, evaluate } from '@/lib/core';
import { installI18n, mountPanel, q, reading, settle, type Mounted } from './helpers';

const KEY = 'jira:acme.atlassian.net:issue:MKT-7';
const DAY = 86_400_000;

const BRIEF_NO_METRICS = [
  '# Target audience',
  'Marketing leads at B2B SaaS companies, 50–500 people',
  '# Goal',
  '300 demo requests in May',
  '# Offer',
  'Two months free on the annual plan',
  '# Format',
  'Landing page and three banners',
  '# Channel',
  'Google Ads, LinkedIn',
  '# Deadline',
  'May 15',
  '# Quality criteria',
  'Brand book, legal approval',
].join('\n');

let m: Mounted | null = null;
beforeEach(() => installI18n('en'));
afterEach(() => {
  m?.unmount();
  m = null;
  vi.useRealTimers();
});

const policy = (id: string) => DEFAULT_SLA_POLICIES.find((p) => p.id === id)!;

describe('brief check', () => {
  it('scores a brief and lists the missing success metrics', async () => {
    m = await mountPanel({ itemKey: KEY, reading: reading({ title: 'Spring campaign brief', labels: ['Brief'], description: BRIEF_NO_METRICS }) });
    await settle(m.shadow, () => !!m!.shadow.querySelector('[data-liaison-brief]'));
    const expected = checkBrief(MARKETING_BRIEF_TEMPLATE, BRIEF_NO_METRICS, {});
    const brief = q(m.shadow, '[data-liaison-brief]');
    expect(brief.getAttribute('data-score')).toBe(`${expected.present}/${expected.total}`);
    expect(brief.getAttribute('data-score')).toBe('7/8');
    const missing = [...brief.querySelectorAll('[data-liaison-missing]')].map((e) => e.getAttribute('data-liaison-missing'));
    expect(missing).toEqual(['metrics']);
    expect(brief.textContent).toContain('Success metrics');
    expect(brief.textContent).toContain('7 of 8 fields');
  });

  it('applies to Russian labels in any case and to text with two brief headings', async () => {
    m = await mountPanel({ itemKey: KEY, reading: reading({ labels: ['КАМПАНИЯ'], description: 'Просто текст' }) });
    await settle(m.shadow, () => !!m!.shadow.querySelector('[data-liaison-brief]'));
    expect(m.shadow.querySelectorAll('[data-liaison-missing]').length).toBe(8);
    m.unmount();
    m = await mountPanel({ itemKey: KEY, reading: reading({ description: '## Цель\nРост заявок\n## Целевая аудитория\nМаркетологи' }) });
    await settle(m.shadow, () => !!m!.shadow.querySelector('[data-liaison-brief]'));
    expect(q(m.shadow, '[data-liaison-brief]').getAttribute('data-score')).toBe('2/8');
  });

  it('does not apply to an ordinary task', async () => {
    m = await mountPanel({ itemKey: KEY, reading: reading({ labels: ['bug'], description: '# Steps to reproduce\n1. Open the page' }) });
    await settle(m.shadow);
    expect(m.shadow.querySelector('[data-liaison-brief]')).toBeNull();
  });
});

describe('SLA countdowns', () => {
  it('shows a campaign launching in 3 days with the states the engine computes', async () => {
    const now = Date.now();
    const launch = new Date(now + 3 * DAY).toISOString().slice(0, 10);
    m = await mountPanel({ itemKey: KEY, reading: reading({ title: 'Spring sale', labels: ['campaign'], dates: { launch } }) });
    await settle(m.shadow, () => !!m!.shadow.querySelector('[data-liaison-sla="campaign-notify"]'));
    for (const id of ['campaign-notify', 'analytics-request']) {
      const el = q(m.shadow, `[data-liaison-sla="${id}"]`);
      const clock = evaluate(policy(id), { events: [], dates: { launch } }, Date.now(), DEFAULT_CALENDAR)!;
      expect(el.getAttribute('data-state')).toBe(clock.state);
      // 5 and 7 days' notice cannot be given 3 days before launch.
      expect(['breached', 'at-risk']).toContain(el.getAttribute('data-state'));
      const due = el.getAttribute('data-due')!;
      expect(due).toBe(clock.dueAt);
      expect(new Date(due).toISOString()).toBe(due);
      expect(Date.parse(due)).toBeLessThan(Date.parse(`${launch}T23:59:59.999Z`) + DAY);
    }
    // campaign-analysis waits for an end date.
    expect(m.shadow.querySelector('[data-liaison-sla="campaign-analysis"]')).toBeNull();
    expect(m.shadow.textContent).toContain('Starts when the End date is set');
  });

  it('marks the notice as sent: the before-launch clock is met and the event is stored', async () => {
    const launch = new Date(Date.now() + 20 * DAY).toISOString().slice(0, 10);
    m = await mountPanel({ itemKey: KEY, reading: reading({ labels: ['campaign'], dates: { launch } }) });
    await settle(m.shadow, () => !!m!.shadow.querySelector('[data-liaison-sla="campaign-notify"]'));
    const row = q(m.shadow, '[data-liaison-sla="campaign-notify"]');
    expect(row.getAttribute('data-state')).toBe('on-track');
    // Repeated buttons have unique names (the action and the clock's name).
    fireEvent.click(within(row).getByRole('button', { name: /^Mark notice as sent: Tell product and analytics/ }));
    await settle(m.shadow, () => m!.shadow.querySelector('[data-liaison-sla="campaign-notify"]')?.getAttribute('data-state') === 'done');
    const stored = await m.store.get('slaEvents', KEY);
    expect(stored?.data.events).toEqual([expect.objectContaining({ policyId: 'campaign-notify', type: 'stop', itemKey: KEY })]);
    const done = q(m.shadow, '[data-liaison-sla="campaign-notify"]');
    const today = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' }).format(new Date());
    expect(done.textContent).toContain(`sent ${today}`);
    expect(done.textContent).not.toContain('late');
    // Undo brings the running clock (and its button) back.
    fireEvent.click(within(done).getByRole('button', { name: /^Undo: Tell product and analytics/ }));
    await settle(m.shadow, () => m!.shadow.querySelector('[data-liaison-sla="campaign-notify"]')?.getAttribute('data-state') === 'on-track');
    expect((await m.store.get('slaEvents', KEY))?.data.events ?? []).toEqual([]);
    expect(within(q(m.shadow, '[data-liaison-sla="campaign-notify"]')).getByRole('button', { name: /^Mark notice as sent/ })).toBeTruthy();
    // The other clock still runs.
    expect(q(m.shadow, '[data-liaison-sla="analytics-request"]').getAttribute('data-state')).toBe('on-track');
  });

  it('uses dates set in Liaison over the page and shows release-notify on a release', async () => {
    m = await mountPanel({ itemKey: KEY, reading: reading({ title: 'Payment form v2' }) });
    await settle(m.shadow);
    const release = new Date(Date.now() + 10 * DAY).toISOString().slice(0, 10);
    await m.store.put('itemMeta', { key: KEY, role: 'release', dates: { release } });
    await settle(m.shadow, () => !!m!.shadow.querySelector('[data-liaison-sla="release-notify"]'));
    const clock = evaluate(policy('release-notify'), { events: [], dates: { release } }, Date.now(), DEFAULT_CALENDAR)!;
    const el = q(m.shadow, '[data-liaison-sla="release-notify"]');
    expect(el.getAttribute('data-state')).toBe(clock.state);
    expect(el.getAttribute('data-due')).toBe(clock.dueAt);
  });
});

describe('SLA order', () => {
  it('lists the soonest deadline first and clocks waiting for a date last', async () => {
    const launch = new Date(Date.now() + 20 * DAY).toISOString().slice(0, 10);
    m = await mountPanel({ itemKey: KEY, reading: reading({ labels: ['campaign'], dates: { launch } }) });
    await settle(m.shadow, () => !!m!.shadow.querySelector('[data-liaison-sla]'));
    const ids = [...m.shadow.querySelectorAll('.lz-section-sla li')].map((li) => li.getAttribute('data-liaison-sla') ?? 'waiting');
    expect(ids).toEqual(['analytics-request', 'campaign-notify', 'waiting']);
  });
});
