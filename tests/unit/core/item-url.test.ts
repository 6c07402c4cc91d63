import { describe, expect, it } from 'vitest';
import { itemKey, itemUrl, keyToUrl, parseItemUrl } from '@/lib/core/item-ref';
import { ADAPTERS } from '@/lib/adapters/registry';

describe('itemUrl: a working link from a key alone', () => {
  const urls = ADAPTERS.flatMap((a) => a.testUrls);
  it.each(urls.filter((u) => parseItemUrl(u)))('%s → the same item', (u) => {
    const ref = parseItemUrl(u)!;
    const built = itemUrl(ref);
    expect(built, u).toBeDefined();
    expect(parseItemUrl(built!)).toEqual(ref);
  });

  it('uses the page origin for the host parts a key does not keep', () => {
    expect(keyToUrl('amocrm:acme:lead:24681357', 'https://acme.kommo.com')).toBe('https://acme.kommo.com/leads/detail/24681357');
    expect(keyToUrl('amocrm:acme:lead:24681357')).toBe('https://acme.amocrm.ru/leads/detail/24681357');
    // Another workspace's origin is not borrowed.
    expect(keyToUrl('amocrm:acme:lead:1', 'https://other.kommo.com')).toBe('https://acme.amocrm.ru/leads/detail/1');
    expect(keyToUrl('salesforce:acme:lead:00Q5g00000AbCdEEAZ', 'https://acme.my.salesforce.com')).toBe(
      'https://acme.my.salesforce.com/lightning/r/Lead/00Q5g00000AbCdEEAZ/view',
    );
  });

  it('names real URLs', () => {
    expect(keyToUrl('jira:acme.atlassian.net:issue:PAY-88')).toBe('https://acme.atlassian.net/browse/PAY-88');
    expect(keyToUrl('hubspot:4471234:contact:90112233')).toBe('https://app.hubspot.com/contacts/4471234/record/0-1/90112233');
    expect(keyToUrl('trello:trello.com:card:Kx7pQ2aB')).toBe('https://trello.com/c/Kx7pQ2aB');
    expect(keyToUrl('bitrix24:acme.bitrix24.ru:deal:42')).toBe('https://acme.bitrix24.ru/crm/deal/details/42/');
    expect(keyToUrl('pipedrive:acme:deal:1842')).toBe('https://acme.pipedrive.com/deal/1842');
    expect(keyToUrl('not a key')).toBeUndefined();
    expect(itemKey(parseItemUrl(keyToUrl('notion:notion.so:page:3f1c2a9b7d4e4f60a1b2c3d4e5f60718')!)!)).toBe('notion:notion.so:page:3f1c2a9b7d4e4f60a1b2c3d4e5f60718');
  });
});
