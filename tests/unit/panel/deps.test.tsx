// @vitest-environment happy-dom
/**
 * Blockers across items and tools with reasons and dates, the launch-before-release warning on
 * the campaign, and on the product item the campaigns that depend on it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStore, type Store } from '@/lib/store';
import type { ItemSnapshot } from '@/lib/core/schemas';
import { installI18n, mountPanel, q, reading, refOf, settle, type Mounted } from './helpers';

const CAMPAIGN = 'jira:acme.atlassian.net:issue:MKT-1';
const PRODUCT = 'notion:notion.so:page:0123456789abcdef0123456789abcdef';
const DAY = 86_400_000;
const day = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);

const snap = (key: string, title: string, status: string, dates: ItemSnapshot['dates'], url: string): ItemSnapshot => ({
  key,
  ref: refOf(key),
  title,
  status,
  dates,
  labels: [],
  url,
  seenAt: new Date().toISOString(),
});

let m: Mounted | null = null;
let store: Store;
beforeEach(async () => {
  installI18n('en');
  store = createStore({ device: 'dev-test' });
  await store.put('itemMeta', { key: CAMPAIGN, role: 'campaign', dates: { launch: day(10) } });
  await store.put('dependencies', {
    id: 'dep-product-team',
    fromKey: CAMPAIGN,
    to: { type: 'team', teamId: 'product' },
    relation: 'needs',
    state: 'blocked',
    reason: 'Payment form not ready',
    due: day(12),
  });
  await store.put('dependencies', { id: 'dep-payment-page', fromKey: CAMPAIGN, to: { type: 'item', itemKey: PRODUCT }, relation: 'needs', state: 'pending' });
});
afterEach(() => {
  m?.unmount();
  m = null;
});

describe('blockers and dates across tools', () => {
  it('lists what blocks the campaign, with reasons, dates and the other item’s state, and warns about the launch', async () => {
    m = await mountPanel({
      itemKey: CAMPAIGN,
      reading: reading({ title: 'Spring sale' }),
      store,
      snapshots: [snap(PRODUCT, 'Payment form v2', 'In progress', { release: day(20) }, 'https://www.notion.so/Payment-form-v2-0123456789abcdef0123456789abcdef')],
    });
    await settle(m.shadow, () => !!m!.shadow.querySelector(`[data-liaison-link="${PRODUCT}"] a`));
    const blockers = q(m.shadow, '.lz-section-deps');
    // Each dependency is one row: the team with its state, reason and deadline…
    const team = q(blockers, '[data-liaison-team="product"]');
    expect(team.textContent).toContain('Product');
    expect(team.textContent).toContain('Payment form not ready');
    expect(q<HTMLSelectElement>(team, 'select').value).toBe('blocked');
    expect(blockers.querySelectorAll('[data-liaison-team="product"]').length).toBe(1);
    // …and the item, with its title, state and a working link.
    const item = q(blockers, `[data-liaison-link="${PRODUCT}"]`);
    expect(item.textContent).toContain('Payment form v2');
    expect(item.textContent).toContain('In progress');
    expect(q<HTMLAnchorElement>(item, 'a').href).toBe('https://www.notion.so/Payment-form-v2-0123456789abcdef0123456789abcdef');
    // The product team's due and the product item's release both come after the launch.
    const conflicts = [...blockers.querySelectorAll('[data-liaison-conflict="launch-before-dependency"]')];
    expect(conflicts.length).toBeGreaterThanOrEqual(1);
    expect(conflicts.some((c) => c.textContent?.includes('Payment form v2'))).toBe(true);
    // The team tag carries the contract attributes.
    const tag = q(m.shadow, '[data-liaison-team="product"]');
    expect(tag.getAttribute('data-relation')).toBe('needs');
    expect(tag.getAttribute('data-state')).toBe('blocked');
  });

  it('drops an item blocker once that item is done', async () => {
    m = await mountPanel({
      itemKey: CAMPAIGN,
      reading: reading({ title: 'Spring sale' }),
      store,
      snapshots: [snap(PRODUCT, 'Payment form v2', 'Done', { release: day(5) }, 'https://www.notion.so/x-0123456789abcdef0123456789abcdef')],
    });
    await settle(m.shadow, () => !!m!.shadow.querySelector('[data-liaison-verdict]'));
    const verdict = q(m.shadow, '[data-liaison-verdict]').textContent ?? '';
    expect(verdict).toContain('Blocked by Product');
    expect(verdict).not.toContain('Payment form v2');
  });

  it('shows the campaigns depending on a product item with a warning when one launches before its release', async () => {
    await store.put('itemMeta', { key: PRODUCT, role: 'release' });
    m = await mountPanel({
      itemKey: PRODUCT,
      url: 'https://www.notion.so/Payment-form-v2-0123456789abcdef0123456789abcdef',
      reading: reading({ title: 'Payment form v2', status: 'In progress', dates: { release: day(20) } }),
      store,
      snapshots: [snap(CAMPAIGN, 'Spring sale', 'To do', {}, 'https://acme.atlassian.net/browse/MKT-1')],
    });
    await settle(m.shadow, () => !!m!.shadow.querySelector('[data-liaison-campaign]'));
    const row = q(m.shadow, `[data-liaison-campaign="${CAMPAIGN}"]`);
    expect(row.getAttribute('data-warning')).toBe('true');
    expect(row.textContent).toContain('Spring sale');
    expect(row.textContent).toMatch(/Launch /);
    expect(row.textContent).toContain("Launches before this item's release");
    // Said once: the campaign is listed with the dependent campaigns, not again as a linked item.
    expect(m.shadow.querySelector(`[data-liaison-link="${CAMPAIGN}"]`)).toBeNull();
    // The release's verdict names the campaign that launches first, from the release's side.
    expect(q(m.shadow, '[data-liaison-verdict]').textContent).toMatch(/Campaigns depending on this: 1 · MKT-1 Spring sale launches .*, before this release/);
    // release-notify runs on the release.
    expect(m.shadow.querySelector('[data-liaison-sla="release-notify"]')).not.toBeNull();
  });

  it('has no warning when the campaign launches after the release', async () => {
    await store.put('itemMeta', { key: CAMPAIGN, role: 'campaign', dates: { launch: day(30) } });
    m = await mountPanel({
      itemKey: PRODUCT,
      url: 'https://www.notion.so/Payment-form-v2-0123456789abcdef0123456789abcdef',
      reading: reading({ title: 'Payment form v2', dates: { release: day(20) } }),
      store,
      snapshots: [snap(CAMPAIGN, 'Spring sale', 'To do', {}, 'https://acme.atlassian.net/browse/MKT-1')],
    });
    await settle(m.shadow, () => !!m!.shadow.querySelector('[data-liaison-campaign]'));
    expect(q(m.shadow, `[data-liaison-campaign="${CAMPAIGN}"]`).getAttribute('data-warning')).toBe('false');
  });
});
