/**
 * The lead quality page (leads.html, issue 13 point 5) in real Chromium: empty state, the sample's
 * sources with their counts and the concentration warning, the charts drawn on canvas with their
 * tables, the per-campaign toggle and the period filter, the funnel planner recomputing as you type
 * (with a clear message for 0 %), English and Russian, light and dark, axe-core clean.
 */
import { test, expect } from './harness';

test('with no leads the page says how sales add them, and loading the sample fills it', async ({ launch }) => {
  const ext = await launch({ locale: 'en' });
  const page = await ext.openExtensionPage('leads.html');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lead quality for marketing');
  const empty = page.getByRole('region', { name: 'No lead notes yet' });
  await expect(empty).toContainText('the Liaison panel sits below the record’s fields');
  // the planner works without data, from the articles' example: 120 deals → 600 SQL → 2,000 MQL
  await expect(page.locator('[data-step="sql"]')).toHaveText('600 SQL needed');
  await expect(page.locator('[data-step="mql"]')).toHaveText('2,000 MQL needed');
  expect(await ext.axe(page)).toEqual([]);
  await empty.getByRole('button', { name: 'Load the sample workspace' }).click();
  await expect(page.locator('tr[data-group="spring-seo-course"] [data-col="leads"]')).toHaveText(/^\d+$/);
  await expect(page.getByRole('region', { name: 'No lead notes yet' })).toHaveCount(0);
});

test('with the sample: sources with counts, the concentration warning, charts, campaigns, periods, and the planner recomputes', async ({ launch }) => {
  const ext = await launch({ locale: 'en', viewport: { width: 1280, height: 900 } });
  await ext.loadSample();
  const page = await ext.openExtensionPage('leads.html');
  const table = page.getByRole('table', { name: 'Lead quality by source' });
  await expect(table).toBeVisible();
  // all time: 58 leads, the spring SEO course brings 32 of them (55 %)
  await page.getByLabel('Leads that arrived in').selectOption('all');
  await expect(table.locator('tr[data-group="spring-seo-course"] [data-col="leads"]')).toHaveText('32');
  await expect(table.locator('tr[data-group="yandex-direct-brand"] [data-col="leads"]')).toHaveText('10');
  await expect(table.locator('tr[data-group="(all)"] [data-col="leads"]')).toHaveText('58');
  await expect(page.locator('[data-concentration]')).toContainText('“spring-seo-course” brings 55% of all leads — more than 50%');
  await expect(table.locator('tr[data-group="spring-seo-course"]')).toContainText('Student');
  // the first-contact rate leaves out "contacted — time unknown" and says how many
  await expect(page.locator('[data-sla]')).toContainText('below the 90% norm');
  await expect(page.locator('[data-sla]')).toContainText('3 contacted at an unknown time');
  // three charts, each drawn on a canvas that has pixels, each with a table of the same numbers
  const figures = page.locator('figure[data-chart]');
  await expect(figures).toHaveCount(3);
  for (const id of ['lq-chart-leads', 'lq-chart-conv', 'lq-chart-sla']) {
    const fig = page.locator(`figure[data-chart="${id}"]`);
    await expect(fig.getByRole('table')).toHaveCount(1);
    const painted = await fig.locator('canvas').evaluate((c: HTMLCanvasElement) => {
      const ctx = c.getContext('2d')!;
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
      return n;
    });
    expect(painted, `${id} is drawn`).toBeGreaterThan(500);
  }
  await ext.screenshot(page, 'leads-page-en');

  // the last 30 days hold fewer leads than all time
  await page.getByLabel('Leads that arrived in').selectOption('30');
  const recent = Number(await table.locator('tr[data-group="(all)"] [data-col="leads"]').textContent());
  expect(recent).toBeGreaterThan(0);
  expect(recent).toBeLessThan(58);

  // per campaign
  await page.getByRole('radio', { name: 'Campaigns' }).check();
  const byCampaign = page.getByRole('table', { name: 'Lead quality by campaign' });
  await expect(byCampaign.locator('tr[data-group="analytics-webinar-nov"]')).toBeVisible();

  // the planner: defaults say where they came from; the plan follows the inputs
  const planner = page.getByRole('region', { name: 'Plan from the funnel' });
  await planner.getByRole('button', { name: 'Use the articles’ example' }).click();
  await expect(planner.locator('[data-step="sql"]')).toHaveText('600 SQL needed');
  await expect(planner.locator('[data-out="media"]')).toContainText('5,000,000');
  const deals = planner.getByLabel('Deals wanted');
  await deals.fill('240');
  await expect(planner.locator('[data-step="sql"]')).toHaveText('1,200 SQL needed');
  await expect(planner.locator('[data-step="mql"]')).toHaveText('4,000 MQL needed');
  const conv = planner.getByLabel('MQL → SQL conversion');
  await conv.fill('0');
  await expect(conv).toHaveAttribute('aria-invalid', 'true');
  await expect(planner.getByText('A conversion of 0 % can never reach a deal')).toBeVisible();
  await expect(planner.locator('[data-step="sql"]')).toHaveCount(0);
  await conv.fill('40');
  await expect(planner.locator('[data-step="mql"]')).toHaveText('3,000 MQL needed');
  // defaults follow the period: 30 days hold too few MQL to measure; all time has enough
  await planner.getByRole('button', { name: 'Use these defaults again' }).click();
  await expect(planner.getByText(/Your workspace has only \d+ MQL — too few to measure/)).toBeVisible();
  await page.getByLabel('Leads that arrived in').selectOption('all');
  await planner.getByRole('button', { name: 'Use these defaults again' }).click();
  await expect(planner.getByText(/Default: your workspace — \d+% measured over \d+ MQL in all time/)).toBeVisible();
  await expect(planner.getByLabel('MQL → SQL conversion')).toHaveValue('55.6');
  expect(await ext.axe(page)).toEqual([]);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`Russian, ${scheme}: readable and axe-clean`, async ({ launch }) => {
    const ext = await launch({ locale: 'ru', colorScheme: scheme, viewport: { width: 1280, height: 900 } });
    await ext.loadSample();
    const page = await ext.openExtensionPage('leads.html');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Качество лидов для маркетинга');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
    await expect(page.getByRole('table', { name: 'Качество лидов по полю «источник»' })).toBeVisible();
    await expect(page.locator('[data-concentration]')).toContainText('«spring-seo-course» даёт');
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe(scheme === 'dark' ? 'rgb(15, 20, 25)' : 'rgb(255, 255, 255)');
    // keyboard: the grouping radios and the planner's fields are reachable with Tab
    await page.getByRole('radio', { name: 'По кампаниям' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('radio', { name: 'По источникам' })).toBeChecked();
    expect(await ext.axe(page)).toEqual([]);
    await ext.screenshot(page, `leads-page-ru-${scheme}`);
  });
}

test('the popup links to the lead quality page', async ({ ext }) => {
  const popup = await ext.openExtensionPage('popup.html');
  const href = await popup.getByRole('navigation').getByRole('link', { name: 'Lead quality' }).getAttribute('href');
  expect(href).toMatch(/^chrome-extension:\/\/[a-p]{32}\/leads\.html$/);
});
