import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { originPatterns, syncCustomHosts } from '@/lib/background/custom-hosts';

describe('self-hosted domains', () => {
  it('turns what a user typed into one https origin pattern, refusing junk', () => {
    expect(originPatterns('jira.acme-corp.ru')).toEqual(['https://jira.acme-corp.ru/*']);
    expect(originPatterns('https://Jira.Acme-Corp.ru/jira/browse/OPS-1')).toEqual(['https://jira.acme-corp.ru/*']);
    expect(originPatterns('crm.example.com:8443')).toEqual(['https://crm.example.com:8443/*']);
    expect(originPatterns('*.example.com')).toEqual([]);
    expect(originPatterns('<script>')).toEqual([]);
    expect(originPatterns('')).toEqual([]);
  });

  it('registers the content script only for hosts whose permission was granted, replacing the old registration', async () => {
    const granted = new Set(['https://jira.acme-corp.ru/*']);
    const registered: { id: string; matches: string[] }[] = [{ id: 'liaison-custom-hosts', matches: ['https://old.example.com/*'] }];
    const b = fakeBrowser as unknown as {
      permissions: { contains: (p: { origins: string[] }) => Promise<boolean> };
      scripting: Record<string, unknown>;
    };
    b.permissions.contains = async (p) => p.origins.every((o) => granted.has(o));
    const unregister = vi.fn(async ({ ids }: { ids: string[] }) => {
      for (const id of ids) registered.splice(registered.findIndex((r) => r.id === id), 1);
    });
    const register = vi.fn(async (scripts: { id: string; matches: string[] }[]) => void registered.push(...scripts));
    b.scripting.getRegisteredContentScripts = async () => [...registered];
    b.scripting.unregisterContentScripts = unregister;
    b.scripting.registerContentScripts = register;

    const wanted = await syncCustomHosts(['jira.acme-corp.ru', 'crm.example.com']);
    expect(wanted).toEqual(['https://jira.acme-corp.ru/*']);
    expect(unregister).toHaveBeenCalledWith({ ids: ['liaison-custom-hosts'] });
    expect(registered).toHaveLength(1);
    expect(registered[0]!.matches).toEqual(['https://jira.acme-corp.ru/*']);

    granted.clear();
    await syncCustomHosts(['jira.acme-corp.ru']);
    expect(registered).toHaveLength(0);
  });
});
