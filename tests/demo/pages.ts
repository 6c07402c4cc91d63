/** The demo's pages: a real URL each, the saved page served there, and whether a panel is expected. */
import { SAMPLE_URLS } from '../../lib/demo/sample-workspace';

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
