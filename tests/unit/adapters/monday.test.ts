// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mondayAdapter } from '@/lib/adapters/monday';
import { isEditable } from '@/lib/adapters/dom';
import type { AdapterContext } from '@/lib/adapters/types';
import { itemKey } from '@/lib/core/item-ref';
import { checkBrief } from '@/lib/core/brief';
import { MARKETING_BRIEF_TEMPLATE } from '@/lib/core/defaults';

const FIXTURES = join(__dirname, '../../fixtures/monday');
function load(name: string): Document {
  return new DOMParser().parseFromString(readFileSync(join(FIXTURES, name), 'utf8'), 'text/html');
}
function ctx(doc: string | Document, url: string): AdapterContext {
  return { doc: typeof doc === 'string' ? load(doc) : doc, url: new URL(url), custom: {} };
}

describe('monday.com: item card over the board (the grid is a canvas)', () => {
  const c = ctx('item-card-over-board-en.html', 'https://acme.monday.com/boards/1234567890/pulses/9876543210');
  const ref = mondayAdapter.detect(c)!;
  const reading = mondayAdapter.read(c, ref)!;
  it('keys on the account and the item id', () => {
    expect(itemKey(ref)).toBe('monday:acme:item:9876543210');
  });
  it('the board behind is a canvas with no item rows to read', () => {
    expect(c.doc.querySelector('canvas.board-grid-canvas')).not.toBeNull();
  });
  it('reads the card\'s columns', () => {
    expect(reading.title).toBe('Spring campaign: "best SEO course"');
    expect(reading.status).toBe('Working on it');
    expect(reading.owner).toBe('Maria Ivanova');
    expect(reading.dates).toEqual({ due: '2026-05-15', launch: '2026-05-15' });
    expect(reading.fields.startDate).toBe('2026-04-20');
    expect(reading.labels).toEqual(['campaign', 'seo']);
    expect(reading.fields.priority).toBe('High');
    expect(reading.fields.Channel).toBe('Google Ads');
    expect(reading.fields.Budget).toBeUndefined();
    expect(reading.fields.board).toBe('Marketing campaigns');
  });
  it('the brief is the pinned update, not the other updates nor the composer', () => {
    const d = reading.description!;
    expect(d.split('\n')[0]).toBe('# Campaign brief');
    expect(d).not.toContain('UTM template');
    const check = checkBrief(MARKETING_BRIEF_TEMPLATE, d, { due: reading.dates.due, owner: reading.owner, labels: reading.labels });
    expect(check.missing.map((m) => m.id)).toContain('quality');
    expect(check.present).toBeGreaterThanOrEqual(5);
  });
  it('without a pinned update there is no description', () => {
    const doc = load('item-card-over-board-en.html');
    doc.querySelector('.pinned-post')!.classList.remove('pinned-post');
    doc.querySelector('.pinned-post-label')!.remove();
    expect(mondayAdapter.read(ctx(doc, c.url.href), ref)!.description).toBeUndefined();
  });
  it('mounts below the card header (its actions bar), above the tabs, outside editors', () => {
    const m = mondayAdapter.mountPoint(c, ref)!;
    expect(m.anchor.classList.contains('item-page-header-component')).toBe(true);
    expect(m.append).toBe('after');
    expect(isEditable(m.anchor)).toBe(false);
    expect(mondayAdapter.itemRoot!(c, ref)?.classList.contains('slide-panel-content')).toBe(true);
    expect(mondayAdapter.theme(c.doc)).toBe('light');
  });
});

describe('monday.com: full-page item, Russian, dark, brief only in a pinned update', () => {
  it('reads the title and the pinned brief', () => {
    const c = ctx('item-full-page-ru-dark.html', 'https://acme.monday.com/boards/1234567890/views/55500011/pulses/9876543211');
    const ref = mondayAdapter.detect(c)!;
    expect(itemKey(ref)).toBe('monday:acme:item:9876543211');
    const r = mondayAdapter.read(c, ref)!;
    expect(r.title).toBe('Весенняя кампания «лучший курс по SEO»');
    expect(r.status).toBeUndefined();
    for (const h of ['# Бриф кампании', '## Целевая аудитория', '## Срок']) expect(r.description).toContain(h);
    expect(r.description).not.toContain('UTM');
    expect(mondayAdapter.theme(c.doc)).toBe('dark');
  });
});

describe('monday.com: the board with no item open', () => {
  it('detects nothing', () => {
    const c = ctx('board-no-item.html', 'https://acme.monday.com/boards/1234567890');
    expect(mondayAdapter.matchesHost(c.url, {})).toBe(true);
    expect(mondayAdapter.matchesHost(new URL('https://acme.monday.com.evil.com/'), {})).toBe(false);
    expect(mondayAdapter.detect(c)).toBeNull();
  });
});

describe('monday.com: layout changed', () => {
  it('detects the item from the URL, reads nothing, floats', () => {
    const c = ctx('item-layout-changed.html', 'https://acme.monday.com/boards/1234567890/pulses/9876543210');
    const ref = mondayAdapter.detect(c)!;
    expect(ref.id).toBe('9876543210');
    expect(mondayAdapter.read(c, ref)).toBeNull();
    expect(mondayAdapter.mountPoint(c, ref)).toBeNull();
  });
});
