import { describe, expect, it } from 'vitest';
import { blockersOf, campaignsDependingOn, dateChoices, dateConflicts, detectCycles, effectiveDates, isDoneStatus, itemDates } from '@/lib/core/deps';
import { DEFAULT_CALENDAR, DEFAULT_SLA_POLICIES } from '@/lib/core/defaults';
import { DependencySchema, ItemMetaSchema, ItemSnapshotSchema, type Dependency } from '@/lib/core/schemas';
import { parseItemKey } from '@/lib/core/item-ref';

const CAMPAIGN = 'jira:acme.atlassian.net:issue:MKT-1';
const FORM = 'jira:acme.atlassian.net:issue:PAY-7';
const NOTION = 'notion:notion.so:page:0123456789abcdef0123456789abcdef';
const TRELLO = 'trello:trello.com:card:AbCd1234';

let n = 0;
const dep = (d: Omit<Dependency, 'id'>): Dependency => DependencySchema.parse({ id: `d${++n}`, ...d });
const snap = (key: string, extra: Record<string, unknown> = {}) =>
  ItemSnapshotSchema.parse({ key, ref: parseItemKey(key), title: key, url: 'https://example.com/x', seenAt: '2026-04-01T00:00:00Z', ...extra });

describe('blockersOf', () => {
  // DOMAIN.md §2: the campaign waits for product's payment form, which waits for legal; analytics not asked yet.
  const needsForm = dep({ fromKey: CAMPAIGN, to: { type: 'item', itemKey: FORM, teamId: 'product' }, relation: 'needs', state: 'pending', reason: 'payment form not ready', due: '2026-05-15' });
  const needsAnalytics = dep({ fromKey: CAMPAIGN, to: { type: 'team', teamId: 'analytics' }, relation: 'needs', state: 'pending' });
  const informsSales = dep({ fromKey: CAMPAIGN, to: { type: 'team', teamId: 'sales' }, relation: 'informs', state: 'pending' });
  const formNeedsLegal = dep({ fromKey: FORM, to: { type: 'team', teamId: 'legal' }, relation: 'needs', state: 'blocked', reason: 'waiting for legal approval' });
  const notionBlocksForm = dep({ fromKey: NOTION, to: { type: 'item', itemKey: FORM }, relation: 'blocks', state: 'pending' });
  const deps = [needsForm, needsAnalytics, informsSales, formNeedsLegal, notionBlocksForm];

  it('lists direct and inherited blockers across tools; informs never blocks', () => {
    const b = blockersOf(CAMPAIGN, deps, [snap(FORM, { status: 'In Progress' })]);
    expect(b.map((x) => [x.dependency.id, x.depth])).toEqual([
      [needsForm.id, 1],
      [formNeedsLegal.id, 2],
      [notionBlocksForm.id, 2],
      [needsAnalytics.id, 1],
    ]);
    expect(b[0]).toMatchObject({ kind: 'item', itemKey: FORM, teamId: 'product', reason: 'payment form not ready', due: '2026-05-15', via: [CAMPAIGN] });
    expect(b[0]!.snapshot?.status).toBe('In Progress');
    expect(b[1]).toMatchObject({ kind: 'team', teamId: 'legal', via: [CAMPAIGN, FORM], reason: 'waiting for legal approval' });
    expect(b[2]).toMatchObject({ kind: 'item', itemKey: NOTION, via: [CAMPAIGN, FORM] });
  });
  it('a done dependency, or a dependency item whose status is done, does not block nor propagate', () => {
    const done = { ...needsForm, state: 'done' as const };
    expect(blockersOf(CAMPAIGN, [done, needsAnalytics, formNeedsLegal]).map((b) => b.dependency.id)).toEqual([needsAnalytics.id]);
    expect(blockersOf(CAMPAIGN, [needsForm, formNeedsLegal], [snap(FORM, { status: 'Готово' })])).toEqual([]);
  });
  it('terminates on cycles', () => {
    const a = dep({ fromKey: CAMPAIGN, to: { type: 'item', itemKey: TRELLO }, relation: 'needs', state: 'pending' });
    const b = dep({ fromKey: TRELLO, to: { type: 'item', itemKey: CAMPAIGN }, relation: 'needs', state: 'pending' });
    expect(blockersOf(CAMPAIGN, [a, b]).map((x) => x.dependency.id)).toEqual([a.id, b.id]);
  });
});

describe('detectCycles', () => {
  it('names each cycle once, from its smallest key', () => {
    const a = dep({ fromKey: CAMPAIGN, to: { type: 'item', itemKey: FORM }, relation: 'needs', state: 'pending' });
    const b = dep({ fromKey: FORM, to: { type: 'item', itemKey: TRELLO }, relation: 'needs', state: 'acknowledged' });
    const c = dep({ fromKey: CAMPAIGN, to: { type: 'item', itemKey: TRELLO }, relation: 'blocks', state: 'pending' }); // TRELLO waits for CAMPAIGN
    const cycles = detectCycles([a, b, c]);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]!.keys).toEqual([CAMPAIGN, FORM, TRELLO]);
    expect(cycles[0]!.dependencyIds).toEqual([a.id, b.id, c.id]);
    expect(cycles[0]!.name).toBe(`${CAMPAIGN} → ${FORM} → ${TRELLO} → ${CAMPAIGN}`);
  });
  it('done dependencies and team dependencies make no cycle', () => {
    const a = dep({ fromKey: CAMPAIGN, to: { type: 'item', itemKey: FORM }, relation: 'needs', state: 'done' });
    const b = dep({ fromKey: FORM, to: { type: 'item', itemKey: CAMPAIGN }, relation: 'needs', state: 'pending' });
    expect(detectCycles([a, b])).toEqual([]);
    expect(detectCycles([dep({ fromKey: CAMPAIGN, to: { type: 'team', teamId: 'product' }, relation: 'needs', state: 'pending' })])).toEqual([]);
  });
});

describe('effective dates: the host first', () => {
  it('the host field wins over a stored date unless a person chose the stored one over that very host value', () => {
    expect(effectiveDates({ launch: '2026-05-10', due: '2026-05-01' }, { dates: { launch: '2026-05-15', end: '2026-06-01' } })).toEqual({ launch: '2026-05-10', due: '2026-05-01', end: '2026-06-01' });
    expect(effectiveDates({ launch: '2026-05-10' }, { dates: { launch: '2026-05-15' }, datesKept: { launch: '2026-05-10' } })).toEqual({ launch: '2026-05-15' });
    expect(effectiveDates({ launch: '2026-05-11' }, { dates: { launch: '2026-05-15' }, datesKept: { launch: '2026-05-10' } })).toEqual({ launch: '2026-05-11' });
    expect(dateChoices({ launch: '2026-05-10', end: '2026-06-01' }, { dates: { launch: '2026-05-15', end: '2026-06-01' } })).toEqual([
      { field: 'launch', host: '2026-05-10', stored: '2026-05-15', using: 'host' },
    ]);
  });
});

describe('dateConflicts and dependent campaigns', () => {
  const needsForm = dep({ fromKey: CAMPAIGN, to: { type: 'item', itemKey: FORM, teamId: 'product' }, relation: 'needs', state: 'pending' });
  const needsAnalytics = dep({ fromKey: CAMPAIGN, to: { type: 'team', teamId: 'analytics' }, relation: 'needs', state: 'pending' });
  const snaps = [snap(CAMPAIGN, { dates: { launch: '2026-05-10' } }), snap(FORM, { dates: { due: '2026-05-20' } })];
  const metas = [ItemMetaSchema.parse({ key: CAMPAIGN, role: 'campaign' }), ItemMetaSchema.parse({ key: FORM, role: 'release', dates: { release: '2026-05-15' } })];

  it('"70% off today" while the new version is still in testing: launch before release', () => {
    const c = dateConflicts({ deps: [needsForm], snapshots: snaps, metas, now: '2026-04-01T00:00:00Z' });
    expect(c).toEqual([
      { kind: 'launch-before-dependency', itemKey: CAMPAIGN, dependencyId: needsForm.id, launch: '2026-05-10', blockingDate: '2026-05-15', blockingField: 'release', otherKey: FORM },
    ]);
    // A launch of 15 May (the release day) stored in Liaison while the host still shows 10 May: the
    // host's date is the default, so the conflict stays until a person chooses Liaison's date.
    const stored = [ItemMetaSchema.parse({ key: CAMPAIGN, dates: { launch: '2026-05-15' } }), metas[1]!];
    expect(dateConflicts({ deps: [needsForm], snapshots: snaps, metas: stored })).toHaveLength(1);
    const moved = [ItemMetaSchema.parse({ key: CAMPAIGN, dates: { launch: '2026-05-15' }, datesKept: { launch: '2026-05-10' } }), metas[1]!];
    expect(dateConflicts({ deps: [needsForm], snapshots: snaps, metas: moved })).toEqual([]);
    // The host's date changes later: the host's new date is used again (the choice was over 10 May).
    const hostMoved = [snap(CAMPAIGN, { dates: { launch: '2026-05-12' } }), snaps[1]!];
    expect(dateConflicts({ deps: [needsForm], snapshots: hostMoved, metas: moved })[0]).toMatchObject({ launch: '2026-05-12' });
  });
  it('a dependency not done with less than its SLA left (analytics asked < 7 days before launch)', () => {
    // Launch 10 May: analytics had to be asked by the end of 3 May, told by the end of 5 May (Moscow), as the clocks say.
    const c4 = dateConflicts({ deps: [needsAnalytics], snapshots: snaps, metas, policies: DEFAULT_SLA_POLICIES, now: '2026-05-04T12:00:00Z', timeZone: 'Europe/Moscow' });
    expect(c4).toMatchObject([{ kind: 'sla-short', policyId: 'analytics-request', teamId: 'analytics', dueAt: '2026-05-03T21:00:00.000Z' }]);
    const c = dateConflicts({ deps: [needsAnalytics], snapshots: snaps, metas, policies: DEFAULT_SLA_POLICIES, now: '2026-05-05T21:00:00Z', timeZone: 'Europe/Moscow' });
    expect(c.map((x) => x.kind === 'sla-short' && x.policyId).sort()).toEqual(['analytics-request', 'campaign-notify']);
    const early = dateConflicts({ deps: [needsAnalytics], snapshots: snaps, metas, policies: DEFAULT_SLA_POLICIES, now: '2026-04-20T00:00:00Z', timeZone: 'Europe/Moscow' });
    expect(early).toEqual([]);
    const done = dateConflicts({ deps: [{ ...needsAnalytics, state: 'done' }], snapshots: snaps, metas, policies: DEFAULT_SLA_POLICIES, now: '2026-05-05T00:00:00Z' });
    expect(done).toEqual([]);
  });
  it('transitive: a campaign that needs a spec that waits on a later release is warned', () => {
    const needsSpec = dep({ fromKey: CAMPAIGN, to: { type: 'item', itemKey: NOTION, teamId: 'product' }, relation: 'needs', state: 'pending' });
    const specNeedsForm = dep({ fromKey: NOTION, to: { type: 'item', itemKey: FORM }, relation: 'needs', state: 'pending' });
    const s2 = [snap(CAMPAIGN, { dates: { launch: '2026-05-10' } }), snap(NOTION, { dates: { due: '2026-05-05' } }), snap(FORM, { dates: { release: '2026-05-15' } })];
    const c = dateConflicts({ deps: [needsSpec, specNeedsForm], snapshots: s2, now: '2026-04-01T00:00:00Z' });
    expect(c).toEqual([
      { kind: 'launch-before-dependency', itemKey: CAMPAIGN, dependencyId: needsSpec.id, launch: '2026-05-10', blockingDate: '2026-05-15', blockingField: 'release', otherKey: NOTION, via: [NOTION, FORM] },
    ]);
    // The release item sees it too; a done spec → release wait does not count.
    expect(dateConflicts({ deps: [needsSpec, specNeedsForm], snapshots: s2, itemKey: FORM })).toHaveLength(1);
    expect(dateConflicts({ deps: [needsSpec, { ...specNeedsForm, state: 'done' }], snapshots: s2 })).toEqual([]);
    // A release on the launch day or before it: no conflict; a cycle does not loop.
    const early = [s2[0]!, s2[1]!, snap(FORM, { dates: { release: '2026-05-08' } })];
    const back = dep({ fromKey: FORM, to: { type: 'item', itemKey: NOTION }, relation: 'needs', state: 'pending' });
    expect(dateConflicts({ deps: [needsSpec, specNeedsForm, back], snapshots: early })).toEqual([]);
  });
  it('sla-short deadlines use the policy calendar: 7 working days before Sunday 10 May 2026 is 29 April', () => {
    const c = dateConflicts({
      deps: [needsAnalytics],
      snapshots: snaps,
      metas,
      policies: DEFAULT_SLA_POLICIES,
      now: '2026-04-30T12:00:00Z',
      calendarFor: () => DEFAULT_CALENDAR,
    });
    expect(c).toMatchObject([{ kind: 'sla-short', policyId: 'analytics-request', dueAt: '2026-04-29T21:00:00.000Z' }]);
  });
  it('the product manager sees the campaigns that depend on the feature, with a warning', () => {
    const other = 'jira:acme.atlassian.net:issue:MKT-2';
    const d2 = dep({ fromKey: other, to: { type: 'item', itemKey: FORM }, relation: 'needs', state: 'pending' });
    const list = campaignsDependingOn(FORM, [needsForm, d2], [...snaps, snap(other, { title: 'Webinar', dates: { launch: '2026-06-01' } })], metas);
    expect(list.map((c) => [c.itemKey, c.launch, c.warning])).toEqual([
      [CAMPAIGN, '2026-05-10', true],
      [other, '2026-06-01', false],
    ]);
    expect(list[0]!.releaseDate).toBe('2026-05-15');
  });
  it('meta dates override snapshot dates; done statuses in EN and RU', () => {
    expect(itemDates(FORM, snaps, metas)).toEqual({ due: '2026-05-20', release: '2026-05-15' });
    for (const s of ['Done', 'closed', 'Resolved', 'Готово', 'Выполнено', 'ЗАКРЫТО']) expect(isDoneStatus(s)).toBe(true);
    for (const s of ['In Progress', 'To Do', 'В работе', undefined]) expect(isDoneStatus(s)).toBe(false);
  });
});
