import { describe, expect, it } from 'vitest';
import { itemKey, parseItemUrl } from '@/lib/core/item-ref';

describe('parseItemUrl smoke', () => {
  it('reads a Jira Cloud issue', () => {
    const r = parseItemUrl('https://acme.atlassian.net/browse/MKT-1');
    expect(r && itemKey(r)).toBe('jira:acme.atlassian.net:issue:MKT-1');
  });
});
