// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SLA_POLICIES } from '@/lib/core/defaults';
import { buildInbox } from '@/lib/pages/inbox';
import type { AuditEntry } from '@/lib/store';
import { AgendaView } from '@/components/pages/Agenda';
import { harness, snap } from './harness';

// Wednesday May 6, 13:00 Moscow. The team zone is the default calendar's (Europe/Moscow):
// this week is May 4–10 (from May 3 21:00 UTC), the previous one Apr 27 – May 3.
const NOW = '2026-05-06T10:00:00.000Z';
const MKT1 = 'jira:acme.atlassian.net:issue:MKT-1';
const MKT3 = 'jira:acme.atlassian.net:issue:MKT-3';
const REL = 'jira:acme.atlassian.net:issue:PROD-7';

function audit(e: Partial<AuditEntry> & Pick<AuditEntry, 'collection' | 'docId' | 'field' | 'at'>): AuditEntry {
  return { doc: `${e.collection}:${e.docId}`, kind: 'change', by: { device: 'd', person: 'ann' }, hlc: `${Date.parse(e.at)}.00000.d`, ...e };
}

async function seed(h: Awaited<ReturnType<typeof harness>>) {
  await h.store.put('teams', { id: 'sales', name: 'Sales', builtin: true });
  await h.store.put('teams', { id: 'marketing', name: 'Marketing', builtin: true });
  await h.store.put('teams', { id: 'product', name: 'Product', builtin: true });
  await h.store.put('people', { id: 'igor', name: 'Igor Sokolov', role: 'product-manager', teamIds: ['product'] });
  // Calendar days (the per-policy setting): these cases were computed in calendar days.
  await h.store.put('slaPolicies', { ...DEFAULT_SLA_POLICIES.find((p) => p.id === 'campaign-notify')!, businessTime: false });
  await h.store.put('itemMeta', { key: MKT1, role: 'campaign', teamId: 'marketing', dates: { launch: '2026-05-08' } });
  await h.store.put('itemMeta', { key: MKT3, role: 'campaign', teamId: 'marketing', dates: { launch: '2026-05-05' } });
  await h.store.put('itemMeta', { key: REL, role: 'release', teamId: 'product', dates: { release: '2026-05-27' } });
  await h.store.put('slaEvents', { itemKey: MKT3, events: [{ itemKey: MKT3, policyId: 'campaign-notify', type: 'stop', at: '2026-04-29T12:00:00.000Z' }] });
  await h.store.put('dependencies', { id: 'd1', fromKey: MKT1, to: { type: 'team', teamId: 'product' }, relation: 'needs', state: 'done', note: 'payment form' });
  await h.store.put('dependencies', { id: 'd2', fromKey: MKT1, to: { type: 'item', itemKey: REL }, relation: 'needs', state: 'pending', reason: 'final price list', due: '2026-05-15' });
  await h.snapshot(snap(MKT1, '70% off today'));
  await h.snapshot(snap(MKT3, 'Webinar *promo*', { brief: { templateId: 'marketing-brief', present: 6, total: 8, missing: ['offer', 'metrics'] } }));
  await h.snapshot(snap(REL, 'New payment form'));
  await h.audit([
    audit({ collection: 'dependencies', docId: 'd1', field: 'state', before: 'pending', after: 'blocked', at: '2026-04-20T10:00:00.000Z' }),
    audit({ collection: 'dependencies', docId: 'd1', field: 'state', before: 'blocked', after: 'done', at: '2026-05-01T10:00:00.000Z' }),
    audit({ collection: 'itemMeta', docId: REL, field: 'dates.release', before: '2026-05-20', after: '2026-05-27', at: '2026-05-04T09:00:00.000Z' }),
  ]);
}

describe('weekly sync agenda', () => {
  it('says there are no teams when there are none', async () => {
    const h = await harness({ now: NOW });
    h.mount(<AgendaView />);
    expect(await screen.findByText('No teams yet. Add teams in the settings.')).toBeTruthy();
  });

  it('answers the three questions per team for this week, teams with news first, quiet teams last and collapsed', async () => {
    const h = await harness({ now: NOW });
    await seed(h);
    h.mount(<AgendaView />);
    const product = await screen.findByRole('region', { name: 'Product' });
    expect(screen.getByText('Week of May 4, 2026 – May 10, 2026 · times in Europe/Moscow')).toBeTruthy();
    expect(product.textContent).toContain('Release of New payment form moved from May 20, 2026 to May 27, 2026');
    expect(product.textContent).toContain('Release of New payment form moved to May 27, 2026: affects “70% off today” (Marketing)');
    expect(product.textContent).toContain('Marketing waits on us for 70% off today: final price list, due May 15, 2026');
    const marketing = screen.getByRole('region', { name: 'Marketing' });
    expect(marketing.textContent).toContain('From Product for 70% off today: final price list, due May 15, 2026');
    for (const a of within(marketing).getAllByRole('link', { name: '70% off today' })) expect(a.getAttribute('href')).toBe('https://acme.atlassian.net/browse/MKT-1');
    // Sales comes first in the workspace but has nothing to report: after the others, inside a closed <details>.
    const order = [...document.querySelectorAll('[data-team]')].map((e) => e.getAttribute('data-team'));
    expect(order).toEqual(['marketing', 'product', 'sales']);
    const quiet = document.querySelector('details[data-quiet]') as HTMLDetailsElement;
    expect(quiet.open).toBe(false);
    expect(quiet.querySelector('summary')!.textContent).toBe('Nothing to report: Sales');
  });

  it('shows a previous week from the week picker', async () => {
    const h = await harness({ now: NOW });
    await seed(h);
    h.mount(<AgendaView />);
    const picker = (await screen.findByLabelText('Week')) as HTMLSelectElement;
    expect([...picker.options].map((o) => o.textContent).slice(0, 2)).toEqual(['May 4, 2026 – May 10, 2026 (this week)', 'Apr 27, 2026 – May 3, 2026']);
    expect(picker.options).toHaveLength(8);
    fireEvent.change(picker, { target: { value: '2026-04-27' } });
    const product = await screen.findByRole('region', { name: 'Product' });
    expect(product.textContent).toContain('Delivered what 70% off today (Marketing) needed');
    const marketing = screen.getByRole('region', { name: 'Marketing' });
    expect(marketing.textContent).toContain('Met “Tell product and analytics before a campaign launch” on Webinar *promo*');
    expect(marketing.textContent).toContain('Missed “Tell product and analytics before a campaign launch” on 70% off today');
    // and this week no longer lists it (its deadline ended at midnight, May 3)
    fireEvent.change(picker, { target: { value: '2026-05-04' } });
    await waitFor(() => expect(screen.getByRole('region', { name: 'Marketing' }).textContent).not.toContain('Missed'));
  });

  it('records a decision with an owner and a deadline; it is listed with its clock, reaches the inbox, can be edited and marked done', async () => {
    const h = await harness({ now: NOW });
    await seed(h);
    h.mount(<AgendaView />);
    await screen.findByRole('region', { name: 'Product' });
    const decisions = screen.getByRole('region', { name: 'Decisions' });
    expect(decisions.textContent).toContain('No decisions recorded for this week yet.');

    // Nothing filled: the errors say what is missing and focus goes to the first field.
    fireEvent.click(within(decisions).getByRole('button', { name: 'Record decision' }));
    expect(await within(decisions).findByText('Write what was decided.')).toBeTruthy();
    expect(within(decisions).getByText('Choose an owner, or write the owner’s name.')).toBeTruthy();
    expect(document.activeElement).toBe(within(decisions).getByLabelText('Decision'));
    expect(within(decisions).getByLabelText('Decision').getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(within(decisions).getByLabelText('Decision'), { target: { value: 'Ship the payment form before the launch' } });
    fireEvent.change(within(decisions).getByLabelText('Owner'), { target: { value: 'team:product' } });
    fireEvent.change(within(decisions).getByLabelText('Deadline'), { target: { value: '2026-05-07' } });
    fireEvent.click(within(decisions).getByRole('button', { name: 'Record decision' }));
    expect(await screen.findByText('Recorded the decision “Ship the payment form before the launch”.')).toBeTruthy();
    const item = await waitFor(() => {
      const li = decisions.querySelector('[data-decision]');
      if (!li) throw new Error('not listed yet');
      return li as HTMLElement;
    });
    // Wednesday 13:00 Moscow: 5 h of Wednesday + 9 h of Thursday left, more than one working day → on track.
    // The deadline is the next calendar day.
    expect(item.textContent).toContain('Ship the payment form before the launch');
    expect(item.textContent).toContain('Owner: Product · Deadline: May 7, 2026 · due tomorrow');
    expect(item.querySelector('[data-clock]')!.getAttribute('data-clock')).toBe('on-track');
    const stored = (await h.store.workspace()).decisions;
    expect(stored).toHaveLength(1);
    // The form's default deadline was the next sync: a week after today.
    expect((within(decisions).getByLabelText('Deadline') as HTMLInputElement).value).toBe('2026-05-13');
    expect(stored[0]).toMatchObject({ owner: { type: 'team', teamId: 'product' }, due: '2026-05-07', state: 'open', week: '2026-05-04', createdAt: NOW });

    // The next morning it is at risk: the product team's inbox lists its clock.
    const ws = await h.store.workspace();
    const inbox = buildInbox({ ...ws, snapshots: [] }, { teamIds: ['product'] }, '2026-05-07T07:00:00.000Z');
    expect(inbox.cards.filter((c) => c.itemKey.startsWith('decision:')).map((c) => [c.title, c.problems[0]?.kind === 'sla' && c.problems[0].clock.state])).toEqual([['Ship the payment form before the launch', 'at-risk']]);

    // Edit: a person as the owner.
    fireEvent.click(within(decisions).getByRole('button', { name: 'Edit: Ship the payment form before the launch' }));
    const form = decisions.querySelector('.decision-list form') as HTMLElement;
    expect(document.activeElement).toBe(within(form).getByLabelText('Decision'));
    fireEvent.change(within(form).getByLabelText('Owner'), { target: { value: 'person:igor' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save decision' }));
    await waitFor(() => expect(decisions.querySelector('[data-decision]')?.textContent).toContain('Owner: Igor Sokolov'));
    // focus returns to the decision's Edit button
    await waitFor(() => expect(document.activeElement?.getAttribute('aria-label')).toBe('Edit: Ship the payment form before the launch'));

    // Mark done: the clock is met; reopening clears the done time.
    fireEvent.click(within(decisions).getByRole('button', { name: 'Mark done: Ship the payment form before the launch' }));
    await waitFor(() => expect(decisions.querySelector('[data-decision]')?.textContent).toContain('done May 6, 2026'));
    expect((await h.store.workspace()).decisions[0]).toMatchObject({ state: 'done', doneAt: NOW, owner: { type: 'person', personId: 'igor' } });
    fireEvent.click(within(decisions).getByRole('button', { name: 'Reopen: Ship the payment form before the launch' }));
    await waitFor(async () => expect((await h.store.workspace()).decisions[0]!.state).toBe('open'));
    expect((await h.store.workspace()).decisions[0]!.doneAt).toBeUndefined();
  });

  it('shows each measure as a chart with its text alternative and the norm; weeks without data say so', async () => {
    const h = await harness({ now: NOW });
    await seed(h);
    h.mount(<AgendaView />);
    const measures = await screen.findByRole('region', { name: 'Coordination measures: last 8 weeks' });
    const charts = within(measures).getAllByRole('img');
    expect(charts).toHaveLength(5);
    expect(charts.every((c) => c.tagName === 'CANVAS')).toBe(true);
    const sla = within(measures).getByRole('img', { name: /^SLA hit rate by week, norm ≥ 90%:/ });
    // The previous week: 1 of 2 clocks met (Webinar in time, 70% off today late); this week: none finished.
    expect(sla.getAttribute('aria-label')).toContain('Apr 27 50% — below the norm');
    expect(sla.getAttribute('aria-label')).toContain('May 4 no data');
    const table = within(measures).getByRole('table', { name: 'SLA hit rate' });
    expect(within(table).getAllByRole('row')).toHaveLength(9);
    expect(within(table).getByRole('row', { name: /Apr 27/ }).textContent).toBe('Apr 2750% — below the norm1 of 2');
    expect(within(measures).getByRole('table', { name: 'Deadline adherence' }).textContent).toContain('no data');
    expect(within(measures).getByRole('img', { name: /^Deadline adherence by week, norm 85%–95%:/ })).toBeTruthy();
    // MKT-1 waited blocked from Apr 27 00:00 Moscow (Apr 26 21:00 UTC) to May 1 10:00 UTC: 4 days 13 hours.
    expect(within(measures).getByRole('table', { name: 'Time items spent blocked' }).textContent).toContain('Apr 274 days 13 hritems: 1');
    // The one hand-off done that week (d1) was never reopened.
    expect(within(measures).getByRole('row', { name: /Apr 27 100%/ })).toBeTruthy();
    // Webinar's brief launched on May 5 with 6 of 8 fields, seen before its start.
    const briefs = measures.querySelector('[data-measure="briefs"]')!;
    expect(briefs.textContent).toContain('This week: 0%');
  });

  it('copies the agenda as Markdown, links and escaped host text included', async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const h = await harness({ now: NOW });
    await seed(h);
    await h.store.put('decisions', { id: 'dec-1', text: 'Move the launch to *May 15*', owner: { type: 'team', teamId: 'marketing' }, due: '2026-05-08', state: 'open', createdAt: '2026-05-05T09:00:00.000Z' });
    h.mount(<AgendaView />);
    await screen.findByRole('region', { name: 'Product' });
    fireEvent.click(screen.getByRole('button', { name: 'Copy as Markdown' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(1));
    const md = (writeText.mock.calls[0] as unknown as [string])[0];
    expect(md).toContain('# Weekly sync agenda: May 4, 2026 – May 10, 2026\n');
    expect(md).toContain('## Marketing\n');
    expect(md).toContain('### What we need from you\n\n- From Product for [70% off today](https://acme.atlassian.net/browse/MKT-1): final price list, due May 15, 2026');
    expect(md).toContain('## Nothing to report\n\nSales\n');
    expect(md).toContain('## Decisions\n\n- [ ] Move the launch to \\*May 15\\* — owner: Marketing, deadline May 8, 2026, due in 2 days');
    expect(md).toContain('- SLA hit rate: no data (norm ≥ 90%)');
    expect(await screen.findByText('Copied the agenda as Markdown.')).toBeTruthy();
  });

  it('is in Russian and passes axe-core', async () => {
    const h = await harness({ now: NOW, lang: 'ru' });
    await seed(h);
    const { container } = h.mount(<AgendaView />);
    await screen.findByRole('region', { name: 'Продукт' });
    expect(screen.getByRole('region', { name: 'Решения' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Скопировать как Markdown' })).toBeTruthy();
    const result = await axe.run(container, { rules: { 'color-contrast': { enabled: false }, region: { enabled: false } } });
    expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
});
