/**
 * Brief completeness (DOMAIN.md §5): which fields of a template an item's text covers.
 * Recognises markdown headings (#, ##, …), bold headings (**Goal**), a line that is only the
 * label (optionally ending in ":"), "Label: value" lines and tables (Markdown tables and the
 * "| cell | cell |" rows the adapters make of rendered Jira/Confluence/Notion tables — a header
 * row with value rows, or a label column with a value column), in any letter case, with the
 * template's synonyms in any language, emoji in front of labels and headings ignored ("🎯 Цель:",
 * "## 🎯 Goal"). A label whose body is empty or a placeholder ("TBD", "to be confirmed",
 * "pending", "уточним позже", "?", "🤔", "—", …) counts as missing, also when the next line is
 * another label the template does not know ("Оффер:" then "Бюджет: 500 000 ₽"). Longer phrasings
 * ("Цели и задачи", "Target audience & segments") match as a label followed by a connector, never
 * inside an ordinary sentence. A native field (the due date) or a host property named like the
 * field (a Notion property "Channel", a Jira or Trello custom field) satisfies it. Synonyms are
 * compiled once per template object. Pure: no browser APIs.
 */
import { MARKETING_BRIEF_TEMPLATE } from './defaults';
import type { BriefTemplate } from './schemas';

export type BriefFieldStatus = 'present' | 'absent' | 'empty';

/**
 * Why a field has its status:
 * - 'text': a heading or "Label:" line with content was found;
 * - 'native': the item's native field (due date, launch date, owner, labels) satisfies it;
 * - 'property': a host property named like the field has a value (heading = the property name);
 * - 'not-found': no heading or label line names it;
 * - 'empty': it is named but its body is empty;
 * - 'placeholder': it is named but its body is only a placeholder ("TBD", "уточнить", …).
 */
export type BriefFieldReason = 'text' | 'native' | 'property' | 'not-found' | 'empty' | 'placeholder';

export interface BriefFieldResult {
  id: string;
  label: string;
  status: BriefFieldStatus;
  reason: BriefFieldReason;
  /** The heading/label text as written in the item (when found). */
  heading?: string;
  /** The placeholder found (when reason is 'placeholder'). */
  placeholder?: string;
}

export interface BriefCheck {
  templateId: string;
  present: number;
  total: number;
  /** present / total, 0..1. */
  score: number;
  /** Every field in template order. */
  fields: BriefFieldResult[];
  /** The fields that are not present (status 'absent' or 'empty'), in template order. */
  missing: BriefFieldResult[];
}

/** Native fields of the host item (ISO dates, owner name, labels). */
export interface BriefNative {
  due?: string;
  launch?: string;
  owner?: string;
  labels?: readonly string[];
  /**
   * The host's own named properties of the item: Notion page properties, Jira custom fields,
   * Trello custom fields (name → value as shown). One named like a field, with a value that is
   * not a placeholder, satisfies that field.
   */
  properties?: Readonly<Record<string, string>>;
}

export function checkBrief(template: BriefTemplate, text: string, native: BriefNative = {}): BriefCheck {
  const c = compile(template);
  const found = scan(c, text ?? '');
  const props = propertyHits(c, native.properties);
  const fields: BriefFieldResult[] = [];
  const missing: BriefFieldResult[] = [];
  let present = 0;
  template.fields.forEach((f, idx) => {
    const hit = found[idx];
    let r: BriefFieldResult;
    if (hit && hit.status === 'present') {
      r = { id: f.id, label: f.label, status: 'present', reason: 'text', heading: hit.heading };
    } else if (f.nativeField && nativeSatisfies(native, f.nativeField)) {
      r = { id: f.id, label: f.label, status: 'present', reason: 'native' };
      if (hit) r.heading = hit.heading;
    } else if (props[idx]) {
      r = { id: f.id, label: f.label, status: 'present', reason: 'property', heading: props[idx] };
    } else if (hit) {
      r = { id: f.id, label: f.label, status: 'empty', reason: hit.placeholder ? 'placeholder' : 'empty', heading: hit.heading };
      if (hit.placeholder) r.placeholder = hit.placeholder;
    } else {
      r = { id: f.id, label: f.label, status: 'absent', reason: 'not-found' };
    }
    if (r.status === 'present') present++;
    else missing.push(r);
    fields.push(r);
  });
  const total = template.fields.length;
  return { templateId: template.id, present, total, score: total ? present / total : 0, fields, missing };
}

/** Labels that mark an item as a brief, compared case-insensitively. */
export const BRIEF_LABELS: readonly string[] = ['brief', 'campaign', 'бриф', 'кампания'];

/**
 * Does the brief check apply to this item? True when a label is brief/campaign/бриф/кампания
 * (any case) or the text has at least two headings of the template (default: the marketing brief).
 */
export function isBriefItem(labels: readonly string[], text: string, template: BriefTemplate = MARKETING_BRIEF_TEMPLATE): boolean {
  for (const label of labels) {
    const norm = normalize(label);
    if (BRIEF_LABEL_SET.has(norm)) return true;
    for (const token of norm.split(/[^\p{L}\p{N}]+/u)) if (BRIEF_LABEL_SET.has(token)) return true;
  }
  const c = compile(template);
  const found = scan(c, text ?? '');
  let headings = 0;
  for (const f of found) if (f) headings++;
  return headings >= 2;
}

// ───────────────────────────── internals ─────────────────────────────

const BRIEF_LABEL_SET = new Set(BRIEF_LABELS);

/** Bodies that mean "not filled in yet". Compared lower-case, ё → е, end punctuation trimmed. */
const PLACEHOLDER_WORDS = new Set([
  'tbd', 'tbc', 'tba', 'todo', 'to do', 'n/a', 'na', 'none', 'pending', 'to be confirmed', 'to be decided', 'to be defined',
  'to be announced', 'to be added', 'will be added', 'will add later', 'later', 'coming soon', 'wip', 'xxx', 'placeholder',
  'уточнить', 'уточняется', 'уточняем', 'уточним', 'уточним позже', 'уточню', 'уточню позже', 'уточнится', 'уточнить позже',
  'будет позже', 'позже', 'потом', 'добавлю позже', 'добавим позже', 'заполнить', 'заполним позже', 'в процессе', 'нет', 'пока нет',
  'не определено', 'не определен', 'не определены', 'обсуждается', 'на согласовании', 'ждем', 'ждем от клиента', 'тбд', 'хз',
]);
/** A body that starts with one of these and goes on with a remark in brackets or after a dash is still a placeholder ("TBD (ждём клиента)"). */
const PLACEHOLDER_LEADS = /^(tbd|tbc|tba|todo|pending|to be confirmed|уточнить|уточним позже|уточняется|тбд)\s*(?:[([—–-]|$)/;
const PLACEHOLDER_MARKS = /^(?:[-–—?!.…_*\s\u2753\u2754\u2049\u203c\u23f3\u{1F914}\u{1F937}\u{1F6A7}\u{1F51C}]|\ufe0f|\u200d)+$/u;

interface Compiled {
  /** Normalized synonym → field index. */
  exact: Map<string, number>;
  /** Synonyms sorted longest first, for prefix matches of headings ("Target audience (B2B)"). */
  prefixes: { syn: string; idx: number }[];
  /** Length of the longest normalized synonym: longer lines are never bare labels. */
  maxLen: number;
  /** First words of every synonym: a plain line whose first word is not one is never a label. */
  firstWords: Set<string>;
}

interface Hit {
  status: 'present' | 'empty';
  heading: string;
  placeholder?: string;
}

const compiledTemplates = new WeakMap<BriefTemplate, Compiled>();

function compile(template: BriefTemplate): Compiled {
  const hit = compiledTemplates.get(template);
  if (hit) return hit;
  const exact = new Map<string, number>();
  const prefixes: { syn: string; idx: number }[] = [];
  template.fields.forEach((f, idx) => {
    for (const s of [f.label, f.id, ...f.synonyms]) {
      const n = normalize(s);
      if (!n || exact.has(n)) continue;
      exact.set(n, idx);
      prefixes.push({ syn: n, idx });
    }
  });
  prefixes.sort((a, b) => b.syn.length - a.syn.length);
  const maxLen = prefixes.reduce((m, p) => Math.max(m, p.syn.length), 0);
  const firstWords = new Set<string>();
  for (const p of prefixes) {
    const w = FIRST_WORD.exec(p.syn);
    if (w) firstWords.add(w[0]);
  }
  const c = { exact, prefixes, maxLen, firstWords };
  compiledTemplates.set(template, c);
  return c;
}

const LEAD_CHARS = new Set(['-', '–', '—', '•', '·', '>', '#', ' ']);
const TRAIL_CHARS = new Set([' ', ':', '：', '.', '-', '–', '—']);

/** Emoji, keycaps ("1️⃣"), variation selectors and joiners. */
const EMOJI = /[0-9#*]\ufe0f?\u20e3|\p{Extended_Pictographic}|\ufe0e|\ufe0f|\u200d|\u20e3|\p{Regional_Indicator}/gu;
const HAS_EMOJI = /\p{Extended_Pictographic}|\u20e3|\ufe0f|\p{Regional_Indicator}/u;

function stripEmoji(s: string): string {
  return HAS_EMOJI.test(s) ? s.replace(EMOJI, ' ').replace(/\s+/g, ' ').trim() : s;
}

/** Lower-case, ё → е, no emoji, no emphasis marks, single spaces, no bullets/numbering in front, no ":" or dots at the end. */
function normalize(s: string): string {
  let t = stripEmoji(s).toLowerCase();
  if (t.includes('ё')) t = t.replace(/ё/g, 'е');
  if (/[*_`~]/.test(t)) t = t.replace(/[*_`~]+/g, '');
  if (/\s\s|[^\S ]/.test(t)) t = t.replace(/\s+/g, ' ');
  let a = 0;
  let b = t.length;
  for (;;) {
    while (a < b && LEAD_CHARS.has(t[a]!)) a++;
    const c = t.charCodeAt(a);
    if (c >= 48 && c <= 57) {
      const m = /^\d{1,2}[.)] ?/.exec(t.slice(a, a + 4));
      if (m) {
        a += m[0].length;
        continue;
      }
    }
    break;
  }
  while (b > a && TRAIL_CHARS.has(t[b - 1]!)) b--;
  return a === 0 && b === t.length ? t : t.slice(a, b);
}

/** Field index named by a heading text: exact, any "/"-separated alternative, or (headings only) a prefix at a word boundary. */
function matchLabel(c: Compiled, raw: string, allowPrefix: boolean): number | undefined {
  const n = normalize(raw);
  if (!n || n.length > 80) return undefined;
  const direct = c.exact.get(n);
  if (direct !== undefined) return direct;
  const noParen = n.replace(/\s*[([].*$/, '').trim();
  if (noParen && noParen !== n) {
    const p = c.exact.get(noParen);
    if (p !== undefined) return p;
  }
  if (/[/|]/.test(n)) {
    for (const part of n.split(/[/|]/)) {
      const p = c.exact.get(part.trim());
      if (p !== undefined) return p;
    }
  }
  for (const { syn, idx } of c.prefixes) {
    if (n.length <= syn.length || !n.startsWith(syn) || /[\p{L}\p{N}]/u.test(n[syn.length]!)) continue;
    // Headings: any continuation ("Target audience (B2B)"). "Label:" lines: only a connector and a
    // few words ("Target audience & segments", "Цели и задачи", "Сроки / этапы"), never a sentence.
    if (allowPrefix || CONNECTOR_TAIL.test(n.slice(syn.length))) return idx;
  }
  return undefined;
}

/** What may follow a synonym in a "Label:" line: a connector and at most four short words. */
const CONNECTOR_TAIL = /^\s*(?:&|\+|\/|,|and|и|или|or)\s+[\p{L}\p{N}-]+(?:\s+[\p{L}\p{N}-]+){0,3}$|^\s*[([][^)\]]{0,40}[)\]]$/u;

const FIRST_WORD = /[\p{L}\p{N}]+/u;

/** Could this plain line (or "label:" part) start with a synonym? A cheap filter before normalize(). */
function mayBeLabel(c: Compiled, s: string): boolean {
  const w = FIRST_WORD.exec(s.length > 48 ? s.slice(0, 48) : s);
  if (!w) return false;
  let word = w[0].toLowerCase();
  if (word.includes('ё')) word = word.replace(/ё/g, 'е');
  // "1. Goal" — numbering is stripped by normalize(); look at the next word then.
  if (/^\d{1,2}$/.test(word)) return true;
  return c.firstWords.has(word);
}

const DASH_SEPARATOR = /\s+[—–-]\s+/;
const MD_HEADING = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/;
const BOLD_HEADING = /^\s*(?:[-*•]\s+)?(\*\*|__)(.+?)\1\s*[:：]?\s*(.*)$/;

interface LineHeading {
  idx: number | undefined;
  heading: string;
  inline: string;
  /** A markdown heading (recognised or not) ends the previous section. */
  hard: boolean;
}

const WIKI_HEADING = /^\s{0,3}h([1-6])\.\s+/;

function classify(c: Compiled, raw: string): LineHeading | null {
  // Jira wiki markup (Server/DC, old descriptions): "h2. Goal" is a heading.
  const wiki = raw.charCodeAt(0) === 104 || raw.trimStart().startsWith('h') ? WIKI_HEADING.exec(raw) : null;
  const line = wiki ? `${'#'.repeat(Number(wiki[1]))} ${raw.slice(wiki[0].length)}` : raw;
  let k = 0;
  while (k < line.length && (line[k] === ' ' || line[k] === '\t')) k++;
  const c0 = line[k];
  if (c0 === '#') {
    const md = MD_HEADING.exec(line);
    if (md) {
      const text = md[1]!;
      const colon = /^([^:：]{1,80}?)\s*[:：]\s*(.+)$/.exec(text);
      if (colon) {
        const idx = matchLabel(c, colon[1]!, true);
        if (idx !== undefined) return { idx, heading: colon[1]!.trim(), inline: colon[2]!, hard: true };
      }
      return { idx: matchLabel(c, text, true), heading: text.trim(), inline: '', hard: true };
    }
  }
  if (c0 === '*' || c0 === '_' || c0 === '-' || c0 === '•') {
    const bold = BOLD_HEADING.exec(line);
    if (bold) {
      const idx = matchLabel(c, bold[2]!, true);
      if (idx !== undefined) return { idx, heading: bold[2]!.replace(/[:：]\s*$/, '').trim(), inline: bold[3]!, hard: false };
    }
  }
  let colonAt = line.indexOf(':');
  const wide = line.indexOf('：');
  if (wide >= 0 && (colonAt < 0 || wide < colonAt)) colonAt = wide;
  if (colonAt > k && colonAt - k <= c.maxLen + 12 && mayBeLabel(c, line.slice(k, colonAt))) {
    const label = line.slice(k, colonAt);
    const idx = matchLabel(c, label, false);
    if (idx !== undefined) return { idx, heading: label.replace(/^(?:[-*•]\s+)/, '').trim(), inline: line.slice(colonAt + 1), hard: false };
  }
  // "ЦА — малый бизнес", "Goal - more demos": a dash with spaces around it after an exact label.
  const dash = DASH_SEPARATOR.exec(line);
  if (dash && dash.index > k && dash.index - k <= c.maxLen + 12) {
    const label = line.slice(k, dash.index);
    if (mayBeLabel(c, label)) {
      const idx = matchLabel(c, label, false);
      if (idx !== undefined) return { idx, heading: label.trim(), inline: line.slice(dash.index + dash[0].length), hard: false };
    }
  }
  const trimmed = line.trim();
  if (trimmed.length <= c.maxLen + 8 && mayBeLabel(c, trimmed)) {
    const idx = matchLabel(c, trimmed, false);
    if (idx !== undefined) return { idx, heading: trimmed.replace(/[:：]\s*$/, ''), inline: '', hard: false };
  }
  if (isForeignLabel(line, colonAt, k)) return { idx: undefined, heading: trimmed, inline: '', hard: true };
  return null;
}

/**
 * Brief sections a template does not ask for: their label ends the section before them, so an
 * empty "Оффер:" followed by "Бюджет: 500 000 ₽" stays empty.
 */
const OTHER_SECTIONS = new Set([
  'budget', 'campaign budget', 'owner', 'owners', 'responsible', 'contacts', 'contact', 'product', 'brand', 'geo', 'region',
  'regions', 'notes', 'note', 'comments', 'links', 'references', 'tone of voice', 'background', 'context', 'description',
  'constraints', 'risks', 'stakeholders', 'approvals', 'approval', 'mandatory', 'legal', 'assets', 'materials', 'project',
  'бюджет', 'бюджет кампании', 'ответственный', 'ответственные', 'контакты', 'контакт', 'продукт', 'бренд', 'гео', 'география',
  'регион', 'регионы', 'примечания', 'примечание', 'комментарии', 'комментарий', 'ссылки', 'референсы', 'тон', 'тон коммуникации',
  'контекст', 'описание', 'предыстория', 'ограничения', 'риски', 'согласование', 'согласующие', 'мандаторы', 'юристы',
  'материалы', 'проект', 'заказчик', 'исполнитель', 'стейкхолдеры',
]);

/**
 * A line that is a label of its own, for a section the template does not know: a bold-only line
 * ("**Budget**"), a bare "Something:" line, or a known other section ("Бюджет: 500 000 ₽").
 * List items are body text ("- Email: рассылка"), never labels.
 */
function isForeignLabel(line: string, colonAt: number, k: number): boolean {
  const t = line.trim();
  if (/^(?:[-*•+]|\d{1,2}[.)])\s/.test(t) && !/^[-*•]\s+(\*\*|__)/.test(t)) return false;
  const bold = /^(?:[-*•]\s+)?(\*\*|__)([^*_]{1,60}?)\1\s*[:：]?\s*$/.exec(t);
  if (bold) return true;
  if (colonAt <= k) return false;
  const label = normalize(line.slice(k, colonAt));
  if (!label || label.length > 40 || /[.!?]/.test(label)) return false;
  const rest = line.slice(colonAt + 1).trim();
  if (!rest) return !INTRO_WORDS.has(label) && label.split(' ').length <= 5 && /^[\p{Lu}\p{Extended_Pictographic}*_#0-9]/u.test(stripEmoji(line.slice(k)) || 'x');
  if (/^\/\//.test(rest)) return false; // a URL
  return OTHER_SECTIONS.has(label);
}

/** Bare "Something:" lines that introduce the body rather than start a section. */
const INTRO_WORDS = new Set(['например', 'for example', 'e.g', 'eg', 'such as', 'including', 'в том числе', 'а именно', 'такие как', 'например так', 'пример', 'example', 'examples', 'примеры', 'варианты', 'options', 'идеи', 'ideas']);

/** Table blocks rewritten as label lines, so the line scan sees labels and their values. */
const TABLE_BREAK = '\u0000';

function splitRow(line: string): string[] | null {
  const t = line.trim();
  if (!t.startsWith('|') || t.length < 2) return null;
  const inner = t.replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((x) => x.replace(/\\\|/g, '|').trim());
}

function isSeparatorRow(cells: readonly string[]): boolean {
  return cells.length > 0 && cells.every((x) => /^:?-{2,}:?$/.test(x) || x === '');
}

function untable(c: Compiled, lines: readonly string[]): string[] {
  if (!lines.some((l) => l.trimStart().startsWith('|'))) return [...lines];
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const first = splitRow(lines[i]!);
    if (!first) {
      out.push(lines[i]!);
      i++;
      continue;
    }
    const rows: string[][] = [];
    while (i < lines.length) {
      const r = splitRow(lines[i]!);
      if (!r) break;
      if (!isSeparatorRow(r)) rows.push(r);
      i++;
    }
    out.push(TABLE_BREAK, ...tableLines(c, rows), TABLE_BREAK);
  }
  return out;
}

function tableLines(c: Compiled, rows: readonly string[][]): string[] {
  if (!rows.length) return [];
  const label = (cell: string | undefined): number | undefined => (cell ? matchLabel(c, cell, true) : undefined);
  const header = rows[0]!;
  const headerHits = header.filter((h) => label(h) !== undefined).length;
  const columnHits = rows.filter((r) => label(r[0]) !== undefined).length;
  const out: string[] = [];
  if (headerHits >= 2 || (headerHits === 1 && columnHits <= 1 && rows.length >= 1 && header.length > 1 && label(header[0]) === undefined)) {
    // A header row of labels with value rows under it.
    header.forEach((h, col) => {
      if (label(h) === undefined) return;
      const values = rows.slice(1).map((r) => r[col] ?? '').filter((v) => v.trim());
      out.push(`${h}: ${values.join('; ')}`, TABLE_BREAK);
    });
    return out;
  }
  // A label column with the values beside it (other rows are not part of any field).
  for (const r of rows) {
    if (label(r[0]) !== undefined) out.push(`${r[0]}: ${r.slice(1).filter((v) => v.trim()).join('; ')}`);
    out.push(TABLE_BREAK);
  }
  return out;
}

/** Field index → the host property that satisfies it (its name), for properties with a real value. */
function propertyHits(c: Compiled, props: Readonly<Record<string, string>> | undefined): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  if (!props) return out;
  for (const [name, value] of Object.entries(props)) {
    const idx = matchLabel(c, name, true);
    if (idx === undefined || out[idx]) continue;
    if (judge([String(value ?? '')]).status === 'present') out[idx] = name;
  }
  return out;
}

/** Judge a body (its lines): present, empty, or a placeholder. Stops at the first line with content. */
function judge(lines: readonly string[]): { status: 'present' | 'empty'; placeholder?: string } {
  let placeholder: string | undefined;
  for (const raw of lines) {
    const t = raw.trim();
    if (!t) continue;
    if (PLACEHOLDER_MARKS.test(t)) {
      placeholder ??= t;
      continue;
    }
    const l = t
      .replace(/^(?:[-*•]|\d+[.)])\s+/, '')
      .replace(/[*_`~]+/g, '')
      .trim();
    if (!l) continue;
    const low = stripEmoji(l).toLowerCase().replace(/ё/g, 'е').replace(/[\s.!:;()[\]…]+$/g, '').replace(/^[\s([]+/, '').trim();
    if (PLACEHOLDER_MARKS.test(l) || (l.length <= 40 && (PLACEHOLDER_WORDS.has(low) || PLACEHOLDER_LEADS.test(low)))) {
      placeholder ??= l;
      continue;
    }
    return { status: 'present' };
  }
  return placeholder === undefined ? { status: 'empty' } : { status: 'empty', placeholder };
}

/** Per field index: the best occurrence in the text (present beats empty), or undefined. */
function scan(c: Compiled, text: string): (Hit | undefined)[] {
  const hits: (Hit | undefined)[] = [];
  const lines = untable(c, text.split(/\r\n|\r|\n/));
  let cur: { idx: number; heading: string; inline: string; body: string[] } | null = null;
  const flush = (): void => {
    if (!cur) return;
    const inline = cur.inline.trim();
    const verdict = judge(inline ? [inline] : cur.body);
    const prev = hits[cur.idx];
    if (!prev || (prev.status !== 'present' && verdict.status === 'present')) {
      const h: Hit = { status: verdict.status, heading: cur.heading };
      if (verdict.placeholder !== undefined) h.placeholder = verdict.placeholder;
      hits[cur.idx] = h;
    }
    cur = null;
  };
  for (const line of lines) {
    if (line === TABLE_BREAK) {
      flush();
      continue;
    }
    if (!line.trim()) {
      if (cur) cur.body.push('');
      continue;
    }
    const h = classify(c, line);
    if (h && h.idx !== undefined) {
      flush();
      cur = { idx: h.idx, heading: h.heading, inline: h.inline, body: [] };
    } else if (h && h.hard) {
      flush();
    } else if (cur) {
      cur.body.push(line);
    }
  }
  flush();
  return hits;
}

function nativeSatisfies(native: BriefNative, field: 'due' | 'launch' | 'owner' | 'labels'): boolean {
  if (field === 'labels') return (native.labels ?? []).some((l) => l.trim().length > 0);
  const v = native[field];
  return typeof v === 'string' && v.trim().length > 0;
}
