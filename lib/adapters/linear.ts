/**
 * Linear adapter: an issue (`https://linear.app/<workspace>/issue/<KEY-n>/<slug>`). The slug follows the
 * title and is not part of the key; the identifier is upper-cased as Linear shows it.
 *
 * Linear's class names are generated (styled-components hashes that change with every deploy), so the
 * adapter reads only accessible names, editor roles and links. Sources (public code, dates seen):
 * - Clockify's linear.js (2023–2025): the status button `[aria-label="Change status"]` in the issue's
 *   property sidebar, the title from the tab title;
 * - TMetric's linear.ts (2024): the title `div[contenteditable="true"] > p` (the first editor of the issue view),
 *   the identifier `a[href*="/issue/"] span` in the header breadcrumbs, `[aria-label="Project"]`, `header`;
 * - a "time in status" extension (2025): `#skip-nav`, activity entries `[data-history-entry-id]`;
 * - a comment-sorter extension (2025): comments `div[id^="comment-"][id$="-container"]`.
 * The other property buttons follow the status button's accessible-name pattern ("Change priority",
 * "Change assignee", "Change labels", "Change due date"); the editors carry `aria-label` "Issue title" /
 * "Issue description" in 2025–2026 captures — both are kept as fallbacks behind the structural reading.
 */
import type { ItemRef } from '../core/item-ref';
import {
  type SelectorList,
  dateOf,
  queryAllFirst,
  queryFirst,
  refFromUrl,
  safeMount,
  structuredText,
  textOf,
  textsOf,
  themeFromColors,
} from './dom';
import type { AdapterContext, HostAdapter, ItemReading, MountSpec } from './types';
import { emptyReading } from './types';

const S = {
  main: ['main', '[role="main"]', '#skip-nav ~ div'],
  /** Rich-text editors of the issue view, in page order: the title first, then the description. */
  editors: ['.ProseMirror[contenteditable]', 'div[contenteditable="true"]', '[contenteditable="false"].ProseMirror'],
  title: ['[aria-label="Issue title"]'],
  description: ['[aria-label="Issue description"]'],
  status: ['[aria-label="Change status"]'],
  priority: ['[aria-label="Change priority"]'],
  assignee: ['[aria-label="Change assignee"]'],
  labels: ['[aria-label="Change labels"]', '[aria-label="Labels"]'],
  labelChip: ['button', '[role="button"]'],
  project: ['[aria-label="Change project"]', '[aria-label="Project"]'],
  due: ['[aria-label="Change due date"]', '[aria-label="Due date"]'],
  cycle: ['[aria-label="Change cycle"]'],
  /** Comments and the activity feed: never part of the description. */
  activity: ['[data-history-entry-id]', 'div[id^="comment-"][id$="-container"]'],
} satisfies Record<string, SelectorList>;

function inActivity(el: Element): boolean {
  return S.activity.some((s) => el.closest(s) !== null);
}

/** The issue view: the main region that holds the property buttons of an issue. */
function findView(doc: Document): Element | null {
  for (const s of S.main) {
    for (const el of Array.from(doc.querySelectorAll(s))) if (queryFirst(el, S.status)) return el;
  }
  return null;
}

/** The title and description editors: by accessible name, else the first two editors outside the activity feed. */
function editors(view: Element): { title: Element | null; description: Element | null } {
  const all = queryAllFirst(view, S.editors).filter((e) => !inActivity(e) && !e.parentElement?.closest('[contenteditable]'));
  const title = queryFirst(view, S.title) ?? all[0] ?? null;
  const description = queryFirst(view, S.description) ?? all.find((e) => e !== title && !(title && (e.contains(title) || title.contains(e)))) ?? null;
  return { title, description };
}

/**
 * Is the view still showing another issue (Linear swaps the view a moment after the URL)? The header's
 * breadcrumbs end with the open issue's identifier (a sub-issue's parent comes before it): when the header
 * names issues but not this one, it is another issue's view. A header that names none does not veto.
 */
function namesOtherIssue(view: Element, doc: Document, ref: ItemRef): boolean {
  const header = queryFirst(view, ['header']) ?? queryFirst(doc, ['header']);
  if (!header) return false;
  const ids = new Set<string>();
  for (const a of queryAllFirst(header, ['a[href*="/issue/"]'])) {
    const m = /\/issue\/([A-Za-z][A-Za-z0-9]*-\d+)/.exec(a.getAttribute('href') ?? '');
    if (m) ids.add(m[1]!.toUpperCase());
  }
  for (const m of textOf(header).matchAll(/\b([A-Z][A-Z0-9]{0,9}-\d{1,9})\b/g)) ids.add(m[1]!);
  return ids.size > 0 && !ids.has(ref.id);
}

/** The property sidebar: the nearest ancestor of the status button that also holds the assignee button. */
function sidebarOf(view: Element): Element | null {
  const status = queryFirst(view, S.status);
  const assignee = queryFirst(view, S.assignee);
  if (!status) return null;
  let cur: Element | null = status.parentElement;
  while (cur && cur !== view && assignee && !cur.contains(assignee)) cur = cur.parentElement;
  return cur && cur !== view ? cur : status.parentElement;
}

/** A property button's value: its text, which Linear renders as the current value ("In Progress", "Maria Ivanova"). */
function valueOf(el: Element | null): string {
  const t = textOf(el);
  return /^(no priority|no assignee|unassigned|no project|set due date|add label|без приоритета|не назначен|без проекта)$/i.test(t) ? '' : t;
}

export const linearAdapter: HostAdapter = {
  id: 'linear',
  tool: 'linear',
  testUrls: [
    'https://linear.app/acme/issue/MKT-42/spring-campaign-best-seo-course',
    'https://linear.app/acme/issue/MKT-43/vesennyaya-kampaniya',
    'https://linear.app/acme/team/MKT/active',
  ],

  matchesHost(url) {
    return url.hostname.toLowerCase() === 'linear.app';
  },

  detect(ctx) {
    return refFromUrl(ctx, 'linear');
  },

  read(ctx: AdapterContext, ref): ItemReading | null {
    const view = findView(ctx.doc);
    if (!view || namesOtherIssue(view, ctx.doc, ref)) return null;
    const { title: titleEl, description: descEl } = editors(view);
    const title = textOf(titleEl) || titleFromTab(ctx.doc, ref);
    if (!title) return null;
    const r = emptyReading();
    r.title = title;
    const status = valueOf(queryFirst(view, S.status));
    if (status) r.status = status;
    const owner = valueOf(queryFirst(view, S.assignee));
    if (owner) r.owner = owner;
    const priority = valueOf(queryFirst(view, S.priority));
    if (priority) r.fields.priority = priority;
    const project = valueOf(queryFirst(view, S.project));
    if (project) r.fields.project = project;
    const cycle = valueOf(queryFirst(view, S.cycle));
    if (cycle) r.fields.cycle = cycle;
    const due = dateOf(queryFirst(view, S.due));
    if (due) r.dates.due = due;
    const labelsBox = queryFirst(view, S.labels);
    const chips = queryAllFirst(labelsBox, S.labelChip);
    const named = chips.filter((b) => !/^(add|добавить)/i.test(b.getAttribute('aria-label') ?? ''));
    r.labels = textsOf(named).filter((l) => !/^(add label|добавить метку|\+)$/i.test(l));
    if (!chips.length && labelsBox) {
      const single = valueOf(labelsBox);
      if (single) r.labels = [single];
    }
    const desc = structuredText(descEl, { skip: inActivity });
    if (desc) r.description = desc;
    return r;
  },

  itemRoot(ctx) {
    return findView(ctx.doc);
  },

  mountPoint(ctx, ref): MountSpec | null {
    const view = findView(ctx.doc);
    if (!view || namesOtherIssue(view, ctx.doc, ref)) return null;
    const avoid = ['[contenteditable="true"]', '.ProseMirror'];
    // At the end of the property sidebar, where Linear lists an issue's integrations (links, PRs, Slack threads).
    const sidebar = sidebarOf(view);
    if (sidebar) {
      const spec = safeMount(sidebar, 'last', avoid, view);
      if (spec) return spec;
    }
    const { title } = editors(view);
    return title ? safeMount(title, 'after', avoid, view) : null;
  },

  theme(doc) {
    return themeFromColors(doc, [doc.body, doc.documentElement]);
  },
};

/** The tab title "MKT-42 Spring campaign…" (Linear, 2023–2026) as a fallback for an unrendered title editor. */
function titleFromTab(doc: Document, ref: ItemRef): string {
  const t = (doc.title ?? '').trim();
  const prefix = `${ref.id} `;
  return t.toUpperCase().startsWith(prefix) ? t.slice(prefix.length).replace(/\s*[|–-]\s*Linear$/i, '').trim() : '';
}
