// @vitest-environment happy-dom
/**
 * The panel as a user sees it inside the runtime's shadow root: empty states, host text as
 * text, the floating-fallback note, collapse persisted in settings, keys kept from the host,
 * no focus stolen, theme.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent } from '@testing-library/react';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { PANEL_PREFS_KEY } from '@/lib/panel/prefs';
import { installI18n, mountPanel, q, reading, refOf, settle, type Mounted } from './helpers';

const KEY = 'jira:acme.atlassian.net:issue:MKT-1';

let m: Mounted | null = null;
beforeEach(() => installI18n('en'));
afterEach(() => {
  m?.unmount();
  m = null;
});

describe('panel', () => {
  it('shows the item and says so when nothing is linked yet', async () => {
    m = await mountPanel({ itemKey: KEY, reading: reading({ title: 'Spring sale landing', status: 'In Progress' }) });
    await settle(m.shadow);
    const text = m.shadow.textContent ?? '';
    expect(text).toContain('Spring sale landing');
    expect(text).toContain('In Progress');
    expect(text).toContain('No KPIs linked yet — Link a KPI');
    expect(text).toContain('This item depends on no team or item yet.');
    expect(text).toContain('No notes yet — Add a note');
    // Not a brief and no role: no brief check, no SLA clocks, no contract elements invented.
    expect(m.shadow.querySelector('[data-liaison-brief]')).toBeNull();
    expect(m.shadow.querySelector('[data-liaison-sla]')).toBeNull();
    expect(m.shadow.querySelector('[data-liaison-kpi]')).toBeNull();
    expect(m.shadow.querySelector('[data-liaison-team]')).toBeNull();
  });

  it('renders host markup in a title as text, never as HTML', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    m = await mountPanel({ itemKey: KEY, reading: reading({ title: evil, description: '# Goal\n<script>alert(2)</script>', labels: ['brief'] }) });
    await settle(m.shadow);
    expect(q(m.shadow, '[data-liaison-title]').textContent).toContain(evil);
    expect(m.shadow.querySelector('img')).toBeNull();
    expect(m.shadow.querySelector('script')).toBeNull();
    expect(document.querySelector('img')).toBeNull();
  });

  it('floats with a note when the layout was not recognised, showing what the store knows', async () => {
    m = await mountPanel({ itemKey: KEY, reading: null, floating: true });
    await settle(m.shadow);
    expect(m.shadow.textContent).toContain("This page's layout was not recognised — showing what Liaison knows");
    expect(q(m.shadow, '.lz-root').getAttribute('data-floating')).toBe('true');
    // The item id stands in for a title the page did not give.
    expect(q(m.shadow, '[data-liaison-title]').textContent).toContain('MKT-1');
  });

  it('uses the snapshot Liaison kept of the item when the layout was not recognised', async () => {
    m = await mountPanel({
      itemKey: KEY,
      reading: null,
      floating: true,
      snapshots: [{ key: KEY, ref: refOf(KEY), title: 'Spring sale (last seen)', status: 'In Review', dates: { launch: '2026-05-15' }, labels: ['campaign'], url: 'https://acme.atlassian.net/browse/MKT-1', seenAt: '2026-04-01T10:00:00.000Z' }],
    });
    await settle(m.shadow, () => (m!.shadow.querySelector('[data-liaison-title]')?.textContent ?? '').includes('Spring sale (last seen)'));
    expect(q(m.shadow, '[data-liaison-title]').textContent).toContain('In Review');
    expect(q(m.shadow, '[data-liaison-role]').getAttribute('data-liaison-role')).toBe('campaign');
    expect(m.shadow.querySelector('[data-liaison-sla="campaign-notify"]')).not.toBeNull();
  });

  it('starts a floating CRM lead’s first-contact clock at first sight', async () => {
    const lead = 'bitrix24:acme.bitrix24.ru:deal:42';
    m = await mountPanel({ itemKey: lead, url: 'https://acme.bitrix24.ru/crm/deal/details/42/', reading: null, floating: true });
    await settle(m.shadow, () => !!m!.shadow.querySelector('[data-liaison-sla="lead-first-contact"]'));
    expect(q(m.shadow, '[data-liaison-sla="lead-first-contact"]').getAttribute('data-state')).toBe('on-track');
  });

  it('follows the theme prop and carries data-no-focus-lock', async () => {
    m = await mountPanel({ itemKey: KEY, theme: 'dark' });
    await settle(m.shadow);
    const root = q(m.shadow, '.lz-root');
    expect(root.getAttribute('data-theme')).toBe('dark');
    expect(root.hasAttribute('data-no-focus-lock')).toBe(true);
    await m.update({ theme: 'light' });
    expect(q(m.shadow, '.lz-root').getAttribute('data-theme')).toBe('light');
  });

  it('never steals focus on mount', async () => {
    const input = document.createElement('input');
    document.body.appendChild(input);
    input.focus();
    m = await mountPanel({ itemKey: KEY });
    await settle(m.shadow);
    expect(document.activeElement).toBe(input);
    input.remove();
  });

  it('keeps key presses inside the panel from reaching host shortcuts', async () => {
    m = await mountPanel({ itemKey: KEY });
    await settle(m.shadow);
    const seen: string[] = [];
    const listener = (e: Event) => seen.push(e.type);
    document.addEventListener('keydown', listener);
    document.addEventListener('keyup', listener);
    document.addEventListener('keypress', listener);
    const button = q<HTMLButtonElement>(m.shadow, '.lz-toggle');
    for (const type of ['keydown', 'keypress', 'keyup']) button.dispatchEvent(new KeyboardEvent(type, { key: 'c', bubbles: true, composed: true }));
    expect(seen).toEqual([]);
    // A key outside the panel still reaches the host.
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'c', bubbles: true }));
    expect(seen).toEqual(['keydown']);
    document.removeEventListener('keydown', listener);
    document.removeEventListener('keyup', listener);
    document.removeEventListener('keypress', listener);
  });

  it('opens collapsed to its verdict line, expands with a real button and remembers it per host tool', async () => {
    // The product's default: collapsed to one line that carries the verdict.
    m = await mountPanel({ itemKey: KEY, collapsed: true });
    await settle(m.shadow, () => !!m!.shadow.querySelector('[data-liaison-verdict]'));
    {
      const toggle = q<HTMLButtonElement>(m.shadow, '.lz-toggle');
      expect(toggle.getAttribute('aria-expanded')).toBe('false');
      expect(m.shadow.getElementById(toggle.getAttribute('aria-controls') ?? '')!.hidden).toBe(true);
      expect(toggle.textContent).toContain('Nothing blocks this');
      fireEvent.click(toggle);
      await settle(m.shadow, () => toggle.getAttribute('aria-expanded') === 'true');
      const stored = (await fakeBrowser.storage.local.get(PANEL_PREFS_KEY))[PANEL_PREFS_KEY] as { expanded: Record<string, boolean> };
      expect(stored.expanded).toEqual({ jira: true });
    }
    m.unmount();
    m = await mountPanel({ itemKey: KEY });
    await settle(m.shadow);
    const toggle = q<HTMLButtonElement>(m.shadow, '.lz-toggle');
    expect(toggle.tagName).toBe('BUTTON');
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const body = m.shadow.getElementById(toggle.getAttribute('aria-controls') ?? '')!;
    expect(body.hidden).toBe(false);
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(body.hidden).toBe(true);
    await settle(m.shadow, () => false, 50).catch(() => undefined);
    const stored = (await fakeBrowser.storage.local.get(PANEL_PREFS_KEY))[PANEL_PREFS_KEY] as { expanded: Record<string, boolean> };
    expect(stored.expanded.jira).toBe(false);
    m.unmount();
    // A new panel (another item, another page) on the same host starts collapsed.
    m = await mountPanel({ itemKey: 'jira:acme.atlassian.net:issue:MKT-2', collapsed: true });
    await settle(m.shadow, () => m!.shadow.querySelector('.lz-toggle')?.getAttribute('aria-expanded') === 'false');
    expect(q(m.shadow, '.lz-toggle').getAttribute('aria-expanded')).toBe('false');
  });
});
