/**
 * The demo: Chromium with the built extension, the sample workspace loaded, and realistic pages
 * of Jira, Trello, Notion and the CRMs served at their real URLs (no account anywhere).
 *
 *   npm run demo               a browser window you can use; close it to end
 *   npm run demo -- --headless a screenshot of every page into .demo/screens, then exit
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Ext, ROOT } from '../e2e/ext';
import { DEMO_PAGES, withSampleDates } from './pages';
import { runTeamDemo } from './team';

const headlessFlag = process.argv.includes('--headless');
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const headless = headlessFlag || noDisplay;
if (noDisplay && !headlessFlag) console.log('No display found: running headless and saving screenshots instead.');

const outDir = join(ROOT, '.demo/screens');
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

// The panel as a new user meets it: collapsed to its verdict line (expanded per persona below).
const ext = await Ext.launch({ headless, viewport: { width: 1440, height: 900 }, panel: 'collapsed' });
const written = await ext.loadSample();
console.log(`Sample workspace loaded (${written} documents).`);

const saved: string[] = [];
for (const p of DEMO_PAGES) {
  for (const [url, fixture] of p.serve ?? []) ext.serve(url, fixture);
  const dated = withSampleDates(p.fixture);
  if (dated) ext.serve(p.url, dated, { literal: true });
  const page = dated ? await ext.context.newPage() : await ext.openItem(p.url, p.fixture);
  if (dated) await page.goto(p.url);
  if (p.expectPanel) {
    // The panel is an extension frame: wait until it has rendered the item (data-liaison-ready).
    await ext.panelFrame(page, { timeout: 10_000 }).catch(() => console.warn(`  ! no panel on ${p.name}`));
  }
  await page.waitForTimeout(600);
  if (headless) {
    const file = join(outDir, `${p.name}.png`);
    await page.screenshot({ path: file });
    saved.push(file);
    // One screenshot per persona: the panel expanded on that person's item, at a laptop's 1280×800.
    if (p.persona) {
      await page.setViewportSize({ width: 1280, height: 800 });
      const frame = await ext.panelFrame(page).catch(() => null);
      if (frame) {
        await frame.locator('.lz-toggle').click();
        await page.waitForTimeout(500);
        const shot = join(outDir, `persona-${p.persona}.png`);
        await page.screenshot({ path: shot });
        saved.push(shot);
        await frame.locator('.lz-toggle').click(); // back to collapsed for the next page on this host
        await page.waitForTimeout(200);
      }
    }
    await page.close();
  }
}
for (const p of [
  { name: 'popup-inbox', path: 'popup.html', size: { width: 420, height: 640 } },
  { name: 'options', path: 'options.html', size: { width: 1280, height: 900 } },
  { name: 'launch-calendar', path: 'calendar.html', size: { width: 1280, height: 900 } },
  { name: 'weekly-agenda', path: 'digest.html', size: { width: 1280, height: 900 } },
  { name: 'side-panel', path: 'sidepanel.html', size: { width: 400, height: 800 } },
]) {
  const page = await ext.openExtensionPage(p.path);
  await page.setViewportSize(p.size);
  await page.waitForTimeout(600);
  if (headless) {
    const file = join(outDir, `${p.name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    saved.push(file);
    await page.close();
  }
}

// --- the lead quality page (issue 13 point 5): the sample's five sources over all time, charts, the funnel planner ---
{
  const page = await ext.openExtensionPage('leads.html');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.locator('#lq-period').selectOption('all');
  await page.locator('figure[data-chart] canvas').first().waitFor();
  await page.waitForTimeout(400);
  if (headless) {
    const file = join(outDir, 'lead-quality.png');
    await page.screenshot({ path: file, fullPage: true });
    saved.push(file);
    await page.close();
  }
}
// --- end lead quality page ---
// --- first run (issue 13 point 1): the welcome page and the demo item page with the real panel, expanded ---
for (const p of [
  { name: 'first-run-welcome', path: 'welcome.html', expand: false },
  { name: 'first-run-demo-item', path: 'demo.html', expand: true },
]) {
  const page = await ext.openExtensionPage(p.path);
  await page.setViewportSize({ width: 1280, height: 900 });
  const toggle = page.locator('.lz-toggle');
  if (p.expand) await toggle.click({ timeout: 10_000 }).catch(() => console.warn(`  ! no panel on ${p.name}`));
  await page.waitForTimeout(600);
  if (headless) {
    const file = join(outDir, `${p.name}.png`);
    await page.screenshot({ path: file, fullPage: !p.expand });
    saved.push(file);
    if (p.expand) await toggle.click().catch(() => undefined); // the panel's Jira preference back to collapsed
    await page.close();
  }
}
// --- end first run ---

// Two people, two browser profiles, one team workspace on a local server (tests/demo/team.ts).
console.log('\nTeam workspace: a sales rep and a marketer in two browsers…');
const team = await runTeamDemo({ headless, outDir });
saved.push(...team.screenshots);

const errors = [...ext.errors, ...team.browsers.flatMap((b) => b.errors)];
if (errors.length) console.warn(`Errors from Liaison during the demo:\n  ${errors.join('\n  ')}`);
if (headless) {
  console.log(`\nScreenshots of ${saved.length} demo pages saved in ${outDir}:`);
  for (const f of saved) console.log(`  ${f}`);
  await ext.close();
  await team.close();
  // The in-process test server (express-pouchdb) keeps timers alive: end here.
  process.exit(0);
} else {
  console.log('\nThe demo is open: the sample workspace, and Ivan (sales) and Maria (marketing) in two more windows. Close the windows to end.');
  await Promise.all([ext.context, ...team.browsers.map((b) => b.context)].map((c) => new Promise<void>((resolve) => c.on('close', () => resolve()))));
  await team.close();
  process.exit(0);
}
