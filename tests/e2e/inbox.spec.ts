/**
 * The inbox (popup) in real Chromium with the sample workspace: one card per item, Done / Undo /
 * Snooze change the cards and the toolbar badge at once, and the panel's "Mark notice as sent" on a
 * host page and the inbox's Done are the same action (each shows in the other without reopening).
 */
import type { Page } from 'playwright-core';
import { test, expect, type Ext } from './harness';

const CAMPAIGN = 'jira:acme.atlassian.net:issue:MKT-142';
const CAMPAIGN_URL = 'https://acme.atlassian.net/browse/MKT-142';

async function badge(ext: Ext): Promise<string> {
  return ext.inWorker(() => (globalThis as unknown as { chrome: { action: { getBadgeText(d: object): Promise<string> } } }).chrome.action.getBadgeText({}), null);
}

async function cardCount(popup: Page): Promise<number> {
  return Number(await popup.locator('[data-inbox-count]').getAttribute('data-inbox-count'));
}

/** The badge says the popup's number of cards ("" for none). */
async function expectBadge(ext: Ext, n: number): Promise<void> {
  await expect.poll(() => badge(ext), { timeout: 10_000 }).toBe(n > 0 ? String(n) : '');
}

test('inbox: sample cards, done / undo / snooze update the cards and the badge at once', async ({ launch }) => {
  test.setTimeout(120_000);
  const ext = await launch({ locale: 'en' });
  await ext.loadSample();
  const popup = await ext.openExtensionPage('popup.html');
  await popup.setViewportSize({ width: 420, height: 600 });
  const campaign = popup.locator(`[data-card="${CAMPAIGN}"]`);
  await expect(campaign).toHaveCount(1);
  // One card per item: no item twice.
  const keys = await popup.locator('[data-card]').evaluateAll((els) => els.map((e) => e.getAttribute('data-card')));
  expect(new Set(keys).size).toBe(keys.length);
  const n = await cardCount(popup);
  expect(n).toBeGreaterThan(1);
  await expectBadge(ext, n);
  // The campaign is overdue (its notices are late) and lists each problem on its own line.
  await expect(campaign).toHaveAttribute('class', /sev-overdue/);
  await expect(campaign.locator(`[data-entry="sla:${CAMPAIGN}:analytics-request"]`)).toHaveText(/^Request analytics for a campaign — .+ overdue$/);
  // Long cards show their worst lines first and the rest on request.
  const more = campaign.getByRole('button', { name: /^\d+ more$/ });
  await expect(more).toHaveAttribute('aria-expanded', 'false');
  await expect(campaign.locator('[data-entry="dep:mkt1-needs-prod7"]')).toHaveCount(0);
  await more.click();
  await expect(campaign.locator('[data-entry="dep:mkt1-needs-prod7"]')).toHaveText(/^Blocked by .+: Payment form not ready/);
  await ext.screenshot(popup, 'inbox-popup-sample-expanded');
  await campaign.getByRole('button', { name: 'Show fewer' }).click();
  await ext.screenshot(popup, 'inbox-popup-sample');
  expect(await ext.axe(popup)).toEqual([]);

  // Done → the card goes, the badge drops, Undo has the focus; Undo → back.
  await campaign.getByRole('button', { name: /^Done: / }).click();
  await expect(campaign).toHaveCount(0);
  await expectBadge(ext, n - 1);
  const undo = popup.getByRole('button', { name: /^Undo the last action on / });
  await expect(undo).toBeFocused();
  await expect(popup.getByRole('status')).toContainText('marked done.');
  await ext.screenshot(popup, 'inbox-popup-after-done');
  await popup.keyboard.press('Enter');
  await expect(campaign).toHaveCount(1);
  await expectBadge(ext, n);

  // Snooze another card until tomorrow → gone, counted as snoozed, the badge drops.
  const other = popup.locator('[data-card]').filter({ hasNot: popup.locator(`[data-entry^="sla:${CAMPAIGN}"]`) }).first();
  const otherKey = (await other.getAttribute('data-card'))!;
  await other.getByRole('button', { name: /^Snooze / }).click();
  await ext.screenshot(popup, 'inbox-popup-snooze-form');
  await popup.getByRole('form').getByRole('button', { name: /^Tomorrow/ }).click();
  await expect(popup.locator(`[data-card="${otherKey}"]`)).toHaveCount(0);
  await expect(popup.locator('.summary')).toContainText('snoozed: 1');
  await expectBadge(ext, n - 1);
  const stored = (await ext.getStorage('local', 'inbox:state'))['inbox:state'] as { snoozed: { itemKey: string; until: string }[] };
  expect(stored.snoozed.map((s) => s.itemKey)).toEqual([otherKey]);
  expect(Date.parse(stored.snoozed[0]!.until)).toBeGreaterThan(Date.now());
  // It survives a reopen (stored), and the snoozed list brings it back.
  await popup.reload();
  await expect(popup.locator(`[data-card="${otherKey}"]`)).toHaveCount(0);
  await popup.getByRole('button', { name: 'Snoozed (1)' }).click();
  await popup.getByRole('button', { name: /^Bring back / }).click();
  await expect(popup.locator(`[data-card="${otherKey}"]`)).toHaveCount(1);
  await expectBadge(ext, n);
});

test('inbox and panel agree: "Mark notice as sent" removes the inbox row live; Done in the inbox shows as sent in the panel, whose Undo brings the card and the badge back', async ({ launch }) => {
  test.setTimeout(150_000);
  const ext = await launch({ locale: 'en' });
  await ext.loadSample();
  const popup = await ext.openExtensionPage('popup.html');
  const campaign = popup.locator(`[data-card="${CAMPAIGN}"]`);
  const row = campaign.locator(`[data-entry="sla:${CAMPAIGN}:analytics-request"]`);
  await expect(row).toHaveCount(1);
  const n = await cardCount(popup);
  await expectBadge(ext, n);

  // The panel on the host page: mark the analytics notice sent.
  const page = await ext.openItem(CAMPAIGN_URL, 'jira/issue-browse-en.html');
  let frame = await ext.panelFrame(page, { timeout: 15_000 });
  const sla = frame.locator('[data-liaison-sla="analytics-request"]');
  await sla.getByRole('button', { name: /^Mark notice as sent/ }).click();
  await expect(sla).toHaveAttribute('data-state', 'done');
  // The open popup drops the row without a reload; the card stays for its other problems.
  await expect(row).toHaveCount(0);
  await expect(campaign).toHaveCount(1);
  await expectBadge(ext, await cardCount(popup));

  // Done in the inbox stops the remaining notice: the card goes, the badge drops…
  await campaign.getByRole('button', { name: /^Done: / }).click();
  await expect(campaign).toHaveCount(0);
  await expectBadge(ext, n - 1);
  // …and the panel shows that notice as sent, as if "Mark notice as sent" had been pressed there.
  await page.reload();
  frame = await ext.panelFrame(page, { timeout: 15_000 });
  const notify = frame.locator('[data-liaison-sla="campaign-notify"]');
  await expect(notify).toHaveAttribute('data-state', 'done');
  // Undo in the panel: the clock runs again and the card (with that notice) is back in the popup and the badge.
  await notify.getByRole('button', { name: /^Undo/ }).click();
  await expect(notify).not.toHaveAttribute('data-state', 'done');
  await expect(campaign).toHaveCount(1);
  await expect(campaign.locator(`[data-entry="sla:${CAMPAIGN}:campaign-notify"]`)).toHaveCount(1);
  await expectBadge(ext, n);
  await ext.screenshot(popup, 'inbox-popup-after-panel-undo');
});

test('inbox in Russian and dark, and its empty state in a fresh profile, pass axe-core', async ({ launch }) => {
  test.setTimeout(90_000);
  const ext = await launch({ locale: 'ru', colorScheme: 'dark' });
  const popup = await ext.openExtensionPage('popup.html');
  await popup.setViewportSize({ width: 420, height: 400 });
  await expect(popup.getByText(/^Здесь пока пусто/)).toBeVisible();
  expect(await ext.axe(popup)).toEqual([]);
  await ext.screenshot(popup, 'inbox-popup-empty-ru-dark');
  // The empty state's own button loads the sample: cards appear without reopening.
  await popup.getByRole('button', { name: 'Загрузить пример' }).click();
  await expect(popup.locator(`[data-card="${CAMPAIGN}"]`)).toHaveCount(1, { timeout: 15_000 });
  // The sample is written document by document: the cards and the badge settle on the same number.
  await expect.poll(async () => `${await badge(ext)}|${await cardCount(popup)}`, { timeout: 15_000 }).toMatch(/^(\d+)\|\1$/);
  await popup.setViewportSize({ width: 420, height: 600 });
  expect(await ext.axe(popup)).toEqual([]);
  await ext.screenshot(popup, 'inbox-popup-ru-dark');
  // The side panel is the same inbox.
  const side = await ext.openExtensionPage('sidepanel.html');
  await expect(side.locator(`[data-card="${CAMPAIGN}"]`)).toHaveCount(1);
});

test('a brief fixed in the host updates the open popup and the badge without reopening', async ({ launch }) => {
  test.setTimeout(120_000);
  const ext = await launch({ locale: 'en' });
  await ext.loadSample();
  const page = await ext.openItem(CAMPAIGN_URL, 'jira/issue-browse-en.html');
  await ext.panelFrame(page, { timeout: 15_000 });
  const popup = await ext.openExtensionPage('popup.html');
  const campaign = popup.locator(`[data-card="${CAMPAIGN}"]`);
  await expect(campaign).toHaveCount(1);
  const more = campaign.getByRole('button', { name: /^\d+ more$/ });
  if (await more.count()) await more.click();
  const brief = campaign.locator(`[data-entry="brief:${CAMPAIGN}"]`);
  await expect(brief).toHaveText(/^Brief 5 of 8 — missing /);
  const n = await cardCount(popup);
  await expectBadge(ext, n);
  // Someone completes the brief in Jira: the page changes, the panel re-reads it, the snapshot changes.
  await page.evaluate(() => {
    const body = document.querySelector('[data-testid="issue.views.field.rich-text.editor-container"] > div > div')!;
    for (const el of [...body.querySelectorAll('p')]) if (el.textContent?.includes('Quality criteria')) el.remove();
    const add = (h: string, p: string) => {
      const h2 = document.createElement('h2');
      h2.textContent = h;
      const para = document.createElement('p');
      para.textContent = p;
      body.append(h2, para);
    };
    add('Format', 'Search ads and a landing page with a course preview video.');
    add('Quality criteria', 'CTR at least 3%, bounce rate under 60%, cost per lead under 900 RUB.');
    add('Success metrics', '600 trial sign-ups, 15% trial-to-paid, CAC under 2,500 RUB.');
  });
  // The open popup drops the brief line by itself; the card stays for its other problems; the badge agrees.
  await expect(brief).toHaveCount(0, { timeout: 15_000 });
  await expect(campaign).toHaveCount(1);
  await expectBadge(ext, await cardCount(popup));
});
