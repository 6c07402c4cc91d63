// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
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
    // 2026 timeline: accordion cards whose preview is rendered twice (visible + visually hidden copy);
    // the earliest connected call is first contact, the unanswered call before it only an attempt.
    expect(r.firstContact).toEqual({ at: '2025-03-12T07:05:00.000Z', kind: 'call', evidence: 'Call - Connected made by Ivan Petrov' });
    expect(r.fields.contactAttempts).toBe('2');
    expect(r.dates.created).toBe('2025-03-12T06:41:00.000Z');
    expect(r.ownerAssignedAt).toBe('2025-03-12T06:52:00.000Z');
  });

  it('contact: the 2026 timeline read event by event — planned tasks skipped, relative dates ("Yesterday at 4:20 PM GMT+3") read', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-05T12:00:00Z'));
    try {
      const c = ctx('contact.html', CONTACT);
      const r = A.read(c, A.detect(c)!)!;
      expect(r.firstContact?.at).toBe('2025-03-12T07:05:00.000Z');
      // Read the timeline with a later logged call as the only contact: its relative date is exact.
      const doc = c.doc;
      for (const acc of Array.from(doc.querySelectorAll('[data-test-id="collapsible-event-accordion"]'))) {
        if (/Call - Connected/.test(acc.textContent ?? '')) acc.remove();
      }
      const r2 = A.read(c, A.detect(c)!)!;
      expect(r2.firstContact).toEqual({ at: '2026-12-04T13:20:00.000Z', kind: 'email', evidence: 'Logged email - Re: SEO course for 12 seats' });
      expect(r2.fields.contactAttempts).toBe('1');
    } finally {
      vi.useRealTimers();
    }
  });

  it('deal: stage from the record, not from the associated deal; first contact from a logged email', () => {
    const c = ctx('deal.html', 'https://app.hubspot.com/contacts/4471234/record/0-3/30998877');
    const r = A.read(c, A.detect(c)!)!;
    expect(r.fields.stage).toBe('Appointment scheduled');
    expect(r.fields.amount).toBe('$12,400.00');
    expect(r.firstContact?.at).toBe('2025-03-14T08:48:00.000Z');
    // A busy line before the e-mail is an attempt, not contact.
    expect(r.firstContact?.evidence).toBe('Logged email - Re: SEO course bundle — proposal attached');
    expect(r.fields.contactAttempts).toBe('1');
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

/*
 * 2026 record page variants (seen 2026-09 in a public userscript's DOM capture): properties as
 * deferred inputs (`data-deferred-property-input-root`, label in FormControl__LabelWrapper); the
 * timeline's preview event holds only `generic-preview-event-header`; the date is a sibling in the
 * collapsible accordion, next to the (possibly expanded) call editor.
 */
const PAGE_2026 = `<!doctype html><html><body><div id="crm">
<div data-test-id="left-sidebar">
  <div data-test-id="record-highlight-main-content"><span data-test-id="highlight-record-label">Lea Martin</span></div>
  <div class="View" data-deferred-property-input-root="true" data-deferred-property-input-state="editable" data-deferred-property-input-mode="display" role="button">
    <div class="FormControl__LabelWrapper"><label><span><span>Lead status</span></span></label></div><div class="value">In progress</div></div>
  <div class="View" data-deferred-property-input-root="true" data-deferred-property-input-mode="display" role="button">
    <div class="FormControl__LabelWrapper"><label><span>Contact owner</span></label></div><div class="value">Aurélie Milano</div></div>
  <div class="View" data-deferred-property-input-root="true" data-deferred-property-input-mode="display" role="button">
    <div class="FormControl__LabelWrapper"><label><span>Original Source</span></label></div><div class="value">Organic Search</div></div>
  <div class="View" data-deferred-property-input-root="true" data-deferred-property-input-mode="display" role="button">
    <div class="FormControl__LabelWrapper"><label><span>Create date</span></label></div><div class="value">Sep 1, 2026 at 2:10 PM GMT+2</div></div>
</div>
<div data-test-id="middle-pane"><div data-test-id="tab-0-content" style="display: none"><div data-test-id="timeline-preview-event"><h4>Call - Connected made by Someone Else</h4></div><div>Jan 1, 2026 at 9:00 AM</div></div>
<div data-test-id="tab-1-content"><section data-test-id="crm-events-viz-timeline">
  <div data-test-id="collapsible-event-accordion"><span role="presentation"><button aria-expanded="true" aria-label="Collapse"></button>
    <div class="flex"><div data-test-id="timeline-preview-event"><h4><span data-test-id="generic-preview-event-header"><span data-content="true"><span>Call - No answer made by Aurélie Milano</span></span></span></h4></div>
    <div class="with">with +33 5 58 83 87 63</div><div class="when">Sep 10, 2026 at 11:53 AM GMT+2</div></div></span>
    <div class="body"><label>Call outcome</label><button aria-haspopup="listbox" data-test-id="call-outcome-select">No answer</button></div></div>
  <div data-test-id="collapsible-event-accordion"><span role="presentation"><button aria-expanded="false" aria-label="Expand"></button>
    <div class="flex"><div data-test-id="timeline-preview-event"><h4><span data-test-id="generic-preview-event-header"><span data-content="true"><span>Call - Connected made by Aurélie Milano</span></span></span></h4></div>
    <div class="with">with 06 99 88 77 66</div><div class="when">Sep 2, 2026 at 3:04 PM GMT+2</div></div></span><div class="body"></div></div>
</section></div></div></div></body></html>`;

describe('hubspot adapter, 2026 variants', () => {
  it('reads deferred properties and dates events from the accordion, not a hidden tab', () => {
    const doc = new DOMParser().parseFromString(PAGE_2026, 'text/html');
    const c: AdapterContext = { url: new URL('https://app-eu1.hubspot.com/contacts/145766737/record/0-1/828923682002'), doc, custom: {} };
    const r = A.read(c, A.detect(c)!)!;
    expect(r.title).toBe('Lea Martin');
    expect(r.status).toBe('In progress');
    expect(r.owner).toBe('Aurélie Milano');
    expect(r.fields.leadSource).toBe('Organic Search');
    expect(r.dates.created).toBe('2026-09-01T12:10:00.000Z');
    // the connected call (the no-answer one is not contact; the hidden tab's older call is ignored)
    expect(r.firstContact).toEqual({ kind: 'call', at: '2026-09-02T13:04:00.000Z', evidence: 'Call - Connected made by Aurélie Milano' });
    const m = A.mountPoint(c, A.detect(c)!)!;
    expect(isEditable(m.anchor)).toBe(false);
  });
});
