/**
 * Shared DOM helpers for host adapters (Jira, Trello, Notion, ClickUp, Asana, Linear, monday.com and the CRMs).
 *
 * Everything here takes the root/document as a parameter so it runs against saved HTML
 * in tests (happy-dom) as well as on the live page. Nothing here writes to the host page
 * and nothing builds HTML from host text: host text is read as text only.
 *
 * Conventions for adapters:
 * - Selectors are fallback lists (`SelectorList`), `data-testid`/ARIA/semantic ids first,
 *   each entry commented with the page variant and the date it was seen.
 * - Identity comes from the URL (`refFromUrl`); the DOM only reads labels and fields.
 */
import type { ItemRef, Tool } from '../core/item-ref';
import { parseItemUrl } from '../core/item-ref';
import type { AdapterContext, MountSpec } from './types';

/** A fallback list of CSS selectors, best first. */
export type SelectorList = readonly string[];

function safeQuery(root: ParentNode, selector: string): Element | null {
  try {
    return root.querySelector(selector);
  } catch {
    return null; // a selector the engine does not support must not break the adapter
  }
}

/** Custom fields that carry plan dates, as teams name them (EN/RU). */
export const LAUNCH_FIELD = /^(launch( date)?|go[- ]live|дата запуска|запуск)$/i;
export const RELEASE_FIELD = /^(release( date)?|дата релиза|релиз)$/i;

function safeQueryAll(root: ParentNode, selector: string): Element[] {
  try {
    return Array.from(root.querySelectorAll(selector));
  } catch {
    return [];
  }
}

/** The first element matched by the first selector of the list that matches anything. */
export function queryFirst<T extends Element = Element>(
  root: ParentNode | null | undefined,
  selectors: SelectorList,
): T | null {
  if (!root) return null;
  for (const s of selectors) {
    const el = safeQuery(root, s);
    if (el) return el as T;
  }
  return null;
}

/** All elements matched by the first selector of the list that matches anything. */
export function queryAllFirst<T extends Element = Element>(
  root: ParentNode | null | undefined,
  selectors: SelectorList,
): T[] {
  if (!root) return [];
  for (const s of selectors) {
    const els = safeQueryAll(root, s);
    if (els.length > 0) return els as T[];
  }
  return [];
}

/** Like queryFirst, but only elements that pass `accept` (e.g. "not inside the description"). */
export function queryFirstWhere<T extends Element = Element>(
  root: ParentNode | null | undefined,
  selectors: SelectorList,
  accept: (el: Element) => boolean,
): T | null {
  if (!root) return null;
  for (const s of selectors) {
    for (const el of safeQueryAll(root, s)) if (accept(el)) return el as T;
  }
  return null;
}

/** Does any selector of the list match under root? */
export function hasAny(root: ParentNode | null | undefined, selectors: SelectorList): boolean {
  return queryFirst(root, selectors) !== null;
}

/** `el.closest` over a fallback list; null when none matches. */
export function closestOf(el: Element | null | undefined, selectors: SelectorList): Element | null {
  if (!el) return null;
  for (const s of selectors) {
    try {
      const c = el.closest(s);
      if (c) return c;
    } catch {
      /* unsupported selector */
    }
  }
  return null;
}

const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'SVG', 'svg', 'IFRAME', 'OBJECT', 'CANVAS']);

/** Hidden by markup (hidden attribute, aria-hidden, inline display:none / visibility:hidden). No layout needed. */
export function isHiddenByMarkup(el: Element): boolean {
  if (el.hasAttribute('hidden')) return true;
  if (el.getAttribute('aria-hidden') === 'true') return true;
  const style = el.getAttribute('style');
  if (style && /(^|;)\s*(display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style)) return true;
  return false;
}

/** Is the element shown as far as markup tells (itself and its ancestors up to `stopAt`)? */
export function isShown(el: Element, stopAt?: Element | null): boolean {
  for (let cur: Element | null = el; cur; cur = cur.parentElement) {
    if (isHiddenByMarkup(cur)) return false;
    if (cur === stopAt) break;
  }
  return true;
}

const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DETAILS', 'DIV', 'DL', 'DT', 'FIELDSET',
  'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR',
  'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'THEAD', 'TFOOT',
  'TR', 'UL', 'CAPTION',
]);

function collapse(s: string): string {
  return s.replace(/[\s\u00a0\u200b\ufeff]+/g, ' ').trim();
}

function formValue(el: Element): string | null {
  const tag = el.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'INPUT' || tag === 'SELECT') {
    const v = (el as HTMLInputElement).value;
    return typeof v === 'string' ? v : (el.getAttribute('value') ?? '');
  }
  return null;
}

/**
 * The visible text of an element, whitespace collapsed. Skips scripts, styles, svg and
 * elements hidden by markup; reads `.value` of textarea/input (Trello's title is a textarea).
 */
export function textOf(el: Element | null | undefined): string {
  if (!el) return '';
  const direct = formValue(el);
  if (direct !== null) return collapse(direct);
  const parts: string[] = [];
  const walk = (node: Node): void => {
    if (node.nodeType === 3) {
      parts.push(node.nodeValue ?? '');
      return;
    }
    if (node.nodeType !== 1) return;
    const e = node as Element;
    if (SKIP_TAGS.has(e.tagName) || isHiddenByMarkup(e)) return;
    const v = formValue(e);
    if (v !== null) {
      parts.push(` ${v} `);
      return;
    }
    if (e.tagName === 'BR') {
      parts.push(' ');
      return;
    }
    const block = BLOCK_TAGS.has(e.tagName.toUpperCase());
    if (block) parts.push(' ');
    for (let c = e.firstChild; c; c = c.nextSibling) walk(c);
    if (block) parts.push(' ');
  };
  for (let c = el.firstChild; c; c = c.nextSibling) walk(c);
  return collapse(parts.join(''));
}

/** textOf the first match of a fallback list under root, or undefined when nothing (non-empty) is found. */
export function textAt(root: ParentNode | null | undefined, selectors: SelectorList): string | undefined {
  const t = textOf(queryFirst(root, selectors));
  return t ? t : undefined;
}

export interface StructuredTextOptions {
  /** Heading level (1–6) of a block that is not an h1–h6 (e.g. Notion's `.notion-header-block`), or null. */
  headingLevel?: (el: Element) => number | null;
  /** Is this element a list item even though it is not an `li` (e.g. Notion's `.notion-bulleted_list-block`)? */
  isListItem?: (el: Element) => boolean;
  /** Treat these elements as blocks (one line each) even though they are not block tags (e.g. `[data-block-id]`). */
  isBlock?: (el: Element) => boolean;
  /** Skip these elements entirely (toolbars, comment counts, "Show more" buttons). */
  skip?: (el: Element) => boolean;
}

/** A table cell's text on one line: its paragraphs and list items joined with "; ". */
function cellText(cell: Element): string {
  const parts: string[] = [];
  let any = false;
  for (let c = cell.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1) {
      const t = textOf(c as Element);
      if (t) parts.push(t);
      any = true;
    } else if (c.nodeType === 3 && (c.nodeValue ?? '').trim()) {
      parts.push(collapse(c.nodeValue ?? ''));
      any = true;
    }
  }
  return any ? parts.join('; ') : '';
}

/**
 * Plain text of a rich-text body: one block per line; headings kept as "# " / "## " / "### " lines;
 * list items as "- " lines; table rows as "| cell | cell |" lines (empty cells kept). Blank lines are dropped.
 */
export function structuredText(el: Element | null | undefined, opts: StructuredTextOptions = {}): string {
  if (!el) return '';
  const lines: string[] = [];
  let buf = '';
  let prefix = '';
  const flush = (): void => {
    const t = collapse(buf);
    buf = '';
    if (t) {
      lines.push(prefix + t);
      prefix = '';
    }
  };
  const headingOf = (e: Element): number | null => {
    const m = /^H([1-6])$/.exec(e.tagName.toUpperCase());
    if (m) return Number(m[1]);
    return opts.headingLevel ? opts.headingLevel(e) : null;
  };
  const walk = (node: Node): void => {
    if (node.nodeType === 3) {
      buf += node.nodeValue ?? '';
      return;
    }
    if (node.nodeType !== 1) return;
    const e = node as Element;
    const tag = e.tagName.toUpperCase();
    if (SKIP_TAGS.has(e.tagName) || SKIP_TAGS.has(tag) || isHiddenByMarkup(e)) return;
    if (opts.skip?.(e)) return;
    if (tag === 'BR') {
      flush();
      return;
    }
    const v = formValue(e);
    if (v !== null) {
      buf += ` ${v} `;
      return;
    }
    const level = headingOf(e);
    if (level !== null) {
      flush();
      const t = textOf(e);
      if (t) lines.push(`${'#'.repeat(Math.min(6, Math.max(1, level)))} ${t}`);
      prefix = '';
      return;
    }
    if (tag === 'LI' || opts.isListItem?.(e)) {
      flush();
      prefix = '- ';
      for (let c = e.firstChild; c; c = c.nextSibling) walk(c);
      flush();
      prefix = '';
      return;
    }
    if (tag === 'TR') {
      // One line per row, every cell kept (an empty cell too) so the column structure survives:
      // "| Goal | More demos |", "| Offer |  |" (Jira/Confluence, Notion and Trello tables).
      flush();
      const cells: string[] = [];
      for (let c = e.firstElementChild; c; c = c.nextElementSibling) {
        const ct = c.tagName.toUpperCase();
        if ((ct !== 'TD' && ct !== 'TH') || isHiddenByMarkup(c)) continue;
        cells.push(cellText(c).replace(/\|/g, '/'));
      }
      if (cells.some((x) => x)) lines.push(`${prefix}| ${cells.join(' | ')} |`);
      prefix = '';
      return;
    }
    if (tag === 'TD' || tag === 'TH') {
      if (collapse(buf)) buf += ' | ';
      for (let c = e.firstChild; c; c = c.nextSibling) {
        // cells hold paragraphs; keep the row on one line
        if (c.nodeType === 1) buf += ` ${textOf(c as Element)} `;
        else buf += c.nodeValue ?? '';
      }
      return;
    }
    const block = BLOCK_TAGS.has(tag) || (opts.isBlock?.(e) ?? false);
    if (block) flush();
    for (let c = e.firstChild; c; c = c.nextSibling) walk(c);
    if (block) flush();
  };
  for (let c = el.firstChild; c; c = c.nextSibling) walk(c);
  flush();
  return lines.join('\n');
}

/** Is the element itself an editable control or region? */
function selfEditable(el: Element): boolean {
  const tag = el.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'INPUT' || tag === 'SELECT') return true;
  const ce = el.getAttribute('contenteditable');
  if (ce !== null && ce.toLowerCase() !== 'false') return true;
  if (el.getAttribute('role') === 'textbox') return true;
  return false;
}

/** Is the element an editable control, or inside an editable region (contenteditable, textarea, input, textbox)? */
export function isEditable(el: Element | null | undefined): boolean {
  for (let cur: Element | null = el ?? null; cur; cur = cur.parentElement) {
    if (selfEditable(cur)) return true;
    const ce = cur.getAttribute('contenteditable');
    if (ce !== null && ce.toLowerCase() === 'false') return false; // an explicit non-editable island
  }
  return false;
}

/**
 * A mount spec that is never inside an editable region nor inside any `avoid` container
 * (e.g. the description renderer). Climbs from the anchor to the nearest safe ancestor;
 * when it had to climb, the panel goes after that ancestor. Null when nothing safe remains
 * below `root` (the runtime then floats the panel).
 */
export function safeMount(
  anchor: Element | null | undefined,
  append: MountSpec['append'],
  avoid: SelectorList = [],
  root?: Element | null,
): MountSpec | null {
  if (!anchor) return null;
  const unsafe = (e: Element): boolean => {
    if (isEditable(e)) return true;
    return closestOf(e, avoid) !== null;
  };
  let cur: Element = anchor;
  let mode = append;
  if (unsafe(cur)) {
    cur = outermostUnsafe(cur, avoid);
    mode = 'after';
  }
  if (root && cur !== root && !root.contains(cur)) return null;
  if (mode === 'after' || mode === 'before') {
    const parent = cur.parentElement;
    if (!parent || unsafe(parent)) return null;
    if (root && cur === root && !root.parentElement) return null;
  }
  return { anchor: cur, append: mode };
}

/** The outermost ancestor-or-self of el that is editable or matches an avoid selector. */
function outermostUnsafe(el: Element, avoid: SelectorList): Element {
  let top = el;
  for (let cur: Element | null = el; cur; cur = cur.parentElement) {
    if (selfEditable(cur)) top = cur;
    for (const s of avoid) {
      try {
        if (cur.matches(s)) top = cur;
      } catch {
        /* unsupported selector */
      }
    }
  }
  return top;
}

/* ---------------------------------------------------------------- theme */

type Rgba = { r: number; g: number; b: number; a: number };

/** Parse `rgb()/rgba()` (comma or space syntax) and `#rgb/#rrggbb/#rrggbbaa`. Null for anything else. */
export function parseColor(input: string | null | undefined): Rgba | null {
  if (!input) return null;
  const s = input.trim().toLowerCase();
  if (s === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  const hex = /^#([0-9a-f]{3,8})$/.exec(s);
  if (hex) {
    const h = hex[1]!;
    if (h.length === 3 || h.length === 4) {
      const [r, g, b, a] = h.split('').map((c) => parseInt(c + c, 16));
      return { r: r!, g: g!, b: b!, a: a === undefined ? 1 : a / 255 };
    }
    if (h.length === 6 || h.length === 8) {
      const n = (i: number): number => parseInt(h.slice(i, i + 2), 16);
      return { r: n(0), g: n(2), b: n(4), a: h.length === 8 ? n(6) / 255 : 1 };
    }
    return null;
  }
  const fn = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(s);
  if (fn) {
    let a = 1;
    if (fn[4] !== undefined) a = fn[4].endsWith('%') ? parseFloat(fn[4]) / 100 : parseFloat(fn[4]);
    return { r: Number(fn[1]), g: Number(fn[2]), b: Number(fn[3]), a };
  }
  return null;
}

/** WCAG relative luminance, 0 (black) … 1 (white). */
export function luminance(c: { r: number; g: number; b: number }): number {
  const lin = (v: number): number => {
    const x = v / 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

function backgroundOf(el: Element | null, doc: Document): Rgba | null {
  if (!el) return null;
  let value: string | null = null;
  try {
    const view = doc.defaultView;
    if (view) value = view.getComputedStyle(el).backgroundColor || null;
  } catch {
    value = null;
  }
  let c = parseColor(value);
  if (!c || c.a === 0) {
    // happy-dom / detached documents: fall back to the inline style
    const inline = (el as HTMLElement).style?.backgroundColor || null;
    const ic = parseColor(inline);
    if (ic && ic.a > 0) c = ic;
  }
  return c && c.a > 0 ? c : null;
}

/**
 * Light or dark from the page's own colours: the background of the given elements (default
 * body, then html), first non-transparent wins. Light when nothing is painted.
 */
export function themeFromColors(doc: Document, candidates?: readonly (Element | null | undefined)[]): 'light' | 'dark' {
  const els = candidates ?? [doc.body, doc.documentElement];
  for (const el of els) {
    const c = backgroundOf(el ?? null, doc);
    if (c) return luminance(c) < 0.2 ? 'dark' : 'light';
  }
  return 'light';
}

/** `color-scheme` hints: `<meta name="color-scheme" content="dark">` or html's inline/attribute colour scheme. */
export function colorSchemeHint(doc: Document): 'light' | 'dark' | null {
  const meta = doc.querySelector('meta[name="color-scheme"]')?.getAttribute('content')?.trim().toLowerCase();
  if (meta === 'dark' || meta === 'only dark') return 'dark';
  if (meta === 'light' || meta === 'only light') return 'light';
  return null;
}

/* ---------------------------------------------------------------- dates */

const MONTHS: ReadonlyArray<readonly [RegExp, number]> = [
  [/^(jan|янв)/, 1],
  [/^(feb|фев)/, 2],
  [/^(mar|мар)/, 3],
  [/^(apr|апр)/, 4],
  [/^(may|ма[йя])/, 5],
  [/^(jun|июн)/, 6],
  [/^(jul|июл)/, 7],
  [/^(aug|авг)/, 8],
  [/^(sep|сен)/, 9],
  [/^(oct|окт)/, 10],
  [/^(nov|ноя)/, 11],
  [/^(dec|дек)/, 12],
];

/** Month number from an English or Russian month name or abbreviation (any case, with or without a dot). */
export function monthFromName(name: string): number | null {
  const n = name.toLowerCase().replace(/\.$/, '');
  if (n.length < 3) return null;
  for (const [re, m] of MONTHS) if (re.test(n)) return m;
  return null;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function isoDate(y: number, m: number, d: number): string | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (y < 1970 || y > 2200 || m < 1 || m > 12 || d < 1) return null;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

function fullYear(y: string): number {
  const n = Number(y);
  return y.length <= 2 ? 2000 + n : n;
}

export interface DateParseOptions {
  /** Reference for dates shown without a year ("May 15", "15 мая"); default: now. */
  now?: Date;
  /** Order of all-numeric dates with slashes ("05/06/2026"); dots are always day.month.year. Default 'mdy'. */
  slashOrder?: 'mdy' | 'dmy';
}

const WORD = '([A-Za-zА-Яа-яЁё]{3,}\\.?)';

/**
 * The first human date in a text, as ISO `YYYY-MM-DD`, or null. Understands
 * "May 15, 2026", "15 May 2026", "15 мая 2026 г.", "15.05.2026", "2026-05-15", "15/May/26"
 * (Jira Server), "05/15/2026", and "May 15" / "15 мая" (the year of `now`).
 * Relative words ("Today", "Tomorrow", "Сегодня") are not dates here: they return null.
 */
export function parseHumanDate(text: string | null | undefined, opts: DateParseOptions = {}): string | null {
  if (!text) return null;
  const s = text.replace(/[\u00a0\u202f]/g, ' ');
  const nowYear = (opts.now ?? new Date()).getFullYear();

  // 2026-05-15 (also the date part of an ISO instant)
  let m = /(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)/.exec(s);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));

  // 15.05.2026 / 15.05.26
  m = /(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\d])/.exec(s);
  if (m) return isoDate(fullYear(m[3]!), Number(m[2]), Number(m[1]));

  // 05/15/2026, 15/05/2026
  m = /(?<![\d/])(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})(?![\d/])/.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = fullYear(m[3]!);
    let order = opts.slashOrder ?? 'mdy';
    if (a > 12 && b <= 12) order = 'dmy';
    else if (b > 12 && a <= 12) order = 'mdy';
    return order === 'mdy' ? isoDate(y, a, b) : isoDate(y, b, a);
  }

  // 15 May 2026, 15 мая 2026 г., 15/May/26, 15-May-2026
  m = new RegExp(`(?<!\\d)(\\d{1,2})[ /\\-]${WORD}[ /\\-,]*(\\d{4}|\\d{2})?(?![\\d:])`).exec(s);
  if (m) {
    const month = monthFromName(m[2]!);
    if (month) return isoDate(m[3] ? fullYear(m[3]) : nowYear, month, Number(m[1]));
  }

  // May 15, 2026 / May 15 2026 / May 15
  m = new RegExp(`${WORD} (\\d{1,2})(?:st|nd|rd|th)?(?!\\d)(?:,? (\\d{4}))?`).exec(s);
  if (m) {
    const month = monthFromName(m[1]!);
    if (month) return isoDate(m[3] ? Number(m[3]) : nowYear, month, Number(m[2]));
  }
  return null;
}

/**
 * The date an element shows: a machine-readable attribute first (`datetime`, `data-date`,
 * `<time datetime>` inside), then its visible text.
 */
export function dateOf(el: Element | null | undefined, opts: DateParseOptions = {}): string | undefined {
  if (!el) return undefined;
  const timeEl = el.matches('time[datetime]') ? el : el.querySelector('time[datetime]');
  for (const attr of [timeEl?.getAttribute('datetime'), el.getAttribute('datetime'), el.getAttribute('data-date')]) {
    const d = parseHumanDate(attr, opts);
    if (d) return d;
  }
  return parseHumanDate(textOf(el), opts) ?? undefined;
}

/* ---------------------------------------------------------------- detection */

/** The item the URL names, if it belongs to this tool. Identity never comes from the DOM. */
export function refFromUrl(ctx: AdapterContext, tool: Tool): ItemRef | null {
  const r = parseItemUrl(ctx.url, ctx.custom);
  return r && r.tool === tool ? r : null;
}

/**
 * URL first, then an optional DOM veto: returns the URL's item unless `veto(doc)` says the page
 * shows no open item (e.g. a board with a stale `selectedIssue`). The DOM never supplies the id.
 */
export function detectWithDom(
  ctx: AdapterContext,
  tool: Tool,
  veto?: (doc: Document, ref: ItemRef) => boolean,
): ItemRef | null {
  const r = refFromUrl(ctx, tool);
  if (!r) return null;
  if (veto?.(ctx.doc, r)) return null;
  return r;
}

/** Unique, non-empty, trimmed texts of the matched elements, in page order. */
export function textsOf(els: readonly Element[]): string[] {
  const out: string[] = [];
  for (const el of els) {
    const t = textOf(el);
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

/** Atlassian apps (Jira, Trello): design tokens put data-color-mode="dark|light" on <html> (2023–2026). */
export function atlassianTheme(doc: Document): 'light' | 'dark' {
  const mode = doc.documentElement.getAttribute('data-color-mode');
  if (mode === 'dark') return 'dark';
  if (mode === 'light') return 'light';
  return themeFromColors(doc);
}

/* ---------------------------------------------------------------- work-management hosts (issue 15) */

/**
 * The workspace id the page's own links carry, by majority (a link to another workspace in a switcher
 * must not win): every same-origin `a[href]` under `roots` (default: the whole document) whose path
 * matches `pattern`; group 1 is the id. ClickUp links start with `/<team id>/`, Asana's with `/1/<workspace>/`.
 */
export function workspaceFromLinks(
  doc: Document,
  origin: string,
  pattern: RegExp,
  roots: SelectorList = [],
): string | null {
  const scopes: ParentNode[] = roots.length ? roots.flatMap((s) => safeQueryAll(doc, s)) : [doc];
  const counts = new Map<string, number>();
  const seen = new Set<Element>();
  for (const scope of scopes) {
    for (const a of safeQueryAll(scope, 'a[href]')) {
      if (seen.has(a)) continue;
      seen.add(a);
      let url: URL;
      try {
        url = new URL(a.getAttribute('href') ?? '', origin);
      } catch {
        continue;
      }
      if (url.origin !== origin) continue;
      const m = pattern.exec(url.pathname);
      if (m?.[1]) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
    }
  }
  let best: string | null = null;
  let bestN = 0;
  for (const [id, n] of counts) if (n > bestN) [best, bestN] = [id, n];
  return best;
}

export interface LabelledRow {
  /** The label as shown, whitespace collapsed. */
  label: string;
  row: Element;
  /** The value element (the row itself when no value selector matched). */
  value: Element;
}

/**
 * Label/value rows of a fields section (ClickUp's task fields, Asana's LabeledRowStructure, monday.com's
 * item columns): each `row` match, its label from `label` (or an `attr` such as `data-test` through
 * `labelFrom`), its value from `value`. Rows without a label are skipped.
 */
export function labelledRows(
  root: ParentNode | null | undefined,
  sel: { row: SelectorList; label: SelectorList; value?: SelectorList; labelFrom?: (labelEl: Element) => string },
): LabelledRow[] {
  const out: LabelledRow[] = [];
  for (const row of queryAllFirst(root, sel.row)) {
    const labelEl = queryFirst(row, sel.label);
    if (!labelEl) continue;
    const label = collapse(sel.labelFrom?.(labelEl) || textOf(labelEl));
    if (!label) continue;
    const value = (sel.value && queryFirstWhere(row, sel.value, (v) => v !== labelEl && !v.contains(labelEl))) || row;
    out.push({ label, row, value });
  }
  return out;
}

/** The first row whose label matches (a regular expression over the label, e.g. /^(status|статус)$/i). */
export function rowLabelled(rows: readonly LabelledRow[], label: RegExp): LabelledRow | undefined {
  return rows.find((r) => label.test(r.label));
}

/** The text of an element without the text of one of its descendants (a row's value without its label). */
export function textWithout(el: Element | null | undefined, without: Element | null | undefined): string {
  if (!el) return '';
  if (!without || !el.contains(without) || el === without) return el === without ? '' : textOf(el);
  const clone = el.cloneNode(true) as Element;
  // Walk the same path in the clone to remove the excluded node.
  const path: number[] = [];
  for (let cur: Element | null = without; cur && cur !== el; cur = cur.parentElement) {
    path.unshift(Array.prototype.indexOf.call(cur.parentElement!.children, cur));
  }
  let target: Element | undefined = clone;
  for (const i of path) target = target?.children[i];
  target?.remove();
  return textOf(clone);
}

/**
 * A start–end date pair shown as one text ("Apr 20, 2026 → May 15, 2026", "4/20/26 - 5/15/26",
 * "20 апр. – 15 мая 2026"): the parts split at an arrow or dash between dates; a part without a year
 * takes the year of the other. One date alone is the end (a due date).
 */
export function dateRangeOf(text: string | null | undefined, opts: DateParseOptions = {}): { start?: string; end?: string } {
  if (!text) return {};
  const parts = text
    .replace(/[\u00a0\u202f]/g, ' ')
    .split(/\s+(?:→|->|–|—|-|до|to)\s+|→|–|—/)
    .map((p) => p.trim())
    .filter(Boolean);
  const years = parts.map((p) => /(?<!\d)(\d{4})(?!\d)/.exec(p)?.[1]);
  const yearOf = years.find(Boolean);
  const parse = (p: string, i: number): string | undefined => {
    const withYear = !years[i] && yearOf && !/\d{1,2}[./]\d{1,2}[./]\d{2}/.test(p) ? `${p} ${yearOf}` : p;
    return parseHumanDate(withYear, opts) ?? parseHumanDate(p, opts) ?? undefined;
  };
  const dates = parts.map(parse).filter((d): d is string => !!d);
  if (dates.length >= 2) return { start: dates[0], end: dates[dates.length - 1] };
  if (dates.length === 1) return { end: dates[0] };
  return {};
}

/** Light or dark from class names on <html>/<body> (hosts that switch themes by a class), else null. */
export function themeFromClasses(doc: Document, dark: readonly string[], light: readonly string[] = []): 'light' | 'dark' | null {
  const has = (c: string): boolean => !!(doc.documentElement.classList.contains(c) || doc.body?.classList.contains(c));
  if (dark.some(has)) return 'dark';
  if (light.some(has)) return 'light';
  return null;
}
