/**
 * Jira's own links as dependencies (issue 11 points 4–5), in real Chromium: the saved issue page shows
 * "is blocked by" / "blocks" groups, child issues and the parent; Jira's same-origin REST API (routed
 * here at its real URL) adds the parent's title and a blocker the page does not show. The panel lists
 * each as one dependency row with the linked issue's title and state, the verdict names the unresolved
 * blocker, and the titles are recorded for every other page (a secondhand snapshot).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './harness';
import { FIXTURES } from './ext';
import { expectOnePanel } from './host-pages';

const URL_ = 'https://acme.atlassian.net/browse/MKT-146';
const KEY = 'jira:acme.atlassian.net:issue:MKT-146';
const J = (id: string) => `jira:acme.atlassian.net:issue:${id}`;

test('a Jira "is blocked by" link is a dependency row with the linked issue’s title, and the verdict names it', async ({ ext }) => {
  test.setTimeout(90_000);
  let restCalls = 0;
  const body = readFileSync(join(FIXTURES, 'jira/rest-issue-MKT-146.json'), 'utf8');
  await ext.context.route('https://acme.atlassian.net/rest/api/3/issue/MKT-146**', async (route) => {
    restCalls++;
    expect(new URL(route.request().url()).searchParams.get('fields')).toBe('summary,status,duedate,labels,assignee,issuelinks,subtasks,parent');
    await route.fulfill({ status: 200, contentType: 'application/json', body });
  });
  const page = await ext.openItem(URL_, 'jira/issue-links-en.html');
  await expectOnePanel(ext, page, KEY);
  const panel = await ext.inPanel(page);

  // From the page: PAY-88 blocks this campaign, with Jira's title and status.
  const pay = panel.locator(`[data-host-link="blocked-by"][data-liaison-dep="${J('PAY-88')}"]`);
  await expect(pay).toHaveAttribute('data-state', 'blocked');
  await expect(pay).toContainText('Payment form v2: saved cards and 3-D Secure');
  await expect(pay).toContainText('In Progress');
  await expect(pay.locator('a')).toHaveAttribute('href', 'https://acme.atlassian.net/browse/PAY-88');
  // Resolved in Jira: done, not a blocker.
  await expect(panel.locator(`[data-liaison-dep="${J('PAY-91')}"]`)).toHaveAttribute('data-state', 'done');
  await expect(panel.locator(`[data-host-link="blocks"][data-liaison-dep="${J('MKT-150')}"]`)).toContainText('Autumn retargeting wave');
  // From the REST API only: a blocker the page does not show, and the parent's title.
  const legal = panel.locator(`[data-host-link="blocked-by"][data-liaison-dep="${J('LEGAL-7')}"]`);
  await expect(legal).toContainText('Legal review of the promo terms');
  await expect(panel.locator(`[data-host-link="parent"][data-liaison-dep="${J('MKT-100')}"]`)).toContainText('Q4 campaigns');
  // "relates to" is not a dependency.
  await expect(panel.locator(`[data-liaison-dep="${J('MKT-120')}"]`)).toHaveCount(0);
  expect(restCalls).toBe(1);

  // The verdict names the unresolved blockers by key and title (never PAY-91, never the children).
  const verdict = panel.locator('[data-liaison-verdict]');
  await expect(verdict).toHaveAttribute('data-liaison-verdict', /blocked-by/);
  await expect(verdict).toHaveText(/^Blocked by PAY-88 Payment form v2: saved cards[^,]*, LEGAL-7 Legal review of the promo terms/);
  await expect(verdict).not.toContainText('PAY-91');

  await panel.locator('[data-liaison-dep]').first().scrollIntoViewIfNeeded();
  await ext.screenshot(page, 'jira-host-links');

  // Recorded for every page: LEGAL-7 (never opened) now has a snapshot with Jira's title.
  await expect
    .poll(async () => (await ext.message<{ key: string; title: string; via?: string }[]>('items:snapshots', { keys: [J('LEGAL-7')] }))[0], { timeout: 10_000 })
    .toMatchObject({ title: 'Legal review of the promo terms', via: 'link' });
});
