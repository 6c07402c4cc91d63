// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getSettings, saveSettings } from '@/lib/store';
import { WelcomeView } from '@/components/pages/Welcome';
import { DemoView } from '@/components/pages/Demo';
import { OptionsView, sectionOf } from '@/components/pages/Options';
import { firstRunChecklist } from '@/lib/pages/first-run';
import { FIRST_RUN_KEY, readFirstRun } from '@/lib/store/first-run';
import { hasSampleWorkspace, loadSampleWorkspace, removeSampleWorkspace, sampleKey } from '@/lib/demo/sample-workspace';
import { demoItem } from '@/lib/demo/demo-item';
import { defaultWorkspace } from '@/lib/core/defaults';
import { TEAM_CONFIG_KEY } from '@/lib/sync/contract';
import { harness, snap } from './harness';

const NOW = '2026-05-06T10:00:00.000Z';

async function seedDefaults(h: Awaited<ReturnType<typeof harness>>) {
  for (const team of defaultWorkspace().teams) await h.store.put('teams', team);
}

async function axeClean(el: Element) {
  const r = await axe.run(el, { runOnly: ['wcag2a', 'wcag2aa'], rules: { 'color-contrast': { enabled: false } } });
  return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('first-run checklist (pure)', () => {
  it('counts each step from what the profile holds', () => {
    const none = firstRunChecklist({ teamIds: [], alone: false, demoOpened: false, hostItemsSeen: 0 });
    expect(none).toMatchObject({ done: 0, total: 5, complete: false });
    const some = firstRunChecklist({ role: 'marketer', teamIds: ['marketing'], alone: true, demoOpened: true, hostItemsSeen: 0 });
    expect(some.done).toBe(4);
    expect(some.rows.find((r) => r.step === 'workspace')).toEqual({ step: 'workspace', done: true, detail: { kind: 'alone' } });
    const joined = firstRunChecklist({ role: 'other', teamIds: ['sales'], workspaceDb: 'acme', alone: true, demoOpened: true, hostItemsSeen: 2 });
    expect(joined.complete).toBe(true);
    // Joined wins over an earlier "alone".
    expect(joined.rows.find((r) => r.step === 'workspace')?.detail).toEqual({ kind: 'joined', db: 'acme' });
  });
});

describe('welcome page', () => {
  it('saves role and teams to the settings; "Saved" stays until the next change; working alone is recorded', async () => {
    const h = await harness({ now: NOW });
    await seedDefaults(h);
    h.mount(<WelcomeView />);
    const checklist = await screen.findByTestId('first-run-checklist');
    expect(checklist.textContent).toContain('0 of 5 done');
    const step = screen.getByRole('region', { name: '1. You and your teams' });

    // No role yet: a precise message, nothing saved.
    fireEvent.click(within(step).getByRole('button', { name: 'Save' }));
    expect((await within(step).findByRole('alert')).textContent).toBe('Choose your role.');
    expect((await getSettings()).role).toBeUndefined();
    expect(within(step).getByRole('radio', { name: 'Marketer' }).getAttribute('aria-invalid')).toBe('true');
    expect(await axeClean(step)).toEqual([]);

    fireEvent.click(within(step).getByRole('radio', { name: 'Product manager' }));
    // The team follows the role while none is ticked.
    expect((within(step).getByRole('checkbox', { name: 'Product' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(step).getByRole('checkbox', { name: 'Analytics' }));
    fireEvent.click(within(step).getByRole('button', { name: 'Save' }));
    await waitFor(async () => expect(await getSettings()).toMatchObject({ role: 'product-manager', teamIds: ['product', 'analytics'] }));
    const status = within(step).getByRole('status');
    await waitFor(() => expect(status.textContent).toBe('Saved. Your role and teams are in your settings.'));
    await waitFor(() => expect(screen.getByTestId('first-run-checklist').textContent).toContain('2 of 5 done'));
    // A later settings change from elsewhere does not wipe the message.
    await act(async () => {
      await saveSettings({ personName: 'Igor' });
    });
    expect(within(step).getByRole('status').textContent).toBe('Saved. Your role and teams are in your settings.');
    // The next change in the form does.
    fireEvent.click(within(step).getByRole('checkbox', { name: 'Sales' }));
    expect(within(step).getByRole('status').textContent).toBe('');

    const ws = screen.getByRole('region', { name: '2. Your team’s workspace' });
    fireEvent.click(within(ws).getByRole('button', { name: 'Work alone for now' }));
    await waitFor(async () => expect((await readFirstRun()).alone).toBe(true));
    expect(await within(screen.getByTestId('first-run-checklist')).findByText('Working alone (no team workspace)')).toBeTruthy();
    expect(within(ws).getByRole('button', { name: 'Work alone for now' }).getAttribute('aria-pressed')).toBe('true');
    // Joining uses the options page's own team workspace form.
    fireEvent.click(within(ws).getByRole('button', { name: 'Connect to a team workspace' }));
    expect(await within(ws).findByRole('form', { name: 'Connect to a team workspace' })).toBeTruthy();
    expect(await axeClean(document.body)).toEqual([]);
  });

  it('counts a joined workspace and an item seen on a host, not the sample item', async () => {
    const h = await harness({ now: NOW });
    await saveSettings({ role: 'marketer', teamIds: ['marketing'] });
    await fakeBrowser.storage.local.set({ [FIRST_RUN_KEY]: { v: 1, alone: false, demoOpenedAt: NOW } });
    await fakeBrowser.storage.local.set({ [TEAM_CONFIG_KEY]: { url: 'https://couch.example.com', db: 'acme-workspace', user: 'anna', auth: 'cookie', connectedAt: NOW } });
    await h.snapshot(snap(sampleKey('campaign'), 'Spring campaign'));
    h.mount(<WelcomeView />);
    const checklist = await screen.findByTestId('first-run-checklist');
    const host = () => checklist.querySelector('[data-step="host"]')!;
    expect(await within(checklist).findByText('Joined the team workspace “acme-workspace”')).toBeTruthy();
    await waitFor(() => expect(checklist.querySelector('[data-step="demo"]')!.getAttribute('data-done')).toBe('true'));
    expect(host().getAttribute('data-done')).toBe('false');
    await h.snapshot(snap('jira:acme.atlassian.net:issue:OPS-7', 'Real item'));
    await act(async () => {
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await waitFor(() => expect(host().getAttribute('data-done')).toBe('true'));
  });

  it('speaks Russian', async () => {
    const h = await harness({ now: NOW, lang: 'ru' });
    await seedDefaults(h);
    h.mount(<WelcomeView />);
    expect(await screen.findByRole('region', { name: '1. Вы и ваши команды' })).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'Продажи' })).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'Маркетинг' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Открыть пример' }).getAttribute('href')).toBe('demo.html');
  });
});

describe('demo item page', () => {
  it('shows the sample item with the real panel over the store, labelled as a sample, and removes the sample', async () => {
    const h = await harness({ now: NOW });
    await loadSampleWorkspace(h.store, new Date(NOW));
    h.mount(<DemoView />);
    expect(await screen.findByRole('heading', { level: 2, name: 'Spring campaign: "best SEO course" search launch' })).toBeTruthy();
    expect(screen.getByRole('note').textContent).toContain('Sample.');
    // The real panel, its verdict computed from the store's sample and the page's brief.
    const panel = await screen.findByRole('complementary', { name: /Liaison/ });
    await waitFor(() => expect(panel.querySelector('.lz-toggle')!.textContent).toContain('Blocked by Product'));
    expect(panel.querySelector('.lz-toggle')!.textContent).toContain('brief 5/8');
    await waitFor(async () => expect((await readFirstRun()).demoOpenedAt).toBeTruthy());

    fireEvent.click(screen.getByRole('button', { name: 'Remove the sample data' }));
    expect((await screen.findByRole('status')).textContent).toMatch(/The sample data was removed \(\d+ records\)/);
    expect(await hasSampleWorkspace(h.store)).toBe(false);
    expect((await h.store.workspace()).teams.length).toBeGreaterThan(0);
  });

  it('the demo item reads like the page shows it: the brief has 5 of 8 fields', () => {
    const item = demoItem('en', { launch: '2026-05-10', end: '2026-05-31' }, () => 'May 10, 2026');
    expect(item.key).toBe('jira:acme.atlassian.net:issue:MKT-142');
    expect(item.reading.description).toContain('# Target audience');
    expect(item.reading.description).toContain('Launch on May 10, 2026');
    expect(item.reading.dates).toEqual({ launch: '2026-05-10', due: '2026-05-10', end: '2026-05-31' });
    expect(demoItem('ru-RU', { launch: '2026-05-10' }).title).toBe('Весенняя кампания: запуск поиска «лучший курс по SEO»');
  });
});

describe('sample workspace removal', () => {
  it('removes the sample and what was added on its items, keeps the person’s own data and policies', async () => {
    const h = await harness({ now: NOW });
    await loadSampleWorkspace(h.store, new Date(NOW));
    const campaign = sampleKey('campaign');
    // Tried in the demo: a note and a dependency on the sample campaign.
    await h.store.append('itemMeta', campaign, 'notes', [{ text: 'tried it', by: 'me', at: NOW }]);
    await h.store.put('dependencies', { id: 'mine-on-sample', fromKey: campaign, to: { type: 'team', teamId: 'support' }, relation: 'needs', state: 'pending' });
    // The person's own work, and a KPI value they imported over the sample's.
    await h.store.put('itemMeta', { key: 'jira:real.atlassian.net:issue:OPS-1', role: 'campaign', dates: {}, notes: [] });
    await h.store.put('kpiStatus', { kpiId: 'cac', latest: { kpiId: 'cac', value: 9000, at: NOW, source: 'import' } }, { person: 'anna' });

    const removed = await removeSampleWorkspace(h.store);
    expect(removed).toBeGreaterThan(10);
    const ws = await h.store.workspace();
    expect(ws.itemMeta.map((m) => m.key)).toEqual(['jira:real.atlassian.net:issue:OPS-1']);
    expect(ws.dependencies).toEqual([]);
    expect(ws.leadNotes).toEqual([]);
    expect(ws.people).toEqual([]);
    expect(ws.kpiStatus.map((k) => k.kpiId)).toEqual(['cac']);
    expect(ws.teams.length).toBe(defaultWorkspace().teams.length);
    expect(ws.briefTemplates.length).toBeGreaterThan(0);
    expect(await removeSampleWorkspace(h.store)).toBe(0);
  });
});

describe('options page: sections and saved messages', () => {
  it('deep links name a section (an anchor inside one opens it); anything else opens the profile', () => {
    expect(sectionOf('#team')).toBe('team');
    expect(sectionOf('#reasons')).toBe('leads');
    expect(sectionOf('')).toBe('profile');
    expect(sectionOf('#nope')).toBe('profile');
  });

  it('shows one section at a time, marks it in the nav, and keeps "Saved" until the next change', async () => {
    const h = await harness({ now: NOW });
    await seedDefaults(h);
    window.location.hash = '#profile';
    h.mount(<OptionsView />);
    const nav = await screen.findByRole('navigation', { name: 'Settings sections' });
    expect(within(nav).getByRole('link', { name: 'You' }).getAttribute('aria-current')).toBe('location');
    expect(within(nav).getByRole('link', { name: 'Teams' }).getAttribute('aria-current')).toBeNull();
    expect(screen.queryByRole('region', { name: 'Teams' })).toBeNull();

    const profile = screen.getByRole('region', { name: 'You' });
    fireEvent.change(within(profile).getByLabelText('Your name'), { target: { value: 'Anna' } });
    fireEvent.click(within(profile).getByRole('button', { name: 'Save' }));
    await waitFor(async () => expect((await getSettings()).personName).toBe('Anna'));
    // The settings reload after the save: the message survives it…
    await new Promise((r) => setTimeout(r, 50));
    const region = screen.getByRole('region', { name: 'You' });
    expect(within(region).getByRole('status').textContent).toBe('Your profile is saved.');
    expect((within(region).getByLabelText('Your name') as HTMLInputElement).value).toBe('Anna');
    // …and goes with the next change.
    fireEvent.change(within(region).getByLabelText('Your name'), { target: { value: 'Anna P.' } });
    expect(within(region).getByRole('status').textContent).toBe('');

    await act(async () => {
      window.location.hash = '#teams';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(await screen.findByRole('region', { name: 'Teams' })).toBeTruthy();
    expect(within(nav).getByRole('link', { name: 'Teams' }).getAttribute('aria-current')).toBe('location');
    expect(screen.queryByRole('region', { name: 'You' })).toBeNull();
  });

  it('a list section keeps "Saved …" after the store reloads, until the next add or edit', async () => {
    const h = await harness({ now: NOW });
    window.location.hash = '#teams';
    h.mount(<OptionsView />);
    const section = await screen.findByRole('region', { name: 'Teams' });
    fireEvent.click(within(section).getByRole('button', { name: 'Add a team' }));
    const form = within(section).getByRole('form', { name: 'Add a team' });
    fireEvent.change(within(form).getByLabelText('Id'), { target: { value: 'growth' } });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Growth' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await within(section).findByRole('rowheader', { name: 'Growth' })).toBeTruthy();
    await new Promise((r) => setTimeout(r, 50));
    expect(within(section).getByRole('status').textContent).toBe('Saved “Growth”.');
    fireEvent.click(within(section).getByRole('button', { name: 'Add a team' }));
    expect(within(section).getByRole('status').textContent).toBe('');
  });
});
