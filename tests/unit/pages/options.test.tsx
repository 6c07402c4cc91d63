// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getSettings } from '@/lib/store';
import { OptionsView } from '@/components/pages/Options';
import { harness } from './harness';

const NOW = '2026-05-06T10:00:00.000Z';

function input(label: string | RegExp, scope: HTMLElement = document.body): HTMLInputElement {
  return within(scope).getByLabelText(label) as HTMLInputElement;
}

/** The options page shows one section at a time, named by the URL's hash (options.html#teams). */
function at(section: string): void {
  window.location.hash = `#${section}`;
}

async function goTo(section: string): Promise<void> {
  await act(async () => {
    window.location.hash = `#${section}`;
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  });
}

function describedText(el: HTMLElement): string {
  return (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' | ');
}

describe('options page', () => {
  it('shows honest empty states for every list', async () => {
    const h = await harness({ now: NOW });
    at('teams');
    h.mount(<OptionsView />);
    expect(await screen.findByText('No teams yet.')).toBeTruthy();
    for (const [section, empty] of [
      ['people', 'No people yet.'],
      ['kpis', 'No KPIs yet.'],
      ['sla', 'No SLA policies yet.'],
      ['hosts', 'No self-hosted domains yet.'],
      ['quarantine', 'Nothing is quarantined.'],
    ] as const) {
      await goTo(section);
      expect(await screen.findByText(empty)).toBeTruthy();
    }
    expect(screen.getByRole('navigation', { name: 'Settings sections' })).toBeTruthy();
  });

  it('validates a new team inline with precise messages, then saves it to the store', async () => {
    const h = await harness({ now: NOW });
    at('teams');
    h.mount(<OptionsView />);
    const section = await screen.findByRole('region', { name: 'Teams' });
    fireEvent.click(within(section).getByRole('button', { name: 'Add a team' }));
    const form = within(section).getByRole('form', { name: 'Add a team' });
    fireEvent.change(input('Id', form), { target: { value: 'growth team!' } });
    fireEvent.change(input('Colour', form), { target: { value: 'orange' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));

    const id = input('Id', form);
    await waitFor(() => expect(id.getAttribute('aria-invalid')).toBe('true'));
    expect(describedText(id)).toContain('Use letters, digits, “.”, “_” or “-”, starting with a letter or digit.');
    expect(input('Name', form).getAttribute('aria-invalid')).toBe('true');
    expect(describedText(input('Name', form))).toContain('Required.');
    expect(describedText(input('Colour', form))).toContain('Use a colour like #1c7ed6.');
    expect(document.activeElement).toBe(id);

    fireEvent.change(id, { target: { value: 'growth' } });
    fireEvent.change(input('Name', form), { target: { value: 'Growth' } });
    fireEvent.change(input('Colour', form), { target: { value: '#2b8a3e' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(async () => expect((await h.store.get('teams', 'growth'))?.data).toMatchObject({ id: 'growth', name: 'Growth', color: '#2b8a3e' }));
    expect(await within(section).findByRole('rowheader', { name: 'Growth' })).toBeTruthy();
  });

  it('names the bad entry of a list field and refuses an unknown time zone', async () => {
    const h = await harness({ now: NOW });
    at('calendars');
    h.mount(<OptionsView />);
    const section = await screen.findByRole('region', { name: 'Business calendars' });
    fireEvent.click(within(section).getByRole('button', { name: 'Add a calendar' }));
    const form = within(section).getByRole('form', { name: 'Add a calendar' });
    fireEvent.change(input('Id', form), { target: { value: 'berlin' } });
    fireEvent.change(input('Name', form), { target: { value: 'Berlin office' } });
    fireEvent.change(input('Time zone', form), { target: { value: 'Mars/Base' } });
    fireEvent.change(input('Working hours start (HH:MM)', form), { target: { value: '9am' } });
    fireEvent.change(input('Working hours end (HH:MM)', form), { target: { value: '18:00' } });
    fireEvent.click(within(form).getByRole('checkbox', { name: 'Monday' }));
    fireEvent.change(input('Extra days off', form), { target: { value: '2026-05-01\n2026-13-01' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(input('Extra days off', form).getAttribute('aria-invalid')).toBe('true'));
    expect(describedText(input('Extra days off', form))).toContain('Entry 2 (“2026-13-01”): Use a date as YYYY-MM-DD, e.g. 2026-05-15.');
    expect(describedText(input('Working hours start (HH:MM)', form))).toContain('Use HH:MM, e.g. 09:00.');

    fireEvent.change(input('Extra days off', form), { target: { value: '2026-05-01' } });
    fireEvent.change(input('Working hours start (HH:MM)', form), { target: { value: '09:00' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(describedText(input('Time zone', form))).toContain('“Mars/Base” is not a time zone this browser knows.'));
    expect(await h.store.get('calendars', 'berlin')).toBeUndefined();

    fireEvent.change(input('Time zone', form), { target: { value: 'Europe/Berlin' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(async () => expect((await h.store.get('calendars', 'berlin'))?.data).toMatchObject({ timeZone: 'Europe/Berlin', workingDays: [1], extraDaysOff: ['2026-05-01'] }));
  });

  it('shows validation messages in Russian', async () => {
    const h = await harness({ now: NOW, lang: 'ru' });
    at('teams');
    h.mount(<OptionsView />);
    const section = await screen.findByRole('region', { name: 'Команды' });
    fireEvent.click(within(section).getByRole('button', { name: 'Добавить команду' }));
    const form = within(section).getByRole('form', { name: 'Добавить команду' });
    fireEvent.click(within(form).getByRole('button', { name: 'Сохранить' }));
    await waitFor(() => expect(describedText(input('Название', form))).toContain('Обязательное поле.'));
  });

  it('lists import errors with their JSON paths and writes nothing', async () => {
    const h = await harness({ now: NOW });
    at('transfer');
    h.mount(<OptionsView />);
    const section = await screen.findByRole('region', { name: 'Import and export' });
    const bad = { format: 'liaison-workspace', version: 1, scope: 'all', exportedAt: NOW, kpis: [{ id: 'cac', name: 'CAC', unit: 'currency', direction: 'lower', target: 'cheap', ownerTeamIds: ['marketing'] }] };
    const file = new File([JSON.stringify(bad)], 'bad.json', { type: 'application/json' });
    fireEvent.change(input('Import a Liaison JSON file', section), { target: { files: [file] } });
    const alert = await within(section).findByRole('alert');
    expect(alert.textContent).toContain('The file was not imported. Problems: 1');
    expect(alert.textContent).toContain('$.kpis[0].target');
    expect(input('Import a Liaison JSON file', section).getAttribute('aria-invalid')).toBe('true');
    expect((await h.store.workspace()).kpis).toHaveLength(0);
  });

  it('previews an import before applying it', async () => {
    const h = await harness({ now: NOW });
    at('transfer');
    h.mount(<OptionsView />);
    const section = await screen.findByRole('region', { name: 'Import and export' });
    const good = { format: 'liaison-workspace', version: 1, scope: 'all', exportedAt: NOW, teams: [{ id: 'marketing', name: 'Marketing' }] };
    fireEvent.change(input('Import a Liaison JSON file', section), { target: { files: [new File([JSON.stringify(good)], 'ok.json')] } });
    expect(await within(section).findByRole('heading', { name: 'Preview: 1 to add, 0 to change, 0 to remove' })).toBeTruthy();
    expect((await h.store.workspace()).teams).toHaveLength(0);
    fireEvent.click(within(section).getByRole('button', { name: 'Apply the import' }));
    expect(await within(section).findByText('Imported: 1 added, 0 changed, 0 removed.')).toBeTruthy();
    expect((await h.store.workspace()).teams.map((t) => t.id)).toEqual(['marketing']);
  });

  it('asks for access to a self-hosted Jira in the click and saves it to the settings', async () => {
    const h = await harness({ now: NOW });
    const request = vi.fn(async () => true);
    (fakeBrowser.permissions as unknown as { request: typeof request }).request = request;
    at('hosts');
    h.mount(<OptionsView />);
    const section = await screen.findByRole('region', { name: 'Self-hosted Jira and Bitrix24' });
    fireEvent.change(input('Domain', section), { target: { value: 'https://jira/' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Add and allow access' }));
    await waitFor(() => expect(describedText(input('Domain', section))).toContain('Enter a domain name like jira.example.com (no path).'));
    expect(request).not.toHaveBeenCalled();

    fireEvent.change(input('Domain', section), { target: { value: 'https://Jira.Example.com/browse/X-1' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Add and allow access' }));
    await waitFor(() => expect(request).toHaveBeenCalledWith({ origins: ['https://jira.example.com/*'] }));
    await waitFor(async () => expect((await getSettings()).customHosts.jira).toEqual(['jira.example.com']));
    expect(await within(section).findByText(/Jira: jira\.example\.com/)).toBeTruthy();
  });
});
