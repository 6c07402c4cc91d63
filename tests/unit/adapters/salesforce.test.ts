// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { salesforceAdapter as A } from '@/lib/adapters/salesforce';
import { isEditable } from '@/lib/adapters/dom';
import { itemKey } from '@/lib/core/item-ref';
import type { AdapterContext } from '@/lib/adapters/types';

const load = (name: string): Document =>
  new DOMParser().parseFromString(readFileSync(`tests/fixtures/salesforce/${name}`, 'utf8'), 'text/html');
const ctx = (name: string, url: string): AdapterContext => ({ url: new URL(url), doc: load(name), custom: {} });
/** Salesforce shows times in the user's zone, i.e. the browser's: expected values are local. */
const local = (y: number, mo: number, d: number, h: number, mi: number): string => new Date(y, mo - 1, d, h, mi).toISOString();
const B = 'https://acme.lightning.force.com/lightning/r';

const cases = [
  ['lead.html', `${B}/Lead/00Q5g00000AbCdEEAZ/view`, 'salesforce:acme:lead:00Q5g00000AbCdEEAZ', 'Olga Smirnova', 'Working - Contacted', 'Ivan Petrov', local(2025, 3, 12, 9, 41), 'Web', true],
  ['contact.html', `${B}/Contact/0035g00000XyZ12AAB/view`, 'salesforce:acme:contact:0035g00000XyZ12AAB', 'Dmitry Ivanov', undefined, 'Ivan Petrov', local(2025, 1, 20, 16, 30), 'Trade Show', true],
  ['account.html', `${B}/Account/0015g00000QwErTAAZ/view`, 'salesforce:acme:account:0015g00000QwErTAAZ', 'Contoso Learning', undefined, 'Maria Sokolova', local(2024, 11, 4, 10, 0), undefined, false],
  ['opportunity.html', 'https://acme--uat.sandbox.lightning.force.com/lightning/r/Opportunity/0065g00000OpPoRAAQ/view', 'salesforce:acme--uat:opportunity:0065g00000OpPoRAAQ', 'Contoso — annual licence', 'Needs Analysis', 'Ivan Petrov', local(2025, 3, 13, 14, 5), 'Web', true],
  ['case.html', `${B}/Case/5005g00000CaSe1AAA/view`, 'salesforce:acme:case:5005g00000CaSe1AAA', '00001026', 'New', 'Elena Kuznetsova', local(2025, 3, 15, 8, 3), 'Web', false],
] as const;

describe('salesforce adapter', () => {
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
    expect(isEditable(m.anchor)).toBe(false);
    expect(m.anchor.closest('.oneContent')!.classList.contains('active')).toBe(true);
  });

  it('lead: reads the ACTIVE record, not the hidden cached view of another lead', () => {
    const c = ctx('lead.html', `${B}/Lead/00Q5g00000AbCdEEAZ/view`);
    expect(c.doc.body.textContent).toContain('Pavel Orlov'); // the cached view is in the DOM
    const r = A.read(c, A.detect(c)!)!;
    expect(r.title).toBe('Olga Smirnova');
    expect(r.fields.leadStatus).toBe('Working - Contacted');
    expect(r.fields.utmCampaign).toBe('spring-seo-course');
    expect(r.fields.email).toBe('olga.smirnova@contoso.example');
    expect(r.firstContact).toEqual({ at: local(2025, 3, 12, 10, 5), kind: 'call', evidence: 'Call' });
  });

  it('opportunity: stage from the active path; cached account behind is ignored', () => {
    const c = ctx('opportunity.html', 'https://acme--uat.sandbox.lightning.force.com/lightning/r/Opportunity/0065g00000OpPoRAAQ/view');
    const r = A.read(c, A.detect(c)!)!;
    expect(r.fields.stage).toBe('Needs Analysis');
    expect(r.fields.amount).toBe('$24,000.00');
    expect(r.firstContact?.kind).toBe('meeting');
    expect(r.firstContact?.evidence).toBe('Discovery meeting');
  });

  it('list view: no record', () => {
    expect(A.detect(ctx('list.html', 'https://acme.lightning.force.com/lightning/o/Lead/list?filterName=Recent'))).toBeNull();
  });

  it('layout changed: read null, mount null', () => {
    const c = ctx('layout-changed.html', `${B}/Lead/00Q5g00000AbCdEEAZ/view`);
    const ref = A.detect(c)!;
    expect(A.read(c, ref)).toBeNull();
    expect(A.mountPoint(c, ref)).toBeNull();
  });

  it('navigation: the cached view becomes active when the user goes back', () => {
    const c = ctx('lead.html', `${B}/Lead/00Q5g00000AbCdEEAZ/view`);
    const [cached, active] = Array.from(c.doc.querySelectorAll('.oneContent'));
    active!.classList.remove('active');
    active!.setAttribute('style', 'display: none;');
    cached!.classList.add('active');
    cached!.removeAttribute('style');
    const back = { ...c, url: new URL(`${B}/Lead/00Q5g00000PaVeLEAZ/view`) };
    expect(itemKey(A.detect(back)!)).toBe('salesforce:acme:lead:00Q5g00000PaVeLEAZ');
    const r = A.read(back, A.detect(back)!)!;
    expect(r.title).toBe('Pavel Orlov');
    expect(r.status).toBe('Open - Not Contacted');
    expect(r.firstContact).toBeUndefined();
  });
});
