// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { notionAdapter } from '@/lib/adapters/notion';
import { isEditable } from '@/lib/adapters/dom';
import type { AdapterContext } from '@/lib/adapters/types';
import { itemKey } from '@/lib/core/item-ref';

const FIXTURES = join(__dirname, '../../fixtures/notion');
function load(name: string): Document {
  return new DOMParser().parseFromString(readFileSync(join(FIXTURES, name), 'utf8'), 'text/html');
}
function ctx(doc: string | Document, url: string): AdapterContext {
  return { doc: typeof doc === 'string' ? load(doc) : doc, url: new URL(url), custom: {} };
}
const PAGE = '3f1c2a9b7d4e4f60a1b2c3d4e5f60718';
const DB = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const PAGE_URL = `https://www.notion.so/acme/Spring-campaign-best-SEO-course-${PAGE}`;
const PEEK_URL = `https://www.notion.so/acme/${DB}?v=11223344556677889900aabbccddeeff&p=${PAGE}&pm=c`;

const BRIEF_LINES = [
  'Paid search for "best SEO course" together with the new landing page.',
  '# Target audience',
  'Marketing managers at B2B SaaS companies (50–500 employees).',
  '# Goal',
  '600 trial sign-ups in four weeks at a CAC under 2,500 RUB.',
  '## Offer',
  '- 30% off the annual plan until June 15',
  '- Free SEO audit for the first 100 sign-ups',
  '## Channel',
  'Google Ads and Yandex Direct search.',
  '## Deadline',
  'Launch on May 15, 2026.',
  'Quality criteria: TBD',
  '- Kick-off call booked',
];

describe('notion: database page as a full page (EN)', () => {
  const c = ctx('page-en.html', PAGE_URL);
  const ref = notionAdapter.detect(c)!;
  const reading = notionAdapter.read(c, ref);
  const mount = notionAdapter.mountPoint(c, ref);

  it('takes the page id from the URL', () => {
    expect(itemKey(ref)).toBe(`notion:notion.so:page:${PAGE}`);
  });
  it('reads title and properties', () => {
    expect(reading).not.toBeNull();
    expect(reading!.title).toBe('Spring campaign: "best SEO course"');
    expect(reading!.status).toBe('In progress');
    expect(reading!.owner).toBe('Maria Ivanova');
    expect(reading!.labels).toEqual(['campaign', 'seo']);
    expect(reading!.dates).toEqual({ launch: '2026-05-15', end: '2026-06-12' });
    expect(reading!.fields.priority).toBe('High');
  });
  it('reads the body with heading blocks as headings (they are h2–h4 tags, not h1)', () => {
    expect(reading!.description!.split('\n')).toEqual(BRIEF_LINES);
  });
  it('mounts after the properties, outside the editable body', () => {
    expect(mount).not.toBeNull();
    expect(mount!.anchor.getAttribute('role')).toBe('table');
    expect(mount!.append).toBe('after');
    expect(isEditable(mount!.anchor)).toBe(false);
    expect(isEditable(mount!.anchor.parentElement)).toBe(false);
    expect(mount!.anchor.closest('.notion-page-content')).toBeNull();
    expect(c.doc.querySelector('main.notion-frame')!.contains(mount!.anchor)).toBe(true);
  });
  it('is light', () => {
    expect(notionAdapter.theme(c.doc)).toBe('light');
  });
});

describe('notion: Russian UI', () => {
  it('reads Russian properties and dates', () => {
    const id = '5a6b7c8d9e0f41a2b3c4d5e6f7a8b9c0';
    const c = ctx('page-ru.html', `https://www.notion.so/acme/${id}`);
    const r = notionAdapter.read(c, notionAdapter.detect(c)!)!;
    expect(r.title).toBe('Весенняя кампания «лучший курс по SEO»');
    expect(r.status).toBe('В работе');
    expect(r.owner).toBe('Мария Иванова');
    expect(r.labels).toEqual(['кампания', 'бриф']);
    expect(r.dates).toEqual({ launch: '2026-05-15', due: '2026-05-10' });
    for (const h of ['# Целевая аудитория', '# Цель', '## Оффер', '## Канал', '## Срок']) expect(r.description!.split('\n')).toContain(h);
    expect(r.description).toContain('Критерии качества: уточняется');
  });
});

describe('notion: page open in peek over its database', () => {
  const c = ctx('peek-over-database.html', PEEK_URL);
  const ref = notionAdapter.detect(c)!;
  it('the database behind shows dozens of rows, one of them the open page', () => {
    expect(c.doc.querySelectorAll('.notion-collection-item').length).toBeGreaterThan(15);
    expect(c.doc.querySelector(`.notion-collection-item[data-block-id="3f1c2a9b-7d4e-4f60-a1b2-c3d4e5f60718"]`)).not.toBeNull();
  });
  it('reads the peek, not the database title or its rows', () => {
    expect(ref.id).toBe(PAGE);
    const r = notionAdapter.read(c, ref)!;
    expect(r.title).toBe('Spring campaign: "best SEO course"');
    expect(r.status).toBe('In progress');
    expect(r.dates.launch).toBe('2026-05-15');
    expect(r.description!.split('\n')).toEqual(BRIEF_LINES);
  });
  it('mounts inside the peek', () => {
    const m = notionAdapter.mountPoint(c, ref)!;
    expect(c.doc.querySelector('.notion-peek-renderer')!.contains(m.anchor)).toBe(true);
    expect(isEditable(m.anchor)).toBe(false);
  });
});

describe('notion: database with no page open', () => {
  it('detects nothing for a view URL and vetoes the database id', () => {
    const doc = load('database-no-page.html');
    expect(notionAdapter.detect(ctx(doc, `https://www.notion.so/acme/${DB}?v=11223344556677889900aabbccddeeff`))).toBeNull();
    // the same database opened without ?v=: the URL names an id, but it is the database itself
    expect(notionAdapter.detect(ctx(doc, `https://www.notion.so/acme/Campaigns-${DB}`))).toBeNull();
  });
  it('does not read a database row as the page when the frame still shows the database', () => {
    const c = ctx('database-no-page.html', PAGE_URL);
    const ref = notionAdapter.detect(c)!;
    expect(ref.id).toBe(PAGE);
    expect(notionAdapter.read(c, ref)).toBeNull();
    expect(notionAdapter.mountPoint(c, ref)).toBeNull();
  });
});

describe('notion: layout changed', () => {
  it('detects from the URL, reads nothing, floats', () => {
    const c = ctx('page-layout-changed.html', PAGE_URL);
    const ref = notionAdapter.detect(c)!;
    expect(ref.id).toBe(PAGE);
    expect(notionAdapter.read(c, ref)).toBeNull();
    expect(notionAdapter.mountPoint(c, ref)).toBeNull();
  });
});

describe('notion: dark theme on notion.site, markup in the title', () => {
  it('reads the title as text', () => {
    const c = ctx('page-dark-xss.html', 'https://acme.notion.site/img-src-x-onerror-alert-1-9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b');
    expect(notionAdapter.matchesHost(c.url, {})).toBe(true);
    const ref = notionAdapter.detect(c)!;
    expect(itemKey(ref)).toBe('notion:notion.so:page:9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b');
    const r = notionAdapter.read(c, ref)!;
    expect(r.title).toBe('<img src=x onerror=alert(1)>');
    expect(c.doc.querySelector('h1 img')).toBeNull();
    expect(r.status).toBe('Not started');
    expect(r.description).toBe('Pasted from a log.\n## Steps\n- Paste\n- Save');
    expect(notionAdapter.theme(c.doc)).toBe('dark');
  });
});

describe('notion: navigation in one document', () => {
  it('follows page A → page B (peek) → the database with nothing open', () => {
    const doc = load('peek-over-database.html');
    let c = ctx(doc, PEEK_URL);
    expect(notionAdapter.read(c, notionAdapter.detect(c)!)!.title).toBe('Spring campaign: "best SEO course"');

    // the user opens another row: Notion re-renders the peek for page B
    const B = '00000000000000000000000000001b59';
    const peek = doc.querySelector('.notion-peek-renderer')!;
    const block = peek.querySelector('.notion-page-block')!;
    // before the re-render finishes, the URL already names B: nothing is read from A's peek
    c = ctx(doc, PEEK_URL.replace(`p=${PAGE}`, `p=${B}`));
    const b = notionAdapter.detect(c)!;
    expect(b.id).toBe(B);
    expect(notionAdapter.read(c, b)).toBeNull();
    block.setAttribute('data-block-id', '00000000-0000-0000-0000-000000001b59');
    block.querySelector('h1')!.textContent = 'Webinar series Q3';
    peek.querySelector('[role="table"]')!.remove();
    peek.querySelector('.notion-page-content')!.replaceChildren();
    const rb = notionAdapter.read(c, b)!;
    expect(rb.title).toBe('Webinar series Q3');
    expect(rb.status).toBeUndefined();
    expect(rb.description).toBeUndefined();
    expect(peek.contains(notionAdapter.mountPoint(c, b)!.anchor)).toBe(true);

    // the peek closes
    peek.remove();
    c = ctx(doc, `https://www.notion.so/acme/${DB}?v=11223344556677889900aabbccddeeff`);
    expect(notionAdapter.detect(c)).toBeNull();
  });
});

describe('notion: peek of a new database row, title block inside the page content (inline page)', () => {
  // Structure from Notion Boost's notes on the app DOM: overlay > peek-renderer > scroller >
  // notion-page-content > notion-page-block; dark theme as body.notion-body.dark.
  const ROW = '9a8b7c6d5e4f30211203a4b5c6d7e8f9';
  const url = `https://www.notion.so/acme/${DB}?v=11223344556677889900aabbccddeeff&p=${ROW}&pm=s`;
  const html = `<!DOCTYPE html><html><body class="notion-body dark"><div id="notion-app"><div class="notion-app-inner">
    <main class="notion-frame"><div class="notion-scroller">
      <div class="notion-selectable notion-collection_view_page-block" data-block-id="${DB}"><h1>Campaigns</h1></div>
      <div class="notion-table-view"><div class="notion-selectable notion-page-block notion-collection-item" data-block-id="${ROW}"><span>Retargeting</span></div></div>
    </div></main>
    <div class="notion-overlay-container notion-default-overlay-container"><div class="notion-peek-renderer"><div class="notion-scroller vertical">
      <div class="notion-page-content">
        <div class="notion-selectable notion-page-block" data-block-id="${ROW.replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-')}"><h1 class="notranslate" contenteditable="true" placeholder="New page">Retargeting</h1></div>
        <div role="table" aria-label="Page properties">
          <div role="row"><div role="cell">Status</div><div role="cell" data-testid="property-value"><span>Planning</span></div></div>
          <div role="row"><div role="cell">Launch date</div><div role="cell" data-testid="property-value">June 1, 2026</div></div>
        </div>
        <div class="notion-selectable notion-sub_header-block" data-block-id="b1"><h3 contenteditable="true">Audiences</h3></div>
        <div class="notion-selectable notion-text-block" data-block-id="b2"><div contenteditable="true">Pricing page visitors</div></div>
      </div>
    </div></div></div>
  </div></div></body></html>`;
  const c = ctx(new DOMParser().parseFromString(html, 'text/html'), url);
  const ref = notionAdapter.detect(c)!;

  it('reads the peek page; the body does not repeat the title nor the properties', () => {
    expect(ref.id).toBe(ROW);
    const r = notionAdapter.read(c, ref)!;
    expect(r.title).toBe('Retargeting');
    expect(r.status).toBe('Planning');
    expect(r.dates).toEqual({ launch: '2026-06-01' });
    expect(r.description).toBe('## Audiences\nPricing page visitors');
  });
  it('mounts in the peek, outside the page content and every editable block', () => {
    const m = notionAdapter.mountPoint(c, ref)!;
    const peek = c.doc.querySelector('.notion-peek-renderer')!;
    expect(peek.contains(m.anchor)).toBe(true);
    expect(m.anchor.classList.contains('notion-page-content')).toBe(true); // a sibling before it, not inside
    expect(m.anchor.parentElement!.closest('.notion-page-content')).toBeNull();
    expect(m.append).toBe('before');
    expect(isEditable(m.anchor)).toBe(false);
  });
  it('is dark', () => {
    expect(notionAdapter.theme(c.doc)).toBe('dark');
  });
});

describe('notion: the app on notion.com (2026 origin: app.notion.com, also /p/<workspace>/…)', () => {
  const onCom = (u: string) => u.replace('https://www.notion.so/', 'https://app.notion.com/');
  it('serves the notion.com app hosts, not the marketing site of another domain', () => {
    for (const h of ['https://app.notion.com/', 'https://www.notion.com/', 'https://app.notion.so/']) {
      expect(notionAdapter.matchesHost(new URL(h), {})).toBe(true);
    }
    expect(notionAdapter.matchesHost(new URL('https://notion.example.com/'), {})).toBe(false);
  });
  it('detects and reads the same page under one key, full page and /p/ route', () => {
    for (const url of [onCom(PAGE_URL), `https://app.notion.com/p/acme/Spring-campaign-best-SEO-course-${PAGE}?pvs=4`]) {
      const c = ctx('page-en.html', url);
      const ref = notionAdapter.detect(c)!;
      expect(itemKey(ref)).toBe(`notion:notion.so:page:${PAGE}`);
      expect(notionAdapter.read(c, ref)!.title).toBe('Spring campaign: "best SEO course"');
    }
  });
  it('reads the peek page and still vetoes a database view', () => {
    const c = ctx('peek-over-database.html', onCom(PEEK_URL));
    expect(notionAdapter.detect(c)!.id).toBe(PAGE);
    const db = ctx('database-no-page.html', `https://app.notion.com/acme/${DB}`);
    expect(notionAdapter.detect(db)).toBeNull();
    expect(notionAdapter.detect(ctx('database-no-page.html', `https://app.notion.com/acme/${DB}?v=11223344556677889900aabbccddeeff`))).toBeNull();
  });
});

describe('notion: properties in a side "Info" panel, one wrapper around name and value (inline page)', () => {
  it('reads the names before nested value cells', () => {
    const html = `<!DOCTYPE html><html><body><main id="main" class="notion-frame"><div class="notion-scroller">
      <div class="notion-selectable notion-page-block" data-block-id="${PAGE}"><h1 class="content-editable-leaf-rtl" data-content-editable-leaf="true">Ticket 428</h1></div>
      <aside aria-label="Info"><div role="table" aria-label="Page properties">
        <div role="row"><div><div><svg></svg><span>Status</span></div><div data-testid="property-value"><span>Blocked</span></div></div></div>
        <div role="row"><div><div><span>Assignees</span></div><div data-testid="property-value"><div><span>Anna Smirnova</span></div><div><span>Oleg Ivanov</span></div></div></div></div>
        <div role="row"><div><div><span>Priority</span></div><div data-testid="property-value">Empty</div></div></div>
      </div></aside>
      <div class="notion-page-content"><div class="notion-selectable notion-text-block" data-block-id="t1"><div contenteditable="true">Login fails on ACR.</div></div></div>
    </div></main></body></html>`;
    const c = ctx(new DOMParser().parseFromString(html, 'text/html'), PAGE_URL);
    const r = notionAdapter.read(c, notionAdapter.detect(c)!)!;
    expect(r.title).toBe('Ticket 428');
    expect(r.status).toBe('Blocked');
    expect(r.owner).toBe('Anna Smirnova');
    expect(r.fields.priority).toBeUndefined(); // "Empty"
    expect(r.description).toBe('Login fails on ACR.');
  });
});

describe('Notion page properties for the brief check', () => {
  it('every named property with a value is handed over, empty ones are not', () => {
    const c = ctx('page-en.html', PAGE_URL);
    const r = notionAdapter.read(c, notionAdapter.detect(c)!)!;
    expect(r.properties).toBeDefined();
    const names = Object.keys(r.properties!);
    expect(names.length).toBeGreaterThan(0);
    for (const v of Object.values(r.properties!)) expect(v.trim()).not.toMatch(/^(|Empty)$/);
    expect(names.some((n) => /status/i.test(n))).toBe(true);
  });
});
