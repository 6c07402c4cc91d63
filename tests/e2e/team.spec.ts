/**
 * The team workspace in real Chromium: two people, each in a browser profile of their own, connected
 * to one workspace on a local CouchDB-protocol server (tests/sync-server) that each test starts and
 * stops itself. Everything is asserted on what a person sees: the options section, the popup line,
 * the panels on saved host pages.
 */
import { withSampleDates } from '../demo/pages';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type Ext, type Page } from './harness';
import { EXTENSION_DIR } from './ext';
import { expectOnePanel } from './host-pages';
import {
  LOOPBACK_PATTERN,
  connectByMessage,
  createWorkspace,
  launchTeamBrowser,
  readLocal,
  seedDocs,
  seededKey,
  startServer,
  stopServiceWorker,
  waitForSyncState,
  type Member,
  type TestServer,
  type Workspace,
} from './team-harness';

const CAMPAIGN_URL = 'https://acme.atlassian.net/browse/MKT-142';
const CAMPAIGN_KEY = 'jira:acme.atlassian.net:issue:MKT-142';
const AMO_URL = 'https://acme.amocrm.ru/leads/detail/24681357';
const AMO_KEY = 'amocrm:acme:lead:24681357';

const IVAN: Member = { name: 'ivan', password: 'ivan-sales-pass' }; // sales rep
const MARIA: Member = { name: 'maria', password: 'maria-mkt-pass' }; // marketer

const test = base.extend<{ server: TestServer; workspace: Workspace; browser2: (member?: string) => Promise<Ext> }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  server: async ({}, use) => {
    const server = await startServer();
    await use(server);
    await server.stop();
  },
  workspace: async ({ server }, use) => {
    await use(await createWorkspace(server, 'acme-workspace', [IVAN, MARIA]));
  },
  // eslint-disable-next-line no-empty-pattern
  browser2: async ({}, use) => {
    const opened: Ext[] = [];
    await use(async () => {
      const e = await launchTeamBrowser();
      opened.push(e);
      return e;
    });
    const errors = opened.flatMap((e) => e.errors);
    for (const e of opened) await e.close();
    expect(errors, 'errors from Liaison on host or extension pages').toEqual([]);
  },
});

async function openLead(ext: Ext): Promise<Page> {
  const page = await ext.openItem(AMO_URL, 'amocrm/lead-ru.html');
  await expectOnePanel(ext, page, AMO_KEY);
  return page;
}

async function openCampaign(ext: Ext): Promise<Page> {
  // The Jira page shows the sample's launch (+4 days) and end (+25) in its own date fields: host dates are the effective ones.
  ext.serve(CAMPAIGN_URL, withSampleDates('jira/issue-browse-en.html')!, { literal: true });
  const page = await ext.context.newPage();
  await page.goto(CAMPAIGN_URL);
  await expectOnePanel(ext, page, CAMPAIGN_KEY);
  return page;
}

/** The sales rep saves a verdict and a note on the lead in the panel's lead form. */
async function saveLeadNote(page: Page, ext: Ext, verdict: 'sql' | 'mql' | 'rejected', text: string): Promise<void> {
  const lead = (await ext.inPanel(page)).locator('[data-liaison-lead]');
  const form = lead.locator('form').first();
  await form.locator('select').first().selectOption(verdict);
  await lead.locator('textarea').fill(text);
  await form.locator('button[type="submit"]').click();
  await expect(lead).toHaveAttribute('data-liaison-lead', verdict);
}

/** Two browsers on one workspace: Ivan (sales) brought the sample workspace, Maria (marketing) joins it empty. */
async function twoPeople(workspace: Workspace, launch: () => Promise<Ext>): Promise<{ ivan: Ext; maria: Ext }> {
  const ivan = await launch();
  await ivan.loadSample();
  await connectByMessage(ivan, workspace, IVAN);
  await waitForSyncState(ivan, ['idle'], 30_000);
  const maria = await launch();
  await connectByMessage(maria, workspace, MARIA);
  await waitForSyncState(maria, ['idle'], 30_000);
  return { ivan, maria };
}

test('the real manifest asks for a team server only at run time (no loopback host permission outside the team tests)', () => {
  const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as { host_permissions: string[]; optional_host_permissions: string[] };
  expect(manifest.host_permissions).not.toContain(LOOPBACK_PATTERN);
  expect(manifest.host_permissions.some((p) => p.startsWith('http://'))).toBe(false);
  expect(manifest.optional_host_permissions).toEqual(expect.arrayContaining(['https://*/*', 'http://*/*']));
});

test('options end to end: wrong password, test, connect with a merge preview, live status in options, popup and panel, sign out keeping the local copy', async ({ workspace, browser2 }) => {
  test.setTimeout(120_000);
  const ext = await browser2();
  const written = await ext.loadSample();
  expect(written).toBeGreaterThan(10);
  const options = await ext.openExtensionPage('options.html#team');
  const team = options.getByRole('region', { name: 'Team workspace' });
  await expect(team.getByText('Not connected', { exact: false })).toHaveCount(0);
  await team.getByLabel('Server address').fill(workspace.url);
  await team.getByLabel('Workspace database').fill(workspace.db);
  await team.getByLabel('User name').fill(IVAN.name);
  await team.getByLabel('Password', { exact: true }).fill('not-his-password');

  await test.step('a wrong password gets the 401 message', async () => {
    await team.getByRole('button', { name: 'Test connection' }).click();
    await expect(team.getByRole('alert')).toHaveText('Wrong user name or password: the server refused to sign you in. (HTTP 401)', { timeout: 15_000 });
  });

  await test.step('a database that does not exist gets its own message', async () => {
    await team.getByLabel('Password', { exact: true }).fill(IVAN.password);
    await team.getByLabel('Workspace database').fill('acme-typo');
    await team.getByRole('button', { name: 'Test connection' }).click();
    await expect(team.getByRole('alert')).toContainText('There is no database “acme-typo”', { timeout: 15_000 });
    await team.getByLabel('Workspace database').fill(workspace.db);
  });

  await test.step('the right password: the connection works', async () => {
    await team.getByRole('button', { name: 'Test connection' }).click();
    await expect(team.getByText(/^Connection works: signed in and the workspace “acme-workspace” is open/)).toBeVisible({ timeout: 15_000 });
    expect(await readLocal(ext, 'team:config')).toBeUndefined();
  });

  await test.step('connect: this browser has data, so the merge preview comes first', async () => {
    await team.getByRole('button', { name: 'Connect', exact: true }).click();
    const preview = team.getByRole('group', { name: 'This browser already has data' });
    await expect(preview).toBeVisible({ timeout: 15_000 });
    await expect(preview.getByRole('row', { name: /Lead verdicts and notes/ })).toBeVisible();
    const total = preview.getByRole('row', { name: /Total/ });
    // Everything in this browser: the sample's documents and the built-in defaults (teams, SLA policies…).
    await expect.poll(async () => Number(await total.getByRole('cell').first().textContent())).toBeGreaterThanOrEqual(written);
    await expect(total.getByRole('cell').nth(1)).toHaveText('0');
    await expect(ext.axe(options)).resolves.toEqual([]);
    await preview.getByRole('button', { name: 'Merge and connect' }).click();
    await expect(team.locator('[data-team-state]')).toHaveAttribute('data-team-state', 'idle', { timeout: 30_000 });
    await expect(team.locator('[data-team-state]')).toHaveText(/Synced/);
    await expect(team.getByLabel('Password', { exact: true })).toHaveCount(0);
  });

  await test.step('nothing secret in storage.sync; every local document is on the server', async () => {
    const sync = JSON.stringify(await ext.getStorage('sync'));
    expect(sync).not.toContain(IVAN.password);
    expect(sync).not.toContain('team:');
    const info = await workspace.admin<{ doc_count: number }>('GET', `/${workspace.db}`);
    expect(info.json.doc_count).toBeGreaterThanOrEqual(written);
    await expect(ext.axe(options)).resolves.toEqual([]);
  });

  await test.step('the popup and the panel show the status', async () => {
    const popup = await ext.openExtensionPage('popup.html');
    await expect(popup.locator('[data-team-line]')).toHaveText(/^Team workspace: Synced · acme-workspace on 127\.0\.0\.1:\d+ · last synced/);
    const campaign = await openCampaign(ext);
    await expect((await ext.inPanel(campaign)).locator('[data-liaison-sync]')).toHaveAttribute('data-liaison-sync', 'idle');
    await expect((await ext.inPanel(campaign)).locator('[data-liaison-sync]')).toHaveAttribute('title', /^Synced — acme-workspace on 127\.0\.0\.1/);
  });

  await test.step('server down: the options say offline since when', async () => {
    await workspace.server.pause();
    // A local write makes the engine notice at once (a push follows every write).
    const lead = await openLead(ext);
    await saveLeadNote(lead, ext, 'sql', 'Budget confirmed while the server was down');
    await expect(team.locator('[data-team-state]')).toHaveAttribute('data-team-state', 'offline', { timeout: 40_000 });
    await expect(team.locator('[data-team-state]')).toHaveText(/Offline since \d/);
    await workspace.server.resume();
    await team.getByRole('button', { name: 'Sync now' }).click();
    await expect(team.locator('[data-team-state]')).toHaveAttribute('data-team-state', 'idle', { timeout: 40_000 });
  });

  await test.step('sign out, keeping the local copy', async () => {
    await team.getByRole('button', { name: 'Sign out' }).click();
    await team.getByRole('button', { name: 'Keep a local copy and sign out' }).click();
    await expect(team.getByText('Signed out of “acme-workspace”. The data stays in this browser.')).toBeVisible({ timeout: 15_000 });
    await expect(team.getByRole('form', { name: 'Connect to a team workspace' })).toBeVisible();
    expect(await readLocal(ext, 'team:credentials')).toBeUndefined();
    expect(await readLocal(ext, 'team:config')).toBeUndefined();
    // The data is still here: the campaign still shows its blocker, the lead its new verdict.
    const campaign = await openCampaign(ext);
    await expect((await ext.inPanel(campaign)).locator('.lz-root')).toContainText('Payment form not ready');
    await expect((await ext.inPanel(campaign)).locator('[data-liaison-sync]')).toHaveCount(0);
    const popup = await ext.openExtensionPage('popup.html');
    await expect(popup.locator('[data-team-line]')).toHaveAttribute('data-team-line', 'off');
  });
});

test('two people live: the sales verdict and note on an amoCRM lead appear on the marketer\'s Jira campaign; a blocker and a launch date travel back', async ({ workspace, browser2 }) => {
  test.setTimeout(180_000);
  const { ivan, maria } = await twoPeople(workspace, browser2);
  const mariaCampaign = await openCampaign(maria);
  const ivanLead = await openLead(ivan);
  const ivanCampaign = await openCampaign(ivan);
  for (const p of [mariaCampaign, ivanCampaign]) await p.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

  await test.step('Ivan saves "SQL" and a note on the amoCRM lead → Maria\'s campaign panel shows the note', async () => {
    const text = `Бюджет согласован, звонок в понедельник ${Date.now()}`;
    const quality = (await maria.inPanel(mariaCampaign)).locator('[data-liaison-quality]');
    const before = await quality.getAttribute('data-rejected-share');
    await saveLeadNote(ivanLead, ivan, 'sql', text);
    await expect((await maria.inPanel(mariaCampaign)).locator(`[data-liaison-lead-note="${AMO_KEY}"]`)).toContainText(text, { timeout: 10_000 });
    // The rejected share of the campaign's leads dropped: the lead is no longer rejected.
    await expect.poll(async () => Number(await quality.getAttribute('data-rejected-share')), { timeout: 10_000 }).toBeLessThan(Number(before));
  });

  await test.step('Maria marks analytics as blocking → Ivan\'s campaign panel shows it', async () => {
    const select = (await maria.inPanel(mariaCampaign)).getByLabel(/analytics/i).first();
    await select.selectOption('blocked');
    await expect((await ivan.inPanel(ivanCampaign)).locator('[data-liaison-team="analytics"]')).toHaveAttribute('data-state', 'blocked', { timeout: 10_000 });
  });

  await test.step('Ivan moves the launch 20 days out (before the campaign ends) → Maria\'s "tell product" clock is no longer breached', async () => {
    const sla = (await maria.inPanel(mariaCampaign)).locator('[data-liaison-sla="campaign-notify"]');
    await expect(sla).toHaveAttribute('data-state', 'breached');
    const item = await ivan.inPanel(ivanCampaign);
    await item.getByRole('button', { name: 'Set dates' }).click();
    const later = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    await item.getByLabel('Launch', { exact: true }).fill(later);
    await item.locator('#lz-form-dates button[type="submit"], form[id="lz-form-dates"] button[type="submit"]').first().click();
    await expect(sla).not.toHaveAttribute('data-state', 'breached', { timeout: 10_000 });
  });
  for (const p of [mariaCampaign, ivanCampaign]) expect(await p.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  await maria.screenshot(mariaCampaign, 'team-marketer-campaign-sees-sales-note');
});

test('both offline, both edit the same lead and add notes to the same campaign; reconnected, nothing is lost and the losing value is shown', async ({ workspace, browser2 }) => {
  test.setTimeout(180_000);
  const { ivan, maria } = await twoPeople(workspace, browser2);
  const ivanLead = await openLead(ivan);
  const mariaLead = await openLead(maria);
  const ivanCampaign = await openCampaign(ivan);
  const mariaCampaign = await openCampaign(maria);

  await workspace.server.pause();
  const stamp = Date.now();
  const ivanText = `Ivan offline ${stamp}`;
  const mariaText = `Maria offline ${stamp}`;
  await saveLeadNote(ivanLead, ivan, 'mql', ivanText);
  await saveLeadNote(mariaLead, maria, 'sql', mariaText); // later: wins the same fields
  for (const [ext, page, text] of [
    [ivan, ivanCampaign, `Ivan's campaign note ${stamp}`],
    [maria, mariaCampaign, `Maria's campaign note ${stamp}`],
  ] as const) {
    const notes = (await ext.inPanel(page)).locator('.lz-section-notes');
    await notes.getByRole('button', { name: 'Add a note' }).click();
    await notes.locator('textarea').fill(text);
    await notes.locator('form button[type="submit"]').click();
    await expect(notes.locator('.lz-note-text', { hasText: text })).toBeVisible();
  }
  for (const e of [ivan, maria]) await waitForSyncState(e, ['offline'], 40_000);

  await workspace.server.resume();
  for (const e of [ivan, maria]) await e.message('team:sync-now', {});
  for (const e of [ivan, maria]) await waitForSyncState(e, ['idle'], 40_000);

  // Both notes on the campaign, in both browsers (a list field merges as a set).
  for (const [ext, page] of [
    [ivan, ivanCampaign],
    [maria, mariaCampaign],
  ] as const) {
    const notes = (await ext.inPanel(page)).locator('.lz-section-notes');
    await expect(notes.locator('.lz-note-text', { hasText: `Ivan's campaign note ${stamp}` })).toBeVisible({ timeout: 15_000 });
    await expect(notes.locator('.lz-note-text', { hasText: `Maria's campaign note ${stamp}` })).toBeVisible({ timeout: 15_000 });
  }
  // The same fields: the later edit (Maria's) everywhere.
  for (const [ext, page] of [
    [ivan, ivanLead],
    [maria, mariaLead],
  ] as const) {
    // The lead's note is shown in its thread (the field below adds a new note).
    await expect((await ext.inPanel(page)).locator('[data-liaison-thread]')).toContainText(mariaText, { timeout: 15_000 });
    await expect((await ext.inPanel(page)).locator('[data-liaison-lead]')).toHaveAttribute('data-liaison-lead', 'sql');
  }
  // Ivan's value lost — and is shown where a person can see it: the options of the browser that
  // resolved the conflict (either one may; both fold it the same way) list it under the team section.
  const pages = [await ivan.openExtensionPage('options.html#team'), await maria.openExtensionPage('options.html#team')];
  await expect
    .poll(
      async () => {
        const texts: string[] = [];
        for (const p of pages) {
          await p.reload();
          await p.locator('#team').waitFor();
          await p.waitForTimeout(300);
          texts.push((await p.locator('.team-conflicts').allTextContents()).join(' '));
        }
        return texts.some((t) => t.includes(ivanText));
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  for (const p of pages) if ((await p.locator('.team-conflicts').count()) > 0) await p.screenshot({ path: 'test-results/screens/team-options-conflict-loser.png' });
});

test('the service worker stopped mid-sync resumes: an edit made meanwhile arrives (alarm or next wake-up)', async ({ workspace, browser2 }) => {
  test.setTimeout(180_000);
  const { ivan, maria } = await twoPeople(workspace, browser2);
  const mariaCampaign = await openCampaign(maria);
  const ivanLead = await openLead(ivan);
  await stopServiceWorker(maria);
  const text = `Written while Maria's worker slept ${Date.now()}`;
  await saveLeadNote(ivanLead, ivan, 'sql', text);
  // No page of Maria's sends anything: only the background's own alarm can bring the edit in.
  await expect((await maria.inPanel(mariaCampaign)).locator(`[data-liaison-lead-note="${AMO_KEY}"]`)).toContainText(text, { timeout: 75_000 });
});

test('a malformed document written on the server is quarantined with its reason, and the rest syncs', async ({ workspace, browser2 }) => {
  test.setTimeout(120_000);
  const { maria } = await twoPeople(workspace, browser2);
  const bad = await workspace.admin('PUT', `/${workspace.db}/leadNotes:forged-1`, { schema: 1, collection: 'leadNotes', id: 'forged-1', data: { id: 'forged-1', verdict: 'maybe' }, clocks: {}, hlc: 'yesterday', updatedAt: 'now', author: { device: 'x' }, updatedBy: 'ivan', createdBy: 'ivan' });
  expect(bad.status).toBeLessThan(300);
  const options = await maria.openExtensionPage('options.html#all');
  const quarantine = options.getByRole('region', { name: 'Quarantined data' });
  await expect(async () => {
    await options.reload();
    await expect(quarantine.locator('li', { has: options.locator('code', { hasText: 'leadNotes:forged-1' }) })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 40_000 });
  // With its reason, in words.
  const entry = quarantine.locator('li', { has: options.locator('code', { hasText: 'leadNotes:forged-1' }) });
  await expect(entry.locator('.error')).toContainText(/Liaison|schema|clock/);
  await expect(options.locator('#team')).toContainText('in quarantine');
  // The workspace itself is intact.
  const campaign = await openCampaign(maria);
  await expect((await maria.inPanel(campaign)).locator('.lz-root')).toContainText('Payment form not ready');
});

test('1,000 documents: the initial sync is shown in the options and the items have their data', async ({ workspace, browser2 }) => {
  test.setTimeout(180_000);
  await seedDocs(workspace, IVAN, 1000);
  const maria = await browser2();
  await connectByMessage(maria, workspace, MARIA);
  const options = await maria.openExtensionPage('options.html#team');
  const team = options.getByRole('region', { name: 'Team workspace' });
  await expect(team.locator('[data-team-state]')).toHaveAttribute('data-team-state', 'idle', { timeout: 120_000 });
  await expect.poll(async () => Number((await readLocal<{ docs?: number }>(maria, 'team:status'))?.docs ?? 0), { timeout: 30_000 }).toBeGreaterThanOrEqual(1000);
  await expect(team).toContainText(/Documents in this browser\s*1\d{3}/);
  // The last document seeded is there with its data: its panel shows the launch date.
  const page = await maria.openItem('https://acme.atlassian.net/browse/LOAD-1000', 'jira/issue-browse-en.html');
  await expectOnePanel(maria, page, seededKey(1000));
  await expect((await maria.inPanel(page)).locator('[data-liaison-date="launch"]')).toBeVisible({ timeout: 15_000 });
});

test('server down in the middle of the initial sync, then back: everything arrives', async ({ workspace, browser2 }) => {
  test.setTimeout(180_000);
  await seedDocs(workspace, IVAN, 1500);
  const maria = await browser2();
  const connecting = connectByMessage(maria, workspace, MARIA).catch((e: unknown) => e);
  // Cut the server as soon as the first documents arrived.
  await expect.poll(async () => Number((await readLocal<{ docs?: number }>(maria, 'team:status'))?.docs ?? 0), { timeout: 60_000, intervals: [20] }).toBeGreaterThan(0);
  await workspace.server.pause();
  const cut = Number((await readLocal<{ docs?: number }>(maria, 'team:status'))?.docs ?? 0);
  await connecting;
  await waitForSyncState(maria, ['offline'], 60_000);
  const popup = await maria.openExtensionPage('popup.html');
  await expect(popup.locator('[data-team-line]')).toContainText(/Offline since/);
  await workspace.server.resume();
  await maria.message('team:sync-now', {}).catch(() => undefined);
  await expect(popup.locator('[data-team-line]')).toContainText('Synced', { timeout: 90_000 });
  await expect.poll(async () => Number((await readLocal<{ docs?: number }>(maria, 'team:status'))?.docs ?? 0), { timeout: 60_000 }).toBeGreaterThanOrEqual(1500);
  test.info().annotations.push({ type: 'cut', description: `server paused with ${cut} of 1500 documents in` });
  const page = await maria.openItem('https://acme.atlassian.net/browse/LOAD-1500', 'jira/issue-browse-en.html');
  await expectOnePanel(maria, page, seededKey(1500));
  await expect((await maria.inPanel(page)).locator('[data-liaison-date="launch"]')).toBeVisible({ timeout: 15_000 });
});
