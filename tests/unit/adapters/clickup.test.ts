// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clickupAdapter } from '@/lib/adapters/clickup';
import { isEditable } from '@/lib/adapters/dom';
import type { AdapterContext } from '@/lib/adapters/types';
import { itemKey } from '@/lib/core/item-ref';
import { checkBrief } from '@/lib/core/brief';
import { MARKETING_BRIEF_TEMPLATE } from '@/lib/core/defaults';

const FIXTURES = join(__dirname, '../../fixtures/clickup');
function load(name: string): Document {
  return new DOMParser().parseFromString(readFileSync(join(FIXTURES, name), 'utf8'), 'text/html');
}
function ctx(doc: string | Document, url: string): AdapterContext {
  return { doc: typeof doc === 'string' ? load(doc) : doc, url: new URL(url), custom: {} };
}
const campaignTemplate = MARKETING_BRIEF_TEMPLATE;

describe('clickup: task open over its list (URL without the team id)', () => {
  const c = ctx('task-over-list-en.html', 'https://app.clickup.com/t/86b3xdnyf');
  const ref = clickupAdapter.detect(c)!;
  const reading = clickupAdapter.read(c, ref)!;

  it('takes the task id from the URL and the team id from the app\'s own links', () => {
    expect(itemKey(ref)).toBe('clickup:9012345678:task:86b3xdnyf');
  });
  it('the list behind keeps the open task\'s own row and many others', () => {
    expect(c.doc.querySelectorAll('.cu-task-row[data-id]').length).toBeGreaterThan(15);
    expect(c.doc.querySelector('.cu-dashboard .cu-task-row[data-id="86b3xdnyf"]')).not.toBeNull();
  });
  it('reads the task view, not the list row', () => {
    expect(reading.title).toBe('Spring campaign: "best SEO course"');
    expect(reading.status).toBe('in progress');
    expect(reading.owner).toBe('Maria Ivanova');
    expect(reading.dates).toEqual({ due: '2026-05-15', launch: '2026-05-15' });
    expect(reading.fields.startDate).toBe('2026-04-20');
    expect(reading.labels).toEqual(['campaign', 'seo']);
    expect(reading.fields.priority).toBe('High');
    expect(reading.fields.Channel).toBe('Google Ads');
    expect(reading.fields['Owner team']).toBeUndefined();
    expect(reading.fields.list).toBe('Paid search');
  });
  it('reads the description with its headings and not the comments; the brief check finds the gap', () => {
    const d = reading.description!;
    expect(d.split('\n').slice(0, 3)).toEqual(['# Campaign brief', 'Paid search for "best SEO course" with the new landing page.', '## Target audience']);
    expect(d).toContain('- 30% off the annual plan');
    expect(d).not.toContain('UTM template');
    const check = checkBrief(campaignTemplate, d, { due: reading.dates.due, owner: reading.owner, labels: reading.labels });
    expect(check.missing.map((m) => m.id)).toContain('quality');
    expect(check.present).toBeGreaterThanOrEqual(5);
  });
  it('mounts below the task fields, above the description, outside every editor', () => {
    const m = clickupAdapter.mountPoint(c, ref)!;
    expect(m.append).toBe('after');
    expect(m.anchor.classList.contains('cu-task-fields')).toBe(true);
    expect(isEditable(m.anchor)).toBe(false);
    expect(m.anchor.closest('[data-test="task-editor-wrapper"]')).toBeNull();
    expect(clickupAdapter.itemRoot!(c, ref)?.classList.contains('cu-task-view__container')).toBe(true);
  });
  it('is light', () => {
    expect(clickupAdapter.theme(c.doc)).toBe('light');
  });
  it('with custom task ids on, the id button shows the custom id for a native-id URL: still this task', () => {
    const doc = load('task-over-list-en.html');
    doc.querySelector('[data-test="task-view-task-label__taskid-button"]')!.textContent = 'MKT-142';
    const cc = ctx(doc, 'https://app.clickup.com/t/86b3xdnyf');
    expect(clickupAdapter.read(cc, clickupAdapter.detect(cc)!)?.title).toBe('Spring campaign: "best SEO course"');
  });
  it('never reads under the `app` placeholder once the page names the team', () => {
    const stale = { ...ref, workspace: 'app' };
    expect(clickupAdapter.read(c, stale)).toBeNull();
  });
  it('while the app\'s sidebar and breadcrumbs have not rendered, nothing is read under the placeholder', () => {
    const doc = load('task-over-list-en.html');
    for (const el of Array.from(doc.querySelectorAll('nav, .cu-dashboard, [data-test="task-view-header__breadcrumbs"], cu-task-view-breadcrumbs'))) el.remove();
    const cc = ctx(doc, 'https://app.clickup.com/t/86b3xdnyf');
    const r = clickupAdapter.detect(cc)!;
    expect(itemKey(r)).toBe('clickup:app:task:86b3xdnyf');
    expect(clickupAdapter.read(cc, r)).toBeNull();
  });
  it('without any team link the key keeps `app` and the task is still read', () => {
    const doc = load('task-over-list-en.html');
    for (const a of Array.from(doc.querySelectorAll('a[href]'))) a.removeAttribute('href');
    const cc = ctx(doc, 'https://app.clickup.com/t/86b3xdnyf');
    const r = clickupAdapter.detect(cc)!;
    expect(itemKey(r)).toBe('clickup:app:task:86b3xdnyf');
    expect(clickupAdapter.read(cc, r)?.title).toBe('Spring campaign: "best SEO course"');
  });
});

describe('clickup: full-page task with a custom id, Russian brief, dark theme', () => {
  const c = ctx('task-full-page-ru-dark.html', 'https://app.clickup.com/t/9012345678/MKT-142');
  const ref = clickupAdapter.detect(c)!;
  it('keys on the team id and the custom id as the URL shows them', () => {
    expect(itemKey(ref)).toBe('clickup:9012345678:task:MKT-142');
  });
  it('reads the Russian task and its brief', () => {
    const r = clickupAdapter.read(c, ref)!;
    expect(r.title).toBe('Весенняя кампания «лучший курс по SEO»');
    expect(r.status).toBe('в работе');
    expect(r.owner).toBe('Мария Иванова');
    expect(r.labels).toEqual(['кампания', 'бриф']);
    expect(r.dates).toEqual({ due: '2026-05-15', launch: '2026-05-15' });
    for (const h of ['# Бриф кампании', '## Целевая аудитория', '## Цель', '## Оффер', '## Канал', '## Срок']) expect(r.description).toContain(h);
    expect(r.description).not.toContain('UTM');
  });
  it('follows the dark theme', () => {
    expect(clickupAdapter.theme(c.doc)).toBe('dark');
  });
  it('another task\'s view left in the DOM is not read as this task', () => {
    const other = ctx('task-full-page-ru-dark.html', 'https://app.clickup.com/t/9012345678/MKT-143');
    const r = clickupAdapter.detect(other)!;
    expect(r.id).toBe('MKT-143');
    expect(clickupAdapter.read(other, r)).toBeNull();
    expect(clickupAdapter.mountPoint(other, r)).toBeNull();
  });
});

describe('clickup: a list with no task open', () => {
  it('detects nothing', () => {
    const c = ctx('list-no-task.html', 'https://app.clickup.com/9012345678/v/li/901234567890');
    expect(clickupAdapter.matchesHost(c.url, {})).toBe(true);
    expect(clickupAdapter.detect(c)).toBeNull();
  });
});

describe('clickup: layout changed', () => {
  it('detects the task from the URL but reads nothing and floats', () => {
    const c = ctx('task-layout-changed.html', 'https://app.clickup.com/t/86b3xdnyf');
    const ref = clickupAdapter.detect(c)!;
    expect(itemKey(ref)).toBe('clickup:9012345678:task:86b3xdnyf');
    expect(clickupAdapter.read(c, ref)).toBeNull();
    expect(clickupAdapter.mountPoint(c, ref)).toBeNull();
  });
});
