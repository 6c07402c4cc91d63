/**
 * Every host adapter, registered in one place. The content script picks the first
 * whose matchesHost() accepts the page; nothing else runs on a page no adapter serves.
 */
import type { CustomHosts } from '../core/item-ref';
import type { HostAdapter } from './types';
import { jiraAdapter } from './jira';
import { trelloAdapter } from './trello';
import { notionAdapter } from './notion';
import { hubspotAdapter } from './hubspot';
import { salesforceAdapter } from './salesforce';
import { pipedriveAdapter } from './pipedrive';
import { amocrmAdapter } from './amocrm';
import { bitrix24Adapter } from './bitrix24';
import { clickupAdapter } from './clickup';
import { asanaAdapter } from './asana';
import { linearAdapter } from './linear';
import { mondayAdapter } from './monday';

export const ADAPTERS: readonly HostAdapter[] = [
  jiraAdapter,
  trelloAdapter,
  notionAdapter,
  hubspotAdapter,
  salesforceAdapter,
  pipedriveAdapter,
  amocrmAdapter,
  bitrix24Adapter,
  clickupAdapter,
  asanaAdapter,
  linearAdapter,
  mondayAdapter,
];

export function adapterFor(url: URL, custom: CustomHosts = {}): HostAdapter | null {
  return ADAPTERS.find((a) => a.matchesHost(url, custom)) ?? null;
}
