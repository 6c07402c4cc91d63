import { describe, expect, it } from 'vitest';
import { ADAPTERS, adapterFor } from '@/lib/adapters/registry';
import { parseItemUrl } from '@/lib/core/item-ref';
import { HOST_MATCHES } from '@/lib/hosts';

/** A manifest match pattern (https://<host>/*, with a leading *. wildcard) as a test on a URL. */
function matchesManifest(url: URL): boolean {
  return HOST_MATCHES.some((m) => {
    const host = /^https:\/\/([^/]+)\//.exec(m)![1]!;
    return host.startsWith('*.') ? url.hostname.endsWith(host.slice(1)) : url.hostname === host;
  });
}

describe('registry: ClickUp, Asana, Linear, monday.com (issue 15)', () => {
  for (const id of ['clickup', 'asana', 'linear', 'monday']) {
    it(`${id}: its test URLs are served by it alone, matched by the manifest, and name its own items`, () => {
      const adapter = ADAPTERS.find((a) => a.id === id)!;
      expect(adapter.tool).toBe(id);
      expect(adapter.testUrls.length).toBeGreaterThanOrEqual(3);
      for (const u of adapter.testUrls) {
        const url = new URL(u);
        expect(adapterFor(url)?.id, u).toBe(id);
        expect(ADAPTERS.filter((a) => a.matchesHost(url, {})).map((a) => a.id), u).toEqual([id]);
        expect(matchesManifest(url), u).toBe(true);
        const ref = parseItemUrl(url);
        if (ref) expect(ref.tool).toBe(id);
      }
      // At least one test URL is a page with nothing open.
      expect(adapter.testUrls.some((u) => parseItemUrl(u) === null)).toBe(true);
    });
  }
  it('no other adapter takes their hosts, and look-alike hosts are nobody\'s', () => {
    for (const u of ['https://app.clickup.com.evil.com/t/86b3xdnyf', 'https://linear.app.evil.com/a/issue/A-1', 'https://acme.monday.com.evil.com/boards/1/pulses/2', 'https://app.asana.com.evil.com/0/1/2']) {
      expect(adapterFor(new URL(u)), u).toBeNull();
    }
  });
});
