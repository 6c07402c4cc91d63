// @vitest-environment happy-dom
/**
 * Issue 16 points 5 and 8: settings that could not be read completely are never saved over (and the
 * options page says so); storage written by a newer Liaison is read, never written, and the options
 * page says so; IndexedDB is reopened after it was deleted; the audit log is written before the ops
 * it describes are removed; the import error list is capped with a count.
 */
import 'fake-indexeddb/auto';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SettingsSchema } from '@/lib/core/schemas';
import { createStore, getSettings, saveSettings, SettingsUnreadableError, type AuditEntry } from '@/lib/store';
import { encodeSettings } from '@/lib/store/settings';
import { StorageNewerError } from '@/lib/store/types';
import { addAudit, auditFor, closeLiaisonDb, openLiaisonDb, putSnapshot, getSnapshots } from '@/lib/store/idb';
import { parseImport } from '@/lib/store/transfer';
import { OptionsView } from '@/components/pages/Options';
import { harness } from '../pages/harness';

const NOW = '2026-05-06T10:00:00.000Z';

/** Settings large enough to be chunked, as another browser saved them. */
async function chunkedSettings() {
  const jira = Array.from({ length: 50 }, (_, i) => `jira-${i}.${'x'.repeat(200)}.example.com`);
  const items = encodeSettings(SettingsSchema.parse({ personName: 'Ann', customHosts: { jira, bitrix24: [] } }));
  expect(Object.keys(items).length).toBeGreaterThan(2);
  return items;
}

describe('half-synced settings', () => {
  it('a missing chunk: saving is refused with a clear error and the stored chunks are untouched', async () => {
    const items = await chunkedSettings();
    const { 'settings.1': _missing, ...partial } = items;
    await fakeBrowser.storage.sync.set(partial);
    const before = await fakeBrowser.storage.sync.get(null);
    const err = await saveSettings({ notifications: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SettingsUnreadableError);
    expect((err as Error).message).toMatch(/could not read your saved settings completely \(settings chunk 1 of \d+ is missing/);
    expect(await fakeBrowser.storage.sync.get(null)).toEqual(before);
    // Once the last chunk arrives, saving works and keeps everything.
    await fakeBrowser.storage.sync.set({ 'settings.1': items['settings.1'] });
    const saved = await saveSettings({ notifications: false });
    expect([saved.personName, saved.customHosts.jira.length, saved.notifications]).toEqual(['Ann', 50, false]);
  });

  it('chunks without their header, or settings of a newer format, are not saved over either', async () => {
    const { settings: _h, ...chunksOnly } = await chunkedSettings();
    await fakeBrowser.storage.sync.set(chunksOnly);
    await expect(saveSettings({ locale: 'ru' })).rejects.toThrow(/header has not arrived/);
    fakeBrowser.reset();
    await fakeBrowser.storage.sync.set({ settings: { v: 2, inline: { personName: 'Ann' } } });
    await expect(saveSettings({ locale: 'ru' })).rejects.toThrow(/newer Liaison/);
  });

  it('the options page says so', async () => {
    const { 'settings.0': _missing, ...partial } = await chunkedSettings();
    await fakeBrowser.storage.sync.set(partial);
    const h = await harness({ now: NOW });
    h.mount(<OptionsView />);
    const alert = await screen.findByText(/Your saved settings could not be read completely \(settings chunk 0 of \d+ is missing/);
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toMatch(/will not save over them/);
  });
});

describe('storage written by a newer Liaison', () => {
  it('is read, never written (no compaction, writes throw), and the options page says so', async () => {
    await fakeBrowser.storage.local.set({
      'meta:schemaVersion': 7,
      'doc:teams:growth': { v: 1, id: 'growth', collection: 'teams', rev: 1, hlc: '001700000000000.00000.dev-b~1', updatedAt: NOW, updatedBy: { device: 'dev-b' }, data: { id: 'growth', name: 'Growth' }, clocks: { id: '001700000000000.00000.dev-b~1', name: '001700000000000.00000.dev-b~1' } },
      'op:001700000000001.00000.dev-b~1': { v: 1, collection: 'teams', id: 'growth', hlc: '001700000000001.00000.dev-b~1', at: NOW, by: { device: 'dev-b' }, set: { name: 'Growth team' } },
    });
    const before = await fakeBrowser.storage.local.get(null);
    const bg = createStore({ device: 'dev-bg', compactor: true });
    expect((await bg.get('teams', 'growth'))!.data.name).toBe('Growth team');
    expect(await bg.compact()).toBe(0);
    await expect(bg.put('teams', { id: 'ops', name: 'Ops' })).rejects.toThrow(StorageNewerError);
    await expect(bg.patch('teams', 'growth', { name: 'x' })).rejects.toThrow(/saved by a newer version of Liaison \(storage schema 7; this version knows 2\)/);
    expect(await fakeBrowser.storage.local.get(null)).toEqual(before);
    bg.close();

    const h = await harness({ now: NOW });
    h.mount(<OptionsView />);
    expect((await screen.findByText(/saved by a newer version of Liaison \(storage version 7; this version knows 2\)/)).getAttribute('role')).toBe('alert');
  });
});

describe('IndexedDB faults', () => {
  const snap = {
    key: 'jira:acme.atlassian.net:issue:MKT-1',
    ref: { tool: 'jira' as const, workspace: 'acme.atlassian.net', kind: 'issue', id: 'MKT-1' },
    title: 'Spring',
    dates: {},
    labels: [],
    url: 'https://acme.atlassian.net/browse/MKT-1',
    seenAt: NOW,
  };
  it('is reopened (stores recreated) after the database was deleted under it', async () => {
    const name = 'trust-deleted';
    await putSnapshot(snap, await openLiaisonDb(name), { now: Date.parse(NOW) });
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.deleteDatabase(name);
      req.onsuccess = () => resolve();
      req.onerror = () => reject(req.error);
    });
    // The old connection was closed for the deletion; the next use opens a fresh database.
    await putSnapshot({ ...snap, title: 'After' }, await openLiaisonDb(name), { now: Date.parse(NOW) });
    expect((await getSnapshots([snap.key], await openLiaisonDb(name)))[0]!.title).toBe('After');
    await closeLiaisonDb(name);
  });

  it('audit entries are written before the ops they describe are removed; a failed audit write keeps the ops', async () => {
    let fail = true;
    const audit: AuditEntry[] = [];
    const bg = createStore({
      device: 'dev-bg',
      compactor: true,
      onAudit: (e) => {
        if (fail) throw new Error('IndexedDB unavailable');
        // The ops are still in storage while the audit is written.
        return fakeBrowser.storage.local.get(null).then((raw) => {
          expect(Object.keys(raw).filter((k) => k.startsWith('op:')).length).toBeGreaterThan(0);
          audit.push(...e);
        });
      },
    });
    const tab = createStore({ device: 'dev-a' });
    await tab.put('teams', { id: 'ops', name: 'Ops' });
    expect(await bg.compact()).toBe(0);
    const raw = await fakeBrowser.storage.local.get(null);
    expect(Object.keys(raw).filter((k) => k.startsWith('op:'))).toHaveLength(1);
    expect(raw['doc:teams:ops']).toBeUndefined();
    fail = false;
    expect(await bg.compact()).toBe(1);
    expect(audit.map((e) => e.field)).toContain('name');
    expect(Object.keys(await fakeBrowser.storage.local.get(null)).filter((k) => k.startsWith('op:'))).toEqual([]);
    bg.close();
    tab.close();
  });

  it('an audit batch written twice (a retry after a crash) is stored once', async () => {
    const db = await openLiaisonDb('trust-audit');
    const e: AuditEntry = { doc: 'teams:ops', collection: 'teams', docId: 'ops', field: 'name', kind: 'change', after: 'Ops', by: { device: 'd' }, hlc: '001700000000000.00000.d~1', at: NOW };
    await addAudit([e, { ...e, field: 'notes[+]', after: 'a' }, { ...e, field: 'notes[+]', after: 'b' }], db);
    await addAudit([e, { ...e, field: 'notes[+]', after: 'a' }, { ...e, field: 'notes[+]', after: 'b' }], db);
    expect(await auditFor('teams:ops', 100, db)).toHaveLength(3);
    await closeLiaisonDb('trust-audit');
  });
});

describe('import errors', () => {
  it('a file with thousands of problems lists the first 100 and says how many more', () => {
    const teams = Array.from({ length: 3000 }, (_, i) => ({ id: `bad id ${i}`, name: '' }));
    const r = parseImport({ format: 'liaison-workspace', version: 1, scope: 'all', exportedAt: NOW, teams });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(101);
    expect(r.errors[100]).toEqual({ path: '$', message: 'and 5,900 more problems' });
  });
});

describe('the clock tolerance setting', () => {
  it('is edited in the profile and validated (5 min to 7 days)', async () => {
    const h = await harness({ now: NOW });
    h.mount(<OptionsView />);
    const section = await screen.findByRole('region', { name: 'You' });
    const field = within(section).getByLabelText('Clock tolerance (minutes)') as HTMLInputElement;
    expect(field.value).toBe('60');
    fireEvent.change(field, { target: { value: '2' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    expect((await getSettings()).maxClockSkewMinutes).toBe(60);
    fireEvent.change(field, { target: { value: '15' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Save' }));
    await waitFor(async () => expect((await getSettings()).maxClockSkewMinutes).toBe(15));
  });
});
