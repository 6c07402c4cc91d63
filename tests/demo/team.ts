/**
 * The team demo: a local CouchDB-protocol server (in memory, on 127.0.0.1, started and stopped
 * here) with one workspace, and two people in two browser profiles — Ivan in sales, Maria in
 * marketing. Ivan's browser holds the sample workspace and joins the team; Maria joins through the
 * options page like anyone would. Ivan saves his verdict and a note on an amoCRM lead; the note
 * appears on Maria's Jira campaign, in her browser, without a reload.
 *
 * The browsers load a copy of the build that already holds the loopback permission (see
 * tests/e2e/team-harness.ts: a headless browser cannot answer the permission prompt).
 */
import { withSampleDates } from './pages';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Ext } from '../e2e/ext';
import { connectByMessage, createWorkspace, launchTeamBrowser, startServer, waitForSyncState, type TestServer } from '../e2e/team-harness';

const CAMPAIGN_URL = 'https://acme.atlassian.net/browse/MKT-142';
const AMO_URL = 'https://acme.amocrm.ru/leads/detail/24681357';
const IVAN = { name: 'ivan', password: 'ivan-sales-pass' };
const MARIA = { name: 'maria', password: 'maria-mkt-pass' };

export interface TeamDemo {
  server: TestServer;
  browsers: Ext[];
  screenshots: string[];
  close(): Promise<void>;
}

async function shot(page: Page, outDir: string, name: string, list: string[], fullPage = false): Promise<void> {
  const file = join(outDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  list.push(file);
}

export async function runTeamDemo(opts: { headless: boolean; outDir: string }): Promise<TeamDemo> {
  const server = await startServer();
  const ws = await createWorkspace(server, 'acme-workspace', [IVAN, MARIA]);
  console.log(`Team workspace server: ${server.url}/acme-workspace (in memory; members ivan / ${IVAN.password}, maria / ${MARIA.password})`);
  const screenshots: string[] = [];
  const viewport = { width: 1280, height: 860 };

  // Ivan (sales): the sample workspace in his browser, merged into the team's database.
  const ivan = await launchTeamBrowser({ headless: opts.headless, viewport });
  const written = await ivan.loadSample();
  await connectByMessage(ivan, ws, IVAN);
  await waitForSyncState(ivan, ['idle'], 30_000);
  console.log(`Ivan (sales) joined and shared ${written} documents.`);

  // Maria (marketing): joins through the options page, as a person would.
  const maria = await launchTeamBrowser({ headless: opts.headless, viewport });
  const options = await maria.openExtensionPage('options.html#team');
  const team = options.getByRole('region', { name: 'Team workspace' });
  await team.getByLabel('Server address').fill(server.url);
  await team.getByLabel('Workspace database').fill('acme-workspace');
  await team.getByLabel('User name').fill(MARIA.name);
  await team.getByLabel('Password', { exact: true }).fill(MARIA.password);
  await team.getByRole('button', { name: 'Test connection' }).click();
  await team.getByText(/^Connection works/).waitFor({ timeout: 20_000 });
  await team.scrollIntoViewIfNeeded();
  await shot(options, opts.outDir, 'team-1-maria-test-connection', screenshots);
  await team.getByRole('button', { name: 'Connect', exact: true }).click();
  // Her browser already holds Liaison's defaults (teams, SLA policies…): the merge preview comes first.
  const preview = team.getByRole('group', { name: 'This browser already has data' });
  const connected = options.locator('[data-team-state]');
  await preview.or(connected).first().waitFor({ timeout: 20_000 });
  if (await preview.isVisible()) {
    await preview.scrollIntoViewIfNeeded();
    await shot(options, opts.outDir, 'team-2-maria-merge-preview', screenshots);
    await preview.getByRole('button', { name: 'Merge and connect' }).click();
  }
  await waitForSyncState(maria, ['idle'], 30_000);
  await options.locator('[data-team-state="idle"]').waitFor({ timeout: 20_000 });
  await team.scrollIntoViewIfNeeded();
  await shot(options, opts.outDir, 'team-3-maria-connected', screenshots);
  console.log('Maria (marketing) joined through the options page.');

  // Maria looks at her campaign in Jira.
  maria.serve(CAMPAIGN_URL, withSampleDates('jira/issue-browse-en.html')!, { literal: true });
  const campaign = await maria.context.newPage();
  await campaign.goto(CAMPAIGN_URL);
  await (await maria.inPanel(campaign)).locator('[data-liaison-quality]').waitFor({ timeout: 20_000 });

  // Ivan opens the lead in amoCRM, marks it SQL and writes why.
  const lead = await ivan.openItem(AMO_URL, 'amocrm/lead-ru.html');
  const leadSection = (await ivan.inPanel(lead)).locator('[data-liaison-lead]');
  await leadSection.waitFor({ timeout: 20_000 });
  const note = 'Перезвонил: бюджет согласован, нужен доступ для команды из 12 человек — SQL';
  const form = leadSection.locator('form').first();
  await form.locator('select').first().selectOption('sql');
  await leadSection.locator('textarea').fill(note);
  await form.locator('button[type="submit"]').click();
  await (await ivan.inPanel(lead)).locator('[data-liaison-lead="sql"]').waitFor({ timeout: 10_000 });
  await shot(lead, opts.outDir, 'team-4-ivan-amocrm-verdict', screenshots);

  // …and it shows on Maria's campaign, in the other browser.
  const t0 = Date.now();
  const onCampaign = (await maria.inPanel(campaign)).locator('[data-liaison-lead-note="amocrm:acme:lead:24681357"]', { hasText: note });
  await onCampaign.waitFor({ timeout: 20_000 });
  console.log(`Ivan's note appeared on Maria's Jira campaign ${Date.now() - t0} ms after he saved it.`);
  await onCampaign.scrollIntoViewIfNeeded();
  await shot(campaign, opts.outDir, 'team-5-maria-jira-campaign', screenshots);
  const popup = await maria.openExtensionPage('popup.html');
  await popup.setViewportSize({ width: 420, height: 640 });
  await popup.locator('[data-team-line]').waitFor();
  await shot(popup, opts.outDir, 'team-6-maria-popup', screenshots);

  return {
    server,
    browsers: [ivan, maria],
    screenshots,
    async close() {
      for (const b of [ivan, maria]) await b.close().catch(() => undefined);
      await Promise.race([server.stop(), new Promise((r) => setTimeout(r, 5000))]);
    },
  };
}
