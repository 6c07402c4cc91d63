/**
 * iCalendar (RFC 5545) export of the launch calendar, so launches and releases show up in Google
 * Calendar, Outlook or Apple Calendar: all-day VEVENTs (DTSTART;VALUE=DATE, DTEND exclusive), a UID
 * stable per item and kind of date (re-importing updates instead of duplicating), TEXT values escaped
 * (§3.3.11), lines folded at 75 octets without splitting a UTF-8 character (§3.1), CRLF line ends.
 * Pure: no browser APIs.
 */

export interface IcsEvent {
  /** Stable identifier (item key + kind); made into the UID. */
  id: string;
  summary: string;
  /** First day, YYYY-MM-DD (inclusive). */
  start: string;
  /** Last day, YYYY-MM-DD (inclusive); the same as start for a one-day event. */
  end: string;
  description?: string;
  url?: string;
  categories?: string[];
}

/** Escape a TEXT value: backslash, semicolon, comma and newlines (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Fold a content line to at most 75 octets per physical line (continuations start with one space). */
export function foldLine(line: string): string {
  const enc = new TextEncoder();
  const out: string[] = [];
  let cur = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const n = enc.encode(ch).length;
    if (octets + n > limit) {
      out.push(cur);
      cur = ' ';
      octets = 1;
      limit = 75;
    }
    cur += ch;
    octets += n;
  }
  out.push(cur);
  return out.join('\r\n');
}

const compactDate = (d: string) => d.replace(/-/g, '');

function nextDay(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** UTC date-time in the basic format, e.g. 20260506T100000Z. */
function stamp(now: Date | number | string): string {
  return new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** A UID that is stable for the item and date kind and holds only safe characters. */
export function uidFor(id: string): string {
  return `${id.replace(/[^A-Za-z0-9._-]/g, (c) => `-${c.codePointAt(0)!.toString(16)}-`)}@liaison`;
}

export function toIcs(events: readonly IcsEvent[], opts: { now: Date | number | string; name: string; timeZone?: string }): string {
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Liaison//Launch calendar//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(opts.name)}`,
  ];
  if (opts.timeZone) lines.push(`X-WR-TIMEZONE:${escapeText(opts.timeZone)}`);
  const dtstamp = stamp(opts.now);
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${uidFor(e.id)}`,
      `DTSTAMP:${dtstamp}`,
      `DTSTART;VALUE=DATE:${compactDate(e.start)}`,
      `DTEND;VALUE=DATE:${compactDate(nextDay(e.end < e.start ? e.start : e.end))}`,
      `SUMMARY:${escapeText(e.summary)}`,
    );
    if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
    if (e.url) lines.push(`URL:${e.url.replace(/[\r\n]/g, '')}`);
    if (e.categories?.length) lines.push(`CATEGORIES:${e.categories.map(escapeText).join(',')}`);
    lines.push('TRANSP:TRANSPARENT', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
