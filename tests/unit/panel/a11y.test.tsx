// @vitest-environment happy-dom
/** Keyboard and screen-reader basics: real buttons with names, labelled controls, no axe violations. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, within } from '@testing-library/react';
import axe from 'axe-core';
import { createStore } from '@/lib/store';
import { installI18n, mountPanel, reading, settle, type Mounted } from './helpers';

const LEAD = 'hubspot:123456:contact:901';

let m: Mounted | null = null;
beforeEach(() => installI18n('en'));
afterEach(() => {
  m?.unmount();
  m = null;
});

describe('accessibility', () => {
  it('names every button and control, with forms open', async () => {
    const store = createStore({ device: 'dev-test' });
    await store.put('kpis', { id: 'mql-sql', name: 'MQL → SQL', unit: 'percent', direction: 'higher', target: 30, ownerTeamIds: ['marketing'] });
    m = await mountPanel({ itemKey: LEAD, url: 'https://app.hubspot.com/contacts/123456/record/0-1/901', reading: reading({ title: 'Jane Roe', dates: { created: new Date(Date.now() - 600_000).toISOString() } }), store });
    await settle(m.shadow, () => !!m!.shadow.querySelector('[data-liaison-criterion]'));
    const ui = within(m.container);
    for (const name of ['Link a KPI', 'Add a team', 'Link an item', 'Add a note', 'Set dates']) fireEvent.click(ui.getByRole('button', { name }));
    for (const b of m.container.querySelectorAll('button')) {
      expect((b.textContent ?? '').trim() || b.getAttribute('aria-label'), b.outerHTML).toBeTruthy();
      expect(b.getAttribute('type')).toMatch(/^(button|submit)$/);
    }
    for (const c of m.container.querySelectorAll('input, select, textarea')) {
      expect(c.closest('label') ?? c.getAttribute('aria-label'), c.outerHTML).toBeTruthy();
    }
    const result = await axe.run(m.container as unknown as Element, { runOnly: ['wcag2a', 'wcag2aa'], rules: { 'color-contrast': { enabled: false } } });
    expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`)).toEqual([]);
  });
});
