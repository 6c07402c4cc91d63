/**
 * The first run (issue 13 point 1) in real Chromium, from a fresh profile: the welcome tab the
 * install opened → role and team → working alone → the sample item with the real panel, in under
 * ten actions; the panel's edit reaches the store and the inbox; the checklist follows; the
 * sample can be removed; the settings' own section navigation with deep links.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { test, expect } from './harness';

async function welcomeTab(context: BrowserContext): Promise<Page> {
  const isWelcome = (p: Page) => /\/welcome\.html$/.test(p.url());
  const open = context.pages().find(isWelcome);
  if (open) return open;
  return context.waitForEvent('page', { predicate: isWelcome, timeout: 15_000 });
}


test('fresh profile: the welcome tab → a panel on the demo item in under ten actions', async ({ launch }) => {
  // A new user's panel: collapsed to its verdict line (no test preference).
  const ext = await launch({ panel: 'collapsed' });
  const welcome = await welcomeTab(ext.context);
  await welcome.waitForLoadState('domcontentloaded');
  await expect(welcome.getByRole('heading', { level: 1 })).toHaveText('Welcome to Liaison');
  const checklist = welcome.getByTestId('first-run-checklist');
  await expect(checklist).toContainText('0 of 5 done');
  await ext.screenshot(welcome, 'first-run-welcome');

  let actions = 0;
  const act = async (f: () => Promise<void>) => {
    actions++;
    await f();
  };
  // 1–2: role (the team follows from it), saved
  await act(() => welcome.getByRole('radio', { name: 'Marketer' }).check());
  await expect(welcome.getByRole('checkbox', { name: 'Marketing' })).toBeChecked();
  await act(() => welcome.getByRole('region', { name: '1. You and your teams' }).getByRole('button', { name: 'Save' }).click());
  await expect(welcome.getByRole('status').filter({ hasText: 'Saved. Your role and teams are in your settings.' })).toBeVisible();
  // 3: no team server today
  await act(() => welcome.getByRole('button', { name: 'Work alone for now' }).click());
  await expect(checklist).toContainText('3 of 5 done');
  await expect(checklist.getByText('Working alone (no team workspace)')).toBeVisible();
  // The "Saved" message stays until the next change in its form (not wiped by the settings reload).
  await expect(welcome.getByRole('status').filter({ hasText: 'Saved. Your role and teams are in your settings.' })).toBeVisible();
  // 4: the sample item
  await act(() => welcome.getByTestId('open-demo').click());
  await welcome.waitForURL(/\/demo\.html$/);
  await expect(welcome.getByRole('heading', { level: 1 })).toHaveText('Sample item');
  await expect(welcome.getByRole('note')).toContainText('Sample.');
  await expect(welcome.getByRole('heading', { level: 2, name: 'Spring campaign: "best SEO course" search launch' })).toBeVisible();

  // The real panel, on the demo item, collapsed to its verdict: what blocks the launch.
  const panel = welcome.getByRole('complementary', { name: /Liaison/ });
  const toggle = panel.locator('.lz-toggle');
  await expect(toggle).toContainText('Blocked by', { timeout: 15_000 });
  await expect(toggle).toContainText('brief 5/8');
  expect(await panel.getAttribute('data-role')).toBe('campaign');
  expect(actions).toBeLessThan(10);
  await ext.screenshot(welcome, 'first-run-demo-collapsed');

  // 5: open it; the sections are the real ones, the brief is checked from the page's description.
  await act(() => toggle.click());
  await expect(panel.getByText(/Brief/).first()).toBeVisible();
  await expect(panel.getByText('Format').first()).toBeVisible();
  expect(actions).toBeLessThan(10);
  await ext.screenshot(welcome, 'first-run-demo-panel');

  // An edit in the panel goes to the real store under the sample campaign's key.
  await panel.getByRole('button', { name: 'Add a note' }).first().click();
  await panel.getByRole('textbox', { name: 'Note' }).fill('Checked the brief with Oleg');
  await panel.getByRole('button', { name: 'Add note' }).click();
  await expect(panel.getByText('Checked the brief with Oleg')).toBeVisible();
  await expect
    .poll(async () => JSON.stringify(await ext.getStorage('local')))
    .toContain('Checked the brief with Oleg');

  // The inbox lists the demo campaign (the sample lives in the real store).
  const inbox = await ext.openExtensionPage('popup.html');
  await expect(inbox.getByText('Spring campaign', { exact: false }).first()).toBeVisible({ timeout: 10_000 });
  await inbox.close();

  // Back on the welcome page, the checklist counts the demo.
  await welcome.goBack();
  await expect(welcome.getByTestId('first-run-checklist')).toContainText('4 of 5 done');
  const rows = welcome.getByTestId('first-run-checklist').getByRole('listitem');
  await expect(rows.filter({ hasText: 'Open one of your own items' })).toHaveAttribute('data-done', 'false');
  await ext.screenshot(welcome, 'first-run-welcome-progress');
  expect((await ext.getStorage('sync')).settings).toMatchObject({ inline: { role: 'marketer', teamIds: ['marketing'] } });
});

test('the sample is labelled and removable; the options page keeps the checklist until dismissed', async ({ launch }) => {
  const ext = await launch({ locale: 'en' });
  const demo = await ext.openExtensionPage('demo.html');
  await expect(demo.getByRole('complementary', { name: /Liaison/ }).locator('.lz-toggle')).toContainText('Blocked by', { timeout: 15_000 });
  expect(await ext.axe(demo)).toEqual([]);
  await demo.getByRole('button', { name: 'Remove the sample data' }).click();
  await expect(demo.getByRole('status')).toContainText('The sample data was removed');
  // Every stored document of the sample campaign is a tombstone once the background has compacted.
  const liveCampaignDocs = async () => {
    const local = await ext.getStorage('local');
    return Object.entries(local).filter(([k, v]) => k.startsWith('doc:') && k.includes('MKT-142') && !(v as { deleted?: boolean }).deleted).map(([k]) => k);
  };
  await expect.poll(liveCampaignDocs).toEqual([]);
  // The workspace's own defaults stay.
  expect(JSON.stringify(await ext.getStorage('local'))).toContain('marketing-brief');

  const options = await ext.openExtensionPage('options.html#team');
  const nav = options.getByRole('navigation', { name: 'Settings sections' });
  await expect(nav.getByRole('link', { name: 'Team workspace' })).toHaveAttribute('aria-current', 'location');
  await expect(options.getByRole('heading', { level: 2, name: 'Team workspace' })).toBeVisible();
  // One section at a time: the profile is not on this screen.
  await expect(options.getByRole('heading', { level: 2, name: 'Your profile' })).toHaveCount(0);
  // Keyboard: the nav's links are reachable and switch the section.
  await nav.getByRole('link', { name: 'Teams', exact: true }).focus();
  await options.keyboard.press('Enter');
  await expect(options).toHaveURL(/options\.html#teams$/);
  await expect(nav.getByRole('link', { name: 'Teams', exact: true })).toHaveAttribute('aria-current', 'location');
  await expect(options.getByRole('heading', { level: 2, name: 'Teams', exact: true })).toBeFocused();

  const checklist = options.getByTestId('first-run-checklist');
  await expect(checklist).toContainText('1 of 5 done');
  await ext.screenshot(options, 'first-run-options-sections');
  expect(await ext.axe(options)).toEqual([]);
  await checklist.getByRole('button', { name: 'Hide this checklist' }).click();
  await expect(checklist).toHaveCount(0);
  await options.reload();
  await expect(options.getByRole('heading', { level: 2, name: 'Teams', exact: true })).toBeVisible();
  await expect(options.getByTestId('first-run-checklist')).toHaveCount(0);
});

test('Russian and dark: the welcome and the demo page pass axe-core', async ({ launch }) => {
  const ext = await launch({ locale: 'ru', colorScheme: 'dark' });
  const welcome = await ext.openExtensionPage('welcome.html');
  await expect(welcome.getByRole('heading', { level: 1 })).toHaveText('Добро пожаловать в Liaison');
  await expect(welcome.locator('html')).toHaveAttribute('lang', 'ru');
  expect(await ext.axe(welcome)).toEqual([]);
  const demo = await ext.openExtensionPage('demo.html');
  await expect(demo.getByRole('heading', { level: 2, name: 'Весенняя кампания: запуск поиска «лучший курс по SEO»' })).toBeVisible();
  await expect(demo.getByRole('complementary', { name: /Liaison/ }).locator('.lz-toggle')).toContainText('бриф 5/8', { timeout: 15_000 });
  expect(await ext.axe(demo)).toEqual([]);
  await ext.screenshot(demo, 'first-run-demo-ru-dark');
});
