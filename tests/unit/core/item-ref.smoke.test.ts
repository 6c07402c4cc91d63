import { describe, expect, it } from 'vitest';
import { itemKey, parseItemUrl } from '@/lib/core/item-ref';

describe('parseItemUrl smoke', () => {
  it('reads a Jira Cloud issue', () => {
    const r = parseItemUrl('https://acme.atlassian.net/browse/MKT-1');
    expect(r && itemKey(r)).toBe('jira:acme.atlassian.net:issue:MKT-1');
  });
});

describe('URL forms added after the first adapters', () => {
  it.each([
    ['https://app.notion.com/p/acme/Spring-campaign-3f1c2a9b7d4e4f60a1b2c3d4e5f60718?pvs=4', 'notion:notion.so:page:3f1c2a9b7d4e4f60a1b2c3d4e5f60718'],
    ['https://www.notion.com/acme/3f1c2a9b7d4e4f60a1b2c3d4e5f60718', 'notion:notion.so:page:3f1c2a9b7d4e4f60a1b2c3d4e5f60718'],
    ['https://acme.atlassian.net/jira/software/c/projects/MKT/issues/MKT-142?jql=project%20%3D%20MKT', 'jira:acme.atlassian.net:issue:MKT-142'],
    ['https://acme.lightning.force.com/lightning/r/00Q5g00000AbCdEEAZ/view', 'salesforce:acme:lead:00Q5g00000AbCdEEAZ'],
  ])('%s → %s', (url, key) => {
    const r = parseItemUrl(url);
    expect(r && itemKey(r)).toBe(key);
  });

  it('a list of issues with no issue open names nothing', () => {
    expect(parseItemUrl('https://acme.atlassian.net/jira/software/c/projects/MKT/issues?jql=x')).toBeNull();
    expect(parseItemUrl('https://app.notion.com/acme')).toBeNull();
  });
});
