/** The demo's pages: a real URL each, the saved page served there, and whether a panel is expected. */
import { SAMPLE_URLS } from '../../lib/demo/sample-workspace';

export interface DemoPage {
  name: string;
  url: string;
  fixture: string;
  expectPanel: boolean;
  /** More URLs to serve (a slider's iframe, ...). */
  serve?: [string, string][];
}

export const DEMO_PAGES: DemoPage[] = [
  { name: 'jira-campaign', url: SAMPLE_URLS.campaign, fixture: 'jira/issue-en.html', expectPanel: true },
  { name: 'jira-release', url: SAMPLE_URLS.release, fixture: 'jira/issue-en.html', expectPanel: true },
  { name: 'trello-card', url: SAMPLE_URLS.landing, fixture: 'trello/card-en.html', expectPanel: true },
  { name: 'notion-page', url: SAMPLE_URLS.gtm, fixture: 'notion/page-en.html', expectPanel: true },
  { name: 'hubspot-lead', url: SAMPLE_URLS.hubspotLead, fixture: 'hubspot/contact.html', expectPanel: true },
];
