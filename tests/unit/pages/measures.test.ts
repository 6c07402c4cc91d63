/**
 * The weekly sync agenda's pure parts on hand-computed cases: weeks in the team's zone, the
 * decision clock, decisions in the inbox, and the coordination measures per week.
 */
import { describe, expect, it } from 'vitest';
import { decisionClock, DecisionSchema, type Decision } from '@/lib/core/decision';
import type { BusinessCalendar, Dependency, ItemMeta, ItemSnapshot, SlaPolicy } from '@/lib/core/schemas';
import { agendaWeeks, buildAgenda, agendaMarkdown } from '@/lib/pages/agenda';
import { decisionInboxEntries, parseDecision } from '@/lib/pages/decisions';
import { buildInbox } from '@/lib/pages/inbox';
import { againstNorm, weeklyMeasures, type MeasuresWorkspace } from '@/lib/pages/measures';
import type { AuditEntry } from '@/lib/store';

// A calendar without public holidays, so the hand computations hold: Mon–Fri 09:00–18:00 Moscow (UTC+3).
const CAL: BusinessCalendar = { id: 'msk', name: 'Moscow', timeZone: 'Europe/Moscow', workingDays: [1, 2, 3, 4, 5], start: '09:00', end: '18:00', extraDaysOff: [], extraWorkingDays: [] };
const TZ = 'Europe/Moscow';
const MKT1 = 'jira:acme.atlassian.net:issue:MKT-1';
const MKT2 = 'jira:acme.atlassian.net:issue:MKT-2';
const MKT3 = 'jira:acme.atlassian.net:issue:MKT-3';
const REL = 'jira:acme.atlassian.net:issue:PROD-7';

function decision(extra: Partial<Decision> = {}): Decision {
  return DecisionSchema.parse({
    id: 'dec-1',
    text: 'Move the SEO-course launch to May 15',
    owner: { type: 'team', teamId: 'product' },
    due: '2026-05-08',
    state: 'open',
    createdAt: '2026-05-04T09:00:00.000Z',
    ...extra,
  });
}

function audit(docId: string, before: unknown, after: unknown, at: string, collection: AuditEntry['collection'] = 'dependencies'): AuditEntry {
  return { doc: `${collection}:${docId}`, collection, docId, field: 'state', kind: 'change', ...(before === undefined ? {} : { before }), after, by: { device: 'd' }, hlc: `${Date.parse(at)}.00000.d`, at };
}

function ws(extra: Partial<MeasuresWorkspace> = {}): MeasuresWorkspace {
  return {
    teams: [
      { id: 'marketing', name: 'Marketing', builtin: true, calendarId: 'msk' },
      { id: 'product', name: 'Product', builtin: true, calendarId: 'msk' },
    ],
    itemMeta: [],
    dependencies: [],
    leadNotes: [],
    slaPolicies: [],
    calendars: [CAL],
    slaEvents: [],
    decisions: [],
    ...extra,
  };
}

const dep = (d: Partial<Dependency> & Pick<Dependency, 'id'>): Dependency => ({ fromKey: MKT1, to: { type: 'team', teamId: 'product' }, relation: 'needs', state: 'pending', ...d });

describe('agenda weeks', () => {
  it('are Monday to Monday in the team zone, newest first', () => {
    // Sunday May 10 23:30 Moscow is still the week of May 4; Monday 00:30 Moscow starts the next.
    const w = agendaWeeks('2026-05-10T20:30:00.000Z', TZ, 3);
    expect(w.map((x) => x.monday)).toEqual(['2026-05-04', '2026-04-27', '2026-04-20']);
    expect(w[0]).toMatchObject({ from: '2026-05-03T21:00:00.000Z', to: '2026-05-10T21:00:00.000Z' });
    expect(agendaWeeks('2026-05-10T21:30:00.000Z', TZ, 1)[0]!.monday).toBe('2026-05-11');
    // New York in DST: a week starts at 04:00 UTC.
    expect(agendaWeeks('2026-05-06T12:00:00.000Z', 'America/New_York', 1)[0]!.from).toBe('2026-05-04T04:00:00.000Z');
  });
});

describe('decision clock', () => {
  const d = decision(); // due Friday May 8: the end of that day in Moscow = May 8 21:00 UTC
  it('is on track, at risk on the last working day, breached after the deadline day', () => {
    expect(decisionClock(d, CAL, '2026-05-06T07:00:00.000Z').state).toBe('on-track'); // Wed 10:00
    // Thu 17:00 Moscow: 1 h of Thursday + 9 h of Friday = 10 h > one working day (9 h)
    expect(decisionClock(d, CAL, '2026-05-07T14:00:00.000Z').state).toBe('on-track');
    const fri = decisionClock(d, CAL, '2026-05-08T07:00:00.000Z'); // Fri 10:00: 8 h left
    expect(fri.state).toBe('at-risk');
    expect(fri.remainingMs).toBe(8 * 3_600_000);
    expect(fri.dueAt).toBe('2026-05-08T21:00:00.000Z');
    expect(decisionClock(d, CAL, '2026-05-08T20:59:00.000Z').state).toBe('at-risk'); // Fri 23:59: still the deadline day
    expect(decisionClock(d, CAL, '2026-05-08T21:00:00.000Z').state).toBe('breached');
  });
  it('is met when done by the deadline, breached when done after', () => {
    expect(decisionClock(decision({ state: 'done', doneAt: '2026-05-08T12:00:00.000Z' }), CAL, '2026-05-20T00:00:00.000Z')).toMatchObject({ state: 'met', metAt: '2026-05-08T12:00:00.000Z' });
    expect(decisionClock(decision({ state: 'done', doneAt: '2026-05-09T08:00:00.000Z' }), CAL, '2026-05-20T00:00:00.000Z').state).toBe('breached');
  });
  it('refuses a decision without an owner or with a bad deadline', () => {
    const bad = parseDecision({ id: 'x', text: '  ', owner: undefined, due: '8 May', createdAt: '2026-05-04T09:00:00.000Z' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.fields).sort()).toEqual(['due', 'owner', 'text']);
    expect(DecisionSchema.safeParse({ ...decision(), owner: { type: 'person', name: '' } }).success).toBe(false);
  });
});

describe('decisions in the inbox', () => {
  const now = Date.parse('2026-05-08T07:00:00.000Z'); // Friday 10:00 Moscow: dec-1 at risk
  const base = { teams: ws().teams, calendars: [CAL] };
  it('lists an open decision at risk or late for its owner team, not for others, and not once done', () => {
    const decisions = [decision(), decision({ id: 'dec-2', due: '2026-05-20' }), decision({ id: 'dec-3', state: 'done', doneAt: '2026-05-07T10:00:00.000Z' })];
    const forProduct = decisionInboxEntries({ ...base, decisions }, { teamIds: ['product'] }, now);
    expect(forProduct.map((e) => [e.itemKey, e.clock.state])).toEqual([['decision:dec-1', 'at-risk']]);
    expect(forProduct[0]!.title).toBe('Move the SEO-course launch to May 15');
    expect(decisionInboxEntries({ ...base, decisions }, { teamIds: ['sales'] }, now)).toEqual([]);
    // recorded under marketing's part of the agenda: marketing sees it too
    expect(decisionInboxEntries({ ...base, decisions: [decision({ teamId: 'marketing' })] }, { teamIds: ['marketing'] }, now)).toHaveLength(1);
    // a person's decision: that person sees it
    const mine = decision({ owner: { type: 'person', name: 'Anna Petrova', personId: 'anna' } });
    expect(decisionInboxEntries({ ...base, decisions: [mine] }, { teamIds: ['sales'], personId: 'anna' }, now)).toHaveLength(1);
  });
  it('counts in the inbox (and so the badge) like any SLA clock', () => {
    const w = { ...ws(), decisions: [decision()], snapshots: [] } as Parameters<typeof buildInbox>[0];
    const inbox = buildInbox(w, { teamIds: ['product'] }, now);
    expect(inbox.cards).toHaveLength(1);
    expect(inbox.cards[0]).toMatchObject({ itemKey: 'decision:dec-1', title: 'Move the SEO-course launch to May 15' });
    expect(inbox.cards[0]!.problems[0]).toMatchObject({ kind: 'sla', decision: { id: 'dec-1' } });
  });
});

describe('coordination measures per week', () => {
  const weeks = agendaWeeks('2026-05-13T09:00:00.000Z', TZ, 3).reverse(); // Apr 27, May 4, May 11 (current)

  it('SLA hit rate: clocks met or breached in each week; a week with none has no data', () => {
    const policy: SlaPolicy = { id: 'notify', name: 'Notify', ownerTeamId: 'marketing', involvedTeamIds: [], kind: 'before', anchor: 'launch', days: 5, atRiskShare: 0.25, businessTime: false, appliesTo: ['campaign'] };
    const itemMeta: ItemMeta[] = [
      { key: MKT1, role: 'campaign', teamId: 'marketing', dates: { launch: '2026-05-08' }, notes: [] }, // due end of May 3 → breached, week of Apr 27
      { key: MKT2, role: 'campaign', teamId: 'marketing', dates: { launch: '2026-05-12' }, notes: [] }, // due end of May 7, notice May 5 → met, week of May 4
      { key: MKT3, role: 'campaign', teamId: 'marketing', dates: { launch: '2026-05-13' }, notes: [] }, // due end of May 8, notice May 9 → breached, week of May 4
    ];
    const slaEvents = [
      { itemKey: MKT2, events: [{ itemKey: MKT2, policyId: 'notify', type: 'stop' as const, at: '2026-05-05T10:00:00.000Z' }] },
      { itemKey: MKT3, events: [{ itemKey: MKT3, policyId: 'notify', type: 'stop' as const, at: '2026-05-09T10:00:00.000Z' }] },
    ];
    const m = weeklyMeasures({ workspace: ws({ slaPolicies: [policy], itemMeta, slaEvents }), snapshots: [], audit: [], now: '2026-05-13T09:00:00.000Z', timeZone: TZ }, weeks);
    expect(m.map((x) => x.sla)).toEqual([
      { ok: 0, total: 1, share: 0 },
      { ok: 1, total: 2, share: 0.5 },
      { ok: 0, total: 0, share: null },
    ]);
  });

  it('deadline adherence: dependencies (done per the audit log) and decisions due in the week', () => {
    const dependencies = [
      dep({ id: 'a', due: '2026-05-05', state: 'done' }), // done May 5 15:00 UTC = 18:00 Moscow, in time
      dep({ id: 'b', due: '2026-05-06' }), // not done, deadline passed → missed
      dep({ id: 'c', due: '2026-05-07', state: 'done' }), // done, but when is not known → left out
      dep({ id: 'd', due: '2026-05-07', state: 'done' }), // done May 7 21:30 UTC = May 8 00:30 Moscow → late
      dep({ id: 'e', due: '2026-05-20' }), // future
    ];
    const decisions = [decision({ state: 'done', doneAt: '2026-05-08T10:00:00.000Z' })]; // due May 8, done in time
    const auditLog = [audit('a', 'pending', 'done', '2026-05-05T15:00:00.000Z'), audit('d', 'pending', 'done', '2026-05-07T21:30:00.000Z')];
    const m = weeklyMeasures({ workspace: ws({ dependencies, decisions }), snapshots: [], audit: auditLog, now: '2026-05-13T09:00:00.000Z', timeZone: TZ }, weeks);
    expect(m[0]!.deadlines.share).toBeNull();
    expect(m[1]!.deadlines).toEqual({ ok: 2, total: 4, share: 0.5 });
    expect(m[2]!.deadlines.share).toBeNull(); // e is due next week
  });

  it('time blocked: the union of an item’s blocked spans, clipped to the week; no data before any history', () => {
    const dependencies = [dep({ id: 'x', state: 'done' }), dep({ id: 'y', to: { type: 'team', teamId: 'analytics' }, state: 'pending' })];
    const auditLog = [
      audit('x', undefined, 'pending', '2026-05-01T09:00:00.000Z'), // created in the week of Apr 27
      audit('x', 'pending', 'blocked', '2026-05-04T09:00:00.000Z'),
      audit('x', 'blocked', 'done', '2026-05-06T09:00:00.000Z'),
      audit('y', undefined, 'blocked', '2026-05-05T09:00:00.000Z'), // overlaps x by one day
      audit('y', 'blocked', 'pending', '2026-05-07T09:00:00.000Z'),
    ];
    const input = { workspace: ws({ dependencies }), snapshots: [], audit: auditLog, now: '2026-05-13T09:00:00.000Z', timeZone: TZ };
    const m = weeklyMeasures(input, weeks);
    expect(m[0]!.blocked).toEqual({ ms: 0, items: 0 }); // existed, never blocked
    expect(m[1]!.blocked).toEqual({ ms: 3 * 86_400_000, items: 1 }); // May 4 09:00 → May 7 09:00, one item (MKT-1)
    expect(m[2]!.blocked).toEqual({ ms: 0, items: 0 });
    const earlier = weeklyMeasures(input, agendaWeeks('2026-04-22T09:00:00.000Z', TZ, 1));
    expect(earlier[0]!.blocked).toBeNull();
  });

  it('briefs complete at start: the check seen by the start; later only an incomplete one counts', () => {
    const snap = (key: string, seenAt: string, present: number, launch: string): ItemSnapshot => ({
      key,
      ref: { tool: 'jira', workspace: 'acme.atlassian.net', kind: 'issue', id: key.split(':').pop()! },
      title: key,
      dates: { launch },
      labels: [],
      url: `https://acme.atlassian.net/browse/${key.split(':').pop()!}`,
      seenAt,
      brief: { templateId: 'marketing-brief', present, total: 8, missing: [] },
    });
    const snapshots = [
      snap(MKT1, '2026-05-01T10:00:00.000Z', 8, '2026-05-05'), // complete before its start → complete
      snap(MKT2, '2026-05-09T10:00:00.000Z', 6, '2026-05-06'), // incomplete after its start → incomplete at start
      snap(MKT3, '2026-05-09T10:00:00.000Z', 8, '2026-05-07'), // complete only later → unknown, left out
    ];
    const m = weeklyMeasures({ workspace: ws(), snapshots, audit: [], now: '2026-05-13T09:00:00.000Z', timeZone: TZ }, weeks);
    expect(m[1]!.briefs).toEqual({ ok: 1, total: 2, share: 0.5 });
    expect(m[0]!.briefs.share).toBeNull();
  });

  it('work without rework: hand-offs done in the week that were never reopened', () => {
    const dependencies = [dep({ id: 'p', state: 'done' }), dep({ id: 'q', state: 'done' }), dep({ id: 'r', state: 'pending' })];
    const auditLog = [
      audit('p', 'pending', 'done', '2026-05-05T09:00:00.000Z'), // clean
      audit('q', 'pending', 'done', '2026-05-05T09:00:00.000Z'),
      audit('q', 'done', 'blocked', '2026-05-06T09:00:00.000Z'), // reopened: rework
      audit('q', 'blocked', 'done', '2026-05-07T09:00:00.000Z'),
      audit('r', 'pending', 'done', '2026-04-29T09:00:00.000Z'), // done in the week of Apr 27, reopened later
      audit('r', 'done', 'pending', '2026-05-12T09:00:00.000Z'),
      audit('dec-1', 'open', 'done', '2026-05-08T10:00:00.000Z', 'decisions'),
    ];
    const decisions = [decision({ state: 'done', doneAt: '2026-05-08T10:00:00.000Z' })];
    const m = weeklyMeasures({ workspace: ws({ dependencies, decisions }), snapshots: [], audit: auditLog, now: '2026-05-13T09:00:00.000Z', timeZone: TZ }, weeks);
    expect(m[0]!.rework).toEqual({ ok: 0, total: 1, share: 0 });
    expect(m[1]!.rework).toEqual({ ok: 2, total: 3, share: 2 / 3 });
    expect(m[2]!.rework.share).toBeNull();
  });

  it('says whether a share meets its norm', () => {
    expect(againstNorm(0.9, { min: 0.9 })).toBe('ok');
    expect(againstNorm(0.89, { min: 0.9 })).toBe('below');
    expect(againstNorm(0.97, { min: 0.85, max: 0.95 })).toBe('above');
    expect(againstNorm(null, { min: 0.9 })).toBeNull();
  });
});

describe('agenda', () => {
  const week = agendaWeeks('2026-05-06T09:00:00.000Z', TZ, 1)[0]!;
  const teams = [...ws().teams, { id: 'sales', name: 'Sales', builtin: true }];
  const input = {
    workspace: { ...ws(), teams, kpis: [], kpiStatus: [], itemMeta: [{ key: MKT1, role: 'campaign' as const, teamId: 'marketing', dates: {}, notes: [] }, { key: REL, role: 'release' as const, teamId: 'product', dates: {}, notes: [] }], dependencies: [dep({ id: 'w', to: { type: 'item', itemKey: REL }, reason: 'final price list', due: '2026-05-15' })] },
    snapshots: [],
    audit: [],
    now: '2026-05-06T09:00:00.000Z',
    week,
    calendars: [CAL],
    teams,
  };

  it('puts teams with news first and teams with nothing to report last', () => {
    const a = buildAgenda({ ...input, workspace: { ...input.workspace, teams: [teams[2]!, teams[0]!, teams[1]!] }, teams: [teams[2]!, teams[0]!, teams[1]!], decisions: [] });
    expect(a.teams.map((x) => [x.teamId, x.hasNews])).toEqual([
      ['marketing', true],
      ['product', true],
      ['sales', false],
    ]);
    expect(a.teams[1]!.affected[0]).toMatchObject({ type: 'owed', other: 'marketing', text: 'final price list', date: '2026-05-15' });
  });

  it('lists the week’s decisions and older open ones, not those done before the week', () => {
    const decisions = [
      decision({ id: 'now', createdAt: '2026-05-05T09:00:00.000Z' }),
      decision({ id: 'old-open', createdAt: '2026-04-20T09:00:00.000Z', due: '2026-04-24' }),
      decision({ id: 'old-done', createdAt: '2026-04-20T09:00:00.000Z', state: 'done', doneAt: '2026-04-22T09:00:00.000Z' }),
      decision({ id: 'later', createdAt: '2026-05-12T09:00:00.000Z' }),
    ];
    const a = buildAgenda({ ...input, decisions });
    expect(a.decisions.map((d) => [d.decision.id, d.clock.state])).toEqual([
      ['old-open', 'breached'],
      ['now', 'on-track'],
    ]);
  });

  it('copies as Markdown with escaped text and only http(s) links', () => {
    const snapshots: ItemSnapshot[] = [
      { key: MKT1, ref: { tool: 'jira', workspace: 'acme.atlassian.net', kind: 'issue', id: 'MKT-1' }, title: '70% *off* [today]', dates: {}, labels: [], url: 'https://acme.atlassian.net/browse/MKT-1', seenAt: '2026-05-05T09:00:00.000Z' },
    ];
    const a = buildAgenda({ ...input, snapshots, decisions: [decision({ text: 'Ship <b>it</b>' })] });
    const f = { teamName: (id: string) => id, date: (v: string) => v.slice(0, 10), share: (x: number) => `${Math.round(x * 100)}%`, duration: (ms: number) => `${ms}ms`, number: (n: number) => String(n) };
    const lines = { delivered: '', 'blocked-by-us': '', asked: '', 'date-moved': '', 'date-set': '', noted: '', 'lead-notes': '', kpi: '', 'sla-met': '', 'sla-missed': '', 'unblocked-them': '', 'moved-affects': '', need: 'From {other} for {item}: {text}, due {date}', 'item-done': '', owed: '{other} waits on us for {item}: {text}', 'decision-done': '' };
    const md = agendaMarkdown(
      a,
      { title: '', did: 'Did', affected: 'Affected', need: 'Need', nothing: 'Nothing.', measures: '', noData: 'no data', lines, fields: { launch: 'Launch', release: 'Release', end: 'End', due: 'Due' }, agendaTitle: 'Sync {from} – {to}', nothingToReport: 'Nothing to report', decisions: 'Decisions', noDecisions: 'None', decisionLine: '{text} — {owner}, {date}, {state}', measuresHeading: 'Measures' },
      f,
      { clockText: () => 'due in 2 days', ownerName: (d) => (d.owner.type === 'team' ? d.owner.teamId : d.owner.name), measures: ['SLA hit rate: no data (norm ≥ 90%)'] },
    );
    expect(md).toContain('# Sync 2026-05-04 – 2026-05-10\n');
    expect(md).toContain('- From product for [70% \\*off\\* \\[today\\]](https://acme.atlassian.net/browse/MKT-1): final price list, due 2026-05-15');
    expect(md).toContain('## Nothing to report\n\nsales\n');
    expect(md).toContain('- [ ] Ship \\<b\\>it\\</b\\> — product, 2026-05-08, due in 2 days');
    expect(md).toContain('## Measures\n\n- SLA hit rate: no data (norm ≥ 90%)');
    expect(md).not.toMatch(/\]\((?!https?:)/);
  });
});

describe('the default deadline of a new decision', () => {
  it('is the next sync, a week after today, moved off a weekend to the Friday before', async () => {
    const { nextSyncDay } = await import('@/components/pages/Agenda');
    expect(nextSyncDay('2026-05-06')).toBe('2026-05-13'); // Wednesday → Wednesday
    expect(nextSyncDay('2026-05-09')).toBe('2026-05-15'); // Saturday → Friday
    expect(nextSyncDay('2026-05-10')).toBe('2026-05-15'); // Sunday → Friday
  });
});

describe('agenda lines', () => {
  it('drop a trailing clause whose value is absent, and link items nobody opened by their key', async () => {
    const { linePieces, buildDigest } = await import('@/lib/pages/digest');
    const f = { teamName: (id: string) => id, date: (v: string) => v, share: String, duration: String, number: String };
    const s = { lines: { owed: '{other} waits on us for {item}: {text}, due {date}' } } as unknown as Parameters<typeof linePieces>[1];
    const text = (l: Parameters<typeof linePieces>[0]) => linePieces(l, s, f).map((p) => ('text' in p ? p.text : `[${p.item}]`)).join('');
    expect(text({ type: 'owed', item: 'MKT-1', other: 'marketing', text: 'price list' })).toBe('marketing waits on us for [MKT-1]: price list');
    expect(text({ type: 'owed', item: 'MKT-1', other: 'marketing' })).toBe('marketing waits on us for [MKT-1]');
    expect(text({ type: 'owed', item: 'MKT-1', other: 'marketing', text: 'price list', date: '2026-05-15' })).toBe('marketing waits on us for [MKT-1]: price list, due 2026-05-15');
    const d = buildDigest({
      workspace: { ...ws(), kpis: [], kpiStatus: [], itemMeta: [{ key: MKT1, role: 'campaign', teamId: 'marketing', dates: {}, notes: [] }], dependencies: [dep({ id: 'z' })] },
      snapshots: [],
      audit: [],
      from: '2026-05-03T21:00:00.000Z',
      to: '2026-05-10T21:00:00.000Z',
      now: '2026-05-06T09:00:00.000Z',
    });
    expect(d.teams.find((x) => x.teamId === 'marketing')!.need[0]).toMatchObject({ item: 'Jira MKT-1', url: 'https://acme.atlassian.net/browse/MKT-1' });
  });
});
