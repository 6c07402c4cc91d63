// @vitest-environment happy-dom
/**
 * CRM records: the MQL/SQL checklist, verdict and rejection reason written to the store, the
 * first-contact SLA clock (start at the create time or first sight, target by intent, stop by
 * the rep or by the page), and lead quality on the campaign the leads came from.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, within } from '@testing-library/react';
import { createStore } from '@/lib/store';
import { installI18n, mountPanel, q, reading, settle, type Mounted } from './helpers';

const LEAD = 'amocrm:acme:lead:4242';
const LEAD_URL = 'https://acme.amocrm.ru/leads/detail/4242';
// Wednesday 18 November 2026, 12:00 in Moscow (09:00 UTC): inside working hours.
const NOW = new Date('2026-11-18T09:00:00.000Z');

let m: Mounted | null = null;
beforeEach(() => {
  installI18n('en');
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  m?.unmount();
  m = null;
  vi.useRealTimers();
});

const ui = () => within(m!.container);
const wait = (pred: () => boolean) => settle(m!.shadow, pred);
const sla = () => m!.shadow.querySelector('[data-liaison-sla="lead-first-contact"]');

describe('first-contact SLA on a CRM lead', () => {
  it('starts at the create time with the high-intent target for a demo request', async () => {
    m = await mountPanel({
      itemKey: LEAD,
      url: LEAD_URL,
      reading: reading({ title: 'Demo request — ACME Logistics', dates: { created: '2026-11-18T08:50:00.000Z' }, fields: { leadSource: 'google-ads' } }),
    });
    await wait(() => !!sla());
    // 10 working minutes used of 30: due 09:20 UTC.
    expect(sla()!.getAttribute('data-state')).toBe('on-track');
    expect(sla()!.getAttribute('data-due')).toBe('2026-11-18T09:20:00.000Z');
    expect(sla()!.textContent).toContain('20m left');
    expect(q(m.shadow, '[data-liaison-intent]').getAttribute('data-liaison-intent')).toBe('high');
  });

  it('gives a normal lead 4 working hours, across the end of the working day', async () => {
    // Created 17:00 Moscow: one working hour today, three tomorrow from 09:00 → due 12:00 Moscow.
    vi.setSystemTime(new Date('2026-11-18T14:30:00.000Z'));
    m = await mountPanel({ itemKey: LEAD, url: LEAD_URL, reading: reading({ title: 'ACME Logistics', dates: { created: '2026-11-18T14:00:00.000Z' } }) });
    await wait(() => !!sla());
    expect(sla()!.getAttribute('data-due')).toBe('2026-11-19T09:00:00.000Z');
    expect(q(m.shadow, '[data-liaison-intent]').getAttribute('data-liaison-intent')).toBe('normal');
  });

  it('starts at first sight without a create date and stops when the rep marks first contact', async () => {
    m = await mountPanel({ itemKey: LEAD, url: LEAD_URL, reading: reading({ title: 'Price for 20 seats' }) });
    await wait(() => !!sla());
    const events = (await m.store.get('slaEvents', LEAD))!.data.events;
    expect(events).toEqual([expect.objectContaining({ policyId: 'lead-first-contact', type: 'start', at: NOW.toISOString() })]);
    expect(sla()!.getAttribute('data-due')).toBe('2026-11-18T09:30:00.000Z');
    vi.setSystemTime(new Date('2026-11-18T09:12:00.000Z'));
    fireEvent.click(within(sla() as HTMLElement).getByRole('button', { name: /^Mark first contact/ }));
    await wait(() => sla()?.getAttribute('data-state') === 'met');
    const after = (await m.store.get('slaEvents', LEAD))!.data.events.map((e) => e.type);
    expect(after).toEqual(['start', 'stop']);
  });

  it('is met when the page shows a logged call', async () => {
    m = await mountPanel({
      itemKey: LEAD,
      url: LEAD_URL,
      reading: reading({ title: 'Demo request', dates: { created: '2026-11-18T08:40:00.000Z' }, firstContact: { at: '2026-11-18T08:55:00.000Z', kind: 'call', evidence: 'Outgoing call, 3 min' } }),
    });
    await wait(() => !!sla());
    expect(sla()!.getAttribute('data-state')).toBe('met');
    expect(within(sla() as HTMLElement).queryByRole('button')).toBeNull();
    expect(m.shadow.textContent).toContain('Contacted: Call: Outgoing call, 3 min');
  });
});

describe('first contact whose time the page does not show', () => {
  it('a status already past New on first sight reads "contacted — time unknown", never breached, and is stored as such', async () => {
    m = await mountPanel({
      itemKey: LEAD,
      url: LEAD_URL,
      // Created two days ago; the status says the lead was worked, the page never says when.
      reading: reading({ title: 'Demo request', dates: { created: '2026-11-16T08:40:00.000Z' }, firstContact: { kind: 'status', evidence: 'Qualified' } }),
    });
    await wait(() => !!sla());
    expect(sla()!.getAttribute('data-state')).toBe('unknown');
    expect(sla()!.textContent).toContain('Contacted — time unknown');
    expect(sla()!.textContent).not.toContain('Breached');
    let events = (await m.store.get('slaEvents', LEAD))?.data.events ?? [];
    for (let i = 0; i < 100 && !events.some((e) => e.type === 'stop'); i++) {
      await new Promise((r) => setTimeout(r, 20));
      events = (await m.store.get('slaEvents', LEAD))?.data.events ?? [];
    }
    expect(events).toEqual([expect.objectContaining({ type: 'stop', by: 'contact-time-unknown' })]);
  });
});

describe('lead checklist and verdict', () => {
  it('saves ticked criteria, refuses a rejection without a reason, and records the reason', async () => {
    m = await mountPanel({ itemKey: LEAD, url: LEAD_URL, reading: reading({ title: 'Student project', fields: { utmCampaign: 'spring-sale', leadSource: 'google-ads' } }) });
    await wait(() => !!m!.shadow.querySelector('[data-liaison-criterion]'));
    const checklist = ui().getByRole('group', { name: 'MQL/SQL criteria' });
    fireEvent.click(within(checklist).getByLabelText('Fits the target segment'));
    // The box shows ticked at once (before the write lands)…
    expect((m.shadow.querySelector('[data-liaison-criterion="segment"] input') as HTMLInputElement).checked).toBe(true);
    // …and the note is saved.
    let notes = await m.store.list('leadNotes');
    for (let i = 0; i < 100 && notes.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      notes = await m.store.list('leadNotes');
    }
    expect(notes).toHaveLength(1);
    expect(notes[0]!.data).toMatchObject({ itemKey: LEAD, criteria: { segment: true }, campaign: 'spring-sale', source: 'google-ads', authorTeamId: 'sales' });

    const form = ui().getByRole('form', { name: 'Verdict and notes' });
    fireEvent.change(within(form).getByLabelText('Verdict'), { target: { value: 'rejected' } });
    fireEvent.submit(form);
    await wait(() => !!within(form).queryByRole('alert'));
    expect(within(form).getByRole('alert').textContent).toBe('A rejected lead needs a rejection reason.');
    fireEvent.change(within(form).getByLabelText('Rejection reason'), { target: { value: 'student' } });
    fireEvent.change(within(form).getByLabelText('Add a note for marketing'), { target: { value: 'Thesis research, no budget' } });
    fireEvent.submit(form);
    await wait(() => m!.shadow.querySelector('[data-liaison-lead]')?.getAttribute('data-liaison-lead') === 'rejected');
    notes = await m.store.list('leadNotes');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.data).toMatchObject({ criteria: { segment: true }, verdict: 'rejected', rejectionReasonId: 'student', note: 'Thesis research, no budget' });
    // Notes are an append-only thread: a second note never replaces the first; each shows who and when.
    await wait(() => m!.shadow.querySelectorAll('[data-liaison-thread-note]').length === 1);
    fireEvent.change(within(form).getByLabelText('Add a note for marketing'), { target: { value: 'Called back: still no budget' } });
    fireEvent.submit(form);
    await wait(() => m!.shadow.querySelectorAll('[data-liaison-thread-note]').length === 2);
    const thread = [...m.shadow.querySelectorAll('[data-liaison-thread-note]')].map((n) => n.textContent ?? '');
    expect(thread[0]).toContain('Called back: still no budget');
    expect(thread[1]).toContain('Thesis research, no budget');
    // The verdict line says it at a glance.
    expect(q(m.shadow, '[data-liaison-verdict]').textContent).toContain('rejected: Student');
  });
});

describe('lead quality on the campaign', () => {
  it('shows the share rejected by reason for its source and warns when one source dominates', async () => {
    const store = createStore({ device: 'dev-test' });
    const at = NOW.toISOString();
    const note = (id: string, campaign: string, source: string, verdict: 'rejected' | 'sql', reason?: string, text?: string) =>
      store.put('leadNotes', {
        id,
        itemKey: `amocrm:acme:lead:${id.replace(/\D/g, '')}`,
        verdict,
        ...(reason ? { rejectionReasonId: reason } : {}),
        ...(text ? { note: text } : {}),
        campaign,
        source,
        authorTeamId: 'sales',
        at,
      });
    await note('n1', 'spring-sale', 'google-ads', 'rejected', 'student', 'Student, thesis');
    await note('n2', 'spring-sale', 'google-ads', 'rejected', 'no-budget');
    await note('n3', 'spring-sale', 'google-ads', 'sql');
    await note('n4', 'webinar', 'linkedin', 'sql');
    const CAMPAIGN = 'jira:acme.atlassian.net:issue:MKT-9';
    await store.put('itemMeta', { key: CAMPAIGN, role: 'campaign', source: 'Spring-Sale' });
    m = await mountPanel({ itemKey: CAMPAIGN, reading: reading({ title: 'Spring sale' }), store });
    await wait(() => !!m!.shadow.querySelector('[data-liaison-quality]'));
    const section = q(m.shadow, '[data-liaison-quality]');
    expect(section.getAttribute('data-liaison-quality')).toBe('spring-sale');
    expect(Number(section.getAttribute('data-rejected-share'))).toBeCloseTo(2 / 3, 3);
    expect(section.textContent).toContain('3 leads: 2 rejected (67%)');
    expect([...section.querySelectorAll('[data-liaison-reason]')].map((e) => e.getAttribute('data-liaison-reason')).sort()).toEqual(['no-budget', 'student']);
    expect(section.textContent).toContain('Student');
    expect(section.textContent).toContain('Student, thesis');
    // google-ads brings 3 of 4 leads.
    expect(q(m.shadow, '[data-liaison-concentration]').getAttribute('data-liaison-concentration')).toBe('google-ads');
    expect(m.shadow.textContent).toContain('brings 75% of all leads');
  });
});

describe('first-seen start and a create time read later', () => {
  it('prefers the create time once the page shows it', async () => {
    const store = createStore({ device: 'dev-test' });
    await store.append('slaEvents', LEAD, 'events', [{ itemKey: LEAD, policyId: 'lead-first-contact', type: 'start', at: '2026-11-18T08:59:00.000Z', by: 'first-seen' }]);
    m = await mountPanel({ itemKey: LEAD, url: LEAD_URL, store, reading: reading({ title: 'Demo request', dates: { created: '2026-11-18T08:45:00.000Z' } }) });
    await wait(() => !!sla());
    expect(sla()!.getAttribute('data-due')).toBe('2026-11-18T09:15:00.000Z');
  });
});
