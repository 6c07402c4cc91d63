// @vitest-environment happy-dom
/**
 * Jira's own links as dependencies (issue 11 point 4): the linked-issues section, the child panel and
 * the parent breadcrumb of a saved issue page, and the same-origin REST reply that fills what the page
 * does not show (the parent's title and status, links behind "Show more", a link the page lacks).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jiraAdapter, linkRelOf, parseRestIssue } from '@/lib/adapters/jira';
import type { AdapterContext } from '@/lib/adapters/types';
import { fillMissing } from '@/lib/runtime/controller';
import { ItemReadingSchema } from '@/lib/runtime/panel-link';

const FIXTURES = join(__dirname, '../../fixtures/jira');
const html = (name: string) => new DOMParser().parseFromString(readFileSync(join(FIXTURES, name), 'utf8'), 'text/html');
const rest = () => JSON.parse(readFileSync(join(FIXTURES, 'rest-issue-MKT-146.json'), 'utf8')) as unknown;
const ctx = (doc: Document, url: string): AdapterContext => ({ doc, url: new URL(url), custom: {} });

describe('jira: the linked-issues section, child issues and the parent on the page', () => {
  const c = ctx(html('issue-links-en.html'), 'https://acme.atlassian.net/browse/MKT-146');
  const ref = jiraAdapter.detect(c)!;
  const reading = jiraAdapter.read(c, ref)!;

  it('reads "is blocked by" and "blocks" with titles and statuses, children, the parent; ignores "relates to"', () => {
    expect(reading.links).toEqual([
      { id: 'PAY-88', rel: 'blocked-by', title: 'Payment form v2: saved cards and 3-D Secure', status: 'In Progress', done: false },
      { id: 'PAY-91', rel: 'blocked-by', title: 'Refund flow for promo orders', status: 'Done', done: true },
      { id: 'MKT-150', rel: 'blocks', title: 'Autumn retargeting wave', status: 'To Do', done: false },
      { id: 'MKT-144', rel: 'child', title: 'Landing page copy', status: 'To Do' },
      expect.objectContaining({ id: 'MKT-145', rel: 'child' }),
      { id: 'MKT-100', rel: 'parent' },
    ]);
  });
  it('passes the panel frame’s schema', () => {
    expect(ItemReadingSchema.safeParse(reading).success).toBe(true);
  });
  it('still reads the item itself (title, labels) and mounts below Details', () => {
    expect(reading.title).toBe('Black Friday email + paid social campaign');
    expect(reading.labels).toContain('campaign');
    expect(jiraAdapter.mountPoint(c, ref)).not.toBeNull();
  });
  it('a board modal and the backlog preview read their child items, never the board cards behind', () => {
    const m = ctx(html('board-modal-en.html'), 'https://acme.atlassian.net/jira/software/projects/PAY/boards/12?selectedIssue=PAY-88');
    const r = jiraAdapter.read(m, jiraAdapter.detect(m)!)!;
    expect(r.links?.map((l) => `${l.rel}:${l.id}`)).toEqual(['child:PAY-89', 'child:PAY-90']);
    const b = ctx(html('backlog-preview-panel-en.html'), 'https://acme.atlassian.net/jira/software/projects/MKT/boards/7/backlog?selectedIssue=MKT-171');
    const rb = jiraAdapter.read(b, jiraAdapter.detect(b)!)!;
    expect(rb.links).toEqual([
      { id: 'MKT-173', rel: 'child', title: 'Pixel check' },
      { id: 'MKT-100', rel: 'parent' },
    ]);
  });
  it('knows the relationship headings of English and Russian Jira and common dependency types', () => {
    expect(['is blocked by', 'Is blocked by (2)', 'заблокировано', 'depends on'].map(linkRelOf)).toEqual(['blocked-by', 'blocked-by', 'blocked-by', 'blocked-by']);
    expect(['blocks', 'Блокирует', 'is depended on by'].map(linkRelOf)).toEqual(['blocks', 'blocks', 'blocks']);
    expect(['Child issues', 'Child work items', 'Подзадачи', 'relates to', 'clones', 'duplicates'].map(linkRelOf)).toEqual(['child', 'child', 'child', null, null, null]);
  });
});

describe('jira: the same-origin REST reply', () => {
  it('reads issue links from the inward/outward side, the parent and subtasks with summaries and status categories', () => {
    const r = parseRestIssue(rest())!;
    expect(r.links).toEqual([
      { id: 'PAY-88', rel: 'blocked-by', title: 'Payment form v2: saved cards and 3-D Secure', status: 'In Progress', done: false },
      { id: 'PAY-91', rel: 'blocked-by', title: 'Refund flow for promo orders', status: 'Done', done: true },
      { id: 'MKT-150', rel: 'blocks', title: 'Autumn retargeting wave', status: 'To Do', done: false },
      { id: 'LEGAL-7', rel: 'blocked-by', title: 'Legal review of the promo terms', status: 'In Review', done: false },
      { id: 'MKT-100', rel: 'parent', title: 'Q4 campaigns', status: 'In Progress', done: false },
    ]);
  });
  it('refuses a reply whose links have the wrong shape, as a whole', () => {
    const bad = rest() as { fields: { issuelinks: unknown[] } };
    bad.fields.issuelinks = [{ type: { inward: 'is blocked by' }, inwardIssue: { key: 12 } }];
    expect(parseRestIssue(bad)).toBeNull();
    expect(parseRestIssue({ key: 'MKT-146', fields: { issuelinks: 'x' } })).toBeNull();
  });
  it('asks v3 on Cloud with the link fields and completes the page: the parent’s title, a link the page lacks', async () => {
    const doc = html('issue-links-en.html');
    const c = ctx(doc, 'https://acme.atlassian.net/browse/MKT-146');
    const ref = jiraAdapter.detect(c)!;
    const page = jiraAdapter.read(c, ref)!;
    const calls: string[] = [];
    const fetchFn = (async (u: string) => {
      calls.push(u);
      return new Response(JSON.stringify(rest()));
    }) as unknown as typeof fetch;
    const extra = await jiraAdapter.fetchMissing!(c, ref, page, fetchFn);
    expect(calls).toEqual(['https://acme.atlassian.net/rest/api/3/issue/MKT-146?fields=summary,status,duedate,labels,assignee,issuelinks,subtasks,parent']);
    const merged = fillMissing(page, extra);
    expect(merged.links?.find((l) => l.id === 'MKT-100')).toEqual({ id: 'MKT-100', rel: 'parent', title: 'Q4 campaigns', status: 'In Progress', done: false });
    expect(merged.links?.find((l) => l.id === 'LEGAL-7')?.title).toBe('Legal review of the promo terms');
    // Each link once: the page's and the API's copies of PAY-88 are one.
    expect(merged.links?.filter((l) => l.id === 'PAY-88')).toHaveLength(1);
    expect(ItemReadingSchema.safeParse(merged).success).toBe(true);
  });
  it('asks v2 on Data Center (with the context path)', async () => {
    const c = ctx(html('dc-issue-custom-host.html'), 'https://jira.acme-corp.ru/jira/browse/OPS-7');
    const calls: string[] = [];
    const fetchFn = (async (u: string) => {
      calls.push(u);
      return new Response('{}', { status: 404 });
    }) as unknown as typeof fetch;
    const ref = jiraAdapter.detect({ ...c, custom: { jira: ['jira.acme-corp.ru'] } })!;
    expect(await jiraAdapter.fetchMissing!(c, ref, { dates: {}, labels: [], fields: {} }, fetchFn)).toEqual({});
    expect(calls[0]).toMatch(/^https:\/\/jira\.acme-corp\.ru\/jira\/rest\/api\/2\/issue\/OPS-7\?fields=.*issuelinks,subtasks,parent$/);
  });
});
