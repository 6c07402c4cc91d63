// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { amocrmAdapter as A } from '@/lib/adapters/amocrm';
import { isEditable } from '@/lib/adapters/dom';
import { itemKey } from '@/lib/core/item-ref';
import type { AdapterContext } from '@/lib/adapters/types';

const load = (name: string): Document =>
  new DOMParser().parseFromString(readFileSync(`tests/fixtures/amocrm/${name}`, 'utf8'), 'text/html');
const ctx = (name: string, url: string): AdapterContext => ({ url: new URL(url), doc: load(name), custom: {} });
const local = (y: number, mo: number, d: number, h: number, mi: number): string => new Date(y, mo - 1, d, h, mi).toISOString();

const cases = [
  ['lead-ru.html', 'https://acme.amocrm.ru/leads/detail/24681357', 'amocrm:acme:lead:24681357', 'Заявка на демо — ООО Ромашка', 'Переговоры', 'Иван Петров', local(2025, 3, 12, 9, 41), 'Сайт', true],
  ['lead-en.html', 'https://acme.amocrm.com/leads/detail/24681358', 'amocrm:acme:lead:24681358', 'Request a demo — Fabrikam', 'Incoming leads', 'Maria Sokolova', local(2025, 3, 14, 16, 12), 'Website', false],
  ['contact-ru.html', 'https://acme.amocrm.ru/contacts/detail/13572468', 'amocrm:acme:contact:13572468', 'Ольга Смирнова', undefined, 'Иван Петров', local(2025, 3, 12, 9, 41), undefined, true],
  ['contact-en.html', 'https://acme.amocrm.com/contacts/detail/13572469', 'amocrm:acme:contact:13572469', 'Sara Lind', undefined, 'Maria Sokolova', local(2025, 3, 14, 16, 12), undefined, false],
  ['company-ru.html', 'https://acme.amocrm.ru/companies/detail/11223344', 'amocrm:acme:company:11223344', 'ООО Ромашка', undefined, 'Иван Петров', local(2025, 3, 11, 18, 0), undefined, false],
  ['company-en.html', 'https://acme.amocrm.com/companies/detail/11223345', 'amocrm:acme:company:11223345', 'Fabrikam Inc', undefined, 'Maria Sokolova', local(2025, 3, 14, 16, 12), undefined, false],
  ['kommo-lead.html', 'https://acme.kommo.com/leads/detail/5550123', 'amocrm:acme:lead:5550123', 'Price request — Litware', 'Offer made', 'Maria Sokolova', local(2025, 3, 13, 8, 30), undefined, true],
] as const;

describe('amocrm / kommo adapter', () => {
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
    expect(m.anchor.closest('#card_holder')).not.toBeNull();
  });

  it('lead (RU): budget, UTM, form, first contact from the outgoing call, not the note', () => {
    const c = ctx('lead-ru.html', 'https://acme.amocrm.ru/leads/detail/24681357');
    const r = A.read(c, A.detect(c)!)!;
    expect(r.fields.amount).toBe('120 000 ₽');
    expect(r.fields.utmCampaign).toBe('spring-seo-course');
    expect(r.fields.form).toBe('Заявка на демо');
    expect(r.fields.pipeline).toBe('Воронка');
    expect(r.fields.phone).toBe('+7 495 123-45-67');
    expect(r.firstContact?.at).toBe(local(2025, 3, 12, 10, 5));
    expect(r.firstContact?.kind).toBe('call');
    expect(r.firstContact?.evidence).toBe('Исходящий звонок — Иван Петров позвонил клиенту, разговор 6 мин');
  });

  it('lead (RU): the feed as amoCRM shows it — a task, the client\'s Telegram message and an unanswered call (00:00) are not contact; «Вчера 16:20», «Сегодня 09:12» read', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 11, 5, 12, 0));
    try {
      const c = ctx('lead-ru.html', 'https://acme.amocrm.ru/leads/detail/24681357');
      const r = A.read(c, A.detect(c)!)!;
      expect(r.firstContact?.at).toBe(local(2025, 3, 12, 10, 5));
      expect(r.fields.contactAttempts).toBe('2');
      // Without the two calls, the earliest contact is the e-mail sent «Вчера 16:20» (a relative date).
      for (const n of Array.from(c.doc.querySelectorAll('.feed-note-wrapper-call_out'))) n.remove();
      const r2 = A.read(c, A.detect(c)!)!;
      expect(r2.firstContact).toMatchObject({ kind: 'email', at: local(2026, 12, 4, 16, 20) });
      // …and without it, the Telegram reply «Сегодня 09:12».
      c.doc.querySelector('.feed-note-wrapper-mail')!.remove();
      expect(A.read(c, A.detect(c)!)!.firstContact).toMatchObject({ kind: 'message', at: local(2026, 12, 5, 9, 12) });
    } finally {
      vi.useRealTimers();
    }
  });

  it('lead (EN): a missed incoming call and an initial status are not first contact', () => {
    const c = ctx('lead-en.html', 'https://acme.amocrm.com/leads/detail/24681358');
    expect(A.read(c, A.detect(c)!)!.firstContact).toBeUndefined();
  });

  it('kommo: a status past the initial ones is evidence; a WhatsApp-created lead is not a contact', () => {
    const c = ctx('kommo-lead.html', 'https://acme.kommo.com/leads/detail/5550123');
    expect(A.read(c, A.detect(c)!)!.firstContact).toEqual({ kind: 'status', evidence: 'Offer made' });
  });

  it('pipeline: no card; layout changed: read null', () => {
    expect(A.detect(ctx('list.html', 'https://acme.amocrm.ru/leads/pipeline/4417755'))).toBeNull();
    const c = ctx('layout-changed.html', 'https://acme.amocrm.ru/leads/detail/24681357');
    expect(A.read(c, A.detect(c)!)).toBeNull();
    expect(A.mountPoint(c, A.detect(c)!)).toBeNull();
  });

  it('navigation from a lead to its contact in one document', () => {
    const doc = load('lead-ru.html');
    const a = { url: new URL('https://acme.amocrm.ru/leads/detail/24681357'), doc, custom: {} };
    expect(A.read(a, A.detect(a)!)!.title).toBe('Заявка на демо — ООО Ромашка');
    const next = load('contact-ru.html');
    doc.body.replaceChildren(...Array.from(next.body.childNodes).map((n) => doc.importNode(n, true)));
    const b = { url: new URL('https://acme.amocrm.ru/contacts/detail/13572468'), doc, custom: {} };
    expect(A.read(b, A.detect(b)!)!.title).toBe('Ольга Смирнова');
  });
});

describe('amocrm feed variants (2024 classes from a public amoCRM parser config)', () => {
  it('a done call in call_in_out reads without its duration; a call task and a status change are not contact', () => {
    const doc = load('lead-ru.html');
    const notes = doc.querySelector('.js-notes')!;
    notes.innerHTML = `
      <div class="feed-note-wrapper feed-note-wrapper-task" data-id="t1"><div class="feed-note"><div class="feed-note__header"><div class="feed-note__header-inner-nowrap">Задача: Звонок</div><div class="feed-note__date">12.03.2025 09:50</div></div><div class="feed-note__task-text">Позвонить клиенту</div></div></div>
      <div class="feed-note-wrapper feed-note-wrapper-lead_status_changed" data-id="s1"><div class="feed-note"><div class="feed-note__header"><div class="feed-note__header-inner">Этап изменён: Переговоры</div><div class="feed-note__date">12.03.2025 09:55</div></div></div></div>
      <div class="feed-note-wrapper feed-note-wrapper-call_in_out" data-id="c1"><div class="feed-note"><div class="feed-note__header"><div class="feed-note__header-inner-nowrap">Исходящий звонок</div><div class="feed-note__date"><span class="feed-note__date-text">12.03.2025 10:20</span></div></div>
        <div class="feed-note__call-content">Разговор состоялся&nbsp;<span class="feed-note__call-duration">03:14</span><span class="feed-note__call-status">Успешный</span></div></div></div>`;
    const c = { url: new URL('https://acme.amocrm.ru/leads/detail/24681357'), doc, custom: {} };
    const r = A.read(c, A.detect(c)!)!;
    expect(r.firstContact?.kind).toBe('call');
    expect(r.firstContact?.at).toBe(local(2025, 3, 12, 10, 20));
    expect(r.firstContact?.evidence).toBe('Исходящий звонок — Разговор состоялся Успешный');
  });
});
