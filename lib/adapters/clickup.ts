/**
 * ClickUp adapter: a task open over a list or board (the task view in its modal layout) or full page
 * (`https://app.clickup.com/t/<task id>`, `/t/<team id>/<custom id>`).
 *
 * Identity is the URL's (parseItemUrl). When the URL has no team id (`/t/<task id>`) the key's workspace
 * is refined from the page: the app's own links in the sidebar and the task's breadcrumbs start with
 * `/<team id>/` (workspaceFromLinks); `app` stays only when neither has it. read() refuses to read under a
 * stale `app` key once the page shows the team, so nothing is ever recorded under two keys.
 *
 * The list or board behind the modal stays rendered with the open task's own row: fields are read from
 * the task view only. Sources of the selectors (public code, dates seen):
 * - Cypress/Playwright page objects of ClickUp automation (2024–2025): `task-title__title-overlay`,
 *   `task-view-task-label__taskid-button`, `task-view-header__task-settings`, `tags-select__name-shadow-*`,
 *   `task-editor`, `task-row-main__<name>`;
 * - "ClickUp Field Manager" content script (2026): `cu-task-title`, `task-field-label-icon__container-<Field>`
 *   (Status, Assignees, Dates, Priority, Tags), `cu-task-view-task-content`, `.cu-task-view__container`,
 *   `cu-task-view-task-content-description-expanded-collapsed`, `.cu-task-custom-fields__*`;
 * - a 2026-07-20 "live DOM proof" of a task export extension: `task-title__text-area`,
 *   `task-view-task-content__scrollable`, `task-editor-wrapper .ql-editor`, `.cu-task-fields__row`,
 *   `task-custom-fields__row` with `.cu-task-custom-fields__row-type` / `-row-body`;
 * - Clockify's integration (2023 "new UI"): `.cu-task-view__container [data-test="task-view-header__breadcrumbs"]`,
 *   `.cu-task-view-breadcrumbs__text`; a puppeteer scraper (2025): `status-button-badge__body span`;
 * - a windowed-mode userscript (2025): `.cu-task-view__inner.layout-v3` with `full-screen` / `sidebar-mode`.
 */
import { UNKNOWN_WORKSPACE, withWorkspace, type ItemRef } from '../core/item-ref';
import {
  LAUNCH_FIELD,
  RELEASE_FIELD,
  type LabelledRow,
  closestOf,
  type SelectorList,
  dateOf,
  dateRangeOf,
  labelledRows,
  queryAllFirst,
  queryFirst,
  refFromUrl,
  rowLabelled,
  safeMount,
  structuredText,
  textOf,
  textWithout,
  textsOf,
  themeFromClasses,
  themeFromColors,
  workspaceFromLinks,
} from './dom';
import type { AdapterContext, HostAdapter, ItemReading, MountSpec } from './types';
import { emptyReading } from './types';

const ORIGIN = 'https://app.clickup.com';

const S = {
  /** The task view (modal over a list/board, full screen, or the sidebar layout). */
  view: [
    'cu-task-view-task-content', // Angular host, 2025–2026 (Field Manager)
    '[data-test="task-view-task-content__scrollable"]', // 2026-07 live proof
    '.cu-task-view__container', // 2023–2026 (Clockify, TMetric)
    '.cu-task-view__main',
  ],
  /** The whole task view including its header (breadcrumbs, actions). */
  outer: ['.cu-task-view__container', 'cu-task-view', '.cu-task-view__inner'],
  title: [
    '[data-test="task-title__title-overlay"]', // 2024–2026 page objects
    '[data-test="task-title__text-area"]', // textarea, 2026-07 live proof
    'cu-task-title .cu-task-title__overlay', // 2024 (a Vue helper's v3 path)
    'cu-task-title textarea',
  ],
  taskIdButton: ['[data-test="task-view-task-label__taskid-button"]'],
  /** Field rows of the hero section: the label container carries the field's English name in data-test. */
  fieldRow: ['.cu-task-fields__row', '[data-test="task-fields__row"]'],
  fieldLabel: ['[data-test^="task-field-label-icon__container-"]', '.cu-task-fields__label'],
  fieldValue: ['.cu-task-fields__value', '[data-test^="task-field-value"]'],
  status: ['[data-test="status-button-badge__body"] span', '[data-test="status-button-badge__body"]', '[data-test="status-button__status-dropdown"]'],
  assignee: ['[data-test="user-avatar"][aria-label]', '.cu-avatar[aria-label]', '.cu-avatar[title]', 'img[alt]'],
  tags: ['[data-test^="tags-select__name-shadow-"]', '.cu-tags-select__name'],
  customRow: ['[data-test="task-custom-fields__row"]', '.cu-task-custom-fields__virtual-scroll-row'],
  customLabel: ['.cu-task-custom-fields__row-type', '[data-test="task-custom-fields__row-name"]'],
  customValue: ['.cu-task-custom-fields__row-body', '[data-test="task-custom-fields__row-value"]'],
  /** The description editor (Quill); comments use other editors outside this wrapper. */
  description: [
    '[data-test="task-editor-wrapper"] .ql-editor', // 2026-07 live proof
    'cu-task-view-task-content-description-expanded-collapsed .ql-editor', // 2026 Field Manager
    '[data-test="task-editor"] .ql-editor',
    '[data-test="task-editor"] > div > div', // 2024 page object
  ],
  descriptionArea: ['cu-task-view-task-content-description-expanded-collapsed', '[data-test="task-editor-wrapper"]', '[data-test="task-editor"]', '.ql-editor'],
  breadcrumbs: ['[data-test="task-view-header__breadcrumbs"]', 'cu-task-view-breadcrumbs'],
  breadcrumbText: ['.cu-task-view-breadcrumbs__text'],
  /** Where the app's links to the team's spaces and lists are: the sidebar and the task's breadcrumbs. */
  teamLinks: ['[data-test="task-view-header__breadcrumbs"]', 'cu-task-view-breadcrumbs', '.cu-simple-bar', 'cu-sidebar', 'nav'],
} satisfies Record<string, SelectorList>;

/** Links of the app: /<team id>/v/..., /<team id>/home, /<team id>/inbox, /t/<team id>/<custom id>. */
const TEAM_LINK = /^\/(?:t\/)?(\d{4,20})\/[A-Za-z0-9]/;

function teamId(doc: Document): string | null {
  return workspaceFromLinks(doc, ORIGIN, TEAM_LINK, S.teamLinks) ?? workspaceFromLinks(doc, ORIGIN, TEAM_LINK);
}

/** The task view that shows this task: its id button names it (or no id button is rendered at all). */
function findView(doc: Document, ref: ItemRef): Element | null {
  for (const s of S.view) {
    for (const el of Array.from(doc.querySelectorAll(s))) {
      if (!queryFirst(el, S.title)) continue;
      const shown = textOf(queryFirst(el, S.taskIdButton)).replace(/^#/, '');
      if (shown && namesAnotherTask(shown, ref.id)) continue; // another task's view (stale)
      return el;
    }
  }
  return null;
}

/**
 * Does the id button name another task? Only comparable ids count: with custom task ids on, the button
 * shows `MKT-142` even when the URL has the native id `86b3xdnyf` (and the other way round).
 */
function namesAnotherTask(shown: string, id: string): boolean {
  const custom = (s: string): boolean => /-\d+$/.test(s);
  if (custom(shown) !== custom(id)) return false;
  return shown.toLowerCase() !== id.toLowerCase();
}

/** The field's name: the suffix of its label container's data-test (`...container-Status`), else its text. */
function fieldName(labelEl: Element): string {
  const dt = labelEl.getAttribute('data-test') ?? '';
  const m = /^task-field-label-icon__container-(.+)$/.exec(dt);
  return m ? m[1]! : textOf(labelEl);
}

function valueText(row: LabelledRow): string {
  return row.value === row.row ? textWithout(row.row, queryFirst(row.row, S.fieldLabel)) : textOf(row.value);
}

function personName(el: Element): string {
  return (el.getAttribute('aria-label') || el.getAttribute('title') || el.getAttribute('alt') || textOf(el)).trim();
}


export const clickupAdapter: HostAdapter = {
  id: 'clickup',
  tool: 'clickup',
  testUrls: [
    'https://app.clickup.com/t/86b3xdnyf',
    'https://app.clickup.com/t/9012345678/MKT-142',
    'https://app.clickup.com/9012345678/v/li/901234567890',
  ],

  matchesHost(url) {
    return url.hostname.toLowerCase() === 'app.clickup.com';
  },

  detect(ctx) {
    const r = refFromUrl(ctx, 'clickup');
    // Only a URL without the workspace needs the page's links (scanned only then).
    return r && r.workspace === UNKNOWN_WORKSPACE ? withWorkspace(r, teamId(ctx.doc)) : r;
  },

  read(ctx: AdapterContext, ref): ItemReading | null {
    // A key still on the `app` placeholder while the page names the team is stale: the next detect() refines it.
    if (ref.workspace === UNKNOWN_WORKSPACE) {
      // Stale once the page names the team; too early while the app's chrome (sidebar, breadcrumbs) that
      // carries the team id has not rendered — so nothing is ever recorded under the placeholder by mistake.
      if (teamId(ctx.doc) || !queryFirst(ctx.doc, S.teamLinks)) return null;
    }
    const view = findView(ctx.doc, ref);
    if (!view) return null;
    const title = textOf(queryFirst(view, S.title));
    if (!title) return null;
    const r = emptyReading();
    r.title = title;

    const rows = labelledRows(view, { row: S.fieldRow, label: S.fieldLabel, value: S.fieldValue, labelFrom: fieldName });
    const statusRow = rowLabelled(rows, /^status$/i);
    const status = textOf(queryFirst(statusRow?.row ?? view, S.status)) || (statusRow ? valueText(statusRow) : '');
    if (status) r.status = status;

    const assignees = rowLabelled(rows, /^assignees?$/i);
    const owner = assignees ? queryAllFirst(assignees.row, S.assignee).map(personName).find(Boolean) : undefined;
    if (owner) r.owner = owner;

    const dates = rowLabelled(rows, /^dates?$/i) ?? rowLabelled(rows, /^due date$/i);
    if (dates) {
      const range = dateRangeOf(valueText(dates), { slashOrder: 'mdy' });
      if (range.end) r.dates.due = range.end;
      if (range.start) r.fields.startDate = range.start;
    }

    const tagsRow = rowLabelled(rows, /^tags$/i);
    r.labels = textsOf(queryAllFirst(tagsRow?.row ?? view, S.tags));

    const priority = rowLabelled(rows, /^priority$/i);
    const p = priority ? valueText(priority) : '';
    if (p && !/^(empty|none|—|-)$/i.test(p)) r.fields.priority = p;

    for (const c of labelledRows(view, { row: S.customRow, label: S.customLabel, value: S.customValue })) {
      const v = textOf(c.value);
      if (!v || /^[—–-]$/.test(v)) continue;
      if (LAUNCH_FIELD.test(c.label)) {
        const d = dateOf(c.value, { slashOrder: 'mdy' });
        if (d) r.dates.launch = d;
      } else if (RELEASE_FIELD.test(c.label)) {
        const d = dateOf(c.value, { slashOrder: 'mdy' });
        if (d) r.dates.release = d;
      } else {
        r.fields[c.label] = v;
      }
    }

    const desc = structuredText(queryFirst(view, S.description));
    if (desc) r.description = desc;

    const crumbs = textsOf(queryAllFirst(queryFirst(ctx.doc, S.breadcrumbs), S.breadcrumbText));
    if (crumbs.length) r.fields.list = crumbs[crumbs.length - 1]!;
    return r;
  },

  itemRoot(ctx, ref) {
    const view = findView(ctx.doc, ref);
    return view ? (closestOf(view, S.outer) ?? view) : null;
  },

  mountPoint(ctx, ref): MountSpec | null {
    const view = findView(ctx.doc, ref);
    if (!view) return null;
    const avoid = S.descriptionArea;
    // Below the task's fields, where ClickUp shows its own integrations' rows, above the description.
    const fields = queryFirst(view, S.fieldRow)?.parentElement;
    if (fields && !fields.contains(queryFirst(view, S.description))) {
      const spec = safeMount(fields, 'after', avoid, view);
      if (spec) return spec;
    }
    const title = queryFirst(view, S.title);
    const host = title?.closest('cu-task-title') ?? title;
    return host ? safeMount(host, 'after', avoid, view) : null;
  },

  theme(doc) {
    // ClickUp 3.0 marks the theme on <body> (`dark-theme` / `cu-dark-theme`, 2024–2026 captures); colours otherwise.
    return themeFromClasses(doc, ['dark-theme', 'cu-dark-theme', 'theme-dark']) ?? themeFromColors(doc);
  },
};
