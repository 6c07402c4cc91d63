// @vitest-environment happy-dom
/**
 * The inbox in the popup / side panel (components/pages/Inbox.tsx) over the real store, settings
 * and IndexedDB: cards, done / snooze / undo with focus and announcements, empty states, long lists
 * capped, Russian, axe, and a fixed brief (a changed snapshot) updating an open inbox.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SLA_POLICIES } from '@/lib/core/defaults';
import { getSettings, saveSettings } from '@/lib/store';
import { inboxCount } from '@/lib/pages/badge';
import { readInboxState, signalSnapshotChanged } from '@/lib/store/inbox-state';
import { Popup } from '@/components/pages/Inbox';
import { harness, snap } from './harness';

const NOW = '2026-05-06T10:00:00.000Z'; // a Wednesday
const CAMPAIGN = 'jira:acme.atlassian.net:issue:MKT-1';
const RELEASE = 'jira:acme.atlassian.net:issue:PROD-7';
const BRIEF = 'jira:acme.atlassian.net:issue:MKT-2';
const LEAD = 'hubspot:123:deal:9';
const TITLE = 'Launch campaign “best SEO course”';

type H = Awaited<ReturnType<typeof harness>>;

async function seed(h: H) {
  await h.store.put('teams', { id: 'marketing', name: 'Marketing', builtin: true });
  await h.store.put('teams', { id: 'product', name: 'Product', builtin: true });
  // Calendar days (the per-policy setting): these cases were computed in calendar days.
  await h.store.put('slaPolicies', { ...DEFAULT_SLA_POLICIES.find((p) => p.id === 'campaign-notify')!, businessTime: false });
  // Launch in 2 days: "tell product ≥ 5 days before" was due 3 days ago → breached.
  await h.store.put('itemMeta', { key: CAMPAIGN, role: 'campaign', teamId: 'marketing', dates: { launch: '2026-05-08' } });
  await h.store.put('itemMeta', { key: RELEASE, role: 'release', teamId: 'product', dates: { release: '2026-05-20' } });
  await h.store.put('dependencies', { id: 'd1', fromKey: CAMPAIGN, to: { type: 'team', teamId: 'product' }, relation: 'needs', state: 'blocked', reason: 'payment form not ready' });
  await h.snapshot(snap(CAMPAIGN, TITLE));
  await h.snapshot(snap(BRIEF, 'Spring webinar brief', { brief: { templateId: 'marketing-brief', present: 5, total: 8, missing: ['offer', 'channel', 'metrics'] } }));
  await h.store.put('leadNotes', { id: 'n1', itemKey: LEAD, authorTeamId: 'sales', at: '2026-05-05T09:00:00.000Z', verdict: 'rejected', note: 'student, not our segment' });
}

const card = (key: string) => document.querySelector<HTMLElement>(`[data-card="${key}"]`);
const count = () => document.querySelector('[data-inbox-count]')?.getAttribute('data-inbox-count');

describe('inbox in the popup', () => {
  it('with no workspace yet, says what to do: load the sample or open the settings', async () => {
    const h = await harness({ now: NOW });
    h.mount(<Popup />);
    expect(await screen.findByText(/Nothing here yet/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Load the sample workspace' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open the settings' }).getAttribute('href')).toMatch(/options\.html$/);
    expect(screen.getByRole('heading', { level: 1, name: 'What needs you' })).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Liaison pages' })).toBeTruthy();
  });

  it('shows one card per item with all its problems, worst first, each with a working link', async () => {
    const h = await harness({ now: NOW });
    await seed(h);
    await saveSettings({ teamIds: ['marketing', 'product'], role: 'marketer' });
    h.mount(<Popup />);
    const overdue = await screen.findByRole('region', { name: /^Overdue/ });
    const c = within(overdue).getByRole('listitem', { name: `${TITLE} · Jira` });
    expect(c.getAttribute('data-card')).toBe(CAMPAIGN);
    const lines = within(c).getByRole('list', { name: `Problems of “${TITLE}”` });
    const texts = within(lines).getAllByRole('listitem').map((li) => li.textContent);
    expect(texts).toEqual(['Tell product and analytics before a campaign launch — 2 days 13 hr overdue', 'Blocked, waiting on your team (Product): payment form not ready']);
    expect(within(c).getByRole('link', { name: `Open “${TITLE}” in Jira` }).getAttribute('href')).toBe('https://acme.atlassian.net/browse/MKT-1');
    // The same item never appears twice.
    expect(document.querySelectorAll(`[data-card="${CAMPAIGN}"]`).length).toBe(1);
    const gaps = screen.getByRole('region', { name: /^Brief gaps/ });
    expect(gaps.textContent).toContain('Brief 5 of 8 — missing offer, channel, metrics');
    const notes = screen.getByRole('region', { name: /^Notes from other teams/ });
    // Nobody opened the lead here yet: a link built from its key.
    expect(within(notes).getByRole('link', { name: 'Open “HubSpot deal 9” in HubSpot' }).getAttribute('href')).toBe('https://app.hubspot.com/contacts/123/record/0-3/9');
    expect(notes.textContent).toContain('student, not our segment');
    // Regions in severity order.
    expect(screen.getAllByRole('region').map((r) => r.getAttribute('data-severity'))).toEqual(['0', '3', '4']);
    const ws = await h.store.workspace();
    expect(inboxCount({ ...ws, snapshots: await h.env.snapshots() }, await getSettings(), NOW, await readInboxState())).toBe(3);
    expect(count()).toBe('3');
  });

  it('Done marks the notice as sent (an SLA stop in the store), the card goes, Undo is focused and announced, and brings it back', async () => {
    const h = await harness({ now: NOW });
    await seed(h);
    await saveSettings({ teamIds: ['marketing'], role: 'marketer', personName: 'Maria' });
    h.mount(<Popup />);
    const done = await screen.findByRole('button', { name: `Done: “${TITLE}”` });
    expect(done.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(done.getAttribute('aria-describedby')!)!.textContent).toContain('Tell product and analytics before a campaign launch');
    fireEvent.click(done);
    await waitFor(() => expect(card(CAMPAIGN)).toBeNull());
    const status = screen.getByRole('status');
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(status.textContent).toContain(`“${TITLE}” marked done.`);
    const undoBtn = within(status).getByRole('button', { name: `Undo the last action on “${TITLE}”` });
    await waitFor(() => expect(document.activeElement).toBe(undoBtn));
    const stops = (await h.store.get('slaEvents', CAMPAIGN))!.data.events.filter((e) => e.type === 'stop');
    expect(stops.map((e) => [e.policyId, e.by])).toEqual([['campaign-notify', 'Maria']]);
    expect(count()).toBe('2');
    fireEvent.click(undoBtn);
    await waitFor(() => expect(card(CAMPAIGN)).not.toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(card(CAMPAIGN)));
    expect(screen.getByRole('status').textContent).toContain(`“${TITLE}” is back.`);
    expect(((await h.store.get('slaEvents', CAMPAIGN))?.data.events ?? []).filter((e) => e.type === 'stop')).toEqual([]);
    expect(count()).toBe('3');
  });

  it('Snooze offers tomorrow / next Monday / a date; snoozing hides the card and counts it; Escape closes the form', async () => {
    const h = await harness({ now: NOW });
    await seed(h);
    await saveSettings({ teamIds: ['marketing'], role: 'marketer' });
    h.mount(<Popup />);
    const btn = await screen.findByRole('button', { name: 'Snooze “Spring webinar brief”' });
    fireEvent.click(btn);
    const form = screen.getByRole('form', { name: 'Snooze “Spring webinar brief”' });
    const choices = within(form).getAllByRole('button').map((b) => b.textContent);
    expect(choices[0]).toMatch(/^Tomorrow, Thu,? (May 7|7 May)$/);
    expect(choices[1]).toMatch(/^Next Monday, Mon,? (May 11|11 May)$/);
    await waitFor(() => expect(document.activeElement).toBe(within(form).getAllByRole('button')[0]));
    fireEvent.keyDown(form, { key: 'Escape' });
    expect(screen.queryByRole('form')).toBeNull();
    expect(document.activeElement).toBe(btn);
    fireEvent.click(btn);
    fireEvent.click(within(screen.getByRole('form')).getByRole('button', { name: /^Next Monday/ }));
    await waitFor(() => expect(card(BRIEF)).toBeNull());
    const state = await readInboxState();
    expect(state.snoozed.map((s) => s.itemKey)).toEqual([BRIEF]);
    expect(Date.parse(state.snoozed[0]!.until)).toBeGreaterThan(Date.parse('2026-05-10T12:00:00Z'));
    expect(screen.getByRole('status').textContent).toMatch(/“Spring webinar brief” snoozed until/);
    expect(document.querySelector('.summary')!.textContent).toContain('snoozed: 1');
    // The snoozed list can be opened, and a card brought back.
    fireEvent.click(screen.getByRole('button', { name: 'Snoozed (1)' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Bring back “Spring webinar brief”' }));
    await waitFor(() => expect(card(BRIEF)?.closest('[data-severity]')?.getAttribute('data-severity')).toBe('3'));
  });

  it('a date in the past is refused with a message', async () => {
    const h = await harness({ now: NOW });
    await seed(h);
    await saveSettings({ teamIds: ['marketing'], role: 'marketer' });
    h.mount(<Popup />);
    fireEvent.click(await screen.findByRole('button', { name: 'Snooze “Spring webinar brief”' }));
    const form = screen.getByRole('form');
    fireEvent.change(within(form).getByLabelText('Another day'), { target: { value: '2026-05-01' } });
    fireEvent.submit(form);
    expect((await within(form).findByRole('alert')).textContent).toBe('Choose a day after today.');
    expect((await readInboxState()).snoozed).toEqual([]);
  });

  it('when everything is snoozed, says how many and how to see them; when nothing is left, says all clear', async () => {
    const h = await harness({ now: NOW });
    await h.store.put('teams', { id: 'marketing', name: 'Marketing', builtin: true });
    await h.snapshot(snap(BRIEF, 'Spring webinar brief', { brief: { templateId: 'marketing-brief', present: 5, total: 8, missing: ['offer'] } }));
    await saveSettings({ teamIds: ['marketing'], role: 'marketer' });
    h.mount(<Popup />);
    fireEvent.click(await screen.findByRole('button', { name: 'Snooze “Spring webinar brief”' }));
    fireEvent.click(within(screen.getByRole('form')).getByRole('button', { name: /^Tomorrow/ }));
    expect(await screen.findByText('All clear for now: 1 snoozed. They come back on their day, or earlier if they get worse.', {}, { timeout: 5000 })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show snoozed items' }));
    expect(await screen.findByRole('button', { name: 'Bring back “Spring webinar brief”' })).toBeTruthy();
    // Done on the brief instead: nothing is left, and it says so.
    fireEvent.click(screen.getByRole('button', { name: 'Bring back “Spring webinar brief”' }));
    const done = await screen.findByRole('button', { name: 'Done: “Spring webinar brief”' }, { timeout: 5000 });
    await waitFor(() => expect((done as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(done);
    expect(await screen.findByText(/^All clear: no overdue notices/, {}, { timeout: 5000 })).toBeTruthy();
  });

  it('a brief fixed in the host updates the open inbox (the snapshot signal), without reopening', async () => {
    const h = await harness({ now: NOW });
    await seed(h);
    await saveSettings({ teamIds: ['marketing'], role: 'marketer' });
    h.mount(<Popup />);
    await waitFor(() => expect(card(BRIEF)).not.toBeNull());
    await h.snapshot(snap(BRIEF, 'Spring webinar brief', { seenAt: '2026-05-06T09:00:00.000Z', brief: { templateId: 'marketing-brief', present: 8, total: 8, missing: [] } }));
    await act(() => signalSnapshotChanged(BRIEF));
    await waitFor(() => expect(card(BRIEF)).toBeNull());
    expect(count()).toBe('2');
  });

  it('stays short with 200 items: five cards per group, then "Show more"', async () => {
    const h = await harness({ now: NOW });
    await h.store.put('teams', { id: 'marketing', name: 'Marketing', builtin: true });
    await h.store.put('teams', { id: 'product', name: 'Product', builtin: true });
    for (let i = 0; i < 200; i++) {
      await h.store.put('dependencies', { id: `big-${i}`, fromKey: `jira:acme.atlassian.net:issue:BIG-${i}`, to: { type: 'team', teamId: 'product' }, relation: 'needs', state: 'blocked', reason: `waiting ${i}` });
    }
    await saveSettings({ teamIds: ['product'], role: 'product-manager' });
    h.mount(<Popup />);
    const group = await screen.findByRole('region', { name: /^Blocked/ }, { timeout: 10_000 });
    expect(within(group).getAllByRole('listitem', { name: /^Jira BIG-/ }).length).toBe(5);
    expect(count()).toBe('200');
    fireEvent.click(within(group).getByRole('button', { name: 'Show 20 more (of 195)' }));
    expect(within(group).getAllByRole('listitem', { name: /^Jira BIG-/ }).length).toBe(25);
  });

  it('speaks Russian when the browser does', async () => {
    const h = await harness({ now: NOW, lang: 'ru' });
    await seed(h);
    await saveSettings({ teamIds: ['product'] });
    h.mount(<Popup />);
    const blocked = await screen.findByRole('region', { name: /^Просрочено/ });
    expect(blocked.textContent).toContain('Заблокировано, ждёт вашу команду (Продукт): payment form not ready');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Что ждёт вас');
    expect(within(blocked).getByRole('button', { name: `Готово: «${TITLE}»` })).toBeTruthy();
  });

  it('has no axe violations, with cards and with the snooze form open', async () => {
    const h = await harness({ now: NOW });
    await seed(h);
    await saveSettings({ teamIds: ['marketing'], role: 'marketer' });
    const { container } = h.mount(<Popup />);
    await screen.findByRole('region', { name: /^Overdue/ });
    const run = async () => (await axe.run(container, { rules: { 'color-contrast': { enabled: false }, region: { enabled: false } } })).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
    expect(await run()).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: `Snooze “${TITLE}”` }));
    expect(await run()).toEqual([]);
  });
});
