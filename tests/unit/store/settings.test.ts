import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SettingsSchema, type Settings } from '@/lib/core/schemas';
import { getSettings, saveSettings, SettingsQuotaError, watchSettings } from '@/lib/store';
import { decodeSettings, encodeSettings, itemBytes, SettingsValidationError, SYNC_QUOTA } from '@/lib/store/settings';

describe('settings in storage.sync', () => {
  it('defaults, save, read back, and watch', async () => {
    expect(await getSettings()).toEqual(SettingsSchema.parse({}));
    const seen = new Promise<Settings>((r) => watchSettings(r));
    await saveSettings({ personName: 'Ann', teamIds: ['marketing'] });
    expect((await seen).personName).toBe('Ann');
    expect((await getSettings()).teamIds).toEqual(['marketing']);
    await expect(saveSettings({ locale: 'fr' as never })).rejects.toThrow(SettingsValidationError);
  });

  it('splits settings larger than one 8 KB item into chunks, each within quota, and joins them back', async () => {
    const jira = Array.from({ length: 50 }, (_, i) => `jira-${i}.${'x'.repeat(200)}.example.com`);
    const bitrix24 = Array.from({ length: 50 }, (_, i) => `crm-${i}.${'я'.repeat(100)}.example.ru`);
    await saveSettings({ customHosts: { jira, bitrix24 } });
    const raw = await fakeBrowser.storage.sync.get(null);
    const keys = Object.keys(raw);
    expect(keys.length).toBeGreaterThan(2);
    for (const k of keys) expect(itemBytes(k, raw[k])).toBeLessThanOrEqual(SYNC_QUOTA.perItem);
    expect((await getSettings()).customHosts.bitrix24).toEqual(bitrix24);
    // Shrinking removes the stale chunks.
    await saveSettings({ customHosts: { jira: [], bitrix24: [] } });
    expect(Object.keys(await fakeBrowser.storage.sync.get(null))).toEqual(['settings']);
  });

  it('refuses with a clear error beyond the total quota, writing nothing', () => {
    const huge = { ...SettingsSchema.parse({}), personName: 'x'.repeat(120_000) } as Settings;
    expect(() => encodeSettings(huge)).toThrow(SettingsQuotaError);
    expect(() => encodeSettings(huge)).toThrow(/need 1\d\d,\d{3} bytes but browser sync allows/);
  });

  it('settings saved with the old unused panelCollapsed flag keep every other setting (the flag is dropped)', async () => {
    await fakeBrowser.storage.sync.set({ settings: { v: 1, inline: { personName: 'Ann', teamIds: ['marketing'], panelCollapsed: true, notifications: false } } });
    const s = await getSettings();
    expect([s.personName, s.teamIds, s.notifications]).toEqual(['Ann', ['marketing'], false]);
    expect('panelCollapsed' in s).toBe(false);
    // Saving writes the current shape, without the flag.
    await saveSettings({ locale: 'ru' });
    expect(JSON.stringify(await fakeBrowser.storage.sync.get(null))).not.toContain('panelCollapsed');
  });

  it('a missing chunk or corrupt value reads as defaults with the problem named', () => {
    expect(decodeSettings({ settings: { v: 1, chunks: 2 }, 'settings.0': '{' }).problem).toMatch(/chunk 1 of 2/);
    expect(decodeSettings({ settings: { v: 1, inline: { locale: 42 } } }).problem).toMatch(/locale/);
  });
});
