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

  it('lead: the Lightning activity timeline — "Upcoming & Overdue" (an overdue call-back task dated yesterday) is not contact; a voicemail is an attempt', () => {
    const c = ctx('lead.html', `${B}/Lead/00Q5g00000AbCdEEAZ/view`);
    const r = A.read(c, A.detect(c)!)!;
    // The earliest logged call that connected (10:05), not the voicemail at 9:58 nor the overdue task.
    expect(r.firstContact?.at).toBe(local(2025, 3, 12, 10, 5));
    expect(r.fields.contactAttempts).toBe('2');
    expect(r.dates.created).toBe(local(2025, 3, 12, 9, 41));
    // Without the past sections only the upcoming/overdue section is left: no contact at all.
    for (const sec of Array.from(c.doc.querySelectorAll('.oneContent.active .slds-section'))) {
      if (!/Upcoming/.test(sec.querySelector('.slds-section__title')?.textContent ?? '')) sec.remove();
    }
    const r2 = A.read(c, A.detect(c)!)!;
    expect(r2.fields.leadStatus).toBe('Working - Contacted');
    // The status past "Open" still says contact happened: time unknown, never guessed from a task.
    expect(r2.firstContact).toEqual({ kind: 'status', evidence: 'Working - Contacted' });
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

/*
 * Console variants (seen 2025-11 in a public extension's selector registry): the active tab is a
 * `section.tabContent.active` without `oneConsoleTab`; inside it several highlights layouts
 * (`.forcegenerated-record-layout2`) exist and only the `display: block` one is the record's; the
 * case title is a formula output in the primaryField slot; Dynamic Forms fields are `flexipage-field`.
 */
const CONSOLE = `<!doctype html><html><body><div class="desktop container">
<section class="tabContent oneConsoleTab" style="display: none"><one-record-home-flexipage2><records-highlights2>
  <h1 class="slds-page-header__title"><lightning-formatted-text>00001000 — Old cached case</lightning-formatted-text></h1></records-highlights2></one-record-home-flexipage2></section>
<section class="tabContent active"><one-record-home-flexipage2>
  <div class="forcegenerated-record-layout2" style="display: none"><records-highlights2><div class="slds-page-header__title">
    <records-formula-output slot="primaryField"><lightning-formatted-text>00001111 — Stale layout</lightning-formatted-text></records-formula-output></div></records-highlights2></div>
  <div class="forcegenerated-record-layout2" style="display: block"><records-highlights2><div class="slds-page-header__title">
    <records-formula-output slot="primaryField"><lightning-formatted-text>00449148 — Login fails after SSO change</lightning-formatted-text></records-formula-output></div>
    <div class="secondaryFields"><records-highlights-details-item class="slds-page-header__detail-block"><div>
      <p class="slds-text-title slds-truncate" title="Status">Status</p>
      <p class="fieldComponent slds-text-body--regular"><slot><lightning-formatted-text>Working</lightning-formatted-text></slot></p></div></records-highlights-details-item></div>
  </records-highlights2></div>
  <flexipage-field data-field-id="RecordOriginField"><div data-target-selection-name="sfdc:RecordField.Case.Origin">
    <span class="test-id__field-label">Case Origin</span><div class="test-id__field-value"><lightning-formatted-text>Phone</lightning-formatted-text></div></div></flexipage-field>
  <flexipage-field data-field-id="RecordOwnerIdField"><div>
    <span class="test-id__field-label">Case Owner</span><div class="test-id__field-value"><a href="#"><span>Elena Kuznetsova</span></a></div></div></flexipage-field>
  <flexipage-field data-field-id="RecordCreatedDateField"><div>
    <span class="test-id__field-label">Date/Time Opened</span><div class="test-id__field-value"><lightning-formatted-text>3/15/2025, 8:03 AM</lightning-formatted-text></div></div></flexipage-field>
  <flexipage-field data-field-id="RecordCreatedByIdField" class="slds-hide"><div>
    <span class="test-id__field-label">Created By</span><div class="test-id__field-value">Hidden Person, 1/1/2020, 1:00 AM</div></div></flexipage-field>
</one-record-home-flexipage2></section></div></body></html>`;

describe('salesforce adapter, console and Dynamic Forms variants', () => {
  it('reads the shown layout of the active console tab, Dynamic Forms fields, never hidden ones', () => {
    const doc = new DOMParser().parseFromString(CONSOLE, 'text/html');
    const c: AdapterContext = { url: new URL(`${B}/Case/5005g00000CaSe1AAA/view`), doc, custom: {} };
    const ref = A.detect(c)!;
    const r = A.read(c, ref)!;
    expect(r.title).toBe('00449148 — Login fails after SSO change');
    expect(r.status).toBe('Working');
    expect(r.fields.leadSource).toBe('Phone');
    expect(r.owner).toBe('Elena Kuznetsova');
    expect(r.fields.createdBy).toBeUndefined();
    expect(r.dates.created).toBe(local(2025, 3, 15, 8, 3)); // "Date/Time Opened" on cases
    const m = A.mountPoint(c, ref)!;
    expect(m.anchor.closest('[style="display: block"]')).not.toBeNull();
    expect(isEditable(m.anchor)).toBe(false);
  });
});
