/**
 * The weekly sync agenda (digest.html, issue 13 point 4) in real Chromium with the sample workspace:
 * teams with news first, a decision recorded with an owner and a deadline (listed with its clock,
 * stored as a synced store document), the trend charts drawn on canvas with their text
 * alternatives and norms, copy as Markdown through the real clipboard, the print view, axe-core.
 */
import { SCREENS } from './ext';
import { test, expect } from './harness';

test('the agenda runs a weekly sync on the sample: teams with news first, a decision with a clock, charts, Markdown, print', async ({ launch }) => {
  const ext = await launch({ locale: 'en' });
  await ext.loadSample();
  const page = await ext.openExtensionPage('digest.html');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Weekly sync agenda');
  await expect(page.getByRole('status').filter({ hasText: 'Loading' })).toHaveCount(0);

  // Teams with news first; the quiet ones after them, collapsed.
  const teams = page.locator('[data-team]');
  await expect(teams.first()).toBeVisible();
  const order = await teams.evaluateAll((els) => els.map((e) => ({ id: e.getAttribute('data-team'), quiet: !!e.closest('details[data-quiet]'), lines: e.querySelectorAll('li').length })));
  const firstQuiet = order.findIndex((o) => o.quiet);
  expect(firstQuiet).toBeGreaterThan(0);
  expect(order.slice(0, firstQuiet).every((o) => o.lines > 0)).toBe(true);
  expect(order.slice(firstQuiet).every((o) => o.quiet && o.lines === 0)).toBe(true);
  await expect(page.locator('details[data-quiet]')).not.toHaveAttribute('open', '');
  // Marketing asked analytics for the campaign's tracking this week; analytics sees that marketing waits on it.
  await expect(page.getByRole('region', { name: 'Marketing' })).toContainText('From Analytics for');
  await expect(page.getByRole('region', { name: 'Analytics' })).toContainText('Marketing waits on us for');
  // The sample's decisions: last week's (done this week) and the open one.
  const decisions = page.getByRole('region', { name: 'Decisions' });
  await expect(decisions.locator('[data-decision="sample-decision-launch"]')).toContainText('Owner: Igor Sokolov');

  // The whole page as it opens (the README's and the demo's picture of it).
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${SCREENS}/agenda-full-en.png`, fullPage: true });

  // Record a decision with an owner and a deadline, by keyboard.
  const text = 'Sales gets the new price list before the launch';
  await decisions.getByLabel('Decision', { exact: true }).fill(text);
  await decisions.getByLabel('Owner').selectOption({ label: 'Product' });
  const due = await decisions.getByLabel('Deadline').inputValue();
  expect(due).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  await decisions.getByRole('button', { name: 'Record decision' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: `Recorded the decision “${text}”.` })).toBeVisible();
  const row = decisions.locator('[data-decision]').filter({ hasText: text });
  await expect(row).toContainText('Owner: Product');
  await expect(row.locator('[data-clock]')).toHaveAttribute('data-clock', /^(on-track|at-risk)$/);
  await expect(row.locator('[data-clock]')).toContainText(/^(at risk: )?due /);
  // It is a store document like any other (so it syncs with the team workspace).
  // (the write lands in the op log first; the background's compactor folds it into doc:decisions:<id>)
  await expect
    .poll(async () => Object.keys(await ext.getStorage('local')).some((k) => k.startsWith('doc:decisions:dec-')), { message: 'the decision is stored as doc:decisions:<id>', timeout: 15_000 })
    .toBe(true);
  // Mark it done: the clock is met.
  await row.getByRole('button', { name: `Mark done: ${text}` }).click();
  await expect(row.locator('[data-clock]')).toHaveAttribute('data-clock', 'met');

  // Charts: five canvases, drawn, each an image named by its summary, with the numbers in a table.
  const measures = page.getByRole('region', { name: 'Coordination measures: last 8 weeks' });
  const canvases = measures.locator('canvas[role="img"]');
  await expect(canvases).toHaveCount(5);
  await expect(measures.getByRole('img', { name: /^SLA hit rate by week, norm ≥ 90%:/ })).toBeVisible();
  await expect(measures.getByRole('img', { name: /^Deadline adherence by week, norm 85%–95%:/ })).toBeVisible();
  const painted = await canvases.evaluateAll((els) =>
    els.map((c) => {
      const cv = c as HTMLCanvasElement;
      const data = cv.getContext('2d')!.getImageData(0, 0, cv.width, cv.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
      return n;
    }),
  );
  expect(painted.every((n) => n > 100), `every chart painted pixels: ${painted.join(', ')}`).toBe(true);
  await expect(measures.getByRole('table', { name: 'SLA hit rate' }).getByRole('row')).toHaveCount(9);
  await expect(measures.getByRole('table', { name: 'Work without rework' })).toContainText('100%'); // this week's hand-offs, none reopened

  expect(await ext.axe(page)).toEqual([]);
  await ext.screenshot(page, 'agenda-en');

  // Copy as Markdown, through the real clipboard.
  await page.getByRole('button', { name: 'Copy as Markdown' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied the agenda as Markdown.' })).toBeVisible();
  // Read it back as a person would: paste into a text field (Playwright cannot grant clipboard-read to an extension origin).
  await page.evaluate(() => {
    const ta = document.createElement('textarea');
    ta.id = 'paste-target';
    ta.setAttribute('aria-label', 'paste');
    document.body.append(ta);
    ta.focus();
  });
  await page.keyboard.press('ControlOrMeta+V');
  const md = await page.locator('#paste-target').inputValue();
  await page.evaluate(() => document.getElementById('paste-target')?.remove());
  expect(md).toMatch(/^# Weekly sync agenda: /);
  expect(md).toContain('## Marketing\n');
  expect(md).toContain(`- [x] ${text} — owner: Product`);
  expect(md).toContain('- SLA hit rate: ');
  for (const [, url] of md.matchAll(/\]\(([^)]*)\)/g)) expect(url).toMatch(/^https:\/\//);

  // Print: no buttons, forms or navigation; the charts stay.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Copy as Markdown' })).toBeHidden();
  await expect(page.getByRole('navigation')).toBeHidden();
  await expect(decisions.getByLabel('Decision', { exact: true })).toBeHidden();
  await expect(canvases.first()).toBeVisible();
  await ext.screenshot(page, 'agenda-print-en');
});

test('the agenda in Russian and in a dark colour scheme passes axe-core', async ({ launch }) => {
  const ext = await launch({ locale: 'ru', colorScheme: 'dark' });
  await ext.loadSample();
  const page = await ext.openExtensionPage('digest.html');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Повестка недельной синхронизации');
  await expect(page.getByRole('region', { name: 'Решения' })).toBeVisible();
  await expect(page.locator('canvas[role="img"]')).toHaveCount(5);
  // an invalid decision: the errors are announced next to their fields
  await page.getByRole('button', { name: 'Записать решение' }).click();
  await expect(page.getByText('Напишите, что решили.')).toBeVisible();
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe('rgb(15, 20, 25)');
  expect(await ext.axe(page)).toEqual([]);
  await ext.screenshot(page, 'agenda-ru-dark');
});
