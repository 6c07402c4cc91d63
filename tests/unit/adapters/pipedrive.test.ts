// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pipedriveAdapter as A } from '@/lib/adapters/pipedrive';
import { isEditable } from '@/lib/adapters/dom';
import { itemKey } from '@/lib/core/item-ref';
import type { AdapterContext } from '@/lib/adapters/types';

const load = (name: string): Document =>
  new DOMParser().parseFromString(readFileSync(`tests/fixtures/pipedrive/${name}`, 'utf8'), 'text/html');
const ctx = (name: string, url: string): AdapterContext => ({ url: new URL(url), doc: load(name), custom: {} });
const local = (y: number, mo: number, d: number, h: number, mi: number): string => new Date(y, mo - 1, d, h, mi).toISOString();
const LEAD = 'https://acme.pipedrive.com/leads/inbox/5f0c3a8e-2b1d-4e6f-9a7c-1d2e3f4a5b6c';

const cases = [
  ['deal.html', 'https://acme.pipedrive.com/deal/1842', 'pipedrive:acme:deal:1842', 'SEO course — Contoso', 'Qualified', 'Ivan Petrov', local(2025, 3, 12, 9, 41), 'Web forms', true],
  ['person.html', 'https://acme.pipedrive.com/person/977', 'pipedrive:acme:person:977', 'Ольга Смирнова', undefined, 'Иван Петров', local(2025, 3, 12, 9, 38), 'Веб-формы', false],
  ['organization.html', 'https://acme.pipedrive.com/organization/311', 'pipedrive:acme:organization:311', 'Contoso Learning', undefined, 'Maria Sokolova', local(2024, 11, 4, 10, 0), undefined, false],
  ['lead.html', LEAD, 'pipedrive:acme:lead:5f0c3a8e-2b1d-4e6f-9a7c-1d2e3f4a5b6c', 'Request a demo — Fabrikam', undefined, 'Ivan Petrov', local(2025, 3, 14, 16, 12), 'Web forms', false],
] as const;

describe('pipedrive adapter', () => {
  it.each(cases)('%s: detect, read, mount', (file, url, key, title, status, owner, created, source, contacted) => {
    const c = ctx(file, url);
    const ref = A.detect(c);
    expect(ref && itemKey(ref)).toBe(key);
    const r = A.read(c, ref!)!;
    expect(r).not.toBeNull();
    expect(r.title).toBe(title);
    expect(r.status).toBe(status);
    expect(r.owner).toBe(owner);
    expect(r.dates.created).toBe(created);
    expect(r.fields.leadSource).toBe(source);
    expect(Boolean(r.firstContact)).toBe(contacted);
    const m = A.mountPoint(c, ref!)!;
    expect(m).not.toBeNull();
    expect(isEditable(m.anchor)).toBe(false);
  });

  it('deal: stage bar, UTM campaign, first contact from the done call (not the planned one)', () => {
    const c = ctx('deal.html', 'https://acme.pipedrive.com/deal/1842');
    const r = A.read(c, A.detect(c)!)!;
    expect(r.fields.stage).toBe('Qualified');
    expect(r.fields.utmCampaign).toBe('spring-seo-course');
    expect(r.fields.form).toBe('Request a demo');
    expect(r.fields.amount).toBe('$12,400');
    expect(r.firstContact).toEqual({ at: local(2025, 3, 12, 10, 5), kind: 'call', evidence: 'Call — intro' });
  });

  it('lead: read inside the open lead sidebar, not the inbox list beside it', () => {
    const c = ctx('lead.html', LEAD);
    const ref = A.detect(c)!;
    const r = A.read(c, ref)!;
    expect(r.title).not.toContain('Litware');
    expect(r.fields.utmCampaign).toBe('spring-seo-course');
    expect(A.mountPoint(c, ref)!.anchor.closest('[data-testid="lead-details"]')).not.toBeNull();
  });

  it('pipeline page: no record; layout changed: read null', () => {
    expect(A.detect(ctx('list.html', 'https://acme.pipedrive.com/pipeline/1/user/everyone'))).toBeNull();
    const c = ctx('layout-changed.html', 'https://acme.pipedrive.com/deal/1842');
    expect(A.read(c, A.detect(c)!)).toBeNull();
    expect(A.mountPoint(c, A.detect(c)!)).toBeNull();
  });

  it('navigation from a deal to a person in one document', () => {
    const doc = load('deal.html');
    const a = { url: new URL('https://acme.pipedrive.com/deal/1842'), doc, custom: {} };
    expect(A.read(a, A.detect(a)!)!.title).toBe('SEO course — Contoso');
    const next = load('person.html');
    doc.body.replaceChildren(...Array.from(next.body.childNodes).map((n) => doc.importNode(n, true)));
    const b = { url: new URL('https://acme.pipedrive.com/person/977'), doc, custom: {} };
    expect(itemKey(A.detect(b)!)).toBe('pipedrive:acme:person:977');
    expect(A.read(b, A.detect(b)!)!.title).toBe('Ольга Смирнова');
  });
});
