/**
 * The foundation: the built extension loads, its content script injects on a host page at its
 * real URL (and only there), the popup and options pages open, and nothing of ours errors.
 */
import { test, expect } from './harness';

test('the content script injects one panel on a Jira issue page, keyed by the URL', async ({ ext }) => {
  const page = await ext.openItem('https://acme.atlassian.net/browse/MKT-142', 'jira/issue-browse-en.html');
  const panel = ext.panel(page);
  await expect(panel).toHaveCount(1);
  await expect(panel).toHaveAttribute('data-liaison-item', 'jira:acme.atlassian.net:issue:MKT-142');
  // Our UI lives in a closed shadow root: the host page's own DOM gains exactly one element, and the
  // page cannot open it (issue 16.2; the panel itself is an extension frame inside it).
  const shadow = await panel.evaluate((el) => el.shadowRoot !== null);
  expect(shadow).toBe(false);
  await expect((await ext.inPanel(page)).locator('[data-liaison-title]')).toBeVisible();
  await expect(panel).toBeVisible();
  await ext.screenshot(page, 'foundation-jira-issue');
});

test('no panel on a board with no issue open, and none on a site we do not serve', async ({ ext }) => {
  const board = await ext.openItem('https://acme.atlassian.net/jira/software/projects/MKT/boards/1', 'jira/board-no-issue.html');
  await board.waitForTimeout(1500);
  await expect(ext.panel(board)).toHaveCount(0);

  const other = await ext.openItem('https://example.org/browse/MKT-1', 'jira/issue-browse-en.html');
  await other.waitForTimeout(1000);
  await expect(ext.panel(other)).toHaveCount(0);
});

test('the popup and the options page open from the extension', async ({ ext }) => {
  const popup = await ext.openExtensionPage('popup.html');
  await expect(popup.locator('body')).not.toBeEmpty();
  await expect(popup).toHaveTitle(/Liaison/);
  const options = await ext.openExtensionPage('options.html');
  await expect(options).toHaveTitle(/Liaison/);
});

test('the manifest asks only for the hosts Liaison serves', async ({ ext }) => {
  const manifest = await ext.inWorker(() => (globalThis as unknown as { chrome: { runtime: { getManifest(): Record<string, unknown> } } }).chrome.runtime.getManifest(), null);
  const hosts = manifest.host_permissions as string[];
  expect(hosts).toContain('https://*.atlassian.net/*');
  expect(hosts.some((h) => h.includes('<all_urls>') || h === 'https://*/*' || h === '*://*/*')).toBe(false);
  const cs = (manifest.content_scripts as { matches: string[] }[]).flatMap((c) => c.matches);
  expect(cs).not.toContain('<all_urls>');
});
