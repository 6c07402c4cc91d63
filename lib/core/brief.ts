/**
 * Brief completeness (DOMAIN.md §5): which fields of a template an item's text covers.
 * Recognises markdown headings (#, ##, …), bold headings (**Goal**), a line that is only the
 * label (optionally ending in ":"), and "Label: value" lines, in any letter case, with the
 * template's synonyms in any language. A heading whose body is empty or a placeholder
 * ("TBD", "TBC", "—", "-", "?", "…", "...", "уточнить") counts as missing. A native field
 * (e.g. the due date) satisfies the field that names it. Synonyms are compiled once per
 * template object. Pure: no browser APIs.
 */
import { MARKETING_BRIEF_TEMPLATE } from './defaults';
import type { BriefTemplate } from './schemas';

export type BriefFieldStatus = 'present' | 'absent' | 'empty';

/**
 * Why a field has its status:
 * - 'text': a heading or "Label:" line with content was found;
 * - 'native': the item's native field (due date, launch date, owner, labels) satisfies it;
 * - 'not-found': no heading or label line names it;
 * - 'empty': it is named but its body is empty;
 * - 'placeholder': it is named but its body is only a placeholder ("TBD", "уточнить", …).
 */
export type BriefFieldReason = 'text' | 'native' | 'not-found' | 'empty' | 'placeholder';

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
}

export function checkBrief(template: BriefTemplate, text: string, native: BriefNative = {}): BriefCheck {
  const c = compile(template);
  const found = scan(c, text ?? '');
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

/** Bodies that mean "not filled in yet". Compared after normalize() and trimming punctuation. */
const PLACEHOLDER_WORDS = new Set(['tbd', 'tbc', 'tba', 'todo', 'to do', 'уточнить', 'уточняется', 'будет позже', 'n/a']);
const PLACEHOLDER_MARKS = /^[-–—?.…_*\s]+$/;

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

/** Lower-case, ё → е, no emphasis marks, single spaces, no bullets/numbering in front, no ":" or dots at the end. */
function normalize(s: string): string {
  let t = s.toLowerCase();
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
  if (allowPrefix) {
    for (const { syn, idx } of c.prefixes) {
      if (n.length > syn.length && n.startsWith(syn) && !/[\p{L}\p{N}]/u.test(n[syn.length]!)) return idx;
    }
  }
  return undefined;
}

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

function classify(c: Compiled, line: string): LineHeading | null {
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
  return null;
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
    if (l.length <= 16 && (PLACEHOLDER_MARKS.test(l) || PLACEHOLDER_WORDS.has(l.toLowerCase().replace(/ё/g, 'е').replace(/[\s.!:;()[\]]+$/g, '').replace(/^[\s(]+/, '')))) {
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
  const lines = text.split(/\r\n|\r|\n/);
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
