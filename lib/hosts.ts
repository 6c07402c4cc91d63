/**
 * The host sites Liaison's content script is declared for (manifest `matches`).
 * Self-hosted Jira and Bitrix24 domains are added at run time from the options page.
 */
export const BITRIX24_TLDS = ['ru', 'com', 'de', 'eu', 'by', 'kz', 'ua', 'uk', 'es', 'fr', 'it', 'pl', 'in', 'jp', 'cn', 'com.br', 'com.tr', 'id', 'vn', 'mx', 'co'] as const;

export const HOST_MATCHES: readonly string[] = [
  'https://*.atlassian.net/*',
  'https://trello.com/*',
  'https://www.notion.so/*',
  'https://*.notion.site/*',
  'https://app.notion.com/*',
  'https://www.notion.com/*',
  'https://app.notion.so/*',
  'https://app.hubspot.com/*',
  'https://app-eu1.hubspot.com/*',
  'https://*.lightning.force.com/*',
  'https://*.my.salesforce.com/*',
  'https://*.pipedrive.com/*',
  'https://*.amocrm.ru/*',
  'https://*.amocrm.com/*',
  'https://*.kommo.com/*',
  ...BITRIX24_TLDS.map((tld) => `https://*.bitrix24.${tld}/*`),
  // Work-management hosts (issue 15).
  'https://app.clickup.com/*',
  'https://app.asana.com/*',
  'https://linear.app/*',
  'https://*.monday.com/*',
];
