import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { calendarForPolicy, CONTACT_TIME_UNKNOWN, evaluate, slaCompliance, weeklyDueDate, type SlaClock, type SlaContext } from '@/lib/core/sla';
import { DEFAULT_CALENDAR, DEFAULT_SLA_POLICIES } from '@/lib/core/defaults';
import { BusinessCalendarSchema, SlaPolicySchema, type SlaEvent, type SlaPolicy } from '@/lib/core/schemas';

const RU = DEFAULT_CALENDAR;
const policy = (id: string): SlaPolicy => DEFAULT_SLA_POLICIES.find((p) => p.id === id)!;
const LEAD = policy('lead-first-contact');
const KEY = 'amocrm:acme:lead:1';
const ev = (type: SlaEvent['type'], at: string, policyId = LEAD.id) => ({ itemKey: KEY, policyId, type, at });
const MIN = 60_000;

describe('default policies (DOMAIN.md §3)', () => {
  it('have the ids, kinds and numbers of the table', () => {
    expect(DEFAULT_SLA_POLICIES.map((p) => p.id)).toEqual([
      'lead-first-contact', 'campaign-notify', 'analytics-request', 'release-notify', 'campaign-analysis', 'weekly-report',
    ]);
    expect(LEAD).toMatchObject({ kind: 'elapsed', targets: { high: 30, normal: 240 }, businessTime: true });
    expect(policy('campaign-notify')).toMatchObject({ kind: 'before', anchor: 'launch', days: 5, ownerTeamId: 'marketing', involvedTeamIds: ['product', 'analytics'] });
    expect(policy('analytics-request')).toMatchObject({ kind: 'before', anchor: 'launch', days: 7 });
    expect(policy('release-notify')).toMatchObject({ kind: 'before', anchor: 'release', days: 3, ownerTeamId: 'product' });
    expect(policy('campaign-analysis')).toMatchObject({ kind: 'after', anchor: 'end', days: 3, ownerTeamId: 'analytics' });
    expect(policy('weekly-report')).toMatchObject({ kind: 'weekly', weekday: 1 });
  });
});

describe('lead first contact (elapsed, business time, Moscow)', () => {
  // Monday 20 April 2026, 10:00 MSK = 07:00Z.
  const start = ev('start', '2026-04-20T07:00:00Z');

  it('high intent: 30 minutes, at-risk with a quarter left, breached after', () => {
    const ctx: SlaContext = { events: [start], targetKey: 'high' };
    const c = evaluate(LEAD, ctx, '2026-04-20T07:10:00Z', RU)!;
    expect(c).toMatchObject({ state: 'on-track', dueAt: '2026-04-20T07:30:00.000Z', elapsedMs: 10 * MIN, remainingMs: 20 * MIN, targetKey: 'high' });
    expect(c.nextChangeAt).toBe('2026-04-20T07:22:30.000Z');
    const r = evaluate(LEAD, ctx, '2026-04-20T07:22:30Z', RU)!;
    expect(r).toMatchObject({ state: 'at-risk', nextChangeAt: '2026-04-20T07:30:00.000Z' });
    const b = evaluate(LEAD, ctx, '2026-04-20T07:31:00Z', RU)!;
    expect(b).toMatchObject({ state: 'breached', dueAt: '2026-04-20T07:30:00.000Z', remainingMs: -1 * MIN, nextChangeAt: null });
  });

  it('other leads: 4 hours of working time (Friday 16:00 → Monday 11:00)', () => {
    const c = evaluate(LEAD, { events: [ev('start', '2026-04-17T13:00:00Z')], targetKey: 'normal' }, '2026-04-18T10:00:00Z', RU)!;
    expect(c.dueAt).toBe('2026-04-20T08:00:00.000Z');
    expect(c.elapsedMs).toBe(120 * MIN);
    expect(c.state).toBe('on-track');
  });

  it('an unknown target key falls back to normal', () => {
    expect(evaluate(LEAD, { events: [start], targetKey: 'urgent' }, '2026-04-20T07:00:00Z', RU)!.targetKey).toBe('normal');
  });

  it('a lead arriving at night starts counting at 09:00', () => {
    const c = evaluate(LEAD, { events: [ev('start', '2026-04-19T20:00:00Z')], targetKey: 'high' }, '2026-04-20T05:00:00Z', RU)!;
    expect(c.dueAt).toBe('2026-04-20T06:30:00.000Z');
    expect(c.elapsedMs).toBe(0);
  });

  it('pause and resume move the due instant by the paused time', () => {
    const events = [start, ev('pause', '2026-04-20T07:10:00Z'), ev('resume', '2026-04-20T08:10:00Z')];
    const paused = evaluate(LEAD, { events: events.slice(0, 2), targetKey: 'high' }, '2026-04-20T08:00:00Z', RU)!;
    expect(paused).toMatchObject({ state: 'paused', dueAt: null, elapsedMs: 10 * MIN, remainingMs: 20 * MIN, nextChangeAt: null });
    const resumed = evaluate(LEAD, { events, targetKey: 'high' }, '2026-04-20T08:15:00Z', RU)!;
    expect(resumed).toMatchObject({ state: 'on-track', dueAt: '2026-04-20T08:30:00.000Z', elapsedMs: 15 * MIN });
  });

  it('stop before due = met; after = breached; events in the future are not seen yet', () => {
    const met = evaluate(LEAD, { events: [start, ev('stop', '2026-04-20T07:25:00Z')], targetKey: 'high' }, '2026-04-20T09:00:00Z', RU)!;
    expect(met).toMatchObject({ state: 'met', metAt: '2026-04-20T07:25:00.000Z', dueAt: '2026-04-20T07:30:00.000Z', nextChangeAt: null });
    const late = evaluate(LEAD, { events: [start, ev('stop', '2026-04-20T07:40:00Z')], targetKey: 'high' }, '2026-04-20T09:00:00Z', RU)!;
    expect(late.state).toBe('breached');
    const before = evaluate(LEAD, { events: [start, ev('stop', '2026-04-20T07:25:00Z')], targetKey: 'high' }, '2026-04-20T07:20:00Z', RU)!;
    expect(before.state).toBe('on-track');
  });

  it('an assign event splits routing and response time', () => {
    const events = [start, ev('assign', '2026-04-20T07:05:00Z'), ev('stop', '2026-04-20T07:20:00Z')];
    const c = evaluate(LEAD, { events, targetKey: 'high' }, '2026-04-20T08:00:00Z', RU)!;
    expect(c.split).toEqual({ routingMs: 5 * MIN, responseMs: 15 * MIN });
  });

  it('no start event, no clock; other policies\' events are ignored', () => {
    expect(evaluate(LEAD, { events: [] }, '2026-04-20T07:00:00Z', RU)).toBeNull();
    expect(evaluate(LEAD, { events: [ev('start', '2026-04-20T07:00:00Z', 'other')] }, '2026-04-20T07:00:00Z', RU)).toBeNull();
  });

  it('compliance: at least 90% of leads within SLA is measurable', () => {
    const clocks: SlaClock[] = [];
    for (let i = 0; i < 10; i++) {
      const stop = i < 9 ? '2026-04-20T07:20:00Z' : '2026-04-20T07:45:00Z';
      clocks.push(evaluate(LEAD, { events: [start, ev('stop', stop)], targetKey: 'high' }, '2026-04-20T09:00:00Z', RU)!);
    }
    expect(slaCompliance([...clocks, null])).toEqual({ finished: 10, met: 9, share: 0.9 });
  });
});

describe('deadline policies (before / after), calendar days (businessTime: false)', () => {
  const notify = SlaPolicySchema.parse({ ...policy('campaign-notify'), businessTime: false });
  const dates = { launch: '2026-05-15' };
  it('campaign-notify: launch 15 May → tell product and analytics by the end of 10 May (MSK)', () => {
    const c = evaluate(notify, { dates }, '2026-05-01T09:00:00Z', RU)!;
    expect(c).toMatchObject({ state: 'on-track', dueAt: '2026-05-10T21:00:00.000Z', targetMs: 5 * 86_400_000 });
    // at-risk when 25% of 5 days (30 h) is left.
    expect(c.nextChangeAt).toBe('2026-05-09T15:00:00.000Z');
    expect(evaluate(notify, { dates }, '2026-05-09T15:00:00Z', RU)!.state).toBe('at-risk');
    expect(evaluate(notify, { dates }, '2026-05-10T21:00:00Z', RU)!.state).toBe('breached');
  });
  it('a notice before due meets it; a notice after due is late', () => {
    const on = evaluate(notify, { dates, events: [ev('stop', '2026-05-08T10:00:00Z', notify.id)] }, '2026-05-12T00:00:00Z', RU)!;
    expect(on).toMatchObject({ state: 'met', metAt: '2026-05-08T10:00:00.000Z', nextChangeAt: null });
    const late = evaluate(notify, { dates, events: [ev('stop', '2026-05-12T10:00:00Z', notify.id)] }, '2026-05-13T00:00:00Z', RU)!;
    expect(late.state).toBe('breached');
  });
  it('analytics-request is 7 days, release-notify 3 days before release', () => {
    const days = (id: string) => SlaPolicySchema.parse({ ...policy(id), businessTime: false });
    expect(evaluate(days('analytics-request'), { dates }, '2026-05-01T00:00:00Z', RU)!.dueAt).toBe('2026-05-08T21:00:00.000Z');
    expect(evaluate(days('release-notify'), { dates: { release: '2026-05-15' } }, '2026-05-01T00:00:00Z', RU)!.dueAt).toBe('2026-05-12T21:00:00.000Z');
    expect(evaluate(days('campaign-analysis'), { dates: { end: '2026-05-20' } }, '2026-05-21T00:00:00Z', RU)!.dueAt).toBe('2026-05-23T21:00:00.000Z');
  });
  it('an instant anchor keeps its wall-clock time across DST (Berlin)', () => {
    const berlin = BusinessCalendarSchema.parse({ id: 'de', name: 'DE', timeZone: 'Europe/Berlin' });
    // Launch Wednesday 1 April 2026 10:00 CEST; 5 days earlier is Friday 27 March 10:00 CET.
    const c = evaluate(notify, { dates: { launch: '2026-04-01T08:00:00Z' } }, '2026-03-01T00:00:00Z', berlin)!;
    expect(c.dueAt).toBe('2026-03-27T09:00:00.000Z');
  });
  it('without the anchor date there is no clock', () => {
    expect(evaluate(notify, { dates: {} }, '2026-05-01T00:00:00Z', RU)).toBeNull();
  });
});

describe('deadline policies count working days of the calendar by default (hand-computed, RU 2025–2027)', () => {
  const notify = policy('campaign-notify');
  it('the defaults are working-day policies', () => {
    for (const id of ['campaign-notify', 'analytics-request', 'release-notify', 'campaign-analysis', 'weekly-report']) expect(policy(id).businessTime).toBe(true);
  });
  it('5 working days before Friday 15 May 2026: 14, 13, 12, (9–11 May off), 8, 7 → the end of 7 May', () => {
    const c = evaluate(notify, { dates: { launch: '2026-05-15' } }, '2026-05-01T00:00:00Z', RU)!;
    expect(c.dueAt).toBe('2026-05-07T21:00:00.000Z');
    // at-risk with 25% of 5 × 9 working hours (11 h 15 min) left: 6 May 15:45 MSK.
    expect(c.nextChangeAt).toBe('2026-05-06T12:45:00.000Z');
  });
  it('analytics 7 working days before 15 May 2026 → 5 May; product 3 before → 12 May; analysis 3 after Wed 20 May → Mon 25 May', () => {
    expect(evaluate(policy('analytics-request'), { dates: { launch: '2026-05-15' } }, '2026-05-01T00:00:00Z', RU)!.dueAt).toBe('2026-05-05T21:00:00.000Z');
    expect(evaluate(policy('release-notify'), { dates: { release: '2026-05-15' } }, '2026-05-01T00:00:00Z', RU)!.dueAt).toBe('2026-05-12T21:00:00.000Z');
    expect(evaluate(policy('campaign-analysis'), { dates: { end: '2026-05-20' } }, '2026-05-21T00:00:00Z', RU)!.dueAt).toBe('2026-05-25T21:00:00.000Z');
  });
  it('across the New Year holidays: launch Tue 13 Jan 2026 → 12 Jan, 30, 29, 26, 25 Dec 2025', () => {
    expect(evaluate(notify, { dates: { launch: '2026-01-13' } }, '2025-12-01T00:00:00Z', RU)!.dueAt).toBe('2025-12-25T21:00:00.000Z');
  });
  it('around Russia Day: launch Mon 15 Jun 2026 → 11, 10, 9, 8, 5 Jun', () => {
    expect(evaluate(notify, { dates: { launch: '2026-06-15' } }, '2026-06-01T00:00:00Z', RU)!.dueAt).toBe('2026-06-05T21:00:00.000Z');
  });
  it('analysis 3 working days after Thu 30 Apr 2026: (1–3 May off) 4, 5, 6 May', () => {
    expect(evaluate(policy('campaign-analysis'), { dates: { end: '2026-04-30' } }, '2026-05-01T00:00:00Z', RU)!.dueAt).toBe('2026-05-06T21:00:00.000Z');
  });
  it('2027 by the Labour Code rules: launch Tue 11 May 2027 → (10 May off for 9 May) 7, 6, 5, 4, (3 May off for 1 May) 30 Apr', () => {
    expect(evaluate(notify, { dates: { launch: '2027-05-11' } }, '2027-04-01T00:00:00Z', RU)!.dueAt).toBe('2027-04-30T21:00:00.000Z');
  });
  it('boundaries are inclusive: a notice exactly 5 working days before is met', () => {
    // An instant anchor: launch 15 May 2026 10:00 MSK → due 7 May 10:00 MSK.
    const dates = { launch: '2026-05-15T07:00:00Z' };
    const at = (stop: string) => evaluate(notify, { dates, events: [ev('stop', stop, notify.id)] }, '2026-05-15T00:00:00Z', RU)!.state;
    expect(evaluate(notify, { dates }, '2026-05-01T00:00:00Z', RU)!.dueAt).toBe('2026-05-07T07:00:00.000Z');
    expect(at('2026-05-07T07:00:00.000Z')).toBe('met');
    expect(at('2026-05-07T07:00:00.001Z')).toBe('breached');
    expect(evaluate(notify, { dates }, '2026-05-07T07:00:00.000Z', RU)!.state).not.toBe('breached');
    expect(evaluate(notify, { dates }, '2026-05-07T07:00:00.001Z', RU)!.state).toBe('breached');
    // A date-only launch: the whole due day counts (7 May 23:59 MSK met, 8 May 00:00 late).
    const day = { launch: '2026-05-15' };
    const d = (stop: string) => evaluate(notify, { dates: day, events: [ev('stop', stop, notify.id)] }, '2026-05-15T00:00:00Z', RU)!.state;
    expect(d('2026-05-07T20:59:59Z')).toBe('met');
    expect(d('2026-05-07T21:00:00Z')).toBe('breached');
  });
  it("the owner team's calendar is the policy's calendar unless the policy names one", () => {
    const nsk = BusinessCalendarSchema.parse({ id: 'nsk', name: 'NSK', timeZone: 'Asia/Novosibirsk', country: 'RU' });
    const teams = [{ id: 'marketing', calendarId: 'nsk' }];
    expect(calendarForPolicy(notify, [RU, nsk], teams).id).toBe('nsk');
    expect(calendarForPolicy({ ...notify, calendarId: DEFAULT_CALENDAR.id }, [RU, nsk], teams).id).toBe(DEFAULT_CALENDAR.id);
    expect(calendarForPolicy(notify, [nsk, RU], []).id).toBe(DEFAULT_CALENDAR.id);
    expect(calendarForPolicy(notify, [], teams)).toBe(DEFAULT_CALENDAR);
  });
});

// ───────────────────────────── properties ─────────────────────────────

const calendars = [
  RU,
  BusinessCalendarSchema.parse({ id: 'de', name: 'Berlin', timeZone: 'Europe/Berlin', country: 'DE' }),
  BusinessCalendarSchema.parse({ id: 'us', name: 'New York', timeZone: 'America/New_York', country: 'US' }),
  BusinessCalendarSchema.parse({ id: 'ny247', name: 'NY 24/7', timeZone: 'America/New_York', workingDays: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' }),
];
// Windows around DST changes in Berlin (29 Mar / 25 Oct 2026) and New York (8 Mar / 1 Nov 2026), and the RU transfer of 1 Nov 2025.
const windows = ['2026-03-06T00:00:00Z', '2026-03-27T00:00:00Z', '2026-10-23T00:00:00Z', '2026-10-30T00:00:00Z', '2025-10-30T00:00:00Z'].map(Date.parse);
const elapsedPolicies = [LEAD, SlaPolicySchema.parse({ ...LEAD, id: 'wall', businessTime: false })];

/** A random event history: a start, then alternating pause/resume, maybe a stop. */
const history = fc.record({
  base: fc.constantFrom(...windows),
  startOffset: fc.integer({ min: 0, max: 4 * 24 * 60 }),
  gaps: fc.array(fc.integer({ min: 1, max: 24 * 60 }), { maxLength: 6 }),
  stop: fc.boolean(),
  intent: fc.constantFrom('high', 'normal'),
});

function toEvents(h: { base: number; startOffset: number; gaps: number[]; stop: boolean }, policyId: string) {
  let t = h.base + h.startOffset * MIN;
  const events = [{ itemKey: KEY, policyId, type: 'start' as const, at: new Date(t).toISOString() }];
  h.gaps.forEach((g, i) => {
    t += g * MIN;
    events.push({ itemKey: KEY, policyId, type: (i % 2 === 0 ? 'pause' : 'resume') as 'start', at: new Date(t).toISOString() });
  });
  if (h.stop) {
    t += 30 * MIN;
    events.push({ itemKey: KEY, policyId, type: 'stop' as 'start', at: new Date(t).toISOString() });
  }
  return { events, last: t };
}

describe('SLA clock properties', () => {
  it('remaining time never grows as time passes, and elapsed never shrinks', () => {
    fc.assert(
      fc.property(fc.constantFrom(...calendars), fc.constantFrom(...elapsedPolicies), history, fc.integer({ min: 0, max: 6 * 24 * 60 }), fc.integer({ min: 0, max: 3 * 24 * 60 }), (cal, p, h, a, d) => {
        const { events } = toEvents(h, p.id);
        const t1 = Date.parse(events[0]!.at) + a * MIN;
        const t2 = t1 + d * MIN;
        const c1 = evaluate(p, { events, targetKey: h.intent }, t1, cal)!;
        const c2 = evaluate(p, { events, targetKey: h.intent }, t2, cal)!;
        expect(c2.remainingMs).toBeLessThanOrEqual(c1.remainingMs);
        expect(c2.elapsedMs).toBeGreaterThanOrEqual(c1.elapsedMs);
        expect(c1.elapsedMs + c1.remainingMs).toBe(c1.targetMs);
      }),
      { numRuns: 300 },
    );
  });

  it('a paused clock consumes no time', () => {
    fc.assert(
      fc.property(fc.constantFrom(...calendars), fc.constantFrom(...elapsedPolicies), history, fc.integer({ min: 1, max: 5 * 24 * 60 }), (cal, p, h, later) => {
        const gaps = h.gaps.length % 2 === 1 ? h.gaps : [...h.gaps, 5];
        const { events, last } = toEvents({ ...h, gaps, stop: false }, p.id); // ends with a pause
        const c1 = evaluate(p, { events, targetKey: h.intent }, last, cal)!;
        const c2 = evaluate(p, { events, targetKey: h.intent }, last + later * MIN, cal)!;
        expect(c2.elapsedMs).toBe(c1.elapsedMs);
        expect(c2.remainingMs).toBe(c1.remainingMs);
        expect(['paused', 'breached']).toContain(c2.state);
      }),
      { numRuns: 300 },
    );
  });

  it('the state holds until nextChangeAt and changes exactly then (DST and transfers included)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...calendars), fc.constantFrom(...elapsedPolicies), history, fc.integer({ min: 0, max: 3 * 24 * 60 }), (cal, p, h, a) => {
        const { events } = toEvents({ ...h, gaps: [], stop: false }, p.id);
        const now = Date.parse(events[0]!.at) + a * MIN;
        const c = evaluate(p, { events, targetKey: h.intent }, now, cal)!;
        if (!c.nextChangeAt) {
          expect(c.state).toBe('breached');
          return;
        }
        const next = Date.parse(c.nextChangeAt);
        expect(next).toBeGreaterThan(now);
        expect(evaluate(p, { events, targetKey: h.intent }, next - 1, cal)!.state).toBe(c.state);
        expect(evaluate(p, { events, targetKey: h.intent }, next, cal)!.state).not.toBe(c.state);
        // The due instant does not move while the clock runs.
        expect(evaluate(p, { events, targetKey: h.intent }, next, cal)!.dueAt).toBe(c.dueAt);
      }),
      { numRuns: 300 },
    );
  });

  it('deadline clocks: state changes exactly at nextChangeAt', () => {
    const deadlinePolicies = DEFAULT_SLA_POLICIES.filter((p) => p.kind !== 'elapsed');
    fc.assert(
      fc.property(
        fc.constantFrom(...calendars),
        fc.constantFrom(...deadlinePolicies),
        fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-12-01T00:00:00Z') }),
        fc.integer({ min: 0, max: 20 * 24 * 60 }),
        (cal, p, anchorMs, before) => {
          const anchor = new Date(anchorMs).toISOString().slice(0, 10);
          const ctx: SlaContext = { dates: { launch: anchor, release: anchor, end: anchor }, events: [] };
          const now = anchorMs - before * MIN;
          const c = evaluate(p, ctx, now, cal)!;
          if (!c.nextChangeAt) return;
          const next = Date.parse(c.nextChangeAt);
          expect(evaluate(p, ctx, next - 1, cal)!.state).toBe(c.state);
          const after = evaluate(p, ctx, next, cal)!;
          expect(after.state !== c.state || after.dueAt !== c.dueAt).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('first contact whose time the page does not show', () => {
  it('reads "unknown": never breached, left out of the hit rate', () => {
    const start = ev('start', '2026-04-20T07:00:00Z', LEAD.id);
    const stop = { ...ev('stop', '2026-04-24T07:00:00Z', LEAD.id), by: CONTACT_TIME_UNKNOWN };
    const c = evaluate(LEAD, { events: [start, stop], targetKey: 'high' }, '2026-04-24T08:00:00Z', RU)!;
    expect(c.state).toBe('unknown');
    expect(c.nextChangeAt).toBeNull();
    expect(c.metAt).toBeUndefined();
    const met = evaluate(LEAD, { events: [start, ev('stop', '2026-04-20T07:10:00Z', LEAD.id)], targetKey: 'high' }, '2026-04-24T08:00:00Z', RU)!;
    expect(met.state).toBe('met');
    expect(slaCompliance([c, met])).toEqual({ finished: 1, met: 1, share: 1 });
  });
});

describe('the weekly report on a holiday Monday is due on the week\'s first working day (hand-computed, RU 2026–2028)', () => {
  const weekly = policy('weekly-report');
  const dueAt = (now: string) => evaluate(weekly, { events: [] }, now, RU)!.dueAt;
  /** The end of a Moscow day (UTC+3, no DST): the midnight that starts the next day. */
  const endOf = (day: string) => new Date(Date.parse(`${day}T00:00:00+03:00`) + 24 * 3600_000).toISOString();

  it('an ordinary Monday: due at its end (Mon 4 May 2026 works: 1–3 May are the days off)', () => {
    expect(dueAt('2026-05-04T06:00:00Z')).toBe(endOf('2026-05-04'));
    expect(weeklyDueDate(weekly, RU, '2026-05-04')).toBe('2026-05-04');
  });

  it.each([
    ['2026-02-23', '2026-02-24', 'Defender of the Fatherland Day on a Monday'],
    ['2026-03-09', '2026-03-10', '8 March (Sun) moved to Mon 9 March, art. 112'],
    ['2026-05-11', '2026-05-12', '9 May (Sat) moved to Mon 11 May, art. 112'],
    ['2027-05-03', '2027-05-04', '1 May 2027 (Sat) moved to Mon 3 May, no decree yet'],
    ['2027-06-14', '2027-06-15', '12 June 2027 (Sat) moved to Mon 14 June'],
    ['2028-05-01', '2028-05-02', 'Labour Day on a Monday'],
    ['2028-11-06', '2028-11-07', '4 November 2028 (Sat) moved to Mon 6 November'],
  ])('Monday %s is a day off → due %s (%s)', (monday, due) => {
    expect(weeklyDueDate(weekly, RU, monday)).toBe(due);
    // Seen from the Friday before and from the holiday itself, the next due is the end of that Tuesday.
    const friday = new Date(Date.parse(`${monday}T12:00:00+03:00`) - 3 * 24 * 3600_000).toISOString();
    expect(dueAt(friday)).toBe(endOf(due));
    expect(dueAt(`${monday}T09:00:00Z`)).toBe(endOf(due));
  });

  it('a report sent on the moved due day is met; calendar days (businessTime false) keep the Monday', () => {
    const sent = evaluate(weekly, { events: [ev('stop', '2026-05-12T12:00:00Z', weekly.id)] }, '2026-05-12T13:00:00Z', RU)!;
    expect(sent).toMatchObject({ state: 'met', dueAt: endOf('2026-05-12') });
    expect(weeklyDueDate({ ...weekly, businessTime: false }, RU, '2026-05-11')).toBe('2026-05-11');
  });
});
