/**
 * Liaison's own pages in real Chromium, in English and Russian: the popup inbox, the options page,
 * the launch calendar and the weekly digest render the workspace, link to each other, and pass
 * axe-core with no serious or critical violations.
 */
import { test, expect } from './harness';

const PAGES = [
  { path: 'popup.html', en: 'What needs you', ru: 'Что ждёт вас' },
  { path: 'options.html', en: 'Liaison settings', ru: 'Настройки Liaison' },
  { path: 'calendar.html', en: 'Launch calendar — 12 weeks', ru: 'Календарь запусков — 12 недель' },
  { path: 'digest.html', en: 'Weekly sync agenda', ru: 'Повестка недельной синхронизации' },
] as const;

for (const locale of ['en', 'ru'] as const) {
  test(`pages render real data and pass axe-core (${locale})`, async ({ launch }) => {
    const ext = await launch({ locale });
    await ext.loadSample();
    for (const p of PAGES) {
      const page = await ext.openExtensionPage(p.path);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(p[locale]);
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      await expect(page.getByRole('main')).toBeVisible();
      await expect(page.getByRole('status').filter({ hasText: /Loading|Загрузка/ })).toHaveCount(0);
      const violations = await ext.axe(page);
      expect(violations, `${p.path} (${locale}) axe violations`).toEqual([]);
      await ext.screenshot(page, `pages-${p.path.replace('.html', '')}-${locale}`);
    }
  });
}

test('the popup links to the calendar, the digest and the settings', async ({ ext }) => {
  const popup = await ext.openExtensionPage('popup.html');
  const nav = popup.getByRole('navigation');
  for (const name of ['Launch calendar', 'Weekly sync agenda', 'Settings']) await expect(nav.getByRole('link', { name })).toBeVisible();
  const href = await nav.getByRole('link', { name: 'Launch calendar' }).getAttribute('href');
  expect(href).toMatch(/^chrome-extension:\/\/[a-p]{32}\/calendar\.html$/);
});

test('a dark colour scheme keeps the pages readable', async ({ launch }) => {
  const ext = await launch({ colorScheme: 'dark' });
  const page = await ext.openExtensionPage('digest.html');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe('rgb(15, 20, 25)');
  expect(await ext.axe(page)).toEqual([]);
});

// --- launch calendar grid (issue 13 point 3) ---
test('the launch calendar draws the sample as a grid, exports .ics and prints on landscape A4', async ({ launch }) => {
  const ext = await launch({ locale: 'en' });
  await ext.loadSample();
  const page = await ext.openExtensionPage('calendar.html');
  const table = page.getByRole('table');
  await expect(table).toBeVisible();
  await expect(table.getByRole('columnheader')).toHaveCount(13);
  // the sample's campaign launches before the release it needs: one conflict, named once, on both bars
  const conflicts = page.getByRole('region', { name: /^Conflicts: / });
  await expect(conflicts.getByRole('listitem')).toHaveCount(1);
  await expect(table.getByRole('link', { name: 'Conflict 1' })).toHaveCount(2);
  await expect(page.getByText('Nothing scheduled')).toHaveCount(0);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download .ics' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^liaison-launches-\d{4}-\d{2}-\d{2}\.ics$/);
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  const ics = readFileSync(path, 'utf8');
  expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
  expect(ics).toMatch(/\r\nDTSTART;VALUE=DATE:\d{8}\r\n/);
  expect(ics.match(/BEGIN:VEVENT/g)!.length).toBeGreaterThanOrEqual(2);

  // print: no buttons, the grid fits the printable width of landscape A4 (297 mm − 2 × 10 mm ≈ 1047 px)
  await page.setViewportSize({ width: 1047, height: 700 });
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Download .ics' })).toBeHidden();
  await expect(page.getByRole('navigation')).toBeHidden();
  const widths = await table.evaluate((el) => ({ table: el.scrollWidth, page: document.documentElement.clientWidth }));
  expect(widths.table).toBeLessThanOrEqual(widths.page);
  await ext.screenshot(page, 'pages-calendar-print-en');
});

test('the launch calendar is readable and axe-clean in a dark colour scheme', async ({ launch }) => {
  const ext = await launch({ colorScheme: 'dark' });
  await ext.loadSample();
  const page = await ext.openExtensionPage('calendar.html');
  await expect(page.getByRole('table')).toBeVisible();
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe('rgb(15, 20, 25)');
  expect(await ext.axe(page)).toEqual([]);
  await ext.screenshot(page, 'pages-calendar-dark');
});
