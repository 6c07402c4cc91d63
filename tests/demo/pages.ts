/** The demo's pages: a real URL each, the saved page served there, and whether a panel is expected. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_URLS } from '../../lib/demo/sample-workspace';
import { FIXTURES } from '../e2e/ext';

/**
 * The host's own date fields are the effective dates (issue 11 point 4), so the saved Jira pages show
 * the sample's dates (relative to today) where the sample workspace has them: the date texts of the
 * saved page → days from now (lib/demo/sample-workspace.ts: campaign launch +4, end +25; release +9).
 */
const SAMPLE_DATES: Record<string, Record<string, number>> = {
  'jira/issue-browse-en.html': { 'May 15, 2026': 4, 'Jun 12, 2026': 25 },
  'jira/board-modal-en.html': { 'May 20, 2026': 9, 'May 27, 2026': 12 },
};

/** The saved page with the sample's dates in its date fields, or null when it has none to rewrite. */
export function withSampleDates(fixture: string, now: Date = new Date()): string | null {
  const dates = SAMPLE_DATES[fixture];
  if (!dates) return null;
  const shown = (days: number) => new Date(now.getTime() + days * 86_400_000).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
  let html = readFileSync(join(FIXTURES, fixture), 'utf8');
  for (const [text, days] of Object.entries(dates)) html = html.replaceAll(text, shown(days));
  return html;
}

export interface DemoPage {
  name: string;
  url: string;
  fixture: string;
  expectPanel: boolean;
  /** The persona this page is the item of (an expanded screenshot is taken for it). */
  persona?: 'marketer' | 'product-manager' | 'sales-rep' | 'sales-rep-ru';
  /** More URLs to serve (a slider's iframe, ...). */
  serve?: [string, string][];
}

export const DEMO_PAGES: DemoPage[] = [
  { name: 'jira-campaign', url: SAMPLE_URLS.campaign, fixture: 'jira/issue-browse-en.html', expectPanel: true, persona: 'marketer' },
  { name: 'jira-release-over-board', url: SAMPLE_URLS.release, fixture: 'jira/board-modal-en.html', expectPanel: true, persona: 'product-manager' },
  { name: 'trello-card', url: SAMPLE_URLS.landing, fixture: 'trello/card-en.html', expectPanel: true },
  { name: 'notion-page', url: SAMPLE_URLS.gtm, fixture: 'notion/page-en.html', expectPanel: true },
  { name: 'hubspot-lead', url: SAMPLE_URLS.hubspotLead, fixture: 'hubspot/contact.html', expectPanel: true, persona: 'sales-rep' },
  { name: 'salesforce-lead', url: SAMPLE_URLS.salesforceLead, fixture: 'salesforce/lead.html', expectPanel: true },
  { name: 'pipedrive-deal', url: SAMPLE_URLS.pipedriveDeal, fixture: 'pipedrive/deal.html', expectPanel: true },
  { name: 'amocrm-lead', url: SAMPLE_URLS.amocrmLead, fixture: 'amocrm/lead-ru.html', expectPanel: true, persona: 'sales-rep-ru' },
  { name: 'bitrix24-deal', url: SAMPLE_URLS.bitrixDeal, fixture: 'bitrix24/deal-ru.html', expectPanel: true },
  // Work-management hosts (issue 15): a monday.com item card over its (canvas) board, the brief in its pinned update.
  { name: 'monday-item-card', url: 'https://acme.monday.com/boards/1234567890/pulses/9876543210', fixture: 'monday/item-card-over-board-en.html', expectPanel: true },
  { name: 'jira-board-nothing-open', url: 'https://acme.atlassian.net/jira/software/projects/PAY/boards/12', fixture: 'jira/board-no-issue.html', expectPanel: false },
];
