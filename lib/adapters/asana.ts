/**
 * Asana adapter: the task pane over a project (`https://app.asana.com/1/<workspace>/project/<project>/task/<task>`)
 * and the older `https://app.asana.com/0/<project>/<task>` (pane or full screen `/f`).
 *
 * Identity is the URL's. The older form lacks the workspace: it is refined from the page's own links
 * (`/1/<workspace gid>/…` in the sidebar and the pane's project links, workspaceFromLinks); `app` stays only
 * when neither the URL nor the page has it, and read() refuses to read under a stale `app` key.
 *
 * The project list or board stays rendered behind the pane with the task's own row: fields are read from
 * the pane only. Sources (public code, dates seen):
 * - Toggl Track's asana.js (2024–2025): `.TaskPane`, `.TaskPaneTitle textarea`, `.TaskPaneExtraActionsButton`,
 *   `.TaskPaneFields-projectHeader`, `.TaskTagTokenPills-potPill span`, `.TaskProjects-projectTokenPill`;
 * - JP Bochi's "Asana Helpers" userscript (2024–2025): `.TaskPane[data-task-id]`, `#TaskDescription .ProseMirror`,
 *   `.TaskPaneToolbar-copyLinkButton`, `.TaskPaneToolbarAnimation-title`, `#task_pane_assignee_input`,
 *   `.TaskStoryFeed`, body `DesignTokenThemeSelectors-theme--darkMode` / `--systemDarkMode`;
 * - Asana keyboard-shortcut extension tests (2023–2024): `.TaskPaneAssigneeToken`, `.TaskPaneFields-dueDateContainer`,
 *   `.DueDateTokenButton-label` ("No due date"), `.TaskDueDateToken`;
 * - a puppeteer script and an expander extension (2024–2025): `.TaskPaneFields-customFieldTables`,
 *   `.LabeledRowStructure-left` / `-content`, `.TaskPaneBody-main`, `.TaskProjects`.
 * The row structure (LabeledRowStructure with a label on the left, the value on the right) is how the pane
 * lays out Assignee, Due date, Projects, Tags and every custom field (2023–2026 captures).
 */
import { isObj, optArray, optObj, optString, reqObj, reqString, type Json } from './rest-check';
import { UNKNOWN_WORKSPACE, withWorkspace, type ItemRef } from '../core/item-ref';
import {
  LAUNCH_FIELD,
  RELEASE_FIELD,
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
  textsOf,
  themeFromClasses,
  themeFromColors,
  workspaceFromLinks,
} from './dom';
import type { AdapterContext, HostAdapter, ItemReading, MountSpec } from './types';
import { emptyReading } from './types';

const ORIGIN = 'https://app.asana.com';

const S = {
  pane: ['.TaskPane[data-task-id]', '.TaskPane', '.SingleTaskPaneSpreadsheet', '.SingleTaskPane'],
  title: [
    '.TaskPaneTitle textarea', // 2024–2026 (Toggl)
    '.TaskPane-titleRowInput textarea',
    '.SingleTaskTitleInput-taskName textarea', // 2021–2023 (Clockify)
    '.TaskPaneToolbarAnimation-title', // the toolbar's copy of the title (helpers userscript)
  ],
  fields: ['.TaskPaneFields', '.SingleTaskPaneFields'],
  row: ['.LabeledRowStructure'],
  rowLabel: ['.LabeledRowStructure-left label', '.LabeledRowStructure-left'],
  rowValue: ['.LabeledRowStructure-right', '.LabeledRowStructure-content'],
  assignee: ['#task_pane_assignee_input', '.TaskPaneAssigneeToken'],
  assigneeName: ['.TaskPaneAssigneeToken-userNameLabel', '.AssigneeToken-userNameLabel', '.TypographyPresentation'],
  due: ['.TaskPaneFields-dueDateContainer .DueDateTokenButton-label', '.DueDateTokenButton-label', '.TaskPaneFields-dueDateContainer'],
  tags: ['.TaskTagTokenPills-potPill span', '.TaskTags .Token', '.TaskTagTokenPills-potPill'],
  project: ['.TaskProjectToken-projectName', '.TaskProjects-projectTokenPill span', '.TaskProjectTokenPill-name'],
  section: ['.TaskProjectSectionDropdown-sectionName', '.TaskProjectSectionDropdownButton', '.TaskProjects .SectionDropdown'],
  completeButton: ['.TaskPaneToolbar-completeButton [aria-pressed]', '.TaskPaneToolbar-completeButton'],
  description: ['#TaskDescription .ProseMirror', '.TaskDescription .ProseMirror', '#TaskDescription'],
  descriptionArea: ['#TaskDescription', '.TaskDescription', '.ProseMirror'],
  /** The app's chrome that carries workspace links (rendered with the page, before or with the pane). */
  chrome: ['.SidebarNavigation', '[role="navigation"]', 'nav'],
  /** The app's links to the workspace: the sidebar and the pane's project pills. */
  workspaceLinks: ['.SidebarNavigation', '[role="navigation"]', 'nav', '.TaskPane'],
} satisfies Record<string, SelectorList>;

/** App links carry the workspace: /1/<workspace gid>/home, /1/<workspace gid>/project/<gid>/list/<gid>. */
const WORKSPACE_LINK = /^\/1\/(\d{6,20})(?:\/|$)/;

function workspaceId(doc: Document): string | null {
  return workspaceFromLinks(doc, ORIGIN, WORKSPACE_LINK, S.workspaceLinks) ?? workspaceFromLinks(doc, ORIGIN, WORKSPACE_LINK);
}

/** The pane of this task: `data-task-id` names it when Asana renders it (an older pane may linger). */
function findPane(doc: Document, ref: ItemRef): Element | null {
  for (const s of S.pane) {
    for (const el of Array.from(doc.querySelectorAll(s))) {
      const id = el.getAttribute('data-task-id');
      if (id && id !== ref.id) continue;
      if (queryFirst(el, S.title)) return el;
    }
  }
  return null;
}

/** The task as Asana's REST API returns it (`/api/1.0/tasks/<gid>`), only the fields the panel uses. */
interface RestTaskData {
  gid: string;
  name?: string;
  notes?: string;
  due_on?: string;
  start_on?: string;
  completed?: boolean;
  assignee?: { name?: string };
  tags?: Array<{ name?: string }>;
  memberships?: Array<{ section?: { name?: string } }>;
}

/** Hand-written check (no zod on host pages): a field of the wrong type refuses the whole answer. */
function parseRestTask(body: unknown): RestTaskData {
  if (!isObj(body)) throw new TypeError('not an object');
  const d = reqObj(body, 'data');
  const completed = d.completed;
  if (completed !== null && completed !== undefined && typeof completed !== 'boolean') throw new TypeError('completed: not a boolean');
  const named = (v: unknown): { name?: string } => {
    if (!isObj(v)) throw new TypeError('not an object');
    const name = optString(v, 'name');
    return name === undefined ? {} : { name };
  };
  const assignee = optObj(d, 'assignee');
  const out: RestTaskData = { gid: reqString(d, 'gid') };
  for (const k of ['name', 'notes', 'due_on', 'start_on'] as const) {
    const v = optString(d, k);
    if (v !== undefined) out[k] = v;
  }
  if (typeof completed === 'boolean') out.completed = completed;
  if (assignee) out.assignee = named(assignee);
  const tags = optArray(d, 'tags', named);
  if (tags) out.tags = tags;
  const memberships = optArray(d, 'memberships', (m) => {
    if (!isObj(m)) throw new TypeError('not an object');
    const section = optObj(m as Json, 'section');
    return section ? { section: named(section) } : {};
  });
  if (memberships) out.memberships = memberships;
  return out;
}
const REST_FIELDS = 'name,notes,due_on,start_on,completed,assignee.name,tags.name,memberships.section.name';
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

const EMPTY_VALUE = /^(no due date|no assignee|нет срока|нет исполнителя|—|-|–)$/i;

export const asanaAdapter: HostAdapter = {
  id: 'asana',
  tool: 'asana',
  testUrls: [
    'https://app.asana.com/1/1201234567890123/project/1209876543210987/task/1211122233344455',
    'https://app.asana.com/0/1209876543210987/1211122233344456/f',
    'https://app.asana.com/1/1201234567890123/project/1209876543210987/list/1209876543210999',
  ],

  matchesHost(url) {
    return url.hostname.toLowerCase() === 'app.asana.com';
  },

  detect(ctx) {
    const r = refFromUrl(ctx, 'asana');
    // Only a URL without the workspace needs the page's links (scanned only then).
    return r && r.workspace === UNKNOWN_WORKSPACE ? withWorkspace(r, workspaceId(ctx.doc)) : r;
  },

  read(ctx: AdapterContext, ref): ItemReading | null {
    if (ref.workspace === UNKNOWN_WORKSPACE) {
      // Stale once the page names the workspace; too early while the sidebar that carries it has not rendered.
      if (workspaceId(ctx.doc) || !queryFirst(ctx.doc, S.chrome)) return null;
    }
    const pane = findPane(ctx.doc, ref);
    if (!pane) return null;
    const title = textOf(queryFirst(pane, S.title));
    if (!title) return null;
    const r = emptyReading();
    r.title = title;

    const rows = labelledRows(queryFirst(pane, S.fields) ?? pane, { row: S.row, label: S.rowLabel, value: S.rowValue });

    const assignee = queryFirst(pane, S.assignee) ?? rowLabelled(rows, /^(assignee|исполнитель)$/i)?.value;
    const owner = textOf(queryFirst(assignee, S.assigneeName)) || textOf(assignee);
    if (owner && !EMPTY_VALUE.test(owner)) r.owner = owner;

    const dueEl = queryFirst(pane, S.due) ?? rowLabelled(rows, /^(due date|срок)$/i)?.value;
    const dueText = textOf(dueEl);
    if (dueText && !EMPTY_VALUE.test(dueText)) {
      // "May 15, 2026" or a start–due range "Apr 20 – May 15, 2026".
      const range = dateRangeOf(dueText);
      if (range.end) r.dates.due = range.end;
      if (range.start) r.fields.startDate = range.start;
    }

    r.labels = textsOf(queryAllFirst(pane, S.tags));

    const project = textOf(queryFirst(pane, S.project));
    if (project) r.fields.project = project;
    const section = textOf(queryFirst(pane, S.section));

    // Custom fields (Status, Priority, Launch date, ...): any labelled row that is not one of the built-ins.
    let statusField = '';
    for (const row of rows) {
      if (/^(assignee|due date|projects?|tags|dependencies|исполнитель|срок|проекты?|теги|зависимости)$/i.test(row.label)) continue;
      const v = textOf(row.value);
      if (!v || EMPTY_VALUE.test(v)) continue;
      if (/^(status|статус)$/i.test(row.label)) statusField = v;
      else if (/^(priority|приоритет)$/i.test(row.label)) r.fields.priority = v;
      else if (LAUNCH_FIELD.test(row.label)) {
        const d = dateOf(row.value);
        if (d) r.dates.launch = d;
      } else if (RELEASE_FIELD.test(row.label)) {
        const d = dateOf(row.value);
        if (d) r.dates.release = d;
      } else r.fields[row.label] = v;
    }
    const complete = queryFirst(pane, S.completeButton);
    const completed = complete?.getAttribute('aria-pressed') === 'true' || /--isCompleted|--completed/.test(complete?.className ?? '');
    // The status a team reads: its Status field, else the project section (the board column), else completion.
    const status = completed ? 'Completed' : statusField || section;
    if (status) r.status = status;

    const desc = structuredText(queryFirst(pane, S.description));
    if (desc) r.description = desc;
    return r;
  },

  itemRoot(ctx, ref) {
    return findPane(ctx.doc, ref);
  },

  mountPoint(ctx, ref): MountSpec | null {
    const pane = findPane(ctx.doc, ref);
    if (!pane) return null;
    // Below the fields (where Asana lists its apps' fields), above the description.
    const fields = queryFirst(pane, S.fields);
    if (fields) {
      const spec = safeMount(fields, 'after', S.descriptionArea, pane);
      if (spec) return spec;
    }
    const title = queryFirst(pane, S.title);
    const block = title?.closest('.TaskPaneTitle') ?? title;
    return block ? safeMount(block, 'after', S.descriptionArea, pane) : null;
  },

  /**
   * What the pane did not show, from Asana's REST API on the same origin with the user's own session
   * (`GET /api/1.0/tasks/<gid>`, read-only; never a token). A different task's answer is ignored.
   */
  async fetchMissing(ctx, ref, reading, fetchFn) {
    if (reading.title && reading.description && reading.owner && reading.dates.due && reading.labels.length && reading.status) return {};
    try {
      const url = `${ORIGIN}/api/1.0/tasks/${encodeURIComponent(ref.id)}?opt_fields=${REST_FIELDS}`;
      const res = await fetchFn(url, { credentials: 'include', headers: { Accept: 'application/json' } });
      if (!res.ok) return {};
      const t = parseRestTask(await res.json());
      if (t.gid !== ref.id) return {};
      const out: Partial<ItemReading> = {};
      if (!reading.title && t.name) out.title = t.name;
      if (!reading.description && t.notes?.trim()) out.description = t.notes.trim();
      if (!reading.owner && t.assignee?.name) out.owner = t.assignee.name;
      if (!reading.dates.due && t.due_on && ISO_DAY.test(t.due_on)) out.dates = { due: t.due_on };
      const tags = (t.tags ?? []).map((x) => x.name ?? '').filter(Boolean);
      if (!reading.labels.length && tags.length) out.labels = tags;
      const section = t.memberships?.map((m) => m.section?.name ?? '').find(Boolean);
      if (!reading.status && (t.completed || section)) out.status = t.completed ? 'Completed' : section;
      if (!reading.fields.startDate && t.start_on && ISO_DAY.test(t.start_on)) out.fields = { startDate: t.start_on };
      return out;
    } catch {
      return {};
    }
  },

  theme(doc) {
    return (
      themeFromClasses(
        doc,
        ['DesignTokenThemeSelectors-theme--darkMode', 'DesignTokenThemeSelectors-theme--systemDarkMode'],
        ['DesignTokenThemeSelectors-theme--lightMode', 'DesignTokenThemeSelectors-theme--systemLightMode'],
      ) ?? themeFromColors(doc)
    );
  },
};
