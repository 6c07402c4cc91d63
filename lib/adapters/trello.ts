/**
 * Trello adapter: a card open over its board (`https://trello.com/c/<shortLink>/<n>-<slug>`).
 *
 * Trello always renders the board behind the card back, with the open card's own tile in its list:
 * fields are read from the card-back dialog only; the board is used for one thing, the name of the
 * list that holds the card (its status). The card title is a textarea: its `.value` is read.
 * The panel mounts inside the dialog, so Trello's focus lock does not pull focus away from it.
 */
import {
  type SelectorList,
  dateOf,
  parseHumanDate,
  queryAllFirst,
  queryFirst,
  refFromUrl,
  safeMount,
  structuredText,
  textOf,
  atlassianTheme,
} from './dom';
import type { AdapterContext, HostAdapter, ItemReading, MountSpec } from './types';
import { isObj, optArray, optObj, optString, reqString, RestShapeError } from './rest-check';
import { emptyReading } from './types';

const S = {
  /** The card back. */
  dialog: [
    '[role="dialog"][data-testid="card-back-name"]', // card back 2025-2026 (the dialog root carries this testid)
    '[data-testid="card-back-name"]',
    '.card-detail-window', // classic card back (before 2024), drop after 2026-12
  ],
  title: [
    '[data-testid="card-back-title-input"]', // textarea, 2023-2026
    '.js-card-detail-title-input', // classic
    '.window-title h2', // classic read view
    // Card back without edit rights (observer / public board): the heading keeps its id but holds text,
    // not the textarea. #js-dialog-title wraps the textarea in 2025-2026 captures.
    '[data-testid="card-back-title"] h2#js-dialog-title',
    'h2#js-dialog-title',
  ],
  description: [
    '[data-testid="description-content-area"] .ak-renderer-document', // 2024-2026 (Atlassian renderer)
    '[data-testid="description-content-area"]',
    // Description section wrapper named in public Playwright page objects (2025); only its renderer is read.
    '[data-testid="card-back-description-container"] .ak-renderer-document',
    '.js-desc .markeddown', // classic
  ],
  descriptionArea: ['[data-testid="description-content-area"]', '[data-testid="card-back-description-container"]', '.js-desc'],
  labels: [
    '[data-testid="card-back-labels-container"] [data-testid="card-label"]', // 2024-2026
    '.js-card-detail-labels-list .card-label', // classic
    // Any labelled chip of the labels section (aria-label "Color: green, title: “seo”"), 2025 Playwright scripts.
    '[data-testid="card-back-labels-container"] [aria-label*="Color:"]',
  ],
  due: [
    '[data-testid="due-date-badge"]', // card back dates badge, 2025
    // The "Due date" section of the card back (its heading text is skipped by the date parser). 2025-2026.
    '[data-testid="card-back-due-date-section"]',
    '[data-testid="card-back-due-date-button"]',
    '.js-card-detail-due-date-badge', // classic
  ],
  members: ['[data-testid="card-back-member-avatar"]', '.js-card-detail-members-list .member'],
  main: ['main'],
  /** Board behind the card. */
  list: ['[data-testid="list"]', '.js-list'],
  listName: ['[data-testid="list-name"]', '.list-header-name-assist', '.list-header-name'],
  cardLink: ['a[data-testid="card-name"]', 'a.list-card'],
  boardName: ['[data-testid="board-name-display"]', '.board-header-btn-name .board-header-btn-text'],
  /**
   * The list named in the card back itself (card opened from a direct link, board not rendered or filtered).
   * `card-back-list-name-button` seen 2025-2026 in captures; `card-back-list-name` in 2025 Playwright scripts.
   */
  cardBackList: ['[data-testid="card-back-list-name-button"]', '[data-testid="card-back-list-name"]'],
  /** Board tiles carry the card's shortLink even when their link is not an <a> (2025 userscripts). */
  cardTile: ['[data-testid="list-card"][data-card-drop-card-id]'],
  /** The card back header: its first button names the list (fallback when the board is not rendered). */
  headerListButton: ['header button[aria-haspopup]', 'header button'],
  /**
   * One custom field in the card back's "Custom Fields" section: `card-back-custom-field-badge` (Trello's
   * card-back test ids, 2024-2026; a dropdown's react-select control is `card-back-custom-field-badge-select--control`
   * with `customFieldSelect__*` classes, seen in 2025 Cypress scripts). Classic card back: `.custom-field-detail-item`.
   */
  customField: ['[data-testid="card-back-custom-field-badge"]', '.js-custom-field-detail-badges .custom-field-detail-item'],
  customFieldName: ['h3', 'h4', 'label', '[id*="label"]', '.card-detail-item-header'],
} satisfies Record<string, SelectorList>;

function findDialog(doc: Document): Element | null {
  for (const s of S.dialog) {
    for (const el of Array.from(doc.querySelectorAll(s))) {
      if (queryFirst(el, S.title)) return el;
    }
  }
  return null;
}

function listNameOf(doc: Document, shortLink: string): string | undefined {
  for (const list of queryAllFirst(doc, S.list)) {
    const hasCard =
      queryAllFirst(list, [...S.cardLink, '[data-testid="card-name"][href]']).some((a) => {
        const m = /^(?:https:\/\/trello\.com)?\/c\/([A-Za-z0-9]{8})(?:[/?#]|$)/.exec(a.getAttribute('href') ?? '');
        return m?.[1] === shortLink;
      }) || queryAllFirst(list, S.cardTile).some((t) => t.getAttribute('data-card-drop-card-id') === shortLink);
    if (hasCard) {
      const name = textOf(queryFirst(list, S.listName));
      if (name) return name;
    }
  }
  return undefined;
}

/**
 * A label's name: its text, else the name in its aria-label — Trello draws a colour-only chip (no text,
 * e.g. in the collapsed label style) but keeps `aria-label="Color: green, title: “seo”"` (EN, 2024-2026;
 * RU «Цвет: зелёный, название: «seo»»). A label without a name ("title: none") has no name to read.
 */
const LABEL_TITLE = /(?:title|название|titre|título|titel|nome)\s*:\s*(?:[“"«'‘„]([^”"»'’“]+)[”"»'’“]|(.+))$/i;
const NO_NAME = /^(none|нет|без названия|aucun|ninguno|keiner|nessuno)$/i;

function labelName(el: Element): string {
  const text = textOf(el);
  if (text) return text;
  const m = LABEL_TITLE.exec((el.getAttribute('aria-label') ?? '').trim());
  const name = (m?.[1] ?? m?.[2] ?? '').trim();
  return name && !NO_NAME.test(name) ? name : '';
}

/** An empty description shows this prompt instead of a renderer (2024-2026; named in public Playwright scripts). */
const DESCRIPTION_PLACEHOLDER = /^(add a more detailed description|добавьте более подробное описание|добавить более подробное описание)/i;

/**
 * The card name from the tab title "{card} on {board} | Trello" (format read by public userscripts since
 * 2019 and still used 2025) — only a fallback when the card back's title field is empty in the DOM (e.g. a
 * capture that lost the textarea's live value). The Russian form "на доске" is a guess, unverified.
 */
function titleFromDocument(doc: Document): string {
  const full = (doc.title ?? '').trim().replace(/^\(\d+\)\s*/, '');
  // Split at the board's own name when the board header shows it ("Turn on lights on Home | Trello").
  const board = textOf(queryFirst(doc, S.boardName));
  for (const sep of [' on ', ' на доске ']) {
    const tail = `${sep}${board} | Trello`;
    if (board && full.endsWith(tail)) return full.slice(0, -tail.length).trim();
  }
  const m = /^(.+)\s+(?:on|на доске)\s+[^|]+\|\s*Trello$/i.exec(full);
  return m?.[1]?.trim() ?? '';
}

function memberName(el: Element): string {
  const raw =
    el.querySelector('img[alt]')?.getAttribute('alt') ||
    el.getAttribute('aria-label') ||
    el.getAttribute('title') ||
    el.querySelector('[title]')?.getAttribute('title') ||
    textOf(el);
  // Trello titles members "Full Name (username)".
  return raw.replace(/\s*\([^()]*\)\s*$/, '').trim();
}

/** What an empty custom field shows instead of a value (a prompt, not a value). */
const CUSTOM_FIELD_PROMPT = /^(select…?|select\.\.\.|add (text|number|date)…?|выбрать…?|выберите…?|добавить( текст| число| дату)?…?|добавьте.*|none|нет|—|-)$/i;

/** One custom field's shown value: the dropdown's chosen option(s), an input's value, a date button's text. */
function customFieldValue(field: Element, name: Element | null): string {
  const box = field.querySelector('input[type="checkbox"]') as HTMLInputElement | null;
  if (box) return box.checked || box.hasAttribute('checked') || box.getAttribute('aria-checked') === 'true' ? '✓' : '';
  const chosen = Array.from(field.querySelectorAll('[class*="single-value"], [class*="multi-value__label"]')).map((e) => textOf(e)).filter(Boolean);
  if (chosen.length) return chosen.join(', ');
  if (field.querySelector('[class*="__placeholder"]')) return ''; // a dropdown with nothing chosen ("Select…")
  const input = field.querySelector('input:not([type="hidden"]), textarea');
  if (input) return textOf(input);
  const parts: string[] = [];
  for (const child of Array.from(field.children)) if (child !== name && !child.contains(name)) parts.push(textOf(child));
  return parts.join(' ').trim();
}

/**
 * The card's custom fields as Trello shows them on the card back (name → value). The brief check
 * counts one named like a brief field ("Channel", "Format", "Канал", "Метрики успеха") as that field.
 */
function readCustomFields(dialog: Element): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const field of queryAllFirst(dialog, S.customField).slice(0, 100)) {
    const nameEl = queryFirst(field, S.customFieldName);
    const name = textOf(nameEl).replace(/[:：]\s*$/, '');
    if (!name || name.length > 120) continue;
    const value = customFieldValue(field, nameEl);
    if (!value || CUSTOM_FIELD_PROMPT.test(value)) continue;
    out[name] ??= value.slice(0, 500);
  }
  return Object.keys(out).length ? out : undefined;
}

interface RestCustomField {
  id: string;
  name: string;
  type?: string;
  options?: { id: string; text?: string }[];
}

interface RestCustomFieldItem {
  idCustomField: string;
  idValue?: string;
  value?: { text?: string; number?: string; date?: string; checked?: string };
}

/** GET /1/boards/ID/customFields, checked by hand; null when it is not that shape. */
export function parseRestCustomFields(body: unknown): RestCustomField[] | null {
  try {
    if (!Array.isArray(body)) return null;
    return body.map((f) => {
      if (!isObj(f)) throw new RestShapeError('custom field: not an object');
      return {
        id: reqString(f, 'id'),
        name: reqString(f, 'name'),
        type: optString(f, 'type'),
        options: optArray(f, 'options', (o) => {
          if (!isObj(o)) throw new RestShapeError('option: not an object');
          const v = optObj(o, 'value');
          return { id: reqString(o, 'id'), text: v ? optString(v, 'text') : undefined };
        }),
      };
    });
  } catch {
    return null;
  }
}

/** GET /1/cards/ID?customFieldItems=true — the card's idBoard and its custom field items; null when not that shape. */
export function parseRestCardFields(body: unknown): { shortLink: string; idBoard: string; items: RestCustomFieldItem[] } | null {
  try {
    if (!isObj(body)) return null;
    return {
      shortLink: reqString(body, 'shortLink'),
      idBoard: reqString(body, 'idBoard'),
      items:
        optArray(body, 'customFieldItems', (i) => {
          if (!isObj(i)) throw new RestShapeError('custom field item: not an object');
          const v = optObj(i, 'value');
          return {
            idCustomField: reqString(i, 'idCustomField'),
            idValue: optString(i, 'idValue'),
            value: v ? { text: optString(v, 'text'), number: optString(v, 'number'), date: optString(v, 'date'), checked: optString(v, 'checked') } : undefined,
          };
        }) ?? [],
    };
  } catch {
    return null;
  }
}

/** Custom field items named by their board's definitions: name → shown value (a date as YYYY-MM-DD). */
export function customFieldProperties(defs: readonly RestCustomField[], items: readonly RestCustomFieldItem[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items.slice(0, 100)) {
    const def = defs.find((d) => d.id === item.idCustomField);
    if (!def || !def.name || def.name.length > 120) continue;
    let value = '';
    if (item.idValue) value = def.options?.find((o) => o.id === item.idValue)?.text ?? '';
    else if (item.value?.text !== undefined) value = item.value.text;
    else if (item.value?.number !== undefined) value = item.value.number;
    else if (item.value?.date !== undefined) value = parseHumanDate(item.value.date) ?? item.value.date;
    else if (item.value?.checked !== undefined) value = item.value.checked === 'true' ? '✓' : '';
    value = value.trim();
    if (value) out[def.name] ??= value.slice(0, 500);
  }
  return out;
}

interface RestCard {
  id: string;
  shortLink: string;
  name: string;
  due?: string;
  labels?: { name?: string }[];
  list?: { name: string };
}

/** GET /1/cards/ID, checked by hand (no zod on host pages); null when it is not that shape. */
export function parseRestCard(body: unknown): RestCard | null {
  try {
    if (!isObj(body)) return null;
    const list = optObj(body, 'list');
    return {
      id: reqString(body, 'id'),
      shortLink: reqString(body, 'shortLink'),
      name: reqString(body, 'name'),
      due: optString(body, 'due'),
      labels: optArray(body, 'labels', (l) => {
        if (!isObj(l)) throw new RestShapeError('label: not an object');
        return { name: optString(l, 'name') };
      }),
      list: list ? { name: reqString(list, 'name') } : undefined,
    };
  } catch {
    return null;
  }
}

export const trelloAdapter: HostAdapter = {
  id: 'trello',
  tool: 'trello',
  testUrls: [
    'https://trello.com/c/Kx7pQ2aB/42-spring-campaign-best-seo-course',
    'https://trello.com/c/Ru4sT9kL/17-vesennyaya-kampaniya',
    'https://trello.com/b/Qw3rT5yU/marketing-launches',
  ],

  matchesHost(url) {
    const h = url.hostname.toLowerCase();
    return h === 'trello.com' || h === 'www.trello.com';
  },

  detect(ctx) {
    return refFromUrl(ctx, 'trello');
  },

  read(ctx: AdapterContext, ref): ItemReading | null {
    const dialog = findDialog(ctx.doc);
    if (!dialog) return null;
    const title = textOf(queryFirst(dialog, S.title)) || titleFromDocument(ctx.doc);
    if (!title) return null;
    const r = emptyReading();
    r.title = title;
    const desc = structuredText(queryFirst(dialog, S.description));
    if (desc && !DESCRIPTION_PLACEHOLDER.test(desc)) r.description = desc;
    r.labels = Array.from(new Set(queryAllFirst(dialog, S.labels).map(labelName).filter(Boolean)));
    const due = dateOf(queryFirst(dialog, S.due));
    if (due) r.dates.due = due;
    const status =
      listNameOf(ctx.doc, ref.id) ??
      (textOf(queryFirst(dialog, S.cardBackList)) || undefined) ??
      (textOf(queryFirst(dialog.querySelector('header'), ['button[aria-haspopup]', 'button'])) || undefined);
    if (status) r.status = status;
    const owner = queryAllFirst(dialog, S.members).map(memberName).find(Boolean);
    if (owner) r.owner = owner;
    const board = textOf(queryFirst(ctx.doc, S.boardName));
    if (board) r.fields.board = board;
    const custom = readCustomFields(dialog);
    if (custom) r.properties = custom;
    return r;
  },

  itemRoot(ctx) {
    return findDialog(ctx.doc);
  },

  mountPoint(ctx): MountSpec | null {
    const dialog = findDialog(ctx.doc);
    if (!dialog) return null;
    const avoid = [...S.descriptionArea, '.ak-renderer-document'];
    const main = queryFirst(dialog, S.main);
    const title = queryFirst(dialog, S.title);
    // Below the card's own badges (members, labels, dates) — where Power-Up badges sit — so the due
    // date and members stay where they are; the description follows the panel.
    const badges = main ? queryFirst(main, [...S.due, ...S.members, '[data-testid="card-back-labels-container"]']) : null;
    if (main && badges) {
      let block: Element = badges;
      while (block.parentElement && block.parentElement !== main) block = block.parentElement;
      if (block.parentElement === main) {
        const spec = safeMount(block, 'after', avoid, dialog);
        if (spec) return spec;
      }
    }
    if (main && title && main.contains(title)) {
      // The title's block inside <main>: the panel goes right below it.
      let block: Element = title;
      while (block.parentElement && block.parentElement !== main) block = block.parentElement;
      const spec = safeMount(block, 'after', avoid, dialog);
      if (spec) return spec;
    }
    if (main) return safeMount(main, 'first', avoid, dialog);
    return title ? safeMount(title, 'after', avoid, dialog) : null;
  },

  theme(doc) {
    return atlassianTheme(doc); // Trello uses the same design tokens (2024–2026)
  },

  async fetchMissing(ctx, ref, reading, fetchFn) {
    const out: Partial<ItemReading> = {};
    const get = async (path: string): Promise<unknown> => {
      const res = await fetchFn(`${ctx.url.origin}${path}`, { credentials: 'include', headers: { Accept: 'application/json' } });
      return res.ok ? res.json() : null;
    };
    if (!(reading.title && reading.status && reading.dates.due && reading.labels.length)) {
      try {
        const c = parseRestCard(await get(`/1/cards/${encodeURIComponent(ref.id)}?fields=name,due,labels,shortLink&list=true&list_fields=name`));
        if (c && c.shortLink === ref.id) {
          if (!reading.title) out.title = c.name;
          if (!reading.status && c.list?.name) out.status = c.list.name;
          const due = parseHumanDate(c.due ?? null);
          if (!reading.dates.due && due) out.dates = { ...reading.dates, due };
          const labels = (c.labels ?? []).map((l) => l.name ?? '').filter(Boolean);
          if (!reading.labels.length && labels.length) out.labels = labels;
        }
      } catch {
        /* the DOM reading stands */
      }
    }
    // Custom fields the card back does not show (collapsed section, fields hidden from the card back):
    // the card's items from the same-origin API, named by the board's definitions.
    if (!reading.properties) {
      try {
        const card = parseRestCardFields(await get(`/1/cards/${encodeURIComponent(ref.id)}?fields=shortLink,idBoard&customFieldItems=true`));
        if (card && card.shortLink === ref.id && card.items.length) {
          const defs = parseRestCustomFields(await get(`/1/boards/${encodeURIComponent(card.idBoard)}/customFields`));
          const props = defs ? customFieldProperties(defs, card.items) : {};
          if (Object.keys(props).length) out.properties = props;
        }
      } catch {
        /* no custom fields from the API */
      }
    }
    return out;
  },
};
