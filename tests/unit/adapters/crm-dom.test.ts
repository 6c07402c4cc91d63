import { describe, expect, it } from 'vitest';
import { buildCrmReading, parseCrmDateTime } from '@/lib/adapters/crm-dom';

// Local wall-clock instants (the CRM renders in the browser's zone).
const local = (y: number, mo: number, d: number, h: number, mi: number): string => new Date(y, mo - 1, d, h, mi).toISOString();
const now = new Date(2026, 3, 3, 12, 0); // Friday 3 April 2026, 12:00 local

describe('first-contact times as each CRM shows them (EN/RU, absolute and relative)', () => {
  it.each([
    ['Yesterday 16:20', local(2026, 4, 2, 16, 20)],
    ['Вчера 16:20', local(2026, 4, 2, 16, 20)],
    ['вчера в 16:20', local(2026, 4, 2, 16, 20)],
    ['Yesterday at 4:20 PM', local(2026, 4, 2, 16, 20)],
    ['Today at 9:15 AM', local(2026, 4, 3, 9, 15)],
    ['Сегодня, 09:15', local(2026, 4, 3, 9, 15)],
    ['2 апреля 2026, 10:41', local(2026, 4, 2, 10, 41)],
    ['2 апреля 2026 г., 10:41', local(2026, 4, 2, 10, 41)],
    ['2 апр. 2026, 10:41', local(2026, 4, 2, 10, 41)],
    ['2 апреля в 10:41', local(2026, 4, 2, 10, 41)],
    ['Apr 2, 2026 at 10:41 AM', local(2026, 4, 2, 10, 41)],
    ['April 2, 2026 10:41 AM', local(2026, 4, 2, 10, 41)],
    ['2 April 2026 at 10:41', local(2026, 4, 2, 10, 41)],
    ['02.04.2026 10:41', local(2026, 4, 2, 10, 41)],
    ['4/2/2026 10:41 AM', local(2026, 4, 2, 10, 41)],
    ['15 minutes ago', local(2026, 4, 3, 11, 45)],
    ['an hour ago', local(2026, 4, 3, 11, 0)],
    ['2 hours ago', local(2026, 4, 3, 10, 0)],
    ['15 минут назад', local(2026, 4, 3, 11, 45)],
    ['час назад', local(2026, 4, 3, 11, 0)],
    ['2 часа назад', local(2026, 4, 3, 10, 0)],
    ['только что', local(2026, 4, 3, 12, 0)],
  ])('%s', (text, expected) => {
    expect(parseCrmDateTime(text, { now })).toBe(expected);
  });

  it('a time with an explicit zone is exact', () => {
    expect(parseCrmDateTime('Thu, Apr 2, 2026 10:41 AM GMT+3', { now })).toBe('2026-04-02T07:41:00.000Z');
  });

  it('the earliest logged contact wins; a status past "New" alone is contact without a time', () => {
    const r = buildCrmReading({
      fields: {},
      events: [
        { kind: 'email', text: 'Email sent', at: local(2026, 4, 2, 10, 41) },
        { kind: 'call', text: 'Call logged', at: local(2026, 4, 2, 9, 58) },
        { kind: 'other', text: 'Stage changed', at: local(2026, 4, 2, 9, 0) },
      ],
      now,
    });
    expect(r.firstContact).toEqual({ kind: 'call', evidence: 'Call logged', at: local(2026, 4, 2, 9, 58) });
    const s = buildCrmReading({ fields: {}, status: 'Qualified', statusIsLeadStatus: true, now });
    expect(s.firstContact).toEqual({ kind: 'status', evidence: 'Qualified' });
    // A deal's stage is not a lead status: no contact is guessed.
    expect(buildCrmReading({ fields: {}, status: 'Proposal', now }).firstContact).toBeUndefined();
  });
});

describe('contact attempts the timeline shows', () => {
  it('calls made, connected or not, count; an incoming missed call does not', () => {
    const r = buildCrmReading({
      fields: {},
      events: [
        { kind: 'other', text: 'Исходящий звонок — не дозвонились', at: local(2026, 4, 1, 10, 0) },
        { kind: 'other', text: 'Outgoing call: no answer', at: local(2026, 4, 1, 14, 0) },
        { kind: 'other', text: 'Пропущенный входящий звонок', at: local(2026, 4, 1, 15, 0) },
        { kind: 'call', text: 'Исходящий звонок', at: local(2026, 4, 2, 9, 30) },
      ],
      now,
    });
    expect(r.fields.contactAttempts).toBe('3');
  });
});

describe('first contact: a day without a time of day is not an instant', () => {
  const base = { title: 'Lead', fields: {}, created: '2025-03-12T06:41:00.000Z' };
  it('a logged e-mail dated only "2025-03-14": contacted, time unknown (no midnight guessed)', () => {
    const r = buildCrmReading({ ...base, events: [{ kind: 'email', text: 'Email: Welcome', at: '2025-03-14' }] });
    expect(r.firstContact).toEqual({ kind: 'email', evidence: 'Email: Welcome' });
  });
  it('a timed contact on the same day names the time; an earlier bare day still wins as "time unknown"', () => {
    const sameDay = buildCrmReading({ ...base, events: [{ kind: 'email', text: 'Task: e-mail', at: '2025-03-12' }, { kind: 'call', text: 'Call', at: '2025-03-12T07:05:00.000Z' }] });
    expect(sameDay.firstContact).toEqual({ kind: 'call', evidence: 'Call', at: '2025-03-12T07:05:00.000Z' });
    const dayBefore = buildCrmReading({ ...base, events: [{ kind: 'meeting', text: 'Meeting', at: '2025-03-11' }, { kind: 'call', text: 'Call', at: '2025-03-12T07:05:00.000Z' }] });
    expect(dayBefore.firstContact).toEqual({ kind: 'meeting', evidence: 'Meeting' });
  });
  it('"Last contacted" with only a date is evidence without a time', () => {
    expect(buildCrmReading({ ...base, fields: { lastContacted: '03/14/2025' } }).firstContact).toEqual({ kind: 'last-contacted', evidence: '03/14/2025' });
  });
});
