// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import {
  dateOf,
  detectWithDom,
  isEditable,
  monthFromName,
  parseColor,
  parseHumanDate,
  queryAllFirst,
  queryFirst,
  queryFirstWhere,
  safeMount,
  structuredText,
  textOf,
  themeFromColors,
} from '@/lib/adapters/dom';

function parse(html: string): Document {
  return new DOMParser().parseFromString(`<!doctype html><html><head></head><body>${html}</body></html>`, 'text/html');
}

describe('queryFirst / queryAllFirst', () => {
  const doc = parse('<div data-testid="b">B1</div><div data-testid="b">B2</div><div class="c">C</div>');
  it('takes the first selector that matches', () => {
    expect(queryFirst(doc, ['[data-testid="a"]', '[data-testid="b"]', '.c'])?.textContent).toBe('B1');
    expect(queryFirst(doc, ['[data-testid="zz"]'])).toBeNull();
    expect(queryFirst(null, ['.c'])).toBeNull();
  });
  it('survives an invalid selector in the list', () => {
    expect(queryFirst(doc, [':::nonsense', '.c'])?.textContent).toBe('C');
  });
  it('returns all matches of the first matching selector', () => {
    expect(queryAllFirst(doc, ['.none', '[data-testid="b"]', '.c']).map((e) => e.textContent)).toEqual(['B1', 'B2']);
  });
  it('filters with queryFirstWhere', () => {
    expect(queryFirstWhere(doc, ['[data-testid="b"]'], (e) => e.textContent === 'B2')?.textContent).toBe('B2');
  });
});

describe('textOf', () => {
  it('collapses whitespace, skips hidden, scripts and svg, separates blocks', () => {
    const doc = parse(
      '<div id="x"><p>Hello   <b>world</b></p><p>Second</p><span hidden>secret</span><span aria-hidden="true">icon</span>' +
        '<script>alert(1)</script><style>p{}</style><svg><text>svgtext</text></svg><span style="display: none">gone</span></div>',
    );
    expect(textOf(doc.getElementById('x'))).toBe('Hello world Second');
  });
  it('reads the value of a textarea', () => {
    const doc = parse('<textarea id="t">initial</textarea>');
    const t = doc.getElementById('t') as HTMLTextAreaElement;
    t.value = 'Edited title';
    expect(textOf(t)).toBe('Edited title');
  });
  it('keeps markup-looking text as text', () => {
    const doc = parse('<h1 id="h">&lt;img src=x onerror=alert(1)&gt;</h1>');
    expect(textOf(doc.getElementById('h'))).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('structuredText', () => {
  it('keeps headings, list items and one block per line', () => {
    const doc = parse(`<div id="d">
      <h1>Target audience</h1><p>Marketers in <strong>B2B</strong> SaaS</p>
      <h2>Goal</h2><p>First line<br>second line</p>
      <ul><li><p>one</p></li><li>two<ul><li>nested</li></ul></li></ul>
      <ol><li>first</li></ol>
      <table><tbody><tr><th>KPI</th><th>Target</th></tr><tr><td><p>CAC</p></td><td>1000</td></tr></tbody></table>
      <h3>Deep</h3><p>   </p></div>`);
    expect(structuredText(doc.getElementById('d'))).toBe(
      [
        '# Target audience',
        'Marketers in B2B SaaS',
        '## Goal',
        'First line',
        'second line',
        '- one',
        '- two',
        '- nested',
        '- first',
        '| KPI | Target |',
        '| CAC | 1000 |',
        '### Deep',
      ].join('\n'),
    );
  });
  it('accepts host-specific headings and list items', () => {
    const doc = parse(`<div id="d">
      <div class="notion-header-block" data-block-id="1"><div><div contenteditable="true">Goal</div></div></div>
      <div class="notion-text-block" data-block-id="2"><div contenteditable="true">Grow</div></div>
      <div class="notion-bulleted_list-block" data-block-id="3"><div contenteditable="true">point</div></div></div>`);
    const text = structuredText(doc.getElementById('d'), {
      headingLevel: (e) => (e.classList.contains('notion-header-block') ? 1 : null),
      isListItem: (e) => e.classList.contains('notion-bulleted_list-block'),
    });
    expect(text).toBe('# Goal\nGrow\n- point');
  });
  it('is empty for nothing', () => {
    expect(structuredText(null)).toBe('');
  });
});

describe('isEditable / safeMount', () => {
  const doc = parse(`<main id="m"><div id="wrap"><div id="ce" contenteditable="true"><p id="inner">x</p></div>
    <div contenteditable="false" id="island"><span id="isl">y</span></div>
    <textarea id="ta"></textarea><div class="renderer" id="r"><h1 id="rh">desc</h1></div><div id="ok"></div></div></main>`);
  const g = (id: string): Element => doc.getElementById(id)!;
  it('knows editable regions', () => {
    expect(isEditable(g('inner'))).toBe(true);
    expect(isEditable(g('ce'))).toBe(true);
    expect(isEditable(g('ta'))).toBe(true);
    expect(isEditable(g('isl'))).toBe(false);
    expect(isEditable(g('ok'))).toBe(false);
    expect(isEditable(null)).toBe(false);
  });
  it('climbs out of editable and avoided regions', () => {
    expect(safeMount(g('inner'), 'last')).toEqual({ anchor: g('ce'), append: 'after' });
    expect(safeMount(g('rh'), 'first', ['.renderer'])).toEqual({ anchor: g('r'), append: 'after' });
    expect(safeMount(g('ok'), 'first', ['.renderer'])).toEqual({ anchor: g('ok'), append: 'first' });
    expect(safeMount(null, 'first')).toBeNull();
  });
  it('respects the root', () => {
    expect(safeMount(g('ok'), 'first', [], g('ce'))).toBeNull();
  });
});

describe('themeFromColors', () => {
  it('reads dark and light backgrounds', () => {
    expect(themeFromColors(parse('<div></div>'))).toBe('light');
    const dark = parse('<div></div>');
    dark.body.setAttribute('style', 'background-color: #1d2125');
    expect(themeFromColors(dark)).toBe('dark');
    const light = parse('');
    light.body.setAttribute('style', 'background-color: rgb(255, 255, 255)');
    expect(themeFromColors(light)).toBe('light');
  });
  it('parses colours', () => {
    expect(parseColor('#fff')).toEqual({ r: 255, g: 255, b: 255, a: 1 });
    expect(parseColor('rgba(25, 25, 25, 0)')?.a).toBe(0);
    expect(parseColor('rgb(25 25 25 / 50%)')).toEqual({ r: 25, g: 25, b: 25, a: 0.5 });
    expect(parseColor('papayawhip')).toBeNull();
  });
});

describe('parseHumanDate', () => {
  const now = new Date(2026, 0, 10);
  it.each([
    ['May 15, 2026', '2026-05-15'],
    ['Due: Dec 3, 2025 at 10:00 AM', '2025-12-03'],
    ['15 May 2026', '2026-05-15'],
    ['15 мая 2026', '2026-05-15'],
    ['15 мая 2026 г.', '2026-05-15'],
    ['1 сент. 2026 г.', '2026-09-01'],
    ['15.05.2026', '2026-05-15'],
    ['15.05.26', '2026-05-15'],
    ['2026-05-15', '2026-05-15'],
    ['2026-05-15T09:00:00.000Z', '2026-05-15'],
    ['15/May/26', '2026-05-15'],
    ['15/мая/26', '2026-05-15'],
    ['05/15/2026', '2026-05-15'],
    ['15/05/2026', '2026-05-15'],
    ['May 15', '2026-05-15'],
    ['15 мая', '2026-05-15'],
    ['June 1st', '2026-06-01'],
    ['Февраль 3, 2026', '2026-02-03'],
  ])('%s → %s', (input, iso) => {
    expect(parseHumanDate(input, { now })).toBe(iso);
  });
  it.each(['Today', 'Сегодня', 'Tomorrow', '', 'Feb 30, 2026', '31.02.2026', 'Version 12', 'Sprint 3'])('%s → null', (input) => {
    expect(parseHumanDate(input, { now })).toBeNull();
  });
  it('honours dmy for ambiguous slashes when asked', () => {
    expect(parseHumanDate('05/06/2026', { slashOrder: 'dmy' })).toBe('2026-06-05');
    expect(parseHumanDate('05/06/2026')).toBe('2026-05-06');
  });
  it('reads machine attributes first', () => {
    const doc = parse('<span id="a"><time datetime="2026-07-01">Jul 2</time></span><span id="b" data-date="2026-08-09">whatever</span>');
    expect(dateOf(doc.getElementById('a'))).toBe('2026-07-01');
    expect(dateOf(doc.getElementById('b'))).toBe('2026-08-09');
  });
  it('knows month names', () => {
    expect(monthFromName('Sept.')).toBe(9);
    expect(monthFromName('декабря')).toBe(12);
    expect(monthFromName('ma')).toBeNull();
  });
});

describe('detectWithDom', () => {
  it('takes the id from the URL and lets the DOM veto only', () => {
    const doc = parse('');
    const ctx = { url: new URL('https://acme.atlassian.net/browse/MKT-1'), doc, custom: {} };
    expect(detectWithDom(ctx, 'jira')?.id).toBe('MKT-1');
    expect(detectWithDom(ctx, 'trello')).toBeNull();
    expect(detectWithDom(ctx, 'jira', () => true)).toBeNull();
  });
});

describe('structuredText tables keep their columns for the brief check', () => {
  it('an empty cell stays a cell, cell paragraphs stay on the row', () => {
    const doc = new DOMParser().parseFromString(
      `<div id="d"><table><tbody><tr><th><p>Goal</p></th><td><p>More demos</p><p>in Q2</p></td></tr><tr><th><p>Offer</p></th><td><p></p></td></tr><tr><td>A | B</td><td>x</td></tr></tbody></table></div>`,
      'text/html',
    );
    expect(structuredText(doc.getElementById('d'))).toBe('| Goal | More demos; in Q2 |\n| Offer |  |\n| A / B | x |');
  });
});
