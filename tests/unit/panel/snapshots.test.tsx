// @vitest-environment happy-dom
/**
 * Without an injected loader the panel asks the background for linked items' snapshots over the
 * real typed message ('items:snapshots', validated on receipt), and keeps working when nobody answers.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act } from '@testing-library/react';
import { createStore } from '@/lib/store';
import { onValidated, removeAllListeners } from '@/lib/messaging';
import { renderPanel } from '@/components/panel';
import { installI18n, reading, refOf, settle } from './helpers';

const KEY = 'jira:acme.atlassian.net:issue:MKT-1';
const OTHER = 'trello:trello.com:card:AbCdEf12';

beforeEach(() => installI18n('en'));
afterEach(() => removeAllListeners());

async function mount(store = createStore({ device: 'dev-test' })) {
  const container = document.createElement('div');
  document.body.appendChild(container);
  let handle!: ReturnType<typeof renderPanel>;
  await act(async () => {
    handle = renderPanel(container, { itemKey: KEY, ref: refOf(KEY), url: 'https://acme.atlassian.net/browse/MKT-1', reading: reading({ title: 'Spring sale' }), floating: false, theme: 'light', store });
  });
  return { container, handle, store };
}

describe('snapshots from the background', () => {
  it('asks for the linked items by message and shows their title and status', async () => {
    const asked: string[][] = [];
    onValidated('items:snapshots', ({ keys }) => {
      asked.push(keys);
      return keys.includes(OTHER)
        ? [{ key: OTHER, ref: refOf(OTHER), title: 'Landing page copy', status: 'Review', dates: {}, labels: [], url: 'https://trello.com/c/AbCdEf12/7-landing', seenAt: new Date().toISOString() }]
        : [];
    });
    const store = createStore({ device: 'dev-test' });
    await store.put('dependencies', { id: 'd1', fromKey: KEY, to: { type: 'item', itemKey: OTHER }, relation: 'needs', state: 'pending' });
    const { container, handle } = await mount(store);
    await settle(container, () => (container.querySelector(`[data-liaison-link="${OTHER}"]`)?.textContent ?? '').includes('Landing page copy'));
    expect(asked).toEqual([[KEY, OTHER]]);
    expect(container.querySelector(`[data-liaison-link="${OTHER}"]`)?.textContent).toContain('Review');
    act(() => handle.unmount());
    store.close();
  });

  it('shows the link by its reference when no background answers', async () => {
    const store = createStore({ device: 'dev-test' });
    await store.put('dependencies', { id: 'd1', fromKey: KEY, to: { type: 'item', itemKey: OTHER }, relation: 'needs', state: 'pending' });
    const { container, handle } = await mount(store);
    await settle(container, () => !!container.querySelector(`[data-liaison-link="${OTHER}"]`));
    expect(container.querySelector(`[data-liaison-link="${OTHER}"]`)?.textContent).toContain('Trello card AbCdEf12');
    expect(container.querySelector(`[data-liaison-link="${OTHER}"]`)?.textContent).toContain('not opened yet');
    act(() => handle.unmount());
    store.close();
  });
});

describe('a background that never answers', () => {
  it('does not keep the panel loading', async () => {
    const store = createStore({ device: 'dev-test' });
    const container = document.createElement('div');
    document.body.appendChild(container);
    let handle!: ReturnType<typeof renderPanel>;
    await act(async () => {
      handle = renderPanel(container, {
        itemKey: KEY,
        ref: refOf(KEY),
        url: 'https://acme.atlassian.net/browse/MKT-1',
        reading: reading({ title: 'Spring sale' }),
        floating: false,
        theme: 'light',
        store,
        loadSnapshots: () => new Promise(() => undefined),
      });
    });
    await settle(container, () => !!container.querySelector('[data-liaison-title]'));
    expect(container.querySelector('[data-liaison-title]')?.textContent).toContain('Spring sale');
    act(() => handle.unmount());
    store.close();
  });
});
