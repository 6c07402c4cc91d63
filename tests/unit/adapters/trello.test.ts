// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trelloAdapter } from '@/lib/adapters/trello';
import { isEditable } from '@/lib/adapters/dom';
import type { AdapterContext } from '@/lib/adapters/types';
import { itemKey } from '@/lib/core/item-ref';

const FIXTURES = join(__dirname, '../../fixtures/trello');
function load(name: string): Document {
  return new DOMParser().parseFromString(readFileSync(join(FIXTURES, name), 'utf8'), 'text/html');
}
function ctx(doc: string | Document, url: string): AdapterContext {
  return { doc: typeof doc === 'string' ? load(doc) : doc, url: new URL(url), custom: {} };
}
const dialogOf = (doc: Document) => doc.querySelector('[role="dialog"][data-testid="card-back-name"]')!;

describe('trello: card open over its board (EN brief)', () => {
  const c = ctx('card-en.html', 'https://trello.com/c/Kx7pQ2aB/42-spring-campaign-best-seo-course');
  const ref = trelloAdapter.detect(c)!;
  const reading = trelloAdapter.read(c, ref);
  const mount = trelloAdapter.mountPoint(c, ref);

  it('takes the shortLink from the URL', () => {
    expect(itemKey(ref)).toBe('trello:trello.com:card:Kx7pQ2aB');
  });
  it('the board behind holds the card\'s own tile and many others', () => {
    expect(c.doc.querySelectorAll('[data-testid="trello-card"]').length).toBeGreaterThan(20);
    expect(c.doc.querySelector('a[data-testid="card-name"][href^="/c/Kx7pQ2aB/"]')).not.toBeNull();
  });
  it('reads the card back', () => {
    expect(reading).not.toBeNull();
    expect(reading!.title).toBe('Spring campaign: "best SEO course"');
    expect(reading!.status).toBe('In Progress'); // the list that holds the card
    expect(reading!.labels).toEqual(['campaign', 'seo']);
    expect(reading!.dates).toEqual({ due: '2026-05-15' });
    expect(reading!.owner).toBe('Maria Ivanova');
    expect(reading!.fields.board).toBe('Marketing launches');
  });
  it('reads the description with headings, not the comments', () => {
    const d = reading!.description!;
    expect(d.split('\n').slice(0, 3)).toEqual(['# Campaign brief', 'Paid search for "best SEO course" with the new landing page.', '## Target audience']);
    for (const h of ['## Goal', '## Offer', '## Channel', '## Deadline']) expect(d).toContain(h);
    expect(d).toContain('- 30% off the annual plan');
    expect(d).toContain('Quality criteria: TBD');
    expect(d).not.toContain('Analytics');
  });
  it('mounts inside the dialog below the members, labels and dates, not in an editable region', () => {
    const dialog = dialogOf(c.doc);
    expect(mount).not.toBeNull();
    expect(dialog.contains(mount!.anchor)).toBe(true);
    expect(mount!.anchor.querySelector('[data-testid="card-back-due-date-section"]')).not.toBeNull();
    expect(mount!.anchor.parentElement!.tagName).toBe('MAIN');
    expect(mount!.append).toBe('after');
    expect(isEditable(mount!.anchor)).toBe(false);
    expect(isEditable(mount!.anchor.parentElement)).toBe(false);
    expect(mount!.anchor.closest('[data-testid="description-content-area"]')).toBeNull();
  });
  it('reads an edited title from the textarea value', () => {
    const ta = c.doc.querySelector('[data-testid="card-back-title-input"]') as HTMLTextAreaElement;
    ta.value = 'Spring campaign v2';
    expect(trelloAdapter.read(c, ref)!.title).toBe('Spring campaign v2');
    ta.value = 'Spring campaign: "best SEO course"';
  });
  it('is light', () => {
    expect(trelloAdapter.theme(c.doc)).toBe('light');
  });
});

describe('trello: Russian UI', () => {
  it('reads Russian dates, list and labels', () => {
    const c = ctx('card-ru.html', 'https://trello.com/c/Ru4sT9kL/17-vesennyaya-kampaniya');
    const ref = trelloAdapter.detect(c)!;
    const r = trelloAdapter.read(c, ref)!;
    expect(r.title).toBe('Весенняя кампания «лучший курс по SEO»');
    expect(r.status).toBe('В работе');
    expect(r.labels).toEqual(['кампания', 'бриф']);
    expect(r.dates.due).toBe('2026-05-15');
    for (const h of ['# Бриф кампании', '## Целевая аудитория', '## Цель', '## Оффер', '## Канал', '## Срок']) expect(r.description).toContain(h);
    expect(r.description).toContain('Критерии качества: уточняется');
  });
});

describe('trello: dark theme, markup in the title', () => {
  it('reads the title as text and follows the dark theme', () => {
    const c = ctx('card-dark-xss.html', 'https://trello.com/c/Zz9xY8wV/51-img-src-x');
    const r = trelloAdapter.read(c, trelloAdapter.detect(c)!)!;
    expect(r.title).toBe('<img src=x onerror=alert(1)>');
    expect(c.doc.querySelector('[data-testid="card-back-name"] img[src="x"]')).toBeNull();
    expect(r.labels).toEqual([]);
    expect(r.dates).toEqual({});
    expect(r.owner).toBeUndefined();
    expect(r.status).toBe('To Do');
    expect(trelloAdapter.theme(c.doc)).toBe('dark');
  });
});

describe('trello: board with no card open', () => {
  it('detects nothing', () => {
    const c = ctx('board-no-card.html', 'https://trello.com/b/Qw3rT5yU/marketing-launches');
    expect(trelloAdapter.detect(c)).toBeNull();
    expect(trelloAdapter.matchesHost(c.url, {})).toBe(true);
  });
});

describe('trello: layout changed', () => {
  it('detects the card from the URL but reads nothing and floats', () => {
    const c = ctx('card-layout-changed.html', 'https://trello.com/c/Kx7pQ2aB/42-spring-campaign-best-seo-course');
    const ref = trelloAdapter.detect(c)!;
    expect(ref.id).toBe('Kx7pQ2aB');
    expect(trelloAdapter.read(c, ref)).toBeNull();
    expect(trelloAdapter.mountPoint(c, ref)).toBeNull();
  });
});

describe('trello: navigation in one document', () => {
  it('follows card A → card B → the board', () => {
    const doc = load('card-en.html');
    let c = ctx(doc, 'https://trello.com/c/Kx7pQ2aB/42-spring-campaign-best-seo-course');
    expect(trelloAdapter.read(c, trelloAdapter.detect(c)!)!.status).toBe('In Progress');

    // B: Trello swaps the card back for another card of the "Done" list
    const tile = Array.from(doc.querySelectorAll('a[data-testid="card-name"]')).find((a) => a.textContent === 'Brand survey')!;
    const shortLink = tile.getAttribute('href')!.split('/')[2]!;
    (doc.querySelector('[data-testid="card-back-title-input"]') as HTMLTextAreaElement).value = 'Brand survey';
    doc.querySelector('[data-testid="card-back-labels-container"]')!.replaceChildren();
    doc.querySelector('[data-testid="due-date-badge"]')!.closest('section')!.remove();
    c = ctx(doc, `https://trello.com${tile.getAttribute('href')}`);
    const b = trelloAdapter.detect(c)!;
    expect(b.id).toBe(shortLink);
    const rb = trelloAdapter.read(c, b)!;
    expect(rb.title).toBe('Brand survey');
    expect(rb.status).toBe('Done');
    expect(rb.labels).toEqual([]);
    expect(rb.dates).toEqual({});

    // the card closes: back on the board
    doc.querySelector('[data-testid="card-back-overlay"]')!.remove();
    c = ctx(doc, 'https://trello.com/b/Qw3rT5yU/marketing-launches');
    expect(trelloAdapter.detect(c)).toBeNull();
    expect(trelloAdapter.read(c, b)).toBeNull();
  });
});

describe('trello: REST fallback', () => {
  it('fills missing fields from the same-origin API and ignores another card', async () => {
    const c = ctx('card-layout-changed.html', 'https://trello.com/c/Kx7pQ2aB/42-spring-campaign-best-seo-course');
    const ref = trelloAdapter.detect(c)!;
    const urls: string[] = [];
    const ok = (async (u: string) => {
      urls.push(u);
      return new Response(JSON.stringify({ id: '6630', shortLink: 'Kx7pQ2aB', name: 'Spring campaign', due: '2026-05-15T09:00:00.000Z', labels: [{ name: 'campaign' }, { name: '' }], list: { name: 'In Progress' } }));
    }) as unknown as typeof fetch;
    expect(await trelloAdapter.fetchMissing!(c, ref, { dates: {}, labels: [], fields: {} }, ok)).toEqual({
      title: 'Spring campaign',
      status: 'In Progress',
      dates: { due: '2026-05-15' },
      labels: ['campaign'],
    });
    expect(urls[0]).toBe('https://trello.com/1/cards/Kx7pQ2aB?fields=name,due,labels,shortLink&list=true&list_fields=name');
    const other = (async () => new Response(JSON.stringify({ id: '1', shortLink: 'Other123', name: 'x' }))) as unknown as typeof fetch;
    expect(await trelloAdapter.fetchMissing!(c, ref, { dates: {}, labels: [], fields: {} }, other)).toEqual({});
  });
});

describe('trello: variants of the 2025-2026 card back (inline pages)', () => {
  const parse = (html: string) => new DOMParser().parseFromString(`<!DOCTYPE html><html><body>${html}</body></html>`, 'text/html');
  const URL_A = 'https://trello.com/c/Ab12Cd34/7-retargeting-audiences';

  it('card back without edit rights, opened from a direct link: h2 title, colour-only labels, list from the card back', () => {
    const doc = parse(`
      <div data-testid="card-back-overlay">
        <div role="dialog" data-testid="card-back-name" aria-labelledby="js-dialog-title">
          <header><button type="button" aria-haspopup="dialog" data-testid="card-back-list-name-button"><span>Review</span><span aria-hidden="true">▾</span></button></header>
          <main>
            <div data-testid="card-back-title"><h2 id="js-dialog-title">Retargeting audiences</h2></div>
            <section><h3>Labels</h3><div data-testid="card-back-labels-container">
              <span data-testid="card-label" data-color="green" aria-label="Color: green, title: “campaign”"></span>
              <span data-testid="card-label" data-color="red" aria-label="Color: red, title: none"></span>
              <span data-testid="card-label" data-color="blue" aria-label="Цвет: синий, название: «ретаргетинг»"></span>
              <span data-testid="card-label" data-color="purple">q2</span>
            </div></section>
            <section data-testid="card-back-due-date-section"><h3>Due date</h3><span>Jun 3, 2026, 6:00 PM</span></section>
            <section data-testid="card-back-description-container"><h3>Description</h3><button type="button">Edit</button>
              <div class="ak-renderer-document"><h2>Audiences</h2><ul><li><p>Pricing page visitors</p></li></ul></div>
            </section>
          </main>
        </div>
      </div>`);
    const c = ctx(doc, URL_A);
    const ref = trelloAdapter.detect(c)!;
    const r = trelloAdapter.read(c, ref)!;
    expect(r.title).toBe('Retargeting audiences');
    expect(r.labels).toEqual(['campaign', 'ретаргетинг', 'q2']);
    expect(r.status).toBe('Review');
    expect(r.dates).toEqual({ due: '2026-06-03' });
    expect(r.description).toBe('## Audiences\n- Pricing page visitors');
    const mount = trelloAdapter.mountPoint(c, ref)!;
    expect(doc.querySelector('[role="dialog"]')!.contains(mount.anchor)).toBe(true);
    expect(mount.anchor.closest('[data-testid="card-back-description-container"]')).toBeNull();
    expect(isEditable(mount.anchor)).toBe(false);
  });

  it('finds the list on the board by the tile\'s data-card-drop-card-id when the tile has no card link', () => {
    const doc = parse(`
      <div data-testid="list"><h2 data-testid="list-name">Backlog</h2>
        <li data-testid="list-card" data-card-drop-card-id="Zz99Yy88"><div data-testid="trello-card"><span>Other</span></div></li></div>
      <div data-testid="list"><h2 data-testid="list-name">Doing</h2>
        <li data-testid="list-card" data-card-drop-card-id="Ab12Cd34"><div data-testid="trello-card"><span>Retargeting audiences</span></div></li></div>
      <div role="dialog" data-testid="card-back-name"><main><h2 id="js-dialog-title"><textarea data-testid="card-back-title-input">Retargeting audiences</textarea></h2></main></div>`);
    const c = ctx(doc, URL_A);
    expect(trelloAdapter.read(c, trelloAdapter.detect(c)!)!.status).toBe('Doing');
  });
});

describe('trello: empty title field and empty description (inline page)', () => {
  it('takes the title from the tab title and ignores the description prompt', () => {
    const doc = new DOMParser().parseFromString(
      `<!DOCTYPE html><html><head><title>Retargeting audiences on Marketing launches | Trello</title></head><body>
        <div role="dialog" data-testid="card-back-name"><main>
          <h2 id="js-dialog-title"><textarea data-testid="card-back-title-input"></textarea></h2>
          <section data-testid="card-back-description"><div data-testid="description-content-area"><p>Add a more detailed description…</p></div></section>
        </main></div></body></html>`,
      'text/html',
    );
    const c = ctx(doc, 'https://trello.com/c/Ab12Cd34/7-retargeting-audiences');
    const r = trelloAdapter.read(c, trelloAdapter.detect(c)!)!;
    expect(r.title).toBe('Retargeting audiences');
    expect(r.description).toBeUndefined();
  });
  it('reads nothing when neither the card back nor the tab title names the card', () => {
    const doc = new DOMParser().parseFromString(
      `<!DOCTYPE html><html><head><title>Marketing launches | Trello</title></head><body>
        <div role="dialog" data-testid="card-back-name"><main><textarea data-testid="card-back-title-input"></textarea></main></div></body></html>`,
      'text/html',
    );
    const c = ctx(doc, 'https://trello.com/c/Ab12Cd34/7-retargeting-audiences');
    expect(trelloAdapter.read(c, trelloAdapter.detect(c)!)).toBeNull();
  });
});

describe('trello: tab title with " on " inside the card name (inline page)', () => {
  it('splits at the board name the header shows', () => {
    const doc = new DOMParser().parseFromString(
      `<!DOCTYPE html><html><head><title>Turn on retargeting on Marketing launches | Trello</title></head><body>
        <h1 data-testid="board-name-display">Marketing launches</h1>
        <div role="dialog" data-testid="card-back-name"><main><textarea data-testid="card-back-title-input"></textarea></main></div></body></html>`,
      'text/html',
    );
    const c = ctx(doc, 'https://trello.com/c/Ab12Cd34/7-turn-on-retargeting');
    expect(trelloAdapter.read(c, trelloAdapter.detect(c)!)!.title).toBe('Turn on retargeting');
  });
});

describe('trello: custom fields count as brief fields', () => {
  it('reads the card back\'s Custom Fields section as Trello renders it: dropdowns, text, numbers, dates, checkboxes; prompts are not values', () => {
    const c = ctx('card-en.html', 'https://trello.com/c/Kx7pQ2aB/42-spring-campaign-best-seo-course');
    const r = trelloAdapter.read(c, trelloAdapter.detect(c)!)!;
    expect(r.properties).toEqual({
      Format: 'Search ads + landing page',
      'Success metrics': '600 trials, CPA ≤ $40',
      Budget: '12000',
      'Start date': 'Apr 20, 2026',
      'Legal approved': '✓',
    });
  });

  it('Russian card back: «Формат», «Метрики успеха» read; an empty dropdown and an unticked box are not values', () => {
    const c = ctx('card-ru.html', 'https://trello.com/c/Ru4sT9kL/17-vesennyaya-kampaniya');
    const r = trelloAdapter.read(c, trelloAdapter.detect(c)!)!;
    expect(r.properties).toEqual({ Формат: 'Поиск + лендинг', 'Метрики успеха': '600 регистраций, CPA ≤ 2 500 ₽', Бюджет: '500000' });
  });

  it('the brief check counts them: Format and Success metrics are filled by custom fields, an empty "Quality criteria" field is not', async () => {
    const { checkBrief } = await import('@/lib/core/brief');
    const { DEFAULT_BRIEF_TEMPLATES } = await import('@/lib/core/defaults');
    const c = ctx('card-en.html', 'https://trello.com/c/Kx7pQ2aB/42-spring-campaign-best-seo-course');
    const r = trelloAdapter.read(c, trelloAdapter.detect(c)!)!;
    const template = DEFAULT_BRIEF_TEMPLATES[0]!;
    const without = checkBrief(template, r.description ?? '', { due: r.dates.due, labels: r.labels });
    const withProps = checkBrief(template, r.description ?? '', { due: r.dates.due, labels: r.labels, properties: r.properties });
    const missing = (x: typeof without) => x.fields.filter((f) => f.status !== 'present').map((f) => f.id).sort();
    expect(missing(without)).toEqual(['format', 'metrics', 'quality']);
    expect(missing(withProps)).toEqual(['quality']);
  });

  it('reads custom fields the card back does not show from the same-origin API, named by the board\'s definitions', async () => {
    const c = ctx('card-en.html', 'https://trello.com/c/Kx7pQ2aB/42-spring-campaign-best-seo-course');
    const ref = trelloAdapter.detect(c)!;
    const urls: string[] = [];
    const api = (async (u: string) => {
      urls.push(u);
      if (u.includes('customFieldItems=true')) {
        return new Response(JSON.stringify({
          id: '6630aa', shortLink: 'Kx7pQ2aB', idBoard: '65f0b1',
          customFieldItems: [
            { id: 'i1', idCustomField: 'cf-channel', idModel: '6630aa', modelType: 'card', idValue: 'opt-2' },
            { id: 'i2', idCustomField: 'cf-audience', idModel: '6630aa', modelType: 'card', value: { text: 'B2B SaaS marketing managers' } },
            { id: 'i3', idCustomField: 'cf-budget', idModel: '6630aa', modelType: 'card', value: { number: '12000' } },
            { id: 'i4', idCustomField: 'cf-deadline', idModel: '6630aa', modelType: 'card', value: { date: '2026-05-15T09:00:00.000Z' } },
            { id: 'i5', idCustomField: 'cf-ok', idModel: '6630aa', modelType: 'card', value: { checked: 'false' } },
            { id: 'i6', idCustomField: 'cf-deleted', idModel: '6630aa', modelType: 'card', value: { text: 'orphan' } },
          ],
        }));
      }
      if (u.endsWith('/1/boards/65f0b1/customFields')) {
        return new Response(JSON.stringify([
          { id: 'cf-channel', idModel: '65f0b1', modelType: 'board', name: 'Channel', type: 'list', options: [{ id: 'opt-1', value: { text: 'Email' } }, { id: 'opt-2', value: { text: 'Yandex Direct' } }] },
          { id: 'cf-audience', name: 'Target audience', type: 'text' },
          { id: 'cf-budget', name: 'Budget', type: 'number' },
          { id: 'cf-deadline', name: 'Launch date', type: 'date' },
          { id: 'cf-ok', name: 'Approved', type: 'checkbox' },
        ]));
      }
      return new Response('{}', { status: 404 });
    }) as unknown as typeof fetch;
    const reading = { title: 'x', status: 'y', dates: { due: '2026-05-15' }, labels: ['campaign'], fields: {} };
    expect(await trelloAdapter.fetchMissing!(c, ref, reading, api)).toEqual({
      properties: { Channel: 'Yandex Direct', 'Target audience': 'B2B SaaS marketing managers', Budget: '12000', 'Launch date': '2026-05-15' },
    });
    expect(urls).toEqual(['https://trello.com/1/cards/Kx7pQ2aB?fields=shortLink,idBoard&customFieldItems=true', 'https://trello.com/1/boards/65f0b1/customFields']);
    // The card back already shows its custom fields: no request for them.
    urls.length = 0;
    expect(await trelloAdapter.fetchMissing!(c, ref, { ...reading, properties: { Format: 'Search ads' } }, api)).toEqual({});
    expect(urls).toEqual([]);
    // An answer of another shape is refused whole.
    const odd = (async (u: string) => new Response(JSON.stringify(u.includes('boards') ? [{ id: 1 }] : { shortLink: 'Kx7pQ2aB', idBoard: 'b', customFieldItems: [{ idCustomField: 'x', value: { text: 'v' } }] }))) as unknown as typeof fetch;
    expect(await trelloAdapter.fetchMissing!(c, ref, reading, odd)).toEqual({});
  });

  it('the page script merges API properties under what the page shows', async () => {
    const { fillMissing } = await import('@/lib/runtime/controller');
    const merged = fillMissing({ dates: {}, labels: [], fields: {}, properties: { Channel: 'Email' } }, { properties: { Channel: 'Yandex Direct', Audience: 'B2B' } });
    expect(merged.properties).toEqual({ Channel: 'Email', Audience: 'B2B' });
  });
});
