// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { bitrix24Adapter as A } from '@/lib/adapters/bitrix24';
import { isEditable } from '@/lib/adapters/dom';
import { itemKey } from '@/lib/core/item-ref';
import type { AdapterContext } from '@/lib/adapters/types';

const html = (name: string): string => readFileSync(`tests/fixtures/bitrix24/${name}`, 'utf8');
const load = (name: string): Document => new DOMParser().parseFromString(html(name), 'text/html');
const ctx = (name: string, url: string): AdapterContext => ({ url: new URL(url), doc: load(name), custom: {} });
const local = (y: number, mo: number, d: number, h: number, mi: number): string => new Date(y, mo - 1, d, h, mi).toISOString();

const cases = [
  ['deal-ru.html', 'https://acme.bitrix24.ru/crm/deal/details/42/', 'bitrix24:acme.bitrix24.ru:deal:42', 'Заявка на демо — ООО Ромашка', 'Подготовка документов', 'Иван Петров', local(2025, 3, 12, 9, 41), 'Веб-сайт', true],
  ['deal-en.html', 'https://acme.bitrix24.com/crm/deal/details/43/', 'bitrix24:acme.bitrix24.com:deal:43', 'Demo request — Fabrikam', 'New', 'Maria Sokolova', local(2025, 3, 14, 16, 12), 'Website', false],
  ['lead-ru.html', 'https://acme.bitrix24.ru/crm/lead/details/1187/', 'bitrix24:acme.bitrix24.ru:lead:1187', 'Заявка на демо с сайта', 'В работе', 'Иван Петров', local(2025, 3, 12, 9, 41), 'CRM-форма', true],
  ['lead-en.html', 'https://acme.bitrix24.com/crm/lead/details/1188/', 'bitrix24:acme.bitrix24.com:lead:1188', 'Price request from website', 'Unassigned', 'Maria Sokolova', local(2025, 3, 12, 9, 5), 'Website', false],
  ['contact-ru.html', 'https://acme.bitrix24.ru/crm/contact/details/305/', 'bitrix24:acme.bitrix24.ru:contact:305', 'Ольга Смирнова', undefined, 'Иван Петров', local(2025, 3, 12, 9, 42), 'Звонок', true],
  ['contact-en.html', 'https://acme.bitrix24.de/crm/contact/details/306/', 'bitrix24:acme.bitrix24.de:contact:306', 'Sara Lind', undefined, 'Maria Sokolova', local(2025, 3, 12, 9, 6), undefined, false],
  ['company-ru.html', 'https://acme.bitrix24.ru/crm/company/details/77/', 'bitrix24:acme.bitrix24.ru:company:77', 'ООО Ромашка', undefined, 'Иван Петров', local(2025, 3, 11, 18, 0), undefined, false],
  ['company-en.html', 'https://crm.example.com/crm/company/details/78/', 'bitrix24:crm.example.com:company:78', 'Fabrikam Inc', undefined, 'Maria Sokolova', local(2025, 3, 12, 9, 0), undefined, false],
] as const;

describe('bitrix24 adapter', () => {
  it.each(cases)('%s: detect, read, mount', (file, url, key, title, status, owner, created, source, contacted) => {
    const c = { ...ctx(file, url), custom: { bitrix24: ['crm.example.com'] } };
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

  it('deal (RU): amount, UTM block, first contact from the outgoing call, planned call ignored', () => {
    const c = ctx('deal-ru.html', 'https://acme.bitrix24.ru/crm/deal/details/42/');
    const r = A.read(c, A.detect(c)!)!;
    expect(r.fields.amount).toBe('120 000 руб.');
    expect(r.fields.utmCampaign).toBe('spring-seo-course');
    expect(r.fields.utmSource).toBe('yandex');
    expect(r.firstContact).toEqual({ at: local(2025, 3, 12, 10, 5), kind: 'call', evidence: 'Исходящий звонок' });
  });

  it('self-hosted host only when added in the options', () => {
    const c = ctx('company-en.html', 'https://crm.example.com/crm/company/details/78/');
    expect(A.matchesHost(c.url, {})).toBe(false);
    expect(A.detect(c)).toBeNull();
    expect(A.matchesHost(c.url, { bitrix24: ['crm.example.com'] })).toBe(true);
  });

  it('slider: reads the card from the same-origin side-panel iframe and floats in the top document, outside the slider', async () => {
    document.open();
    document.write(html('slider-deal-ru.html'));
    document.close();
    const frame = document.querySelector('iframe.side-panel-iframe')!;
    for (let i = 0; i < 50 && !(frame as HTMLIFrameElement).contentDocument?.querySelector('#pagetitle'); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const c: AdapterContext = { url: new URL('https://acme.bitrix24.ru/crm/deal/details/44/'), doc: document, custom: {} };
    const ref = A.detect(c)!;
    expect(itemKey(ref)).toBe('bitrix24:acme.bitrix24.ru:deal:44');
    const r = A.read(c, ref)!;
    expect(r.title).toBe('Курс SEO для команды — ИП Соколов'); // not the kanban's "Сделки" nor another card
    expect(r.status).toBe('Новая');
    expect(r.fields.leadSource).toBe('Реклама');
    expect(r.dates.created).toBe(local(2025, 3, 13, 14, 20));
    expect(r.firstContact).toBeUndefined();
    const m = A.mountPoint(c, ref)!;
    expect(m.float).toBe('left');
    expect(m.anchor.ownerDocument).toBe(document);
    expect(frame.closest('.side-panel')?.contains(m.anchor)).toBe(false);
    // The address bar still shows the kanban: the slider iframe's address names the card, read the same way.
    const onKanban: AdapterContext = { ...c, url: new URL('https://acme.bitrix24.ru/crm/deal/kanban/') };
    const fromSlider = A.detect(onKanban)!;
    expect(itemKey(fromSlider)).toBe('bitrix24:acme.bitrix24.ru:deal:44');
    expect(A.read(onKanban, fromSlider)!.title).toBe('Курс SEO для команды — ИП Соколов');
    expect(A.mountPoint(onKanban, fromSlider)!.float).toBe('left');
    // Slider closed (hidden): the kanban names nothing; another portal's address is never trusted.
    (frame.closest('.side-panel') as HTMLElement).setAttribute('hidden', '');
    expect(A.detect(onKanban)).toBeNull();
    (frame.closest('.side-panel') as HTMLElement).removeAttribute('hidden');
    frame.setAttribute('src', 'https://evil.example.com/crm/deal/details/99/');
    expect(A.detect({ ...onKanban, doc: document })?.id ?? null).not.toBe('99');
  });

  it('kanban without a slider: no card; layout changed: read null', () => {
    expect(A.detect(ctx('list.html', 'https://acme.bitrix24.ru/crm/deal/kanban/'))).toBeNull();
    const c = ctx('layout-changed.html', 'https://acme.bitrix24.ru/crm/deal/details/42/');
    const ref = A.detect(c)!;
    expect(A.read(c, ref)).toBeNull();
    expect(A.mountPoint(c, ref)).toBeNull();
  });

  it('navigation from one card to another in one document', () => {
    const doc = load('deal-ru.html');
    const a = { url: new URL('https://acme.bitrix24.ru/crm/deal/details/42/'), doc, custom: {} };
    expect(A.read(a, A.detect(a)!)!.title).toBe('Заявка на демо — ООО Ромашка');
    const next = load('lead-ru.html');
    doc.body.replaceChildren(...Array.from(next.body.childNodes).map((n) => doc.importNode(n, true)));
    const b = { url: new URL('https://acme.bitrix24.ru/crm/lead/details/1187/'), doc, custom: {} };
    expect(A.read(b, A.detect(b)!)!.title).toBe('Заявка на демо с сайта');
  });

  it('theme from the portal theme class', () => {
    expect(A.theme(load('deal-ru.html'))).toBe('light');
    const d = load('deal-ru.html');
    d.body.className = 'template-bitrix24 bitrix24-dark-theme';
    expect(A.theme(d)).toBe('dark');
  });
});

describe('bitrix24 timeline as rendered since 2023: every item in its own history section', () => {
  it('a completed call inside a history section is first contact, with its time from «Вчера» + 16:20; a missed call and log messages are not', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 3, 3, 12, 0));
    try {
      const c = ctx('lead-timeline-2026-ru.html', 'https://acme.bitrix24.ru/crm/lead/details/1187/');
      const r = A.read(c, A.detect(c)!)!;
      expect(r.firstContact).toEqual({ at: local(2026, 4, 2, 16, 20), kind: 'call', evidence: 'Исходящий звонок' });
    } finally {
      vi.useRealTimers();
    }
  });
});
