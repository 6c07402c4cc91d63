/**
 * Notion adapter: pages on www.notion.so and *.notion.site, a page open in peek view (`?p=<id>`,
 * centre or side peek), and database pages with properties (status, owner, launch date, tags).
 *
 * Identity is the URL's page id. The DOM is trusted only where the page block names the same id
 * (`.notion-page-block[data-block-id]`), so a peek over a database never reads the database or its
 * rows, and a page that Notion has not re-rendered yet is not read as the new one.
 * Headings in the body are blocks (`.notion-header-block` …), not h1; the page title is the h1.
 */
import {
  type SelectorList,
  closestOf,
  isEditable,
  parseHumanDate,
  queryAllFirst,
  queryFirst,
  refFromUrl,
  safeMount,
  structuredText,
  textOf,
  themeFromColors,
} from './dom';
import type { AdapterContext, HostAdapter, ItemReading, MountSpec } from './types';
import { emptyReading } from './types';

const S = {
  /** Where one page is shown: the peek first (it sits above the frame), then the main frame. */
  peek: ['.notion-peek-renderer', '[role="region"][aria-label="Side Peek"]'], // 2020-2026; side peek region seen 2025
  frame: ['main.notion-frame', '.notion-frame'],
  pageBlock: ['.notion-page-block[data-block-id]'],
  title: ['h1[contenteditable]', 'h1.notranslate', 'h1', '[contenteditable][placeholder]'],
  databaseBlock: ['.notion-collection_view_page-block'],
  content: ['.notion-page-content'],
  /** Rows and cards of database views also carry page blocks: they are not the open page. */
  collectionItem: [
    '.notion-collection-item',
    '.notion-table-view',
    '.notion-board-view',
    '.notion-list-view',
    '.notion-gallery-view',
    '.notion-calendar-view',
    '.notion-timeline-view',
    '.notion-collection_view-block',
  ],
  /** Property rows between the title and the content. */
  propertyRows: [
    '[role="table"][aria-label] [role="row"]', // "Page properties" table, 2024-2026
    '.notion-collection-page-properties .notion-collection-property', // older layout
    '[role="row"]:has([data-testid="property-value"])',
  ],
  propertyValue: ['[data-testid="property-value"]', '[role="cell"]:last-child'],
  propertyTable: ['[role="table"][aria-label]', '.notion-collection-page-properties'],
} satisfies Record<string, SelectorList>;

/**
 * Notion's app on notion.com. Public extension code of 2026 treats `https://app.notion.com/<ws>/<Title>-<id>`
 * (also `/p/<ws>/<Title>-<id>`) as the app origin, and userscripts of 2026-09 @match app.notion.com,
 * www.notion.com and app.notion.so next to www.notion.so. The URL grammar is the same, so these URLs
 * are read as the www.notion.so URL with the same path and query (one item key for both).
 */
const NOTION_APP_HOSTS = new Set(['app.notion.com', 'www.notion.com', 'notion.com', 'app.notion.so']);

function canonicalUrl(url: URL): URL {
  if (!NOTION_APP_HOSTS.has(url.hostname.toLowerCase())) return url;
  return new URL(`${url.pathname}${url.search}${url.hash}`, 'https://www.notion.so');
}

function normId(s: string | null | undefined): string {
  return (s ?? '').replace(/-/g, '').toLowerCase();
}

interface PageView {
  /** The peek or the frame holding the page. */
  root: Element;
  pageBlock: Element;
}

/** The view whose page block is the item: the peek when the URL names a peek page, else the frame. */
function findPage(doc: Document, id: string): PageView | null {
  const roots = [...queryAllFirst(doc, S.peek), ...queryAllFirst(doc, S.frame)];
  for (const root of roots) {
    for (const block of queryAllFirst(root, S.pageBlock)) {
      if (normId(block.getAttribute('data-block-id')) !== id) continue;
      if (closestOf(block, S.collectionItem)) continue;
      // a page block inside a nested peek belongs to that peek, not to the frame
      const owner = closestOf(block, [...S.peek, ...S.frame]);
      if (owner === root) return { root, pageBlock: block };
    }
  }
  return null;
}

/** Is the URL's id a full-page database shown in the frame (a database view, no page open)? */
function isDatabaseView(doc: Document, id: string): boolean {
  const frame = queryFirst(doc, S.frame);
  if (!frame) return false;
  return queryAllFirst(frame, S.databaseBlock).some((b) => normId(b.getAttribute('data-block-id')) === id);
}

const HEADING_CLASSES: ReadonlyArray<readonly [string, number]> = [
  ['notion-header-block', 1],
  ['notion-sub_header-block', 2],
  ['notion-sub_sub_header-block', 3],
];
const LIST_CLASSES = ['notion-bulleted_list-block', 'notion-numbered_list-block', 'notion-to_do-block'];

/**
 * The body as text. `exclude`: the page's own title block and property table, which some layouts render
 * inside `.notion-page-content` (peek of a new database row: overlay > peek-renderer > scroller >
 * notion-page-content > notion-page-block — structure documented by Notion Boost's HELP.md, 2021-2025).
 */
function bodyText(content: Element, exclude: readonly Element[] = []): string {
  return structuredText(content, {
    headingLevel: (e) => {
      for (const [cls, level] of HEADING_CLASSES) if (e.classList.contains(cls)) return level;
      return null;
    },
    isListItem: (e) => LIST_CLASSES.some((c) => e.classList.contains(c)),
    isBlock: (e) => e.hasAttribute('data-block-id'),
    // the link-to-page / comment count chrome that sits inside some blocks
    skip: (e) =>
      exclude.includes(e) ||
      e.classList.contains('notion-selectable-halo') ||
      (e.getAttribute('role') === 'button' && e.hasAttribute('aria-label') && !e.textContent?.trim()),
  });
}

/** Texts of the leaf elements of a value cell: one per chip / person / option. */
function leafTexts(el: Element): string[] {
  const out: string[] = [];
  const walk = (e: Element): void => {
    const kids = Array.from(e.children).filter((k) => textOf(k));
    if (kids.length === 0) {
      const t = textOf(e);
      if (t && !out.includes(t)) out.push(t);
      return;
    }
    for (const k of kids) walk(k);
  };
  walk(el);
  return out;
}

type PropKind = 'status' | 'owner' | 'labels' | 'priority' | keyof ItemReading['dates'];
const PROPERTY_NAMES: ReadonlyArray<readonly [RegExp, PropKind]> = [
  [/^(status|state|stage|статус|состояние|этап|стадия)$/i, 'status'],
  [/^(owner|assignees?|responsible|dri|ответственн(ый|ые)|исполнител(ь|и)|владелец)$/i, 'owner'],
  [/^(tags?|labels?|теги|тег|метки|метка)$/i, 'labels'],
  [/^(priority|приоритет)$/i, 'priority'],
  [/^(due|due date|deadline|срок|дедлайн|срок сдачи)$/i, 'due'],
  [/^(launch|launch date|go-live|go live|дата запуска|запуск)$/i, 'launch'],
  [/^(release|release date|дата релиза|релиз|дата выпуска)$/i, 'release'],
  [/^(end|end date|campaign end|дата окончания|окончание|конец)$/i, 'end'],
];

/**
 * The property's name: the text before its value cell. Rows seen as `row > [name cell, value cell]`
 * (2024-2026), and with one wrapper around both (captures analysed in public code, 2025-2026), so the
 * name is looked for among the earlier siblings of the value and of each of its ancestors up to the row.
 */
function propertyName(row: Element, value: Element): string {
  for (let cur: Element | null = value; cur && cur !== row; cur = cur.parentElement) {
    for (let prev = cur.previousElementSibling; prev; prev = prev.previousElementSibling) {
      const t = textOf(prev);
      if (t) return t;
    }
  }
  return '';
}

function readProperties(root: Element, r: ItemReading): void {
  for (const row of queryAllFirst(root, S.propertyRows)) {
    const value = queryFirst(row, S.propertyValue);
    if (!value) continue;
    const name = propertyName(row, value);
    const text = textOf(value);
    // Every named property, as shown: the brief check counts "Channel", "Audience", "Канал"… as fields.
    if (name && text && !/^(empty|пусто)$/i.test(text) && name.length <= 120) {
      r.properties ??= {};
      r.properties[name] ??= text.slice(0, 500);
    }
    const entry = PROPERTY_NAMES.find(([re]) => re.test(name));
    if (!entry) continue;
    const kind = entry[1];
    if (!text || /^(empty|пусто)$/i.test(text)) continue;
    if (kind === 'status') r.status ??= text;
    else if (kind === 'priority') r.fields.priority ??= text;
    else if (kind === 'owner') r.owner ??= leafTexts(value)[0] ?? text;
    else if (kind === 'labels') r.labels = leafTexts(value);
    else {
      // a date or a range "May 1, 2026 → May 15, 2026"
      const [start, end] = text.split(/\s*(?:→|->|—)\s*/);
      const d = parseHumanDate(start);
      if (d) r.dates[kind] ??= d;
      const e = parseHumanDate(end ?? null);
      if (e && (kind === 'launch' || kind === 'due')) r.dates.end ??= e;
    }
  }
}

export const notionAdapter: HostAdapter = {
  id: 'notion',
  tool: 'notion',
  testUrls: [
    'https://www.notion.so/acme/Spring-campaign-best-SEO-course-3f1c2a9b7d4e4f60a1b2c3d4e5f60718',
    'https://www.notion.so/acme/0a1b2c3d4e5f60718293a4b5c6d7e8f9?v=11223344556677889900aabbccddeeff&p=3f1c2a9b7d4e4f60a1b2c3d4e5f60718&pm=c',
    'https://acme.notion.site/img-src-x-onerror-alert-1-9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b',
    'https://app.notion.com/p/acme/Spring-campaign-best-SEO-course-3f1c2a9b7d4e4f60a1b2c3d4e5f60718?pvs=4',
  ],

  matchesHost(url) {
    const h = url.hostname.toLowerCase();
    return h === 'www.notion.so' || h === 'notion.so' || h.endsWith('.notion.site') || NOTION_APP_HOSTS.has(h);
  },

  detect(ctx) {
    const ref = refFromUrl({ ...ctx, url: canonicalUrl(ctx.url) }, 'notion');
    if (!ref) return null;
    // A database opened as a full page: its id is in the path, but no page is open.
    if (!ctx.url.searchParams.has('p') && isDatabaseView(ctx.doc, ref.id)) return null;
    return ref;
  },

  read(ctx: AdapterContext, ref): ItemReading | null {
    const view = findPage(ctx.doc, ref.id);
    if (!view) return null;
    const r = emptyReading();
    const title = textOf(queryFirst(view.pageBlock, S.title));
    if (title) r.title = title;
    readProperties(view.root, r);
    const content = queryFirst(view.root, S.content);
    if (content) {
      const table = queryFirst(view.root, S.propertyTable);
      const text = bodyText(content, table ? [view.pageBlock, table] : [view.pageBlock]);
      if (text) r.description = text;
    }
    return r;
  },

  itemRoot(ctx, ref) {
    return findPage(ctx.doc, ref.id)?.root ?? null;
  },

  mountPoint(ctx, ref): MountSpec | null {
    const view = findPage(ctx.doc, ref.id);
    if (!view) return null;
    const content = queryFirst(view.root, S.content);
    const props = queryFirst(view.root, S.propertyTable);
    // Properties rendered inside the content (peek of a new row) would drag the panel below the whole body:
    // then the panel goes before the content instead, never into Notion's own block list.
    if (props && !isEditable(props) && !content?.contains(props)) {
      const spec = safeMount(props, 'after', [...S.content], view.root);
      if (spec) return spec;
    }
    if (content) {
      const spec = safeMount(content, 'before', [], view.root);
      if (spec) return spec;
    }
    return safeMount(view.pageBlock, 'after', [...S.content], view.root);
  },

  theme(doc) {
    const body = doc.body;
    if (body?.classList.contains('notion-dark-theme') || doc.querySelector('.notion-app-inner.notion-dark-theme')) return 'dark';
    // `body.notion-body.dark` (Notion Boost's notes on the app's theme classes, 2021-2025).
    if (body?.classList.contains('notion-body') && body.classList.contains('dark')) return 'dark';
    if (body?.classList.contains('notion-light-theme') || doc.querySelector('.notion-app-inner.notion-light-theme')) return 'light';
    return themeFromColors(doc);
  },
};
