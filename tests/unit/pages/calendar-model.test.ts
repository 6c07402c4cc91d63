import { describe, expect, it } from 'vitest';
import { buildLaunchCalendar, calendarRows, keyUrl, localDate, teamTimeZone } from '@/lib/pages/calendar';
import { escapeText, foldLine, toIcs } from '@/lib/pages/ics';
import type { Dependency, ItemMeta, ItemSnapshot } from '@/lib/core/schemas';
import { DEFAULT_CALENDAR } from '@/lib/core/defaults';

const NOW = '2026-03-25T10:00:00.000Z'; // Wednesday; the Moscow week starts Mon Mar 23
const C = 'jira:acme.atlassian.net:issue:MKT-1';
const R = 'jira:acme.atlassian.net:issue:PROD-7';
const S = 'jira:acme.atlassian.net:issue:PROD-9';

function snapshot(key: string, title: string, dates: ItemSnapshot['dates'] = {}): ItemSnapshot {
  const id = key.split(':')[3]!;
  return { key, ref: { tool: 'jira', workspace: 'acme.atlassian.net', kind: 'issue', id }, title, dates, labels: [], url: `https://acme.atlassian.net/browse/${id}`, seenAt: '2026-03-20T08:00:00.000Z' };
}
const meta = (key: string, m: Partial<ItemMeta>): ItemMeta => ({ key, ...m }) as ItemMeta;
const needs = (id: string, from: string, to: string): Dependency => ({ id, fromKey: from, to: { type: 'item', itemKey: to }, relation: 'needs', state: 'pending' }) as Dependency;

describe('launch calendar model', () => {
  it('puts an instant in the team time zone: 00:30 Moscow on Monday Mar 30 is the week of Mar 30, not Mar 23', () => {
    expect(localDate('2026-03-30T00:30:00+03:00', 'Europe/Moscow')).toBe('2026-03-30');
    expect(localDate('2026-03-30T00:30:00+03:00', 'UTC')).toBe('2026-03-29');
    const input = { itemMeta: [meta(C, { role: 'campaign' })], snapshots: [snapshot(C, 'Spring sale', { launch: '2026-03-30T00:30:00+03:00' })], dependencies: [] };
    const msk = buildLaunchCalendar(input, NOW, 'Europe/Moscow');
    expect(msk.weeks[0]!.start).toBe('2026-03-23');
    const bar = msk.bars[0]!;
    expect(bar.start).toBe('2026-03-30');
    expect(bar.firstWeek).toBe(1);
    expect(msk.weeks[1]!.busy).toBe(true);
    expect(msk.weeks[0]!.busy).toBe(false);
    // the same data read in UTC would land a week earlier — the bug the team saw
    expect(buildLaunchCalendar(input, NOW, 'UTC').bars[0]!.firstWeek).toBe(0);
  });

  it('draws a campaign as one bar from launch to end, clipped to the 12 weeks', () => {
    const cal = buildLaunchCalendar(
      {
        itemMeta: [meta(C, { role: 'campaign', dates: { launch: '2026-03-10', end: '2026-04-08' } }), meta(S, { role: 'campaign', dates: { launch: '2026-06-01', end: '2026-07-31' } }), meta(R, { role: 'release', dates: { release: '2026-09-01' } })],
        snapshots: [],
        dependencies: [],
      },
      NOW,
      'Europe/Moscow',
    );
    expect(cal.weeks).toHaveLength(12);
    expect(cal.weeks[11]!.end).toBe('2026-06-14');
    const early = cal.bars.find((b) => b.itemKey === C)!;
    expect([early.firstWeek, early.lastWeek, early.clippedBefore, early.clippedAfter]).toEqual([0, 2, true, false]);
    expect([early.launch, early.endDate]).toEqual(['2026-03-10', '2026-04-08']);
    const late = cal.bars.find((b) => b.itemKey === S)!;
    expect([late.firstWeek, late.lastWeek, late.clippedBefore, late.clippedAfter]).toEqual([10, 11, false, true]);
    expect(cal.outside).toEqual({ before: 0, after: 1 });
    expect(cal.bars).toHaveLength(2);
  });

  it('lists a conflict once per pair of items and marks both bars with its number', () => {
    const cal = buildLaunchCalendar(
      {
        itemMeta: [meta(C, { role: 'campaign', teamId: 'marketing', dates: { launch: '2026-04-06', end: '2026-04-20' } }), meta(R, { role: 'release', teamId: 'product', dates: { release: '2026-04-15' } })],
        snapshots: [snapshot(C, 'Spring sale'), snapshot(R, 'Payment form')],
        // two dependencies between the same two items are still one conflict to fix
        dependencies: [needs('d1', C, R), needs('d2', C, R)],
      },
      NOW,
      'Europe/Moscow',
    );
    expect(cal.conflicts).toHaveLength(1);
    expect(cal.conflicts[0]).toMatchObject({ n: 1, itemKey: C, otherKey: R, launch: '2026-04-06' });
    expect(cal.bars.find((b) => b.itemKey === C)!.conflicts).toEqual([1]);
    expect(cal.bars.find((b) => b.itemKey === R)!.conflicts).toEqual([1]);
    const byTeam = calendarRows(cal, 'team', [{ id: 'product' }, { id: 'marketing' }]);
    expect(byTeam.map((r) => r.id)).toEqual(['team:product', 'team:marketing']);
    const byKind = calendarRows(cal, 'kind');
    expect(byKind.map((r) => r.id)).toEqual(['role:campaign', 'role:release']);
  });

  it('packs overlapping bars of a row into lanes and keeps items without a team in their own row', () => {
    const cal = buildLaunchCalendar(
      { itemMeta: [meta(C, { role: 'campaign', dates: { launch: '2026-03-24', end: '2026-04-10' } }), meta(S, { role: 'campaign', dates: { launch: '2026-04-01' } }), meta(R, { role: 'campaign', dates: { launch: '2026-04-20' } })], snapshots: [], dependencies: [] },
      NOW,
      'Europe/Moscow',
    );
    const rows = calendarRows(cal, 'team', []);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe('none');
    expect(rows[0]!.lanes.map((l) => l.map((b) => b.itemKey))).toEqual([[C, R], [S]]);
  });

  it('takes the time zone from the user team calendar, else the default calendar', () => {
    const ny = { ...DEFAULT_CALENDAR, id: 'ny', name: 'NY', timeZone: 'America/New_York' };
    const ws = { calendars: [DEFAULT_CALENDAR, ny], teams: [{ id: 'sales', calendarId: 'ny' }, { id: 'marketing' }] };
    expect(teamTimeZone(ws, ['marketing'])).toBe('Europe/Moscow');
    expect(teamTimeZone(ws, ['sales'])).toBe('America/New_York');
    expect(teamTimeZone({ calendars: [], teams: [] }, [])).toBe('Europe/Moscow');
    expect(teamTimeZone({ calendars: [{ ...ny, id: 'x', timeZone: 'Not/AZone' }], teams: [] })).toBe('Europe/Moscow');
  });
});

describe('item links', () => {
  it('links items dated only in the panel to their host address, http(s) only', () => {
    expect(keyUrl(C)).toBe('https://acme.atlassian.net/browse/MKT-1');
    expect(keyUrl('trello:acme:card:AbC123xy')).toBe('https://trello.com/c/AbC123xy');
    expect(keyUrl('notion:acme:page:3f1c2a9b-0000-4000-8000-1234567890ab')).toBe('https://www.notion.so/3f1c2a9b000040008000123456789' + '0ab');
    expect(keyUrl('hubspot:123:deal:9')).toBeUndefined();
    const cal = buildLaunchCalendar({ itemMeta: [meta(C, { role: 'campaign', dates: { launch: '2026-03-26' } })], snapshots: [], dependencies: [] }, NOW, 'Europe/Moscow');
    expect(cal.bars[0]!.url).toBe('https://acme.atlassian.net/browse/MKT-1');
  });
});

describe('iCalendar export', () => {
  it('escapes TEXT per RFC 5545', () => {
    expect(escapeText('Sale; 50%, today\\now\nline2')).toBe('Sale\\; 50%\\, today\\\\now\\nline2');
  });

  it('folds lines at 75 octets without splitting a UTF-8 character', () => {
    const line = `SUMMARY:${'Запуск кампании '.repeat(8)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(new TextEncoder().encode(p).length).toBeLessThanOrEqual(75);
    for (const p of parts.slice(1)) expect(p.startsWith(' ')).toBe(true);
    expect(parts.map((p, i) => (i ? p.slice(1) : p)).join('')).toBe(line);
  });

  it('writes all-day VEVENTs with CRLF, a UID from the item key, DTSTAMP and an exclusive DTEND', () => {
    const ics = toIcs(
      [{ id: `${C}|span`, summary: 'Launch: Spring sale, 50%; “today”', start: '2026-04-06', end: '2026-04-20', url: 'https://acme.atlassian.net/browse/MKT-1', description: 'Launch Apr 6\nMarketing' }],
      { now: '2026-03-25T10:00:00.000Z', name: 'Liaison launches', timeZone: 'Europe/Moscow' },
    );
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = ics.replace(/\r\n /g, '').split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines).toContain('BEGIN:VEVENT');
    expect(lines).toContain('DTSTART;VALUE=DATE:20260406');
    expect(lines).toContain('DTEND;VALUE=DATE:20260421');
    expect(lines).toContain('DTSTAMP:20260325T100000Z');
    expect(lines).toContain('SUMMARY:Launch: Spring sale\\, 50%\\; “today”');
    expect(lines).toContain('DESCRIPTION:Launch Apr 6\\nMarketing');
    const uid = lines.find((l) => l.startsWith('UID:'))!;
    expect(uid).toMatch(/^UID:[A-Za-z0-9._-]+@liaison$/);
    expect(uid).toContain('MKT-1');
    expect(lines.at(-2)).toBe('END:VCALENDAR');
    for (const l of ics.split('\r\n')) expect(new TextEncoder().encode(l).length).toBeLessThanOrEqual(75);
  });
});
