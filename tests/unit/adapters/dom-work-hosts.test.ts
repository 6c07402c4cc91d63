// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { dateRangeOf, labelledRows, rowLabelled, textWithout, themeFromClasses, workspaceFromLinks } from '@/lib/adapters/dom';

function doc(html: string): Document {
  return new DOMParser().parseFromString(`<!doctype html><html><body>${html}</body></html>`, 'text/html');
}

describe('workspaceFromLinks', () => {
  const RE = /^\/(\d{4,20})\/[a-z]/;
  it('takes the id most of the app\'s same-origin links carry (a switcher link to another workspace loses)', () => {
    const d = doc(`<nav><a href="/111111/home">Home</a><a href="/111111/v/li/5">List</a>
      <a href="https://app.clickup.com/111111/inbox">Inbox</a><a href="/222222/home">Other workspace</a>
      <a href="https://evil.example/333333/home">x</a><a href="https://evil.example/333333/v">y</a><a href="https://evil.example/333333/z">z</a></nav>`);
    expect(workspaceFromLinks(d, 'https://app.clickup.com', RE)).toBe('111111');
  });
  it('looks only under the given roots, and returns null when nothing matches', () => {
    const d = doc(`<nav><a href="/111111/home">Home</a></nav><main><a href="/help">Help</a></main>`);
    expect(workspaceFromLinks(d, 'https://app.clickup.com', RE, ['main'])).toBeNull();
    expect(workspaceFromLinks(d, 'https://app.clickup.com', RE, ['nav'])).toBe('111111');
    expect(workspaceFromLinks(doc('<a href="javascript:void(0)">x</a>'), 'https://app.clickup.com', RE)).toBeNull();
  });
});

describe('dateRangeOf', () => {
  it('splits start → end at arrows and dashes, borrowing the year', () => {
    expect(dateRangeOf('4/20/26 → 5/15/26')).toEqual({ start: '2026-04-20', end: '2026-05-15' });
    expect(dateRangeOf('Apr 20 – May 15, 2026')).toEqual({ start: '2026-04-20', end: '2026-05-15' });
    expect(dateRangeOf('Apr 20 - May 15, 2026')).toEqual({ start: '2026-04-20', end: '2026-05-15' });
    expect(dateRangeOf('20 апр. – 15 мая 2026')).toEqual({ start: '2026-04-20', end: '2026-05-15' });
    expect(dateRangeOf('2026-04-20 → 2026-05-15')).toEqual({ start: '2026-04-20', end: '2026-05-15' });
  });
  it('one date is the end; no date is nothing', () => {
    expect(dateRangeOf('May 15, 2026')).toEqual({ end: '2026-05-15' });
    expect(dateRangeOf('15.05.2026')).toEqual({ end: '2026-05-15' });
    expect(dateRangeOf('No due date')).toEqual({});
    expect(dateRangeOf('')).toEqual({});
  });
});

describe('labelledRows, textWithout', () => {
  it('reads label/value rows and a row\'s text without its label', () => {
    const d = doc(`<div class="f">
      <div class="row"><span class="l">Status</span><div class="v">In progress</div></div>
      <div class="row"><span class="l">Owner</span>Maria <b>Ivanova</b></div>
      <div class="row"><div class="v">no label</div></div></div>`);
    const rows = labelledRows(d, { row: ['.row'], label: ['.l'], value: ['.v'] });
    expect(rows.map((r) => r.label)).toEqual(['Status', 'Owner']);
    expect(rowLabelled(rows, /^status$/i)!.value.textContent).toBe('In progress');
    const owner = rowLabelled(rows, /^owner$/i)!;
    expect(owner.value).toBe(owner.row);
    expect(textWithout(owner.row, owner.row.querySelector('.l'))).toBe('Maria Ivanova');
  });
});

describe('themeFromClasses', () => {
  it('dark and light classes on <body>, else null', () => {
    const d = doc('');
    expect(themeFromClasses(d, ['dark-app-theme'])).toBeNull();
    d.body.classList.add('dark-app-theme');
    expect(themeFromClasses(d, ['dark-app-theme'], ['light-app-theme'])).toBe('dark');
  });
});
