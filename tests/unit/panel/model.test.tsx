// @vitest-environment happy-dom
/** The pure view-model helpers, the one-timer tick, and the locale files' parity. */
import { describe, expect, it, vi, afterEach, beforeEach } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import { idForItem, inferRole, snapshotKeysFor } from '@/lib/panel/model';
import { normalizeDates, snapshotFromReading } from '@/lib/panel/reading';
import { formatDuration, nextMinute } from '@/lib/panel/format';
import { IdSchema } from '@/lib/core/schemas';
import type { WorkspaceState } from '@/lib/store/types';
import { useTick } from '@/components/panel/hooks/useTick';
import { createStore } from '@/lib/store';
import { installI18n, localeKeys, mountPanel, reading, refOf, settle } from './helpers';

describe('inferRole', () => {
  it('prefers the role a user set, then CRM lead kinds, labels and dates', () => {
    const jira = refOf('jira:acme.atlassian.net:issue:MKT-1');
    expect(inferRole(jira, ['campaign'], {}, { key: 'jira:acme.atlassian.net:issue:MKT-1', role: 'release', dates: {}, notes: [] })).toEqual({ role: 'release', source: 'set' });
    expect(inferRole(refOf('hubspot:123:deal:9'), [], {})).toEqual({ role: 'lead', source: 'auto' });
    expect(inferRole(refOf('hubspot:123:ticket:9'), [], {})).toEqual({ source: 'none' });
    expect(inferRole(jira, ['Кампания'], {})).toEqual({ role: 'campaign', source: 'auto' });
    expect(inferRole(jira, ['BRIEF'], {})).toEqual({ role: 'brief', source: 'auto' });
    expect(inferRole(jira, [], { release: '2026-05-01' })).toEqual({ role: 'release', source: 'auto' });
    expect(inferRole(jira, [], {})).toEqual({ source: 'none' });
  });
});

describe('idForItem', () => {
  it('makes a valid store id, distinct for keys that slug alike', () => {
    const a = idForItem('lead', 'salesforce:acme:lead:00Q5e00000AbCdE');
    expect(IdSchema.safeParse(a).success).toBe(true);
    expect(idForItem('lead', 'x:a:b:c_d')).not.toBe(idForItem('lead', 'x:a:b:c:d'));
    expect(idForItem('lead', 'amocrm:acme:lead:1')).toBe(idForItem('lead', 'amocrm:acme:lead:1'));
  });
});

describe('reading normalisation', () => {
  it('keeps date-only values, turns instants to UTC ISO and drops what does not parse', () => {
    expect(normalizeDates({ launch: '2026-05-15', created: '2026-05-01T10:00:00+03:00', due: 'next week', end: '2026-05-15' })).toEqual({
      launch: '2026-05-15',
      end: '2026-05-15',
      created: '2026-05-01T07:00:00.000Z',
    });
  });
  it('snapshots the open item only when there is a reading', () => {
    const key = 'trello:trello.com:card:AbCdEf12';
    expect(snapshotFromReading(key, refOf(key), 'https://trello.com/c/AbCdEf12/1-x', null, 0)).toBeNull();
    const s = snapshotFromReading(key, refOf(key), 'https://trello.com/c/AbCdEf12/1-x', reading({ title: '  Landing  ', status: 'Doing' }), Date.UTC(2026, 0, 1));
    expect(s).toMatchObject({ key, title: 'Landing', status: 'Doing', seenAt: '2026-01-01T00:00:00.000Z' });
  });
  it('asks for snapshots of this item and every item a dependency names, once each', () => {
    const ws = { dependencies: [{ id: 'd1', fromKey: 'a:w:issue:1', to: { type: 'item', itemKey: 'b:w:issue:2' }, relation: 'needs', state: 'pending' }] } as unknown as WorkspaceState;
    expect(snapshotKeysFor('a:w:issue:1', ws)).toEqual(['a:w:issue:1', 'b:w:issue:2']);
    expect(snapshotKeysFor('c:w:issue:3', ws)).toEqual(['c:w:issue:3', 'a:w:issue:1', 'b:w:issue:2']);
  });
});

describe('formatting', () => {
  it('formats durations at minute precision and finds the next minute', () => {
    expect(formatDuration(20 * 60_000, 'en')).toBe('20m');
    expect(formatDuration(-(26 * 3_600_000 + 5 * 60_000), 'en')).toBe('1d 2h');
    expect(nextMinute(Date.UTC(2026, 0, 1, 10, 0, 30))).toBe(Date.UTC(2026, 0, 1, 10, 1, 0));
  });
});

describe('useTick: one timer, at the soonest change or the next minute', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2026, 0, 1, 10, 0, 0));
  });
  afterEach(() => vi.useRealTimers());

  it('fires at nextChangeAt when it comes before the minute tick, keeping one pending timer', () => {
    const change = Date.UTC(2026, 0, 1, 10, 0, 20);
    const { result } = renderHook(({ next }) => useTick(next, true), { initialProps: { next: change as number | null } });
    expect(vi.getTimerCount()).toBe(1);
    act(() => vi.advanceTimersByTime(19_000));
    expect(result.current).toBe(Date.UTC(2026, 0, 1, 10, 0, 0));
    act(() => vi.advanceTimersByTime(1_100));
    expect(result.current).toBeGreaterThanOrEqual(change);
    expect(vi.getTimerCount()).toBe(1);
    // Without a clock change, the display ticks once a minute.
    act(() => vi.advanceTimersByTime(40_000));
    expect(result.current).toBeGreaterThanOrEqual(Date.UTC(2026, 0, 1, 10, 1, 0));
    expect(vi.getTimerCount()).toBe(1);
  });
});

describe('locales', () => {
  it('has every panel string in English and Russian', () => {
    const en = localeKeys('en').filter((k) => k.startsWith('panel_') || k.startsWith('panelView_'));
    const ru = localeKeys('ru').filter((k) => k.startsWith('panel_') || k.startsWith('panelView_'));
    expect(en.length).toBeGreaterThan(100);
    expect(ru).toEqual(en);
  });

  it('renders the panel in Russian', async () => {
    installI18n('ru');
    const key = 'jira:acme.atlassian.net:issue:MKT-1';
    const store = createStore({ device: 'dev-test' });
    await store.put('dependencies', { id: 'd1', fromKey: key, to: { type: 'team', teamId: 'product' }, relation: 'needs', state: 'blocked', reason: 'Платёжная форма не готова' });
    const m = await mountPanel({ itemKey: key, reading: reading({ title: 'Весенняя распродажа' }), store });
    await settle(m.shadow, () => !!m.shadow.querySelector('[data-liaison-team]'));
    expect(m.shadow.textContent).toContain('KPI пока не связаны — Связать KPI');
    expect(m.shadow.textContent).toContain('Весенняя распродажа');
    expect(m.shadow.querySelector('[data-liaison-team="product"]')?.textContent).toContain('Нужно Продукт');
    expect(m.shadow.querySelector('[data-liaison-verdict]')?.textContent).toContain('Блокирует Продукт');
    expect(m.shadow.textContent).toContain('Причина: Платёжная форма не готова');
    m.unmount();
  });
});
