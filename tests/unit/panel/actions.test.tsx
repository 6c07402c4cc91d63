// @vitest-environment happy-dom
/**
 * Actions from the panel write to the real store and the panel shows the result:
 * link a KPI, add a team dependency, link an item by URL (and refuse an unsupported one),
 * add a note, set dates and the role. Forms are real forms; Esc closes them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, within } from '@testing-library/react';
import { kpiStatus } from '@/lib/core';
import { createStore } from '@/lib/store';
import { installI18n, mountPanel, q, reading, settle, type Mounted } from './helpers';

const KEY = 'jira:acme.atlassian.net:issue:MKT-1';
const DAY = 86_400_000;

let m: Mounted | null = null;
beforeEach(() => installI18n('en'));
afterEach(() => {
  m?.unmount();
  m = null;
});

const ui = () => within(m!.container);
const wait = (pred: () => boolean) => settle(m!.shadow, pred);

describe('panel actions', () => {
  it('links a KPI and shows its value against the target with the engine status', async () => {
    const store = createStore({ device: 'dev-test' });
    const at = new Date(Date.now() - DAY).toISOString();
    await store.put('kpis', { id: 'cac', name: 'CAC', unit: 'currency', currency: 'RUB', direction: 'lower', target: 10000, ownerTeamIds: ['marketing'] });
    await store.put('kpis', { id: 'nps', name: 'NPS', unit: 'score', direction: 'higher', target: 40, ownerTeamIds: ['product'] });
    await store.put('kpiStatus', { kpiId: 'cac', latest: { kpiId: 'cac', value: 12500, at, source: 'manual' } });
    m = await mountPanel({ itemKey: KEY, reading: reading({ title: 'Spring sale' }), store });
    await wait(() => !!m!.shadow.querySelector('.lz-section-kpis'));
    fireEvent.click(ui().getByRole('button', { name: 'Link a KPI' }));
    const form = ui().getByRole('form', { name: 'Link a KPI' });
    fireEvent.change(within(form).getByLabelText('KPI'), { target: { value: 'cac' } });
    fireEvent.change(within(form).getByLabelText('This work should'), { target: { value: 'decrease' } });
    fireEvent.submit(form);
    await wait(() => !!m!.shadow.querySelector('[data-liaison-kpi="cac"]'));
    const links = await m.store.list('kpiLinks');
    expect(links.map((l) => l.data)).toEqual([expect.objectContaining({ itemKey: KEY, kpiId: 'cac', effect: 'decrease' })]);
    const el = q(m.shadow, '[data-liaison-kpi="cac"]');
    const kpi = (await m.store.get('kpis', 'cac'))!.data;
    const expected = kpiStatus(kpi, [{ kpiId: 'cac', value: 12500, at, source: 'manual' }], Date.now(), { kpis: [kpi] });
    expect(el.getAttribute('data-status')).toBe(expected.status);
    expect(el.getAttribute('data-status')).toBe('off-track');
    expect(el.textContent).toContain('CAC');
    expect(el.textContent).toMatch(/12[,\s\u00a0.]?500/);
    expect(el.textContent).toMatch(/target .*10[,\s\u00a0.]?000/);
    // Only the KPI not linked yet is offered next time.
    fireEvent.click(ui().getByRole('button', { name: 'Link a KPI' }));
    const options = [...within(ui().getByRole('form', { name: 'Link a KPI' })).getByLabelText('KPI').querySelectorAll('option')].map((o) => o.getAttribute('value'));
    expect(options).toEqual(['nps']);
    fireEvent.click(within(ui().getByRole('form', { name: 'Link a KPI' })).getByRole('button', { name: 'Cancel' }));
    // The form closed after linking.
    expect(ui().queryByRole('form', { name: 'Link a KPI' })).toBeNull();
  });

  it('adds a team dependency with relation, state, reason and due, and changes its state', async () => {
    m = await mountPanel({ itemKey: KEY, reading: reading({ title: 'Spring sale' }) });
    await wait(() => !!m!.shadow.querySelector('.lz-section-deps'));
    fireEvent.click(ui().getByRole('button', { name: 'Add a team' }));
    const form = ui().getByRole('form', { name: 'Add a team' });
    fireEvent.change(within(form).getByLabelText('Team'), { target: { value: 'product' } });
    fireEvent.change(within(form).getByLabelText('Relation'), { target: { value: 'needs' } });
    fireEvent.change(within(form).getByLabelText('State'), { target: { value: 'blocked' } });
    // Blocked without a reason is refused with a message.
    fireEvent.submit(form);
    await wait(() => !!within(form).queryByRole('alert'));
    expect(within(form).getByRole('alert').textContent).toBe('Say why it is blocked.');
    fireEvent.change(within(form).getByLabelText('Why is it blocked?'), { target: { value: 'Payment form not ready' } });
    fireEvent.change(within(form).getByLabelText('Due (optional)'), { target: { value: '2026-05-15' } });
    fireEvent.change(within(form).getByLabelText('Note (optional)'), { target: { value: 'Rework of the payment form' } });
    fireEvent.submit(form);
    await wait(() => !!m!.shadow.querySelector('[data-liaison-team="product"]'));
    const tag = q(m.shadow, '[data-liaison-team="product"]');
    expect(tag.getAttribute('data-relation')).toBe('needs');
    expect(tag.getAttribute('data-state')).toBe('blocked');
    expect(tag.textContent).toContain('Needs Product');
    expect(tag.textContent).toContain('Payment form not ready');
    expect(tag.textContent).toContain('Rework of the payment form');
    const deps = await m.store.list('dependencies');
    expect(deps[0]!.data).toMatchObject({ fromKey: KEY, to: { type: 'team', teamId: 'product' }, relation: 'needs', state: 'blocked', reason: 'Payment form not ready', due: '2026-05-15' });
    fireEvent.change(within(tag).getByLabelText('State of the dependency on Product'), { target: { value: 'done' } });
    await wait(() => m!.shadow.querySelector('[data-liaison-team="product"]')?.getAttribute('data-state') === 'done');
    expect((await m.store.get('dependencies', deps[0]!.id))!.data.state).toBe('done');
  });

  it('links another item by URL from any supported host and refuses an unsupported URL', async () => {
    m = await mountPanel({
      itemKey: KEY,
      reading: reading({ title: 'Spring sale' }),
      snapshots: [
        {
          key: 'notion:notion.so:page:0123456789abcdef0123456789abcdef',
          ref: { tool: 'notion', workspace: 'notion.so', kind: 'page', id: '0123456789abcdef0123456789abcdef' },
          title: 'Payment form v2 spec',
          status: 'In review',
          dates: {},
          labels: [],
          url: 'https://www.notion.so/Payment-0123456789abcdef0123456789abcdef',
          seenAt: new Date().toISOString(),
        },
      ],
    });
    await wait(() => !!m!.shadow.querySelector('.lz-section-deps'));
    fireEvent.click(ui().getByRole('button', { name: 'Link an item' }));
    let form = ui().getByRole('form', { name: 'Link an item' });
    fireEvent.change(within(form).getByLabelText(/Item URL/), { target: { value: 'https://example.com/some/page' } });
    fireEvent.submit(form);
    await wait(() => !!within(form).queryByRole('alert'));
    expect(within(form).getByRole('alert').textContent).toContain('This URL is not an item of a supported tool');
    expect(await m.store.list('dependencies')).toEqual([]);
    // Its own URL is refused too.
    fireEvent.change(within(form).getByLabelText(/Item URL/), { target: { value: 'https://acme.atlassian.net/browse/MKT-1' } });
    fireEvent.submit(form);
    await wait(() => within(form).queryByRole('alert')?.textContent === 'That is this item itself.');
    fireEvent.change(within(form).getByLabelText(/Item URL/), { target: { value: 'https://www.notion.so/acme/Payment-form-v2-0123456789abcdef0123456789abcdef' } });
    fireEvent.submit(form);
    await wait(() => !!m!.shadow.querySelector('[data-liaison-link]'));
    const row = q(m.shadow, '[data-liaison-link]');
    expect(row.getAttribute('data-liaison-link')).toBe('notion:notion.so:page:0123456789abcdef0123456789abcdef');
    // Title and status of the linked item come from its snapshot.
    expect(row.textContent).toContain('Payment form v2 spec');
    expect(row.textContent).toContain('In review');
    const deps = await m.store.list('dependencies');
    expect(deps.map((d) => d.data)).toEqual([expect.objectContaining({ fromKey: KEY, to: { type: 'item', itemKey: 'notion:notion.so:page:0123456789abcdef0123456789abcdef' }, relation: 'needs', state: 'pending' })]);
    // A CRM record works as well.
    fireEvent.click(ui().getByRole('button', { name: 'Link an item' }));
    form = ui().getByRole('form', { name: 'Link an item' });
    fireEvent.change(within(form).getByLabelText(/Item URL/), { target: { value: 'https://acme.amocrm.ru/leads/detail/4242' } });
    fireEvent.change(within(form).getByLabelText('Relation'), { target: { value: 'informs' } });
    fireEvent.submit(form);
    await wait(() => m!.shadow.querySelectorAll('[data-liaison-link]').length === 2);
    expect(m.shadow.querySelector('[data-liaison-link="amocrm:acme:lead:4242"]')?.getAttribute('data-relation')).toBe('informs');
  });

  it('adds a note that shows as text with its author', async () => {
    m = await mountPanel({ itemKey: KEY, reading: reading() });
    await wait(() => !!m!.shadow.querySelector('.lz-section-notes'));
    fireEvent.click(ui().getByRole('button', { name: 'Add a note' }));
    const form = ui().getByRole('form', { name: 'Add a note' });
    fireEvent.submit(form);
    await wait(() => within(form).queryByRole('alert')?.textContent === 'Write a note first.');
    fireEvent.change(within(form).getByLabelText('Note'), { target: { value: 'Launch moved to <b>May 15</b>' } });
    fireEvent.submit(form);
    await wait(() => m!.shadow.querySelector('.lz-note-text')?.textContent === 'Launch moved to <b>May 15</b>');
    expect(m.shadow.querySelector('.lz-section-notes b')).toBeNull();
    const meta = await m.store.get('itemMeta', KEY);
    expect(meta?.data.notes).toEqual([expect.objectContaining({ text: 'Launch moved to <b>May 15</b>' })]);
  });

  it('sets launch and end dates and the role; the campaign clocks follow', async () => {
    m = await mountPanel({ itemKey: KEY, reading: reading({ title: 'Autumn webinar' }) });
    await wait(() => !!m!.shadow.querySelector('.lz-section-item'));
    expect(m.shadow.querySelector('[data-liaison-sla]')).toBeNull();
    fireEvent.change(ui().getByLabelText('Kind of work'), { target: { value: 'campaign' } });
    await wait(() => m!.shadow.querySelector('[data-liaison-role]')?.getAttribute('data-liaison-role') === 'campaign');
    expect((await m.store.get('itemMeta', KEY))?.data.role).toBe('campaign');
    fireEvent.click(ui().getByRole('button', { name: 'Set dates' }));
    const form = ui().getByRole('form', { name: 'Set dates' });
    const launch = new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10);
    const end = new Date(Date.now() + 40 * DAY).toISOString().slice(0, 10);
    fireEvent.change(within(form).getByLabelText('Launch'), { target: { value: end } });
    fireEvent.change(within(form).getByLabelText('End'), { target: { value: launch } });
    fireEvent.submit(form);
    await wait(() => within(form).queryByRole('alert')?.textContent === 'The end date comes before the launch date.');
    fireEvent.change(within(form).getByLabelText('Launch'), { target: { value: launch } });
    fireEvent.change(within(form).getByLabelText('End'), { target: { value: end } });
    fireEvent.submit(form);
    await wait(() => !!m!.shadow.querySelector('[data-liaison-sla="campaign-analysis"]'));
    expect((await m.store.get('itemMeta', KEY))?.data.dates).toEqual({ launch, end });
    for (const id of ['campaign-notify', 'analytics-request', 'campaign-analysis']) {
      expect(q(m.shadow, `[data-liaison-sla="${id}"]`).getAttribute('data-state')).toBe('on-track');
    }
    expect(q(m.shadow, '[data-liaison-date="launch"]').textContent).not.toBe('');
  });

  it('a launch date typed in "Set dates" on an item whose host shows one is chosen over the host\'s; the clocks follow it', async () => {
    const hostLaunch = new Date(Date.now() - 10 * DAY).toISOString().slice(0, 10);
    m = await mountPanel({ itemKey: KEY, reading: reading({ title: 'Autumn webinar', dates: { launch: hostLaunch } }) });
    await wait(() => m!.shadow.querySelector('[data-liaison-role]')?.getAttribute('data-liaison-role') === 'campaign');
    await wait(() => q(m!.shadow, '[data-liaison-sla="campaign-notify"]').getAttribute('data-state') === 'breached');
    fireEvent.click(ui().getByRole('button', { name: 'Set dates' }));
    const form = ui().getByRole('form', { name: 'Set dates' });
    expect((within(form).getByLabelText('Launch') as HTMLInputElement).value).toBe(hostLaunch);
    const launch = new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10);
    fireEvent.change(within(form).getByLabelText('Launch'), { target: { value: launch } });
    fireEvent.submit(form);
    await wait(() => q(m!.shadow, '[data-liaison-sla="campaign-notify"]').getAttribute('data-state') === 'on-track');
    expect((await m.store.get('itemMeta', KEY))?.data).toMatchObject({ dates: { launch }, datesKept: { launch: hostLaunch } });
  });

  it('closes an open form with Esc and returns focus to its button', async () => {
    m = await mountPanel({ itemKey: KEY, reading: reading() });
    await wait(() => !!m!.shadow.querySelector('.lz-section-notes'));
    const opener = ui().getByRole('button', { name: 'Add a note' });
    fireEvent.click(opener);
    expect(opener.getAttribute('aria-expanded')).toBe('true');
    const textarea = within(ui().getByRole('form', { name: 'Add a note' })).getByLabelText('Note');
    fireEvent.keyDown(textarea, { key: 'Escape' });
    await wait(() => !ui().queryByRole('form', { name: 'Add a note' }));
    expect(opener.getAttribute('aria-expanded')).toBe('false');
    expect(m.shadow.activeElement).toBe(opener);
  });
});
