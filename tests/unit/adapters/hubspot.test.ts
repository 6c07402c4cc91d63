// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hubspotAdapter as A } from '@/lib/adapters/hubspot';
import { isEditable } from '@/lib/adapters/dom';
import { itemKey } from '@/lib/core/item-ref';
import type { AdapterContext } from '@/lib/adapters/types';

const load = (name: string): Document =>
  new DOMParser().parseFromString(readFileSync(`tests/fixtures/hubspot/${name}`, 'utf8'), 'text/html');
const ctx = (name: string, url: string): AdapterContext => ({ url: new URL(url), doc: load(name), custom: {} });

const CONTACT = 'https://app.hubspot.com/contacts/4471234/record/0-1/90112233';
const cases = [
  ['contact.html', CONTACT, 'hubspot:4471234:contact:90112233', 'Anna Volkova', 'Attempted to contact', 'Ivan Petrov', '2025-03-12T06:41:00.000Z', 'Paid Search', true],
  ['company.html', 'https://app-eu1.hubspot.com/contacts/25190001/record/0-2/18004455667', 'hubspot:25190001:company:18004455667', 'Northwind Traders', 'Customer', 'Maria Sokolova', '2024-11-04T15:15:00.000Z', 'Organic Search', false],
  ['deal.html', 'https://app.hubspot.com/contacts/4471234/record/0-3/30998877', 'hubspot:4471234:deal:30998877', 'Northwind — SEO course bundle', 'Appointment scheduled', 'Ivan Petrov', '2025-03-14T08:20:00.000Z', 'Paid Search', true],
  ['ticket.html', 'https://app.hubspot.com/contacts/4471234/record/0-5/2200113', 'hubspot:4471234:ticket:2200113', 'Cannot access course materials', 'Waiting on contact', 'Elena Kuznetsova', '2025-03-15T05:03:00.000Z', 'Form', false],
] as const;

describe('hubspot adapter', () => {
  it.each(cases)('%s: detect, read, mount', (file, url, key, title, status, owner, created, source, contacted) => {
    const c = ctx(file, url);
    const ref = A.detect(c);
    expect(ref && itemKey(ref)).toBe(key);
    const r = A.read(c, ref!);
    expect(r).not.toBeNull();
    expect(r!.title).toBe(title);
    expect(r!.status).toBe(status);
    expect(r!.owner).toBe(owner);
    expect(r!.dates.created).toBe(created);
    expect(r!.fields.leadSource).toBe(source);
    expect(Boolean(r!.firstContact)).toBe(contacted);
    const m = A.mountPoint(c, ref!);
    expect(m).not.toBeNull();
    expect(isEditable(m!.anchor)).toBe(false);
    expect(m!.anchor.closest('[data-test-id="left-sidebar"]')).not.toBeNull();
  });

  it('contact: lead fields, first contact from the logged call, owner assignment', () => {
    const c = ctx('contact.html', CONTACT);
    const r = A.read(c, A.detect(c)!)!;
    expect(r.fields.utmCampaign).toBe('spring-seo-course');
    expect(r.fields.form).toBe('Request a demo');
    expect(r.fields.email).toBe('anna.volkova@northwind.example');
    expect(r.fields.lifecycleStage).toBe('Lead');
    expect(r.firstContact).toEqual({ at: '2025-03-12T07:05:00.000Z', kind: 'call', evidence: 'Logged call by Ivan Petrov' });
    expect(r.ownerAssignedAt).toBe('2025-03-12T06:52:00.000Z');
  });

  it('deal: stage from the record, not from the associated deal; first contact from a logged email', () => {
    const c = ctx('deal.html', 'https://app.hubspot.com/contacts/4471234/record/0-3/30998877');
    const r = A.read(c, A.detect(c)!)!;
    expect(r.fields.stage).toBe('Appointment scheduled');
    expect(r.fields.amount).toBe('$12,400.00');
    expect(r.firstContact?.at).toBe('2025-03-14T08:48:00.000Z');
  });

  it('index page with a preview panel: no record', () => {
    const c = ctx('list.html', 'https://app.hubspot.com/contacts/4471234/objects/0-1/views/all/list');
    expect(A.detect(c)).toBeNull();
  });

  it('layout changed: detected from the URL, read null, no mount point', () => {
    const c = ctx('layout-changed.html', CONTACT);
    const ref = A.detect(c)!;
    expect(itemKey(ref)).toBe('hubspot:4471234:contact:90112233');
    expect(A.read(c, ref)).toBeNull();
    expect(A.mountPoint(c, ref)).toBeNull();
  });

  it('never takes the associated company card in the right sidebar as the record', () => {
    const c = ctx('contact.html', CONTACT);
    c.doc.querySelector('[data-test-id="left-sidebar"]')!.remove();
    expect(A.read(c, A.detect(c)!)).toBeNull();
  });

  it('navigation between records in one document', () => {
    const doc = load('contact.html');
    const first = { url: new URL(CONTACT), doc, custom: {} };
    expect(A.read(first, A.detect(first)!)!.title).toBe('Anna Volkova');
    const next = load('deal.html');
    doc.body.replaceChildren(...Array.from(next.body.childNodes).map((n) => doc.importNode(n, true)));
    const second = { url: new URL('https://app.hubspot.com/contacts/4471234/record/0-3/30998877'), doc, custom: {} };
    expect(itemKey(A.detect(second)!)).toBe('hubspot:4471234:deal:30998877');
    expect(A.read(second, A.detect(second)!)!.title).toBe('Northwind — SEO course bundle');
  });

  it('matches its hosts only', () => {
    expect(A.matchesHost(new URL('https://app-eu1.hubspot.com/x'), {})).toBe(true);
    expect(A.matchesHost(new URL('https://www.hubspot.com/'), {})).toBe(false);
    expect(A.theme(load('contact.html'))).toBe('light');
  });
});
