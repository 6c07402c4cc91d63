// @vitest-environment happy-dom
/**
 * Options → Team workspace, the popup's sync line and the panel's sync indicator, against a stand-in
 * for the background (TeamApi) and the real storage keys of lib/sync/contract.ts.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { TeamWorkspaceSection } from '@/components/pages/TeamWorkspace';
import { SyncStatusLine } from '@/components/sync/SyncStatusLine';
import { SyncIndicator } from '@/components/panel/SyncIndicator';
import { OptionsView } from '@/components/pages/Options';
import type { TeamApi } from '@/components/sync/api';
import { TEAM_CONFIG_KEY, TEAM_STATUS_KEY, type SyncError, type SyncErrorCode, type SyncStatus, type TeamConfig } from '@/lib/sync/contract';
import { useLocale } from './i18n-shim';
import { harness } from './harness';

afterEach(() => cleanup());

const URL_ = 'http://127.0.0.1:5984';
const CONFIG: TeamConfig = { url: URL_, db: 'acme-workspace', user: 'maria', auth: 'cookie', connectedAt: '2026-05-06T09:00:00.000Z' };

function iso(msAgo: number): string {
  return new Date(Date.now() - msAgo).toISOString();
}

function status(s: Partial<SyncStatus>): SyncStatus {
  return { state: 'idle', url: URL_, db: 'acme-workspace', user: 'maria', updatedAt: new Date().toISOString(), ...s };
}

function err(code: SyncErrorCode, httpStatus?: number): SyncError {
  return { code, message: `background says ${code}`, at: new Date().toISOString(), ...(httpStatus ? { httpStatus } : {}) };
}

/** A stand-in for the background: records calls; `connect` writes config + status like the engine does. */
function fakeApi(over: Partial<TeamApi> = {}): TeamApi & { log: string[] } {
  const log: string[] = [];
  const api: TeamApi = {
    requestOrigin: vi.fn((p: string) => {
      log.push(`permission ${p}`);
      return Promise.resolve(true);
    }),
    test: vi.fn(async () => {
      log.push('test');
      return { ok: true as const, server: { vendor: 'CouchDB', version: '3.4.2' }, docCount: 12 };
    }),
    preview: vi.fn(async () => {
      log.push('preview');
      return { ok: true as const, preview: { local: {}, remote: { teams: 4 }, both: 0 } };
    }),
    connect: vi.fn(async (c) => {
      log.push(`connect ${c.auth}`);
      await fakeBrowser.storage.local.set({
        [TEAM_CONFIG_KEY]: { url: c.url, db: c.db, user: c.user, auth: c.auth, connectedAt: new Date().toISOString() },
        [TEAM_STATUS_KEY]: status({ state: 'syncing' }),
      });
      return { ok: true as const, status: status({ state: 'syncing' }) };
    }),
    disconnect: vi.fn(async (keepLocal: boolean) => {
      log.push(`disconnect keepLocal=${keepLocal}`);
      await fakeBrowser.storage.local.remove(TEAM_CONFIG_KEY);
      await fakeBrowser.storage.local.set({ [TEAM_STATUS_KEY]: { state: 'off', updatedAt: new Date().toISOString() } });
      return { state: 'off' as const, updatedAt: new Date().toISOString() };
    }),
    syncNow: vi.fn(async () => {
      log.push('sync-now');
      return status({ state: 'syncing' });
    }),
    ...over,
  };
  return Object.assign(api, { log });
}

function fill(values: { url?: string; db?: string; user?: string; password?: string }) {
  const form = screen.getByRole('form', { name: 'Connect to a team workspace' });
  const f = within(form);
  if (values.url !== undefined) fireEvent.change(f.getByLabelText('Server address'), { target: { value: values.url } });
  if (values.db !== undefined) fireEvent.change(f.getByLabelText('Workspace database'), { target: { value: values.db } });
  if (values.user !== undefined) fireEvent.change(f.getByLabelText('User name'), { target: { value: values.user } });
  if (values.password !== undefined) fireEvent.change(f.getByLabelText('Password'), { target: { value: values.password } });
  return f;
}

function described(el: HTMLElement): string {
  return (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' | ');
}

async function mountSection(api: TeamApi, lang: 'en' | 'ru' = 'en') {
  await useLocale(lang);
  render(<TeamWorkspaceSection api={api} />);
  return screen.findByRole('region', { name: lang === 'en' ? 'Team workspace' : 'Командное пространство' });
}

/** Mounts the section and waits until its connect form is on screen (the first render reads storage). */
async function mountForm(api: TeamApi) {
  const region = await mountSection(api);
  await within(region).findByRole('form', { name: 'Connect to a team workspace' }, { timeout: 5000 });
  return region;
}

describe('Team workspace: connecting', () => {
  it('validates the form inline and refuses plain http to a non-loopback server without asking for anything', async () => {
    const api = fakeApi();
    await mountForm(api);
    const f = fill({ url: 'http://couch.example.com', db: 'Acme Workspace', user: '' });
    fireEvent.click(f.getByRole('button', { name: 'Connect' }));
    const url = f.getByLabelText('Server address');
    await waitFor(() => expect(url.getAttribute('aria-invalid')).toBe('true'));
    expect(described(url)).toContain('Use an https:// address. Plain http is allowed only for 127.0.0.1 and localhost.');
    expect(described(f.getByLabelText('Workspace database'))).toContain('A database name starts with a lower-case letter');
    expect(described(f.getByLabelText('User name'))).toContain('Required.');
    expect(described(f.getByLabelText('Password'))).toContain('Required.');
    expect(document.activeElement).toBe(url);
    expect(api.log).toEqual([]);
  });

  it('asks for the origin inside the click, before anything is awaited, then reports a working connection', async () => {
    const api = fakeApi();
    await mountForm(api);
    const f = fill({ url: `${URL_}/`, db: 'acme-workspace', user: 'maria', password: 's3cret' });
    fireEvent.click(f.getByRole('button', { name: 'Test connection' }));
    // Synchronously, in the same task as the click: the permission prompt needs the user gesture.
    expect(api.log).toEqual(['permission http://127.0.0.1/*']);
    expect(await screen.findByText('Connection works: signed in and the workspace “acme-workspace” is open (CouchDB 3.4.2). It holds 12 documents.')).toBeTruthy();
    expect(api.test).toHaveBeenCalledWith({ url: URL_, db: 'acme-workspace', user: 'maria', password: 's3cret' });
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({});
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  const cases: Array<[SyncErrorCode, number | undefined, string]> = [
    ['unreachable', undefined, 'The server 127.0.0.1:5984 could not be reached. Check the address and your network; the server may be down.'],
    ['tls', undefined, 'The secure connection to 127.0.0.1:5984 failed: its certificate is not trusted or its TLS set-up is broken.'],
    ['unauthorized', 401, 'Wrong user name or password: the server refused to sign you in. (HTTP 401)'],
    ['forbidden', 403, 'You are signed in, but you are not a member of the workspace “acme-workspace”. Ask a workspace admin to add you. (HTTP 403)'],
    ['no-db', 404, 'There is no database “acme-workspace” on 127.0.0.1:5984. Check the name, or ask an admin to create the workspace (npm run team:setup). (HTTP 404)'],
    ['not-couchdb', 200, '127.0.0.1:5984 answers, but not as a CouchDB server. Enter the server\'s address without the database name. (HTTP 200)'],
    ['insecure', undefined, 'Use an https:// address. Plain http is allowed only for 127.0.0.1 and localhost.'],
  ];
  for (const [code, http, text] of cases) {
    it(`says precisely what failed: ${code}`, async () => {
      const api = fakeApi({ test: vi.fn(async () => ({ ok: false as const, error: err(code, http) })) });
      const region = await mountForm(api);
      const f = fill({ url: URL_, db: 'acme-workspace', user: 'maria', password: 'wrong' });
      fireEvent.click(f.getByRole('button', { name: 'Test connection' }));
      const alert = await within(region).findByText(text);
      expect(alert.closest('[role="alert"]')).toBeTruthy();
    });
  }

  it('says so when the browser does not grant access to the server, and sends nothing', async () => {
    const api = fakeApi({ requestOrigin: vi.fn(() => Promise.resolve(false)) });
    await mountForm(api);
    const f = fill({ url: 'https://couch.acme.com', db: 'acme', user: 'maria', password: 'x' });
    fireEvent.click(f.getByRole('button', { name: 'Connect' }));
    expect(await screen.findByText('The browser did not allow Liaison to reach couch.acme.com. Try again and allow access when the browser asks.')).toBeTruthy();
    expect(api.requestOrigin).toHaveBeenCalledWith('https://couch.acme.com/*');
    expect(api.preview).not.toHaveBeenCalled();
    expect(api.connect).not.toHaveBeenCalled();
  });

  it('shows what merging would do when this browser has data, merges on confirmation and forgets the password', async () => {
    const api = fakeApi({
      preview: vi.fn(async () => ({ ok: true as const, preview: { local: { leadNotes: 3, itemMeta: 5, teams: 0 }, remote: { leadNotes: 10, dependencies: 2 }, both: 1 } })),
    });
    const region = await mountForm(api);
    const f = fill({ url: URL_, db: 'acme-workspace', user: 'maria', password: 's3cret' });
    fireEvent.click(f.getByRole('radio', { name: 'Password (basic auth)' }));
    fireEvent.click(f.getByRole('button', { name: 'Connect' }));
    const group = await within(region).findByRole('group', { name: 'This browser already has data' });
    const rows = within(group)
      .getAllByRole('row')
      .map((r) => r.textContent);
    expect(rows).toEqual(['DataIn this browserIn the workspace', 'Lead verdicts and notes310', 'Items (roles, dates, notes)50', 'Dependencies and blockers02', 'Total812']);
    expect(group.textContent).toContain('Connecting merges it into “acme-workspace”: nothing on either side is lost.');
    expect(group.textContent).toContain('1 documents exist on both sides');
    await waitFor(() => expect(document.activeElement?.textContent).toBe('This browser already has data'));
    expect(api.connect).not.toHaveBeenCalled();

    fireEvent.click(within(group).getByRole('button', { name: 'Merge and connect' }));
    await waitFor(() => expect(api.connect).toHaveBeenCalledWith({ url: URL_, db: 'acme-workspace', user: 'maria', password: 's3cret', auth: 'basic' }));
    // Connected: the status view replaces the form; the password is nowhere on the page.
    expect(await within(region).findByText('Syncing…')).toBeTruthy();
    expect(region.querySelector('input[type="password"]')).toBeNull();
    expect(api.preview).toHaveBeenCalledTimes(1);
    expect(api.log).toEqual(['permission http://127.0.0.1/*', 'connect basic']);
  });

  it('connects at once when this browser has nothing to merge, with the session cookie by default', async () => {
    const api = fakeApi();
    const region = await mountForm(api);
    const f = fill({ url: URL_, db: 'acme-workspace', user: 'maria', password: 's3cret' });
    fireEvent.click(f.getByRole('button', { name: 'Connect' }));
    expect(await within(region).findByText('Syncing…')).toBeTruthy();
    expect(api.log).toEqual(['permission http://127.0.0.1/*', 'preview', 'connect cookie']);
  });

  it('keeps the form and the typed values when connecting fails', async () => {
    const api = fakeApi({ connect: vi.fn(async () => ({ ok: false as const, error: err('forbidden', 403) })) });
    const region = await mountForm(api);
    const f = fill({ url: URL_, db: 'acme-workspace', user: 'maria', password: 's3cret' });
    fireEvent.click(f.getByRole('button', { name: 'Connect' }));
    expect(await within(region).findByText(/you are not a member of the workspace “acme-workspace”/)).toBeTruthy();
    expect((f.getByLabelText('Password') as HTMLInputElement).value).toBe('s3cret');
  });
});

describe('Team workspace: connected', () => {
  it('shows the status in words and follows it live from storage', async () => {
    await fakeBrowser.storage.local.set({ [TEAM_CONFIG_KEY]: CONFIG, [TEAM_STATUS_KEY]: status({ state: 'idle', lastSyncedAt: iso(120_000), docs: 240, pending: 0 }) });
    const region = await mountSection(fakeApi());
    expect(await within(region).findByText('Synced')).toBeTruthy();
    expect(region.textContent).toContain('2 minutes ago');
    expect(region.textContent).toContain('acme-workspace · http://127.0.0.1:5984');
    expect(region.textContent).toContain('maria · Session cookie (recommended)');
    expect(region.textContent).toContain('Documents in this browser240');

    const since = new Date(Date.now() - 300_000);
    await act(() => fakeBrowser.storage.local.set({ [TEAM_STATUS_KEY]: status({ state: 'offline', offlineSince: since.toISOString(), lastSyncedAt: iso(400_000), pending: 3, lastError: err('unreachable') }) }));
    const hhmm = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit' }).format(since);
    // "Offline since 10:42 AM" (with the date when that was another day).
    await waitFor(() => expect(region.querySelector("[data-team-state]")?.textContent).toMatch(new RegExp(`^ Offline since (\\w+ \\d+, )?${hhmm}$`)));
    expect(region.textContent).toContain('Changes waiting to be sent3');
    expect(region.textContent).toContain('The server 127.0.0.1:5984 could not be reached.');

    await act(() => fakeBrowser.storage.local.set({ [TEAM_STATUS_KEY]: status({ state: 'error', lastError: err('forbidden', 403), quarantined: 2 }) }));
    expect(await within(region).findByText('Sync stopped')).toBeTruthy();
    expect(region.textContent).toContain('You are signed in, but you are not a member of the workspace “acme-workspace”.');
    expect(within(region).getByRole('link', { name: '2 in quarantine' }).getAttribute('href')).toBe('#quarantine');
  });

  it('offers to sign in again after the password stopped working', async () => {
    await fakeBrowser.storage.local.set({ [TEAM_CONFIG_KEY]: CONFIG, [TEAM_STATUS_KEY]: status({ state: 'error', lastError: err('unauthorized', 401) }) });
    const api = fakeApi();
    const region = await mountSection(api);
    const form = await within(region).findByRole('form', { name: 'Sign in again' });
    fireEvent.change(within(form).getByLabelText('Password'), { target: { value: 'new-pass' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Sign in again' }));
    expect(api.log[0]).toBe('permission http://127.0.0.1/*');
    await waitFor(() => expect(api.connect).toHaveBeenCalledWith({ url: URL_, db: 'acme-workspace', user: 'maria', password: 'new-pass', auth: 'cookie' }));
  });

  it('asks whether to keep a local copy before signing out, and says what it did', async () => {
    await fakeBrowser.storage.local.set({ [TEAM_CONFIG_KEY]: CONFIG, [TEAM_STATUS_KEY]: status({ state: 'idle', lastSyncedAt: iso(5000) }) });
    const api = fakeApi();
    const region = await mountSection(api);
    fireEvent.click(await within(region).findByRole('button', { name: 'Sign out' }));
    const group = within(region).getByRole('group', { name: 'Keep a copy of the team\'s data in this browser?' });
    expect(api.disconnect).not.toHaveBeenCalled();
    fireEvent.click(within(group).getByRole('button', { name: 'Cancel' }));
    expect(within(region).queryByRole('group')).toBeNull();

    fireEvent.click(within(region).getByRole('button', { name: 'Sign out' }));
    fireEvent.click(within(region).getByRole('button', { name: 'Keep a local copy and sign out' }));
    expect(await within(region).findByText('Signed out of “acme-workspace”. The data stays in this browser.')).toBeTruthy();
    expect(api.log).toEqual(['disconnect keepLocal=true']);
    expect(within(region).getByRole('form', { name: 'Connect to a team workspace' })).toBeTruthy();
  });

  it('passes keepLocal=false when the person removes the local copy', async () => {
    await fakeBrowser.storage.local.set({ [TEAM_CONFIG_KEY]: CONFIG, [TEAM_STATUS_KEY]: status({}) });
    const api = fakeApi();
    const region = await mountSection(api);
    fireEvent.click(await within(region).findByRole('button', { name: 'Sign out' }));
    fireEvent.click(within(region).getByRole('button', { name: 'Remove the local copy and sign out' }));
    expect(await within(region).findByText('Signed out of “acme-workspace”. The team\'s data was removed from this browser.')).toBeTruthy();
    expect(api.disconnect).toHaveBeenCalledWith(false);
  });

  it('lists the values that lost a conflict, with who wrote them, so no edit disappears silently', async () => {
    await useLocale('en');
    await fakeBrowser.storage.local.set({ [TEAM_CONFIG_KEY]: CONFIG, [TEAM_STATUS_KEY]: status({ state: 'idle', lastSyncedAt: iso(1000) }) });
    const audit = vi.fn(async () => [
      { doc: 'leadNotes:amocrm-24681357', collection: 'leadNotes' as const, docId: 'amocrm-24681357', field: 'note', kind: 'conflict' as const, before: 'Call back on Monday', by: { device: 'dev-b', person: 'Ivan (sales)' }, hlc: 'x', at: iso(5000) },
      { doc: 'teams:growth', collection: 'teams' as const, docId: 'growth', field: 'name', kind: 'change' as const, before: 'Growth', after: 'Growth team', by: { device: 'dev-a' }, hlc: 'y', at: iso(4000) },
    ]);
    render(<TeamWorkspaceSection api={fakeApi()} audit={audit} />);
    const list = await screen.findByRole('heading', { name: 'Edits that lost a conflict (1)' });
    const box = list.parentElement!;
    expect(box.textContent).toContain('leadNotes:amocrm-24681357 · note');
    expect(box.textContent).toContain('“Call back on Monday” by Ivan (sales) lost.');
    expect(box.textContent).not.toContain('teams:growth');
  });

  it('never shows a stored value that does not parse as if it were real', async () => {
    await fakeBrowser.storage.local.set({ [TEAM_CONFIG_KEY]: { url: 'ftp://x', db: 'A' } });
    const region = await mountSection(fakeApi());
    expect(await within(region).findByText('The stored team workspace settings could not be read; connect again.')).toBeTruthy();
  });

  it('speaks Russian', async () => {
    await fakeBrowser.storage.local.set({ [TEAM_CONFIG_KEY]: CONFIG, [TEAM_STATUS_KEY]: status({ state: 'error', lastError: err('no-db', 404) }) });
    const region = await mountSection(fakeApi(), 'ru');
    expect(await within(region).findByText('Синхронизация остановлена')).toBeTruthy();
    expect(region.textContent).toContain('На 127.0.0.1:5984 нет базы «acme-workspace».');
    expect(within(region).getByRole('button', { name: 'Выйти' })).toBeTruthy();
  });

  it('has no axe violations, in the form, the preview and the connected view', async () => {
    const api = fakeApi({ preview: vi.fn(async () => ({ ok: true as const, preview: { local: { leadNotes: 1 }, remote: {}, both: 0 } })) });
    const region = await mountForm(api);
    const f = fill({ url: 'nope', db: '', user: 'maria', password: 'x' });
    fireEvent.click(f.getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(f.getByLabelText('Server address').getAttribute('aria-invalid')).toBe('true'));
    const run = async () => {
      const r = await axe.run(region, { runOnly: ['wcag2a', 'wcag2aa'], rules: { 'color-contrast': { enabled: false } } });
      return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
    };
    expect(await run()).toEqual([]);
    fill({ url: URL_, db: 'acme-workspace' });
    fireEvent.click(f.getByRole('button', { name: 'Connect' }));
    await within(region).findByRole('group', { name: 'This browser already has data' });
    expect(await run()).toEqual([]);
    fireEvent.click(within(region).getByRole('button', { name: 'Merge and connect' }));
    await within(region).findByText('Syncing…');
    fireEvent.click(within(region).getByRole('button', { name: 'Sign out' }));
    expect(await run()).toEqual([]);
  });

  it('is a section of the options page, listed in its navigation', async () => {
    const h = await harness({ now: '2026-05-06T10:00:00.000Z' });
    window.location.hash = '#team'; // one section at a time: options.html#team
    h.mount(<OptionsView />);
    const nav = await screen.findByRole('navigation', { name: 'Settings sections' });
    expect(within(nav).getByRole('link', { name: 'Team workspace' }).getAttribute('href')).toBe('#team');
    expect(await screen.findByRole('form', { name: 'Connect to a team workspace' })).toBeTruthy();
  });
});

describe('sync status outside the options', () => {
  it('popup line: invites to connect, then follows the status live', async () => {
    await useLocale('en');
    render(<SyncStatusLine />);
    const off = await screen.findByText(/Not connected to a team workspace/);
    expect(within(off.closest('p')!).getByRole('link', { name: 'connect' }).getAttribute('href')).toMatch(/options\.html#team$/);
    await act(() => fakeBrowser.storage.local.set({ [TEAM_CONFIG_KEY]: CONFIG, [TEAM_STATUS_KEY]: status({ state: 'idle', lastSyncedAt: iso(10_000) }) }));
    const line = await screen.findByRole('status');
    await waitFor(() => expect(line.textContent).toBe('Team workspace: Synced · acme-workspace on 127.0.0.1:5984 · last synced just now'));
    await act(() => fakeBrowser.storage.local.set({ [TEAM_STATUS_KEY]: status({ state: 'error', lastError: err('unauthorized', 401) }) }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Sync stopped · acme-workspace on 127.0.0.1:5984 · not synced yet · Wrong user name or password'));
  });

  it('panel indicator: nothing without a workspace; a dot with words for screen readers; visible words when offline', async () => {
    await useLocale('en');
    const { container } = render(<SyncIndicator />);
    await act(() => Promise.resolve());
    expect(container.textContent).toBe('');
    await act(() => fakeBrowser.storage.local.set({ [TEAM_CONFIG_KEY]: CONFIG, [TEAM_STATUS_KEY]: status({ state: 'idle', lastSyncedAt: iso(60_000) }) }));
    const ind = await waitFor(() => {
      const el = container.querySelector('[data-liaison-sync]');
      if (!el) throw new Error('no indicator');
      return el as HTMLElement;
    });
    expect(ind.getAttribute('role')).toBe('status');
    expect(ind.textContent).toBe('Synced');
    expect(ind.getAttribute('title')).toBe('Synced — acme-workspace on 127.0.0.1:5984 · last synced 1 minute ago');
    await act(() => fakeBrowser.storage.local.set({ [TEAM_STATUS_KEY]: status({ state: 'offline', offlineSince: iso(60_000), pending: 2 }) }));
    await waitFor(() => expect(container.querySelector('[data-liaison-sync]')?.getAttribute('data-liaison-sync')).toBe('offline'));
    expect(container.querySelector('[data-liaison-sync]')?.getAttribute('title')).toContain('2 changes waiting to be sent');
  });
});
