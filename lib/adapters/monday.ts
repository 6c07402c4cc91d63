/**
 * monday.com adapter: an item opened in the item card (`https://<account>.monday.com/boards/<board>/pulses/<item>`,
 * also through a board view `/boards/<board>/views/<view>/pulses/<item>`).
 *
 * The board grid is drawn on a canvas: nothing is read from it. Only the open item card is read — its name,
 * the columns the card shows (status, people, timeline/date, tags), and the description, which on monday.com
 * is commonly a pinned update (else a long-text column named Description/Brief). Sources (public code, dates seen):
 * - Harvest's monday.com integration (2024–2025): the card `.item-board-subset-tabs-component`, the name
 *   `.item-page-item-name h2` / `.pulse_title h2`, and the actions bar `.item-page-header-component__actions-bar`
 *   where integrations put their buttons (`.pulse_subscribers_wrapper` in the older card);
 * - TMetric's monday.ts (2023–2025): `.slide-panel-content` (the card on a board page), `.title-wrapper`,
 *   `.pulse-page-name-wrapper`, `#board-header h2` / `.board-header-main .board-name`;
 * - Clockify's monday.js (2023): `.board-name h1`, `.title-editable`, `.pulse-page-header-component`.
 * The card's column list, the updates feed and its pinned marker use monday.com's own names seen in 2025–2026
 * captures (`item-card-column` with `data-column-type` = color/multiple-person/timerange/date/tag/long-text,
 * `post-component` with `pinned-post`); they are the least certain part and have text fallbacks
 * (a column's title, the "Pinned to top" / «Закреплено» label).
 */
import {
  type SelectorList,
  closestOf,
  dateOf,
  dateRangeOf,
  labelledRows,
  queryAllFirst,
  queryFirst,
  refFromUrl,
  safeMount,
  structuredText,
  textOf,
  textsOf,
  themeFromClasses,
  themeFromColors,
  type LabelledRow,
} from './dom';
import type { AdapterContext, HostAdapter, ItemReading, MountSpec } from './types';
import { emptyReading } from './types';

const S = {
  card: [
    '.slide-panel-content', // the card over a board (TMetric 2023–2025)
    '.pulse-card-dialog-component', // older dialog
    '.item-page-component',
    '.pulse-page-component',
  ],
  title: [
    '.item-page-item-name h2', // Harvest 2024–2025
    '.pulse_title h2',
    '.title-wrapper .title-editable',
    '.title-wrapper',
    '.pulse-page-name-wrapper .ds-text-component-content-text',
  ],
  header: ['.item-page-header-component', '.pulse_title', '.pulse-page-header-component'],
  actionsBar: ['.item-page-header-component__actions-bar', '.pulse_subscribers_wrapper'],
  tabs: ['.item-board-subset-tabs-component'],
  column: ['.item-card-column', '.pulse-card-column-component', '[data-column-type]'],
  columnTitle: ['.item-card-column__title', '.column-title', '[class*="column-title"]'],
  columnValue: ['.item-card-column__value', '.column-value', '[class*="column-value"]'],
  person: ['[data-person-name]', 'img[alt]', '.person-bullet-component[title]', '[title]'],
  tag: ['.tag-component', '.ds-tag', '[class*="tag-component"]'],
  post: ['.post-component', '.update-component'],
  pinnedMarker: ['.pinned-post-label', '.pinned-to-top', '[class*="pinned"]'],
  postBody: ['.post-body .body-text', '.post-body', '.update-body'],
  boardName: ['#board-header .board-name h1', '.board-header-main .board-name', '#board-header h2'],
} satisfies Record<string, SelectorList>;

function findCard(doc: Document): Element | null {
  for (const s of S.card) {
    for (const el of Array.from(doc.querySelectorAll(s))) if (textOf(queryFirst(el, S.title))) return el;
  }
  return null;
}

const PINNED = /^(pinned to top|pinned|закреплено( вверху)?|закреплённое обновление)$/i;
const DESCRIPTION_COLUMN = /^(description|brief|описание|бриф|тз)$/i;

function typeOf(row: LabelledRow): string {
  return (row.row.getAttribute('data-column-type') ?? '').toLowerCase();
}

function isPinned(post: Element): boolean {
  if (/\bpinned-post\b/.test(post.className)) return true;
  return queryAllFirst(post, S.pinnedMarker).some((m) => PINNED.test(textOf(m)));
}

export const mondayAdapter: HostAdapter = {
  id: 'monday',
  tool: 'monday',
  testUrls: [
    'https://acme.monday.com/boards/1234567890/pulses/9876543210',
    'https://acme.monday.com/boards/1234567890/views/55500011/pulses/9876543211',
    'https://acme.monday.com/boards/1234567890',
  ],

  matchesHost(url) {
    const h = url.hostname.toLowerCase();
    return h.endsWith('.monday.com') && h.split('.').length === 3;
  },

  detect(ctx) {
    return refFromUrl(ctx, 'monday');
  },

  read(ctx: AdapterContext): ItemReading | null {
    const card = findCard(ctx.doc);
    if (!card) return null;
    const title = textOf(queryFirst(card, S.title));
    if (!title) return null;
    const r = emptyReading();
    r.title = title;

    const rows = labelledRows(card, { row: S.column, label: S.columnTitle, value: S.columnValue });
    let longText = '';
    for (const row of rows) {
      const type = typeOf(row);
      const v = textOf(row.value);
      if (!v) continue;
      const label = row.label;
      if ((type === 'color' || type === 'status') && !r.status && /status|статус|stage|этап/i.test(label)) r.status = v;
      else if ((type === 'color' || type === 'status') && /priority|приоритет/i.test(label)) r.fields.priority = v;
      else if (type === 'multiple-person' || type === 'people' || /^(owner|person|people|assignee|ответственный|исполнитель|владелец)$/i.test(label)) {
        const names = queryAllFirst(row.value, S.person).map((p) => p.getAttribute('data-person-name') || p.getAttribute('alt') || p.getAttribute('title') || '').filter(Boolean);
        if (!r.owner) r.owner = names[0] ?? v;
      } else if (type === 'timerange' || type === 'timeline' || /^(timeline|таймлайн|сроки)$/i.test(label)) {
        const range = dateRangeOf(v);
        if (range.end && !r.dates.due) r.dates.due = range.end;
        if (range.start) r.fields.startDate = range.start;
      } else if (type === 'date' || /date|дата|срок|deadline/i.test(label)) {
        const d = dateOf(row.value);
        if (!d) continue;
        if (/launch|запуск|go[- ]live/i.test(label)) r.dates.launch = d;
        else if (/release|релиз/i.test(label)) r.dates.release = d;
        else if (!r.dates.due) r.dates.due = d;
      } else if (type === 'tag' || type === 'tags' || /^(tags|теги|labels|метки)$/i.test(label)) {
        // monday.com shows tags as "#campaign": the name is without the hash.
        const tags = textsOf(queryAllFirst(row.value, S.tag));
        r.labels = (tags.length ? tags : v.split(/\s*,\s*/)).map((t) => t.replace(/^#/, '').trim()).filter(Boolean);
      } else if ((type === 'long-text' || type === 'text') && DESCRIPTION_COLUMN.test(label)) {
        longText = structuredText(row.value);
      } else if (type === 'color' || type === 'status') {
        if (!r.status) r.status = v;
        else r.fields[label] = v;
      } else {
        r.fields[label] = v;
      }
    }

    // The brief: the pinned update (monday.com's convention for an item's description), else a Description column.
    const pinned = queryAllFirst(card, S.post).find(isPinned);
    const desc = (pinned && structuredText(queryFirst(pinned, S.postBody))) || longText;
    if (desc) r.description = desc;

    const board = textOf(queryFirst(ctx.doc, S.boardName));
    if (board) r.fields.board = board;
    return r;
  },

  itemRoot(ctx) {
    return findCard(ctx.doc);
  },

  mountPoint(ctx): MountSpec | null {
    const card = findCard(ctx.doc);
    if (!card) return null;
    const avoid = ['[contenteditable="true"]', '.ql-editor', ...S.post];
    // Right below the card's header (name, subscribers, the actions bar where integrations sit), above its tabs.
    const header = closestOf(queryFirst(card, S.actionsBar), S.header) ?? queryFirst(card, S.header);
    if (header) {
      const spec = safeMount(header, 'after', avoid, card);
      if (spec) return spec;
    }
    const tabs = queryFirst(card, S.tabs);
    return tabs ? safeMount(tabs, 'before', avoid, card) : null;
  },

  theme(doc) {
    // monday.com's design system puts the theme class on <body>: dark-app-theme, black-app-theme (night), 2023–2026.
    return themeFromClasses(doc, ['dark-app-theme', 'black-app-theme', 'night-app-theme'], ['light-app-theme']) ?? themeFromColors(doc);
  },
};
