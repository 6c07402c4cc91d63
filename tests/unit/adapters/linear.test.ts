// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linearAdapter } from '@/lib/adapters/linear';
import { isEditable } from '@/lib/adapters/dom';
import type { AdapterContext } from '@/lib/adapters/types';
import { itemKey } from '@/lib/core/item-ref';
import { checkBrief } from '@/lib/core/brief';
import { MARKETING_BRIEF_TEMPLATE } from '@/lib/core/defaults';

const FIXTURES = join(__dirname, '../../fixtures/linear');
function load(name: string): Document {
  return new DOMParser().parseFromString(readFileSync(join(FIXTURES, name), 'utf8'), 'text/html');
}
function ctx(doc: string | Document, url: string): AdapterContext {
  return { doc: typeof doc === 'string' ? load(doc) : doc, url: new URL(url), custom: {} };
}

describe('linear: an issue page (EN brief)', () => {
  const c = ctx('issue-en.html', 'https://linear.app/acme/issue/MKT-42/spring-campaign-best-seo-course');
  const ref = linearAdapter.detect(c)!;
  const reading = linearAdapter.read(c, ref)!;
  it('keys on the workspace and identifier, not the slug', () => {
    expect(itemKey(ref)).toBe('linear:acme:issue:MKT-42');
    const renamed = ctx('issue-en.html', 'https://linear.app/acme/issue/MKT-42/a-renamed-title');
    expect(itemKey(linearAdapter.detect(renamed)!)).toBe('linear:acme:issue:MKT-42');
  });
  it('reads the properties sidebar', () => {
    expect(reading.title).toBe('Spring campaign: "best SEO course"');
    expect(reading.status).toBe('In Progress');
    expect(reading.owner).toBe('Maria Ivanova');
    expect(reading.fields.priority).toBe('High');
    expect(reading.fields.project).toBe('Spring launch');
    expect(reading.labels).toEqual(['campaign', 'SEO']);
    expect(reading.dates).toEqual({ due: '2026-05-15' });
  });
  it('reads the description editor, not the comments; the brief check finds the gap', () => {
    const d = reading.description!;
    expect(d.split('\n').slice(0, 2)).toEqual(['# Campaign brief', 'Paid search for "best SEO course" with the new landing page.']);
    expect(d).not.toContain('UTM template');
    expect(d).not.toContain('Spring campaign: "best SEO course"\n');
    const check = checkBrief(MARKETING_BRIEF_TEMPLATE, d, { due: reading.dates.due, owner: reading.owner, labels: reading.labels });
    expect(check.missing.map((m) => m.id)).toContain('quality');
  });
  it('mounts at the end of the property sidebar, outside the editors', () => {
    const m = linearAdapter.mountPoint(c, ref)!;
    expect(m.append).toBe('last');
    expect(m.anchor.querySelector('[aria-label="Change status"]')).not.toBeNull();
    expect(m.anchor.contains(c.doc.querySelector('[aria-label="Issue description"]'))).toBe(false);
    expect(isEditable(m.anchor)).toBe(false);
    expect(linearAdapter.theme(c.doc)).toBe('light');
  });
  it('links to other issues in the description or a parent in the breadcrumbs do not hide this issue', () => {
    const doc = load('issue-en.html');
    const p = doc.createElement('p');
    p.innerHTML = 'Blocked by <a href="/acme/issue/PAY-88/payment-form">PAY-88</a>';
    doc.querySelector('[aria-label="Issue description"]')!.append(p);
    const header = doc.querySelector('main header')!;
    const parent = doc.createElement('a');
    parent.setAttribute('href', '/acme/issue/MKT-40/spring-launch');
    parent.textContent = 'MKT-40';
    header.prepend(parent);
    const cc = ctx(doc, 'https://linear.app/acme/issue/MKT-42/spring-campaign-best-seo-course');
    const r = linearAdapter.read(cc, linearAdapter.detect(cc)!)!;
    expect(r.title).toBe('Spring campaign: "best SEO course"');
    expect(r.description).toContain('Blocked by PAY-88');
  });
  it('a stale view of another issue is not read', () => {
    const other = ctx('issue-en.html', 'https://linear.app/acme/issue/MKT-44/other');
    const r = linearAdapter.detect(other)!;
    expect(linearAdapter.read(other, r)).toBeNull();
    expect(linearAdapter.mountPoint(other, r)).toBeNull();
  });
});

describe('linear: Russian brief, dark', () => {
  it('reads Russian values and follows the dark theme', () => {
    const c = ctx('issue-ru-dark.html', 'https://linear.app/acme/issue/MKT-43/vesennyaya-kampaniya');
    const r = linearAdapter.read(c, linearAdapter.detect(c)!)!;
    expect(r.title).toBe('Весенняя кампания «лучший курс по SEO»');
    expect(r.status).toBe('В работе');
    expect(r.labels).toEqual(['кампания', 'бриф']);
    expect(r.dates.due).toBe('2026-05-15');
    for (const h of ['# Бриф кампании', '## Целевая аудитория', '## Срок']) expect(r.description).toContain(h);
    expect(linearAdapter.theme(c.doc)).toBe('dark');
  });
});

describe('linear: markup in the title, empty properties', () => {
  it('reads the title as text and placeholders as nothing', () => {
    const c = ctx('issue-dark-xss.html', 'https://linear.app/acme/issue/MKT-50/img-src-x-onerror-alert-1');
    const r = linearAdapter.read(c, linearAdapter.detect(c)!)!;
    expect(r.title).toBe('<img src=x onerror=alert(1)>');
    expect(c.doc.querySelector('main img[src="x"]')).toBeNull();
    expect(r.owner).toBeUndefined();
    expect(r.fields).toEqual({});
    expect(r.dates).toEqual({});
    expect(r.labels).toEqual([]);
    expect(r.description).toBeUndefined();
  });
});

describe('linear: the team\'s issue list with nothing open', () => {
  it('detects nothing', () => {
    const c = ctx('team-active-no-issue.html', 'https://linear.app/acme/team/MKT/active');
    expect(linearAdapter.matchesHost(c.url, {})).toBe(true);
    expect(linearAdapter.detect(c)).toBeNull();
  });
});

describe('linear: layout changed', () => {
  it('detects the issue from the URL, reads nothing, floats', () => {
    const c = ctx('issue-layout-changed.html', 'https://linear.app/acme/issue/MKT-42/spring-campaign-best-seo-course');
    const ref = linearAdapter.detect(c)!;
    expect(ref.id).toBe('MKT-42');
    expect(linearAdapter.read(c, ref)).toBeNull();
    expect(linearAdapter.mountPoint(c, ref)).toBeNull();
  });
});
