/**
 * The inbox model (lib/pages/inbox.ts, inbox-state.ts, inbox-actions.ts): one card per item with
 * all its problems, worst first; done / snooze / undo over the real store; snooze expiry; the badge
 * count is the number of cards.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SLA_POLICIES } from '@/lib/core/defaults';
import type { ItemSnapshot, SlaPolicy } from '@/lib/core/schemas';
import { createStore } from '@/lib/store';
import { buildInbox, groupCards, SEVERITY, type InboxWorkspace } from '@/lib/pages/inbox';
import { inboxCount } from '@/lib/pages/badge';
import { markDone, snoozeCard, undo } from '@/lib/pages/inbox-actions';
import {
  EMPTY_INBOX_STATE,
  nextSnoozeEnd,
  parseInboxState,
  pruneInboxState,
  snoozeChoices,
  snoozeUntilDate,
  withDismissed,
  withSnooze,
  type InboxState,
} from '@/lib/pages/inbox-state';

const NOW = '2026-05-06T10:00:00.000Z'; // a Wednesday
const CAMPAIGN = 'jira:acme.atlassian.net:issue:MKT-1';
const RELEASE = 'jira:acme.atlassian.net:issue:PROD-7';
const BRIEF = 'jira:acme.atlassian.net:issue:MKT-2';
const LEAD = 'hubspot:123:deal:9';

const notify: SlaPolicy = { ...DEFAULT_SLA_POLICIES.find((p) => p.id === 'campaign-notify')!, businessTime: false };
const analytics: SlaPolicy = { ...DEFAULT_SLA_POLICIES.find((p) => p.id === 'analytics-request')!, businessTime: false };

function snap(key: string, title: string, extra: Partial<ItemSnapshot> = {}): ItemSnapshot {
  const [tool, workspace, kind, id] = key.split(':') as [ItemSnapshot['ref']['tool'], string, string, string];
  return { key, ref: { tool, workspace, kind, id }, title, dates: {}, labels: [], url: `https://${workspace}/browse/${id}`, seenAt: '2026-05-04T08:00:00.000Z', ...extra };
}

function workspace(): InboxWorkspace {
  return {
    teams: [
      { id: 'marketing', name: 'Marketing', builtin: true },
      { id: 'product', name: 'Product', builtin: true },
      { id: 'analytics', name: 'Analytics', builtin: true },
    ],
    calendars: [],
    slaPolicies: [notify, analytics],
    slaEvents: [],
    leadNotes: [{ id: 'n1', itemKey: LEAD, authorTeamId: 'sales', at: '2026-05-05T09:00:00.000Z', verdict: 'rejected', note: 'student', criteria: {} }],
    itemMeta: [
      // Launch in 2 days: "tell product ≥ 5 days before" was due 3 days ago → breached.
      { key: CAMPAIGN, role: 'campaign', teamId: 'marketing', dates: { launch: '2026-05-08' }, notes: [] },
      { key: RELEASE, role: 'release', teamId: 'product', dates: { release: '2026-05-20' }, notes: [] },
      { key: BRIEF, teamId: 'marketing', notes: [] },
    ],
    dependencies: [
      { id: 'd1', fromKey: CAMPAIGN, to: { type: 'item', itemKey: RELEASE, teamId: 'product' }, relation: 'needs', state: 'blocked', reason: 'payment form not ready' },
      { id: 'd2', fromKey: CAMPAIGN, to: { type: 'team', teamId: 'analytics' }, relation: 'needs', state: 'pending', note: 'UTM tracking', due: '2026-05-12' },
    ],
    kpis: [{ id: 'cac', name: 'CAC', unit: 'currency', currency: 'RUB', direction: 'lower', target: 1000, ownerTeamIds: ['marketing'], thresholds: { atRisk: 0.1 }, staleAfterDays: 30 }],
    kpiLinks: [{ id: 'l1', itemKey: CAMPAIGN, kpiId: 'cac', effect: 'decrease' }],
    kpiStatus: [{ kpiId: 'cac', latest: { kpiId: 'cac', value: 1600, at: '2026-05-05T00:00:00.000Z', source: 'manual' } }],
    snapshots: [
      snap(CAMPAIGN, 'Launch campaign “best SEO course”'),
      snap(RELEASE, 'Payment form rework'),
      snap(BRIEF, 'Spring webinar brief', { brief: { templateId: 'marketing-brief', present: 5, total: 8, missing: ['offer', 'channel', 'metrics'] } }),
    ],
  } as InboxWorkspace;
}

const ME = { teamIds: ['marketing'], role: 'marketer' as const };

describe('inbox cards', () => {
  it('gives one card per item with all its problems, worst first', () => {
    const inbox = buildInbox(workspace(), ME, NOW);
    const keys = inbox.cards.map((c) => c.itemKey);
    expect(new Set(keys).size).toBe(keys.length);
    const campaign = inbox.cards.find((c) => c.itemKey === CAMPAIGN)!;
    expect(campaign.title).toBe('Launch campaign “best SEO course”');
    expect(campaign.toolName).toBe('Jira');
    expect(campaign.url).toBe('https://acme.atlassian.net/browse/MKT-1');
    const kinds = campaign.problems.map((p) => p.kind);
    // breached notices first, then the blocker, then at-risk things (conflict, KPI, pending analytics)
    expect(kinds.slice(0, 2)).toEqual(['sla', 'sla']);
    expect(campaign.problems.every((p) => p.kind !== 'sla' || p.clock.state === 'breached')).toBe(true);
    expect(kinds[2]).toBe('dependency');
    expect(kinds.slice(3).sort()).toEqual(['conflict', 'dependency', 'kpi']);
    for (let i = 1; i < campaign.problems.length; i++) expect(campaign.problems[i]!.severity).toBeGreaterThanOrEqual(campaign.problems[i - 1]!.severity);
    expect(campaign.severity).toBe(SEVERITY.overdue);
    // The release ships after the launch: a conflict on the campaign, naming the release by title.
    const conflict = campaign.problems.find((p) => p.kind === 'conflict');
    expect(conflict && conflict.kind === 'conflict' && conflict.otherTitle).toBe('Payment form rework');
    // The brief gap is its own card, after the campaign; the lead note from sales is last.
    expect(keys).toEqual([CAMPAIGN, BRIEF, LEAD]);
    expect(inbox.cards[1]!.severity).toBe(SEVERITY.gap);
    expect(inbox.cards[2]!.severity).toBe(SEVERITY.note);
    // An item nobody opened here gets a working link built from its key.
    expect(inbox.cards[2]!.url).toBe('https://app.hubspot.com/contacts/123/record/0-3/9');
    expect(inbox.cards[2]!.title).toBe('HubSpot deal 9');
  });

  it('orders cards by severity, then by the earliest deadline', () => {
    const ws = workspace();
    const later = 'jira:acme.atlassian.net:issue:MKT-3';
    const sooner = 'jira:acme.atlassian.net:issue:MKT-4';
    ws.itemMeta.push({ key: later, role: 'campaign', teamId: 'marketing', dates: { launch: '2026-05-09' }, notes: [] });
    ws.itemMeta.push({ key: sooner, role: 'campaign', teamId: 'marketing', dates: { launch: '2026-05-07' }, notes: [] });
    const inbox = buildInbox(ws, ME, NOW);
    const overdue = inbox.cards.filter((c) => c.severity === SEVERITY.overdue).map((c) => c.itemKey);
    // MKT-4 launches first, so its notice was due first; MKT-1 (May 8) next; MKT-3 (May 9) last.
    expect(overdue).toEqual([sooner, CAMPAIGN, later]);
    expect(groupCards(inbox.cards).map((g) => g.severity)).toEqual([SEVERITY.overdue, SEVERITY.gap, SEVERITY.note]);
  });

  it('scopes to my teams and role: product sees the campaign blocked on it, not marketing’s KPI', () => {
    const inbox = buildInbox(workspace(), { teamIds: ['product'], role: 'product-manager' }, NOW);
    const campaign = inbox.cards.find((c) => c.itemKey === CAMPAIGN)!;
    const dep = campaign.problems.find((p) => p.kind === 'dependency' && p.dependency.id === 'd1');
    expect(dep && dep.kind === 'dependency' && dep.onMyTeam).toBe(true);
    expect(campaign.problems.some((p) => p.kind === 'kpi')).toBe(false);
    expect(campaign.problems.some((p) => p.kind === 'dependency' && p.dependency.id === 'd2')).toBe(false);
    expect(inbox.cards.some((c) => c.itemKey === LEAD)).toBe(false);
  });

  it('drops a clock once it is stopped and a dependency once it is done', () => {
    const ws = workspace();
    ws.slaEvents = [{ itemKey: CAMPAIGN, events: [{ itemKey: CAMPAIGN, policyId: 'campaign-notify', type: 'stop', at: NOW }] }];
    ws.dependencies = ws.dependencies.map((d) => ({ ...d, state: 'done' as const }));
    const campaign = buildInbox(ws, ME, NOW).cards.find((c) => c.itemKey === CAMPAIGN)!;
    expect(campaign.problems.map((p) => p.id)).toEqual([`sla:${CAMPAIGN}:analytics-request`, `kpi:${CAMPAIGN}:cac`]);
  });

  it('counts the badge as the cards: the same function, with the same snoozes and dismissals', () => {
    const ws = workspace();
    const state = withSnooze(EMPTY_INBOX_STATE, { itemKey: BRIEF, until: '2026-05-07T06:00:00.000Z', at: NOW, severity: SEVERITY.gap });
    const inbox = buildInbox(ws, ME, NOW, state);
    expect(inbox.cards.map((c) => c.itemKey)).toEqual([CAMPAIGN, LEAD]);
    expect(inboxCount(ws, ME, NOW, state)).toBe(inbox.cards.length);
    expect(inboxCount(ws, ME, NOW)).toBe(3);
  });

  it('stays fast and bounded with 200 items (one card each)', () => {
    const ws = workspace();
    for (let i = 0; i < 200; i++) {
      const key = `jira:acme.atlassian.net:issue:BIG-${i}`;
      ws.itemMeta.push({ key, role: 'campaign', teamId: 'marketing', dates: { launch: `2026-05-${String(7 + (i % 20)).padStart(2, '0')}` }, notes: [] });
      ws.dependencies.push({ id: `big-${i}`, fromKey: key, to: { type: 'team', teamId: 'product' }, relation: 'needs', state: 'blocked', reason: 'waiting' });
      ws.snapshots = [...(ws.snapshots ?? []), snap(key, `Campaign ${i}`, { brief: { templateId: 'marketing-brief', present: 3, total: 8, missing: ['offer'] } })];
    }
    const inbox = buildInbox(ws, ME, NOW);
    expect(inbox.cards.length).toBe(203);
    expect(new Set(inbox.cards.map((c) => c.itemKey)).size).toBe(203);
    const big = inbox.cards.find((c) => c.itemKey.endsWith('BIG-0'))!;
    expect(big.problems.map((p) => p.kind).sort()).toEqual(['brief', 'dependency', 'sla', 'sla']);
  });
});

describe('snoozes and dismissals', () => {
  it('hides a snoozed card until its end, then it comes back (and the next change time is the snooze end)', () => {
    const ws = workspace();
    const until = '2026-05-08T06:00:00.000Z';
    const state = withSnooze(EMPTY_INBOX_STATE, { itemKey: CAMPAIGN, until, at: NOW, severity: SEVERITY.overdue });
    const before = buildInbox(ws, ME, NOW, state);
    expect(before.cards.some((c) => c.itemKey === CAMPAIGN)).toBe(false);
    expect(before.snoozed.map((c) => [c.itemKey, c.snoozedUntil])).toEqual([[CAMPAIGN, until]]);
    expect(nextSnoozeEnd(state, Date.parse(NOW))).toBe(Date.parse(until));
    const after = buildInbox(ws, ME, '2026-05-08T06:00:01.000Z', state);
    expect(after.cards.some((c) => c.itemKey === CAMPAIGN)).toBe(true);
    expect(after.snoozed).toEqual([]);
    expect(pruneInboxState(state, Date.parse('2026-05-08T06:00:01.000Z'), after.prints).snoozed).toEqual([]);
  });

  it('brings a snoozed card back early when it gets worse', () => {
    const ws = workspace();
    const state = withSnooze(EMPTY_INBOX_STATE, { itemKey: BRIEF, until: '2026-05-20T06:00:00.000Z', at: NOW, severity: SEVERITY.gap });
    expect(buildInbox(ws, ME, NOW, state).cards.some((c) => c.itemKey === BRIEF)).toBe(false);
    ws.dependencies.push({ id: 'd9', fromKey: BRIEF, to: { type: 'team', teamId: 'product' }, relation: 'needs', state: 'blocked', reason: 'no screenshots' });
    expect(buildInbox(ws, ME, NOW, state).cards.find((c) => c.itemKey === BRIEF)?.severity).toBe(SEVERITY.blocked);
  });

  it('keeps a dismissed problem hidden until it changes', () => {
    const ws = workspace();
    const inbox = buildInbox(ws, ME, NOW);
    const brief = inbox.cards.find((c) => c.itemKey === BRIEF)!;
    const state = withDismissed(EMPTY_INBOX_STATE, BRIEF, brief.problems.map((p) => p.print), NOW);
    const hidden = buildInbox(ws, ME, NOW, state);
    expect(hidden.cards.some((c) => c.itemKey === BRIEF)).toBe(false);
    expect(hidden.dismissedProblems).toBe(1);
    // Someone removes another field from the brief: a new problem, the card is back.
    ws.snapshots = ws.snapshots!.map((s) => (s.key === BRIEF ? { ...s, brief: { templateId: 'marketing-brief', present: 4, total: 8, missing: ['offer', 'channel', 'metrics', 'budget'] } } : s));
    expect(buildInbox(ws, ME, NOW, state).cards.find((c) => c.itemKey === BRIEF)?.problems[0]?.kind).toBe('brief');
  });

  it('reads stored state leniently: bad rows are dropped, the rest kept; garbage is an empty state', () => {
    expect(parseInboxState('nonsense')).toEqual(EMPTY_INBOX_STATE);
    expect(parseInboxState(undefined)).toEqual(EMPTY_INBOX_STATE);
    const good = { itemKey: CAMPAIGN, until: '2026-05-08T06:00:00.000Z', at: NOW, severity: 0 };
    const s = parseInboxState({ v: 1, snoozed: [good, { itemKey: CAMPAIGN, until: 'tomorrow' }], dismissed: 'x' });
    expect(s.snoozed).toEqual([good]);
    expect(s.dismissed).toEqual([]);
  });

  it('offers tomorrow / next Monday / in a week at 09:00 in the person’s zone', () => {
    // Wednesday 23:30 in Moscow is Wednesday 20:30 UTC: "tomorrow" is Thursday in Moscow.
    const now = Date.parse('2026-05-06T20:30:00.000Z');
    const msk = snoozeChoices(now, 'Europe/Moscow');
    expect(msk.map((c) => [c.id, c.day, c.until])).toEqual([
      ['tomorrow', '2026-05-07', '2026-05-07T06:00:00.000Z'],
      ['next-monday', '2026-05-11', '2026-05-11T06:00:00.000Z'],
      ['next-week', '2026-05-13', '2026-05-13T06:00:00.000Z'],
    ]);
    // Same instant in Vladivostok (UTC+10) is already Thursday 06:30: tomorrow is Friday.
    expect(snoozeChoices(now, 'Asia/Vladivostok')[0]).toEqual({ id: 'tomorrow', day: '2026-05-08', until: '2026-05-07T23:00:00.000Z' });
    // On a Sunday, tomorrow is next Monday: offered once.
    expect(snoozeChoices(Date.parse('2026-05-10T10:00:00.000Z'), 'Europe/Moscow').map((c) => c.id)).toEqual(['tomorrow', 'next-week']);
    expect(snoozeUntilDate('2026-02-30', 'Europe/Moscow')).toBeNull();
    expect(snoozeUntilDate('2026-03-29', 'Europe/Berlin')).toBe('2026-03-29T07:00:00.000Z'); // after the DST switch
  });
});

describe('done, snooze and undo over the real store', () => {
  async function setup() {
    const store = createStore({ device: 'test-device', compactor: true });
    await store.ready();
    const ws0 = workspace();
    for (const t of ws0.teams) await store.put('teams', t);
    for (const p of ws0.slaPolicies) await store.put('slaPolicies', p);
    for (const m of ws0.itemMeta) await store.put('itemMeta', m);
    for (const d of ws0.dependencies) await store.put('dependencies', d);
    for (const k of ws0.kpis!) await store.put('kpis', k);
    for (const l of ws0.kpiLinks!) await store.put('kpiLinks', l);
    for (const k of ws0.kpiStatus!) await store.put('kpiStatus', k);
    let state: InboxState = EMPTY_INBOX_STATE;
    const deps = {
      store,
      update: async (f: (s: InboxState) => InboxState) => (state = f(state)),
      author: { name: 'Maria', teamId: 'marketing' },
      now: () => new Date(NOW),
    };
    const inbox = async () => buildInbox({ ...(await store.workspace()), snapshots: ws0.snapshots }, ME, NOW, state);
    return { store, deps, inbox, state: () => state };
  }

  it('done stops the SLA clocks like “Mark notice as sent”, dismisses the rest; undo brings all back', async () => {
    const { store, deps, inbox } = await setup();
    const before = await inbox();
    const card = before.cards.find((c) => c.itemKey === CAMPAIGN)!;
    const rec = await markDone(deps, card);
    expect(rec.kind === 'done' && rec.stopped.sort()).toEqual(['analytics-request', 'campaign-notify']);
    const events = (await store.get('slaEvents', CAMPAIGN))!.data.events;
    expect(events.filter((e) => e.type === 'stop').map((e) => [e.policyId, e.by, e.at]).sort()).toEqual([
      ['analytics-request', 'Maria', NOW],
      ['campaign-notify', 'Maria', NOW],
    ]);
    const after = await inbox();
    expect(after.cards.some((c) => c.itemKey === CAMPAIGN)).toBe(false);
    expect(after.cards.length).toBe(before.cards.length - 1);
    await undo(deps, rec);
    const back = await inbox();
    expect(back.cards.find((c) => c.itemKey === CAMPAIGN)?.problems.map((p) => p.id)).toEqual(card.problems.map((p) => p.id));
    expect(((await store.get('slaEvents', CAMPAIGN))?.data.events ?? []).filter((e) => e.type === 'stop')).toEqual([]);
  });

  it('snooze hides the card, undo restores it; a snooze in the past is refused', async () => {
    const { deps, inbox } = await setup();
    const card = (await inbox()).cards.find((c) => c.itemKey === BRIEF)!;
    await expect(snoozeCard(deps, card, '2026-05-01T00:00:00.000Z')).rejects.toThrow('snooze-in-past');
    const rec = await snoozeCard(deps, card, '2026-05-11T06:00:00.000Z');
    expect((await inbox()).cards.some((c) => c.itemKey === BRIEF)).toBe(false);
    expect((await inbox()).snoozed.map((c) => c.itemKey)).toEqual([BRIEF]);
    await undo(deps, rec);
    expect((await inbox()).cards.some((c) => c.itemKey === BRIEF)).toBe(true);
  });
});
