// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
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

  it('deal: the History as Pipedrive shows it — an overdue call in Focus and a "No answer" call are not contact; "Yesterday at 4:20 PM" read', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 11, 5, 12, 0));
    try {
      const c = ctx('deal.html', 'https://acme.pipedrive.com/deal/1842');
      const r = A.read(c, A.detect(c)!)!;
      expect(r.firstContact).toEqual({ at: local(2025, 3, 12, 10, 5), kind: 'call', evidence: 'Call — intro' });
      expect(r.fields.contactAttempts).toBe('2');
      for (const n of Array.from(c.doc.querySelectorAll('[data-testid="flow-item"][data-activity-type="call"]'))) if (!n.closest('[data-testid="planned-activities"]')) n.remove();
      expect(A.read(c, A.detect(c)!)!.firstContact).toEqual({ at: local(2026, 12, 4, 16, 20), kind: 'email', evidence: 'Re: SEO course for the team' });
    } finally {
      vi.useRealTimers();
    }
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

/*
 * Variants from public extension code (2025): field rows `[data-testid="fields-list-row"]` with
 * `[data-testid="field-name"]` and `[data-testid="fields-list-row-field-components"]`; the title
 * box `h1.cui5-editable-text__box textarea` without the header test id; the phone as
 * `[data-test="phone-number-button"]` (a button that carries the value).
 */
const DEAL_2025 = `<!doctype html><html><body><main>
<div class="Header"><div class="TitleWrapper"><h1 class="cui5-editable-text__box"><textarea class="cui5-editable-text__input">Licença anual — Focus Ltda</textarea></h1></div></div>
<aside><div data-testid="fields-list-row"><span data-testid="field-name">Owner</span><div data-testid="fields-list-row-field-components"><button type="button" class="cui5-select">Paula Souza</button></div></div>
<div data-testid="fields-list-row"><span data-testid="field-name">Source origin</span><div data-testid="fields-list-row-field-components"><span>Web forms</span><button type="button" aria-label="Edit Source origin" class="cui5-button cui5-button--ghost">✎</button></div></div>
<div data-testid="fields-list-row"><span data-testid="field-name">Created</span><div data-testid="fields-list-row-field-components"><span>March 12, 2025 9:41 AM</span></div></div>
<div data-testid="fields-list-row"><span data-testid="field-name">CNPJ</span><div data-testid="fields-list-row-field-components">12.345.678/0001-90</div></div>
<div><button data-test="phone-number-button" type="button">+55 11 91234-5678</button></div></aside>
</main></body></html>`;

describe('pipedrive adapter, 2025 field rows', () => {
  it('reads title, owner, source, created and phone from fields-list rows', () => {
    const doc = new DOMParser().parseFromString(DEAL_2025, 'text/html');
    const c: AdapterContext = { url: new URL('https://acme.pipedrive.com/deal/2001'), doc, custom: {} };
    const ref = A.detect(c)!;
    const r = A.read(c, ref)!;
    expect(r.title).toBe('Licença anual — Focus Ltda');
    expect(r.owner).toBe('Paula Souza');
    expect(r.fields.leadSource).toBe('Web forms');
    expect(r.fields.phone).toBe('+55 11 91234-5678');
    expect(r.dates.created).toBe(local(2025, 3, 12, 9, 41));
    const m = A.mountPoint(c, ref)!;
    expect(isEditable(m.anchor)).toBe(false);
    // after the whole title box, not beside the textarea inside it
    expect(m.anchor.tagName).toBe('H1');
    expect(m.append).toBe('after');
  });
});
