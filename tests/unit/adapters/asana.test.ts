// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asanaAdapter } from '@/lib/adapters/asana';
import { isEditable } from '@/lib/adapters/dom';
import type { AdapterContext } from '@/lib/adapters/types';
import { itemKey } from '@/lib/core/item-ref';
import { checkBrief } from '@/lib/core/brief';
import { MARKETING_BRIEF_TEMPLATE } from '@/lib/core/defaults';

const FIXTURES = join(__dirname, '../../fixtures/asana');
function load(name: string): Document {
  return new DOMParser().parseFromString(readFileSync(join(FIXTURES, name), 'utf8'), 'text/html');
}
function ctx(doc: string | Document, url: string): AdapterContext {
  return { doc: typeof doc === 'string' ? load(doc) : doc, url: new URL(url), custom: {} };
}
const PANE_URL = 'https://app.asana.com/1/1201234567890123/project/1209876543210987/task/1211122233344455?focus=true';

describe('asana: task pane over the project list', () => {
  const c = ctx('task-pane-over-list-en.html', PANE_URL);
  const ref = asanaAdapter.detect(c)!;
  const reading = asanaAdapter.read(c, ref)!;

  it('keys on the workspace and task gids of the URL', () => {
    expect(itemKey(ref)).toBe('asana:1201234567890123:task:1211122233344455');
  });
  it('the list behind holds the task\'s own row', () => {
    expect(c.doc.querySelectorAll('.SpreadsheetRow[data-task-id]').length).toBeGreaterThan(15);
    expect(c.doc.querySelector('.SpreadsheetRow[data-task-id="1211122233344455"]')).not.toBeNull();
  });
  it('reads the pane', () => {
    expect(reading.title).toBe('Spring campaign: "best SEO course"');
    expect(reading.owner).toBe('Maria Ivanova');
    expect(reading.status).toBe('On track'); // the Status field wins over the section
    expect(reading.dates).toEqual({ due: '2026-05-15', launch: '2026-05-15' });
    expect(reading.fields.startDate).toBe('2026-04-20');
    expect(reading.labels).toEqual(['campaign', 'seo']);
    expect(reading.fields.priority).toBe('High');
    expect(reading.fields.project).toBe('Spring launch');
    expect(reading.fields.Channel).toBe('Google Ads');
    expect(reading.fields.Budget).toBeUndefined();
  });
  it('reads the description, not the comments nor the comment composer; the brief check finds the gap', () => {
    const d = reading.description!;
    expect(d.split('\n')[0]).toBe('# Campaign brief');
    expect(d).toContain('- 30% off the annual plan');
    expect(d).not.toContain('UTM template');
    const check = checkBrief(MARKETING_BRIEF_TEMPLATE, d, { due: reading.dates.due, owner: reading.owner, labels: reading.labels });
    expect(check.missing.map((m) => m.id)).toContain('quality');
  });
  it('mounts after the fields, outside the description editor', () => {
    const m = asanaAdapter.mountPoint(c, ref)!;
    expect(m.anchor.classList.contains('TaskPaneFields')).toBe(true);
    expect(m.append).toBe('after');
    expect(isEditable(m.anchor)).toBe(false);
    expect(asanaAdapter.itemRoot!(c, ref)?.classList.contains('TaskPane')).toBe(true);
    expect(asanaAdapter.theme(c.doc)).toBe('light');
  });
  it('the section is the status when there is no Status field; a completed task reads Completed', () => {
    const doc = load('task-pane-over-list-en.html');
    doc.querySelector('.TaskPaneFields-customFieldTables')!.remove();
    const cc = ctx(doc, PANE_URL);
    expect(asanaAdapter.read(cc, ref)!.status).toBe('In progress');
    doc.querySelector('.TaskPaneToolbar-completeButton [aria-pressed]')!.setAttribute('aria-pressed', 'true');
    expect(asanaAdapter.read(cc, ref)!.status).toBe('Completed');
  });
  it('a lingering pane of another task is not read', () => {
    const other = ctx('task-pane-over-list-en.html', PANE_URL.replace('1211122233344455', '1211122233344457'));
    expect(asanaAdapter.read(other, asanaAdapter.detect(other)!)).toBeNull();
  });
});

describe('asana: older URL, full screen, Russian UI, dark', () => {
  const c = ctx('task-full-screen-ru-dark.html', 'https://app.asana.com/0/1209876543210987/1211122233344456/f');
  const ref = asanaAdapter.detect(c)!;
  it('takes the workspace from the page\'s own /1/<workspace>/ links', () => {
    expect(itemKey(ref)).toBe('asana:1201234567890123:task:1211122233344456');
    expect(asanaAdapter.read(c, { ...ref, workspace: 'app' })).toBeNull();
  });
  it('reads Russian labels and dates', () => {
    const r = asanaAdapter.read(c, ref)!;
    expect(r.title).toBe('Весенняя кампания «лучший курс по SEO»');
    expect(r.owner).toBe('Мария Иванова');
    expect(r.status).toBe('В работе');
    expect(r.dates).toEqual({ due: '2026-05-15', launch: '2026-05-15' });
    expect(r.labels).toEqual(['кампания', 'бриф']);
    for (const h of ['# Бриф кампании', '## Целевая аудитория', '## Срок']) expect(r.description).toContain(h);
    expect(asanaAdapter.theme(c.doc)).toBe('dark');
  });
});

describe('asana: project list with no task open', () => {
  it('detects nothing', () => {
    const c = ctx('project-list-no-task.html', 'https://app.asana.com/1/1201234567890123/project/1209876543210987/list/1209876543210999');
    expect(asanaAdapter.matchesHost(c.url, {})).toBe(true);
    expect(asanaAdapter.detect(c)).toBeNull();
  });
});

describe('asana: layout changed', () => {
  it('detects from the URL, reads nothing, floats', () => {
    const c = ctx('task-layout-changed.html', PANE_URL);
    const ref = asanaAdapter.detect(c)!;
    expect(ref.id).toBe('1211122233344455');
    expect(asanaAdapter.read(c, ref)).toBeNull();
    expect(asanaAdapter.mountPoint(c, ref)).toBeNull();
  });
});

describe('asana: REST fallback for what the pane does not show', () => {
  const c = ctx('task-pane-over-list-en.html', PANE_URL);
  const ref = asanaAdapter.detect(c)!;
  const respond = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const json = (body: unknown, status = 200) => (async () => respond(body, status)) as unknown as typeof fetch;
  const task = { data: { gid: '1211122233344455', name: 'Spring campaign', notes: 'Brief\nAudience: SaaS marketers', due_on: '2026-05-15', start_on: '2026-04-20', completed: false, assignee: { name: 'Maria Ivanova' }, tags: [{ name: 'campaign' }], memberships: [{ section: { name: 'In progress' } }] } };
  const bare = { dates: {}, labels: [], fields: {}, title: 'Spring campaign' };

  it('fills only missing fields, from the same origin with the user\'s session', async () => {
    const urls: string[] = [];
    const spy = (async (u: string, init: RequestInit) => {
      urls.push(u);
      expect(init.credentials).toBe('include');
      return respond(task);
    }) as unknown as typeof fetch;
    const extra = await asanaAdapter.fetchMissing!(c, ref, bare, spy);
    expect(urls).toEqual(['https://app.asana.com/api/1.0/tasks/1211122233344455?opt_fields=name,notes,due_on,start_on,completed,assignee.name,tags.name,memberships.section.name']);
    expect(extra).toEqual({
      description: 'Brief\nAudience: SaaS marketers',
      owner: 'Maria Ivanova',
      dates: { due: '2026-05-15' },
      labels: ['campaign'],
      status: 'In progress',
      fields: { startDate: '2026-04-20' },
    });
  });
  it('ignores another task, malformed answers, errors and a complete reading', async () => {
    expect(await asanaAdapter.fetchMissing!(c, ref, bare, json({ data: { ...task.data, gid: '1' } }))).toEqual({});
    expect(await asanaAdapter.fetchMissing!(c, ref, bare, json({ data: { gid: 5 } }))).toEqual({});
    expect(await asanaAdapter.fetchMissing!(c, ref, bare, json({ errors: [{ message: 'Not Authorized' }] }, 401))).toEqual({});
    expect(await asanaAdapter.fetchMissing!(c, ref, bare, (async () => { throw new TypeError('offline'); }) as unknown as typeof fetch)).toEqual({});
    const full = asanaAdapter.read(c, ref)!;
    let called = false;
    await asanaAdapter.fetchMissing!(c, ref, full, (async () => { called = true; return respond(task); }) as unknown as typeof fetch);
    expect(called).toBe(false);
  });
});
