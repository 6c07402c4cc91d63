// @vitest-environment happy-dom
/**
 * Keyboard and screen-reader basics: real buttons with unique names, labelled controls, one labelled
 * landmark, focus into an opened form and Escape closing it, no axe violations — light and dark,
 * English and Russian, collapsed and expanded. (Colour contrast is measured in the e2e axe run, in
 * real Chromium: happy-dom computes no colours.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { act, fireEvent, within } from '@testing-library/react';
import axe from 'axe-core';
import { createStore } from '@/lib/store';
import { installI18n, mountPanel, reading, settle, type Mounted } from './helpers';

const LEAD = 'hubspot:123456:contact:901';
const CAMPAIGN = 'jira:acme.atlassian.net:issue:MKT-1';

let m: Mounted | null = null;
afterEach(() => {
  m?.unmount();
  m = null;
});

async function noViolations(root: Element) {
  const result = await axe.run(root, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa', 'best-practice'], rules: { 'color-contrast': { enabled: false }, region: { enabled: false } } });
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`)).toEqual([]);
}

function checkNames(container: Element) {
  const names: string[] = [];
  for (const b of container.querySelectorAll('button')) {
    const name = (b.getAttribute('aria-label') ?? b.textContent ?? '').trim();
    expect(name, b.outerHTML).toBeTruthy();
    expect(b.getAttribute('type')).toMatch(/^(button|submit)$/);
    if (!b.closest('form')) names.push(name);
  }
  // Repeated buttons (one per clock, per dependency) have unique accessible names.
  expect(names.length).toBe(new Set(names).size);
  for (const c of container.querySelectorAll('input, select, textarea')) {
    expect(c.closest('label') ?? c.getAttribute('aria-label'), c.outerHTML).toBeTruthy();
  }
  // List items are list items (no role=status on them).
  expect(container.querySelectorAll('li[role]').length).toBe(0);
}

async function campaignStore() {
  const store = createStore({ device: 'dev-test' });
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  await store.put('itemMeta', { key: CAMPAIGN, role: 'campaign', dates: { launch: day(4), end: day(20) } });
  await store.put('kpis', { id: 'cac', name: 'CAC', unit: 'currency', currency: 'RUB', direction: 'lower', target: 2500, ownerTeamIds: ['marketing'] });
  await store.put('dependencies', { id: 'd1', fromKey: CAMPAIGN, to: { type: 'team', teamId: 'product' }, relation: 'needs', state: 'blocked', reason: 'Payment form not ready', due: day(2) });
  await store.put('dependencies', { id: 'd2', fromKey: CAMPAIGN, to: { type: 'team', teamId: 'analytics' }, relation: 'needs', state: 'pending', due: day(-3) });
  return store;
}

describe('accessibility', () => {
  for (const locale of ['en', 'ru'] as const) {
    for (const theme of ['light', 'dark'] as const) {
      it(`campaign (${locale}, ${theme}): one labelled landmark, unique names, no serious axe violations collapsed and expanded`, async () => {
        installI18n(locale);
        m = await mountPanel({ itemKey: CAMPAIGN, reading: reading({ title: 'Spring sale', labels: ['campaign'] }), store: await campaignStore(), theme, collapsed: true });
        await settle(m.shadow, () => !!m!.shadow.querySelector('[data-liaison-verdict]'));
        const landmarks = m.container.querySelectorAll('aside, [role="region"], section[aria-labelledby], section[aria-label]');
        expect(landmarks.length).toBe(1);
        expect(landmarks[0]!.getAttribute('aria-label')).toContain('Spring sale');
        // The shortcut is shown.
        expect(m.container.querySelector('kbd')?.textContent).toBe('Alt+Shift+L');
        await noViolations(m.container);
        fireEvent.click(m.container.querySelector('.lz-toggle')!);
        await settle(m.shadow, () => !!m!.shadow.querySelector('[data-liaison-sla]'));
        checkNames(m.container);
        await noViolations(m.container);
      });
    }
  }

  it('moves focus into a form that opens, Escape closes it and returns focus; a KPI form defaults to the KPI’s own direction', async () => {
    installI18n('en');
    m = await mountPanel({ itemKey: CAMPAIGN, reading: reading({ title: 'Spring sale', labels: ['campaign'] }), store: await campaignStore() });
    await settle(m.shadow, () => !!m!.shadow.querySelector('.lz-section-kpis'));
    const ui = within(m.container);
    const opener = ui.getByRole('button', { name: 'Link a KPI' });
    fireEvent.click(opener);
    const form = ui.getByRole('form', { name: 'Link a KPI' });
    await act(async () => undefined);
    expect(form.contains(m.shadow.activeElement)).toBe(true);
    // CAC: lower is better → "decrease" is the default effect.
    expect((within(form).getByLabelText('This work should') as HTMLSelectElement).value).toBe('decrease');
    fireEvent.keyDown(m.shadow.activeElement!, { key: 'Escape' });
    await act(async () => undefined);
    expect(ui.queryByRole('form', { name: 'Link a KPI' })).toBeNull();
    expect(m.shadow.activeElement).toBe(opener);
    for (const name of ['Add a team', 'Link an item', 'Add a note', 'Set dates']) fireEvent.click(ui.getByRole('button', { name }));
    checkNames(m.container);
    await noViolations(m.container);
  });

  it('lead: names every control, tracker-only parts hidden', async () => {
    installI18n('en');
    m = await mountPanel({ itemKey: LEAD, url: 'https://app.hubspot.com/contacts/123456/record/0-1/901', reading: reading({ title: 'Jane Roe', dates: { created: new Date(Date.now() - 600_000).toISOString() } }) });
    await settle(m.shadow, () => !!m!.shadow.querySelector('[data-liaison-criterion]'));
    expect(m.shadow.querySelector('.lz-section-kpis')).toBeNull();
    expect(m.shadow.querySelector('.lz-section-deps')).toBeNull();
    expect(within(m.container).queryByLabelText('Kind of work')).toBeNull();
    fireEvent.click(within(m.container).getByRole('button', { name: 'Set dates' }));
    checkNames(m.container);
    await noViolations(m.container);
  });
});
