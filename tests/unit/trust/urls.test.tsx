// @vitest-environment happy-dom
/**
 * Issue 16 point 7: only http(s) links are stored, rendered as hrefs or written into the Markdown
 * digest; item keys are NFC-normalised and refuse zero-width and bidi control characters.
 */
import { render, cleanup } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { safeHttpUrl } from '@/lib/core/url';
import { ItemKeySchema, ItemSnapshotSchema, KpiSchema } from '@/lib/core/schemas';
import { ItemRefSchema, itemKey, parseItemKey, parseItemUrl, validRef } from '@/lib/core/item-ref';
import { lineMarkdown, linePieces, type DigestFormat, type DigestStrings } from '@/lib/pages/digest';
import { parseImport } from '@/lib/store/transfer';
import { ItemLink } from '@/components/pages/Shell';

afterEach(cleanup);

const HOSTILE = ['javascript:alert(document.cookie)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', 'https://acme.atlassian.net@evil.example/browse/MKT-1', 'file:///etc/passwd', '//evil.example/x'];

describe('links', () => {
  it('safeHttpUrl keeps http(s) links and refuses everything else', () => {
    expect(safeHttpUrl('https://acme.atlassian.net/browse/MKT-1')).toBe('https://acme.atlassian.net/browse/MKT-1');
    expect(safeHttpUrl('http://localhost:8080/x')).toBe('http://localhost:8080/x');
    for (const u of HOSTILE) expect(safeHttpUrl(u), u).toBeUndefined();
  });

  it('a snapshot or a KPI source with a non-http(s) URL is refused by the schema (never stored)', () => {
    const snap = { key: 'jira:acme.atlassian.net:issue:MKT-1', ref: { tool: 'jira', workspace: 'acme.atlassian.net', kind: 'issue', id: 'MKT-1' }, title: 'x', url: 'https://acme.atlassian.net/browse/MKT-1', seenAt: '2026-05-01T00:00:00.000Z' };
    expect(ItemSnapshotSchema.safeParse(snap).success).toBe(true);
    for (const url of HOSTILE) expect(ItemSnapshotSchema.safeParse({ ...snap, url }).success, url).toBe(false);
    const kpi = { id: 'cac', name: 'CAC', unit: 'count', direction: 'higher', target: 1, ownerTeamIds: ['marketing'], source: { url: 'https://bi.example.com/x.csv', format: 'csv', valueField: 'v' } };
    expect(KpiSchema.safeParse(kpi).success).toBe(true);
    expect(KpiSchema.safeParse({ ...kpi, source: { ...kpi.source, url: 'ftp://bi.example.com/x.csv' } }).success).toBe(false);
  });

  it('the digest writes a link only for http(s) URLs (page pieces and Markdown)', () => {
    const s = { lines: { noted: 'note on {item}: {text}' } } as unknown as DigestStrings;
    const f = { teamName: (x: string) => x, date: (x: string) => x, share: String, duration: String, number: String } as DigestFormat;
    const line = (url: string) => ({ type: 'noted' as const, item: 'Spring [launch]', url, text: 'ok' });
    expect(lineMarkdown(line('https://acme.atlassian.net/browse/MKT-1'), s, f)).toBe('note on [Spring \\[launch\\]](https://acme.atlassian.net/browse/MKT-1): ok');
    for (const u of HOSTILE) {
      expect(linePieces(line(u), s, f).some((p) => 'url' in p && p.url), u).toBe(false);
      expect(lineMarkdown(line(u), s, f), u).toBe('note on Spring \\[launch\\]: ok');
    }
  });

  it('page item links render an href only for http(s) URLs', () => {
    for (const u of HOSTILE) {
      const { container } = render(<ItemLink title="Spring" url={u} />);
      expect(container.querySelector('a'), u).toBeNull();
      expect(container.textContent).toBe('Spring');
      cleanup();
    }
    const { container } = render(<ItemLink title="Spring" url="https://acme.atlassian.net/browse/MKT-1" />);
    expect(container.querySelector('a')!.getAttribute('href')).toBe('https://acme.atlassian.net/browse/MKT-1');
  });
});

describe('item keys', () => {
  const key = 'jira:acme.atlassian.net:issue:MKT-1';
  it('refuse zero-width, bidi and control characters', () => {
    expect(ItemKeySchema.safeParse(key).success).toBe(true);
    for (const bad of ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u202e', '\u202d', '\u2066', '\u2069', '\u200e', '\u200f', '\u061c', '\u0000', '\u0085']) {
      const k1 = `jira:acme.atlassian.net:issue:MKT-1${bad}`;
      const k2 = `hubspot:12${bad}34:deal:567`;
      expect(ItemKeySchema.safeParse(k1).success, JSON.stringify(bad)).toBe(false);
      expect(ItemKeySchema.safeParse(k2).success, JSON.stringify(bad)).toBe(false);
      expect(parseItemKey(k1)).toBeNull();
    }
    expect(ItemKeySchema.safeParse('jira:acme.atlassian.net:issue:MKT-1\u202e').error!.issues[0]!.message).toMatch(/not an item key/);
  });

  it('a stored ref (a snapshot\'s, a link\'s) refuses them too, and is NFC-normalised', () => {
    const ref = { tool: 'jira', workspace: 'acme.atlassian.net', kind: 'issue', id: 'MKT-1' };
    expect(ItemRefSchema.safeParse(ref).success).toBe(true);
    for (const bad of ['\u200b', '\u202e', '\u2066', '\ufeff', '\u0007']) {
      expect(ItemRefSchema.safeParse({ ...ref, id: `MKT-1${bad}` }).success, JSON.stringify(bad)).toBe(false);
      expect(ItemRefSchema.safeParse({ ...ref, workspace: `acme${bad}.atlassian.net` }).success, JSON.stringify(bad)).toBe(false);
      expect(validRef({ ...ref, id: `MKT-1${bad}` })).toBeNull();
    }
    expect(ItemRefSchema.parse({ ...ref, tool: 'bitrix24', kind: 'deal', workspace: 'cafe\u0301.example', id: '1' }).workspace).toBe('caf\u00e9.example');
    expect(validRef({ ...ref, tool: 'bitrix24', kind: 'deal', workspace: 'cafe\u0301.example', id: '1' })?.workspace).toBe('caf\u00e9.example');
  });

  it('are NFC-normalised: two spellings of the same text are one key', () => {
    const nfd = 'bitrix24:cafe\u0301.example:deal:1';
    const nfc = 'bitrix24:caf\u00e9.example:deal:1';
    expect(ItemKeySchema.parse(nfd)).toBe(nfc);
    expect(parseItemKey(nfd)).toBeNull(); // a stored key is always NFC
    expect(itemKey(parseItemKey(nfc)!)).toBe(nfc);
  });

  it('a URL cannot smuggle invisible characters into a key', () => {
    expect(parseItemUrl('https://acme.atlassian.net/browse/MKT-1%E2%80%8B')).toBeNull();
    expect(parseItemUrl('https://app.hubspot.com/contacts/123/record/0-3/456%E2%80%AE')).toBeNull();
    const r = parseItemUrl('https://acme\u200b.atlassian.net/browse/MKT-1');
    expect(r === null || !/[\u200b]/.test(itemKey(r))).toBe(true);
  });

  it('an import naming a key with a bidi control is refused with its path', () => {
    const r = parseImport({
      format: 'liaison-workspace',
      version: 1,
      scope: 'all',
      exportedAt: '2026-05-01T00:00:00.000Z',
      kpiLinks: [{ id: 'l1', itemKey: `${key}\u202e`, kpiId: 'cac', effect: 'increase' }],
    });
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual(['$.kpiLinks[0].itemKey']);
  });
});
