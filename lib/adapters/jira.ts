/**
 * Jira adapter: Jira Cloud (`*.atlassian.net`) and Jira Server / Data Center on a host the user added.
 *
 * Pages served (real URLs, see testUrls):
 * - Cloud issue page `/browse/KEY`;
 * - Cloud issue open over a board, backlog or list (`?selectedIssue=KEY`), as a modal or a right-hand panel —
 *   the board keeps the open issue's own card in the DOM behind it, so everything is read from the
 *   issue view whose breadcrumb names KEY, never from the cards;
 * - Server/DC issue page `/[context]/browse/KEY` (`meta[name=application-name][content=JIRA]`, `#summary-val`).
 *
 * Identity is the URL's (parseItemUrl); the DOM only gives labels and fields. Selectors are fallback
 * lists, `data-testid` first, each with the variant it serves and when it was seen in public code.
 */
import {
  type SelectorList,
  closestOf,
  dateOf,
  isShown,
  parseHumanDate,
  queryAllFirst,
  queryFirst,
  refFromUrl,
  safeMount,
  structuredText,
  textOf,
  textsOf,
  atlassianTheme,
} from './dom';
import type { AdapterContext, HostAdapter, HostLink, HostLinkRel, ItemReading, MountSpec } from './types';
import { RestShapeError, isObj, optArray, optObj, optString, reqObj, reqString, stringItem } from './rest-check';
import { emptyReading } from './types';

/* ------------------------------------------------------------------ selectors */

const S = {
  /** Summary heading of an issue view (full page, modal, side panel). Seen 2025-04 … 2026-04 in public extensions. */
  summary: [
    'h1[data-testid="issue.views.issue-base.foundation.summary.heading"]',
    // 2026: inline-edit read view wraps the heading; keep in case the h1 loses its testid.
    '[data-testid="issue-field-summary.ui.issue-field-summary-inline-edit--container"] h1',
    // Older attribute spelling `data-test-id` (public userscripts 2022-2025, e.g. a Jira->markdown copier); some
    // tenants on slower release tracks still render it. Seen 2025-06.
    'h1[data-test-id="issue.views.issue-base.foundation.summary.heading"]',
  ],
  /** Roots of one issue view. The modal first, then any dialog, then the side panel / compact layout. */
  issueRoot: [
    '[data-testid="issue.views.issue-details.issue-modal.modal-dialog"]', // modal over boards (2025)
    // Board / backlog right-hand preview panel: a <section aria-label="Panel">, NOT a dialog. Seen 2026-08
    // (a public Jira extension's live-DOM analysis: board ?selectedIssue= "switch to sidebar", and backlog).
    'section[data-testid="preview-panels.preview-panel"]',
    '[data-testid*="issue-modal.modal-dialog"]', // renamed modal wrappers, substring form used by extensions 2025-2026
    '[role="dialog"]', // any modal wrapper (TMetric, 2024)
    '[data-testid*="issue-layout.compact-layout"]', // right-hand panel on boards/lists (2025)
    '[data-testid="issue.views.issue-details.issue-layout.issue-layout"]', // full page layout root (2025)
  ],
  /** Right-hand column of an issue view (context fields). Seen 2025 (Jira Expand). */
  containerRight: ['[data-testid="issue.views.issue-details.issue-layout.container-right"]'],
  /** The Details group of the right column (assignee, labels, due date), seen 2025–2026; the panel goes below it. */
  detailsGroup: [
    '[data-testid="issue-view-layout-templates-views.ui.context.visible-hidden.ui.context-group.container"]',
    '[data-testid="issue-view-layout-templates-views.ui.context.visible-hidden.ui.context-group.details-group"]',
    '[data-testid="issue-view-layout-templates-views.ui.context.visible-hidden.ui.context-group"]',
  ],
  statusWrapper: [
    '[data-testid="issue.views.issue-base.foundation.status.status-field-wrapper"]',
    '[data-testid="issue.views.issue-base.context.status-and-approvals-wrapper.status-and-approval"]',
  ],
  containerLeft: ['[data-testid="issue.views.issue-details.issue-layout.container-left"]'],
  /** The breadcrumb naming the current issue: its key in text and href. */
  breadcrumbKey: [
    '[data-testid="issue.views.issue-base.foundation.breadcrumbs.current-issue.item"]',
    '[data-testid="issue.views.issue-base.foundation.breadcrumbs.breadcrumb-current-issue-container"] a[href*="/browse/"]',
    '[data-test-id="issue.views.issue-base.foundation.breadcrumbs.current-issue.item"]', // older attribute spelling (2023-2025)
    // Preview panel header "Open in new tab" link (href /browse/KEY). Seen 2026-08 (board + backlog preview panel).
    '[data-testid="platform-issue-preview-panel.preview-panel-new-tab-link"]',
  ],
  /** The description field container; the renderer inside it. Never the first renderer on the page. */
  descriptionField: [
    '[data-testid="issue.views.field.rich-text.description"]',
    '[data-test-id="issue.views.field.rich-text.description"]', // older attribute spelling (Atlassian's own perf tests, 2023-2025)
  ],
  descriptionBody: ['.ak-renderer-document', '[data-testid="issue.views.field.rich-text.description"] [data-renderer-start-pos]'],
  status: [
    '[data-testid="issue-field-status.ui.status-view.status-button.status-button"]', // 2026-04
    '[data-testid="issue.views.issue-base.foundation.status.status-field-wrapper"] button', // 2024-2026
    '[data-testid="issue.views.issue-base.foundation.status.status-field-wrapper"]',
    // Status + approvals strip above the context fields (userscripts 2023-2025, both attribute spellings).
    '[data-testid="issue.views.issue-base.context.status-and-approvals-wrapper.status-and-approval"] button',
    '[data-test-id="issue.views.issue-base.context.status-and-approvals-wrapper.status-and-approval"] button',
    // Read-only lozenge (no transition rights, or the compact panel). Seen 2025 in public Playwright page objects.
    '[data-testid^="issue.fields.status.common.ui.status-lozenge"]',
    '[data-testid="issue.views.field.status.common.ui.status-lozenge"]',
  ],
  labelsField: [
    '[data-testid="issue.views.field.select.common.select-inline-edit.labels.field-inline-edit-state-less--container"]', // 2024-2025
    '[data-testid="issue.views.field.select.common.select-inline-edit.labels"]',
    '[data-testid="issue-view-product-templates-item-list.ui.sortable-item-list.sortable-item-container-labels"]', // 2026-04
    '[data-testid="issue.views.issue-base.context.labels"]', // context field wrapper, seen 2025 (public Playwright/Selenium scripts)
  ],
  dueDate: [
    '[data-testid="issue.views.field.date-inline-edit.duedate"] [data-testid="issue-field-date.ui.issue-field-date--container"]', // 2026-04
    '[data-testid="issue.views.field.date-inline-edit.duedate"]',
    '[data-testid="issue.issue-view-layout.issue-view-date-field.duedate"]',
    // Coloured (overdue/soon) due-date read view, seen 2025 in public Selenium/userscripts. The same component
    // draws due dates on board cards and child-issue rows, so it is taken only from the context column.
    '[data-testid="issue.views.issue-details.issue-layout.container-right"] [data-testid="coloured-due-date.ui.colored-due-date-container"]',
    // …or from the "Details" context group of the compact layout (preview panel), seen 2024-2025 in userscripts.
    '[data-testid="issue-view-layout-templates-views.ui.context.visible-hidden.ui.context-group.details-group"] [data-testid="coloured-due-date.ui.colored-due-date-container"]',
  ],
  /** Every date field (system and custom) — matched to due/launch/release/end by its heading. */
  dateFields: ['[data-testid^="issue.views.field.date-inline-edit."]', '[data-testid^="issue.issue-view-layout.issue-view-date-field."]'],
  fieldHeading: ['[data-testid^="issue-field-heading-styled-field-heading"]', 'h2', 'h3', 'label'],
  assignee: [
    '[data-testid="issue.views.field.user.assignee"]',
    '[data-testid="issue.issue-view-layout.issue-view-assignee-field.assignee"]',
    '[data-test-id="issue.views.field.user.assignee"]', // older attribute spelling (2023-2025)
  ],
  priority: [
    '[data-testid="issue-field-priority-readview-full.ui.priority.wrapper"]',
    '[data-testid="issue.views.field.priority.common.ui.inline-edit--read-view"]',
  ],
  fixVersions: ['[data-testid="issue.views.field.select.common.select-inline-edit.fixVersions"]'],
  issueType: ['[data-testid="issue.views.issue-base.foundation.change-issue-type.button"]'],
  /**
   * One group of the "Linked work items" section per relationship ("is blocked by", "blocks"), below
   * the description. Seen 2023-2026 in public userscripts, Selenium page objects and extensions.
   */
  linkGroup: ['[data-testid="issue.views.issue-base.content.issue-links.group-container"]', '[data-test-id="issue.views.issue-base.content.issue-links.group-container"]'],
  /** The relationship heading of a link group (the link type's inward/outward wording). */
  linkHeading: ['[data-testid$="issue-links-view.relationship-heading"]', '[data-test-id$="issue-links-view.relationship-heading"]', 'h2', 'h3'],
  /** The "Child issues" / "Child work items" panel (epic children and subtasks), 2023-2026. */
  childPanel: [
    '[data-testid="issue.issue-view.views.common.child-issues-panel.issues-container"]',
    '[data-testid="issue.views.common.child-issues-panel.issues-container"]',
  ],
  /** One linked or child item: the line card (links, older child panel) or the 2025-2026 table row. */
  linkRow: ['[data-testid="issue-line-card.card-container"]', '[data-testid$="ui.issue-row"]', '[role="listitem"]', 'li', 'tr'],
  linkSummary: [
    '[data-testid="issue.issue-view.views.common.issue-line-card.issue-line-card-view.summary"]',
    '[data-testid$="issue-line-card-view.summary"]',
    '[data-testid$="issue-summary.issue-summary-cell"]',
    '[data-item-title="true"]',
  ],
  linkStatus: [
    '[data-testid^="issue.fields.status.common.ui.status-lozenge"]',
    '[data-testid="issue-line-card.ui.status.status-field-container"]',
    '[data-testid$="status-cell"]',
  ],
  /** The parent in the breadcrumbs (its key; the title is not on the page). 2023-2026, both attribute spellings. */
  parentCrumb: [
    '[data-testid="issue.views.issue-base.foundation.breadcrumbs.parent-issue.item"]',
    '[data-test-id="issue.views.issue-base.foundation.breadcrumbs.parent-issue.item"]',
    '[data-testid="issue.views.issue-base.foundation.breadcrumbs.breadcrumb-parent-issue-container"] a[href*="/browse/"]',
  ],
} satisfies Record<string, SelectorList>;

/** Jira Server / Data Center (classic issue view), stable ids since Jira 6. */
const DC = {
  summary: ['#summary-val', 'h1#summary-val', '[data-field-id="summary"]'],
  key: ['#key-val'],
  root: ['#issue-content', '.issue-view', '#content'],
  description: ['#description-val .user-content-block', '#description-val'],
  status: ['#status-val .jira-issue-status-lozenge', '#status-val'],
  due: ['#due-date time', '#due-date'],
  labels: ['.labels-wrap .labels li a span', '.labels-wrap .labels .lozenge', '.labels .lozenge', '.labels li a'],
  assignee: ['#assignee-val .user-hover', '#assignee-val'],
  priority: ['#priority-val'],
  mount: ['#viewissuesidebar', '.issue-side-column', '#details-module'],
  /** Jira Data Center sidebar modules the panel goes below (people, then dates). */
  mountAfter: ['#datesmodule', '#peoplemodule'],
  propertyItems: ['#customfieldmodule .property-list > li', '#details-module .property-list > li', '.property-list > li'],
  /** Issue links module: one `dl.links-list` per relationship (`dt` = its wording). Jira 7-9. */
  linkLists: ['#linkingmodule dl.links-list', '#linkingmodule .links-list'],
  subtaskRows: ['#view-subtasks tr.issuerow', '#view-subtasks [data-issuekey]'],
  parent: ['#parent_issue_summary', '.parentIssue a', 'a#parent_issue_summary'],
} satisfies Record<string, SelectorList>;

/** Heading text → which date it is (EN / RU Jira UIs). */
const DATE_FIELD_NAMES: ReadonlyArray<readonly [RegExp, keyof ItemReading['dates']]> = [
  [/^(due( date)?|срок( исполнения)?|дата (выполнения|исполнения))\b/i, 'due'],
  [/(launch|go[- ]live|старт кампании|запуск)/i, 'launch'],
  [/(release|релиз|выпуск)/i, 'release'],
  [/(end date|campaign end|дата окончания|окончани|конец)/i, 'end'],
];

function dateKind(label: string): keyof ItemReading['dates'] | null {
  const t = label.replace(/[:*]\s*$/, '').trim();
  for (const [re, kind] of DATE_FIELD_NAMES) if (re.test(t)) return kind;
  return null;
}

/* ------------------------------------------------------------------ finding the open issue */

function isJiraDataCenter(doc: Document): boolean {
  const app = doc.querySelector('meta[name="application-name"]')?.getAttribute('content');
  return app === 'JIRA' && queryFirst(doc, DC.summary) !== null && queryFirst(doc, S.summary) === null;
}

function keyFromText(s: string | null | undefined): string | null {
  if (!s) return null;
  const m = /\/browse\/([A-Z][A-Z0-9_]*-[1-9]\d*)(?:[/?#]|$)/.exec(s) ?? /^([A-Z][A-Z0-9_]*-[1-9]\d*)$/.exec(s.trim());
  return m ? m[1]! : null;
}

/** The issue key a view names in its breadcrumb, or null when it shows none. */
function breadcrumbKeyOf(root: Element): string | null {
  for (const s of S.breadcrumbKey) {
    for (const el of Array.from(root.querySelectorAll(s))) {
      const k = keyFromText(el.getAttribute('href')) ?? keyFromText(textOf(el)) ?? keyFromText(el.querySelector('a[href]')?.getAttribute('href'));
      if (k) return k;
    }
  }
  return null;
}

/** The smallest element around a summary heading that holds that one issue view. */
function issueRootOf(heading: Element, doc: Document): Element {
  const known = closestOf(heading, S.issueRoot);
  if (known) return known;
  for (let cur = heading.parentElement; cur && cur !== doc.body; cur = cur.parentElement) {
    if (queryFirst(cur, S.containerRight) || queryFirst(cur, S.breadcrumbKey)) return cur;
  }
  return heading.parentElement ?? heading;
}

interface CloudView {
  heading: Element;
  root: Element;
}

/**
 * The issue view for `key`: among the summary headings on the page, the one whose view's
 * breadcrumb names the key. A view without a breadcrumb is accepted only when it is the only one.
 */
function findCloudView(doc: Document, key: string): CloudView | null {
  // One check asks three times (read, itemRoot, mountPoint) in one task: the page cannot change
  // in between, so the first answer is kept until the task ends.
  // Kept only while it is still in the page and still names this key (a caller may change the DOM).
  const hit = viewMemo;
  if (hit && hit.doc === doc && hit.key === key && hit.view.root.isConnected && hit.view.heading.isConnected && (breadcrumbKeyOf(hit.view.root) ?? key) === key) return hit.view;
  const view = findCloudViewNow(doc, key);
  if (view) {
    viewMemo = { doc, key, view };
    queueMicrotask(() => {
      viewMemo = null;
    });
  }
  return view;
}

let viewMemo: { doc: Document; key: string; view: CloudView } | null = null;

function findCloudViewNow(doc: Document, key: string): CloudView | null {
  const headings = queryAllFirst(doc, S.summary).filter((h) => isShown(h));
  const views = headings.map((heading) => ({ heading, root: issueRootOf(heading, doc) }));
  const named = views.find((v) => breadcrumbKeyOf(v.root) === key);
  if (named) return named;
  const unnamed = views.filter((v) => breadcrumbKeyOf(v.root) === null);
  return views.length === 1 && unnamed.length === 1 ? unnamed[0]! : null;
}

/* ------------------------------------------------------------------ reading */

// No `\b`: it never matches around Cyrillic letters, and the button's text is glued to the name
// when both are inline elements ("Мария ИвановаНазначить меня").
const ASSIGN_TO_ME = /(assign to me|назначить меня|назначить на меня)(?!\p{L})/giu;

/**
 * The profile-card trigger names the person in its aria-label ("More information about Maria Ivanova"),
 * while its text repeats the name for the avatar and the label. Seen 2026-07 in a public capture of a
 * real Jira work item (profilecard-next.ui.profilecard.profilecard-trigger).
 */
const PROFILE_LABEL = /^(?:more information about|подробнее о|дополнительная информация о)\s+(.+)$/i;

function profileCardName(field: Element): string | undefined {
  const trigger = queryFirst(field, ['[data-testid="profilecard-next.ui.profilecard.profilecard-trigger"]']);
  if (!trigger) return undefined;
  for (const el of [trigger, ...Array.from(trigger.querySelectorAll('[aria-label]'))]) {
    const m = PROFILE_LABEL.exec((el.getAttribute('aria-label') ?? '').trim());
    if (m?.[1]) return m[1].trim();
  }
  return undefined;
}

/** "Maria Ivanova Maria Ivanova" (a name drawn twice: avatar fallback + label) → "Maria Ivanova". */
function dedupeRepeated(t: string): string {
  const words = t.split(' ');
  if (words.length % 2 === 0) {
    const half = words.length / 2;
    const a = words.slice(0, half).join(' ');
    if (a === words.slice(half).join(' ')) return a;
  }
  return t;
}

function ownerFrom(field: Element | null): string | undefined {
  if (!field) return undefined;
  const named = queryFirst(field, ['[data-testid$="name.wrapper"]', '[data-testid*="user-name"]']);
  const fromImg = field.querySelector('img[alt]')?.getAttribute('alt');
  let t = textOf(named) || profileCardName(field) || '';
  if (!t) {
    t = textOf(field).replace(ASSIGN_TO_ME, '').trim();
    const heading = textOf(queryFirst(field, S.fieldHeading));
    if (heading && t.startsWith(heading)) t = t.slice(heading.length).trim();
    t = dedupeRepeated(t);
  }
  if (!t && fromImg) t = fromImg;
  if (!t || /^(unassigned|не назначен[оа]?)$/i.test(t)) return undefined;
  return t;
}

function labelsFrom(field: Element | null): string[] {
  if (!field) return [];
  // Labels render as links to a JQL search (TMetric reads them this way since 2019).
  const links = Array.from(field.querySelectorAll('a[href*="labels"]'));
  if (links.length) return textsOf(links);
  const items = Array.from(field.querySelectorAll('[role="listitem"], li, [data-testid*="tag"]'));
  const texts = textsOf(items.filter((e) => !e.querySelector('[role="listitem"], li')));
  return texts.filter((t) => !/^(none|нет)$/i.test(t));
}

/** An empty description shows a placeholder, not a renderer (Jira Cloud 2024-2026, EN/RU UIs). */
const DESCRIPTION_PLACEHOLDER = /^(add a description|edit description|добавьте описание|добавить описание|описание отсутствует)(?!\p{L})/iu;

/**
 * The description field without a renderer inside (empty, or a renderer we do not know): its text minus
 * the field heading, buttons and the placeholder. Empty when only the placeholder is left.
 */
function descriptionWithoutRenderer(field: Element): string {
  const text = structuredText(field, {
    skip: (e) =>
      e.matches('button, [role="button"], [data-testid^="issue-field-heading"]') ||
      (/^H[1-6]$/.test(e.tagName.toUpperCase()) && /^(description|описание)$/i.test(textOf(e))),
  });
  const lines = text.split('\n').filter((l) => !DESCRIPTION_PLACEHOLDER.test(l.trim()));
  return lines.join('\n').trim();
}

function fieldValueText(field: Element): string {
  const heading = queryFirst(field, S.fieldHeading);
  let t = textOf(field);
  const h = textOf(heading);
  if (h && t.startsWith(h)) t = t.slice(h.length);
  return t.trim();
}

/* ------------------------------------------------------------------ the host's own links */

/** A relationship heading (EN/RU Jira UIs, the Blocks link type and common custom ones) → how this item relates. */
const LINK_REL: ReadonlyArray<readonly [RegExp, HostLinkRel]> = [
  [/^(is blocked by|blocked by|depends on|is dependent on|заблокирован[оаы]?|блокируется|зависит от)$/, 'blocked-by'],
  [/^(blocks|is depended on by|is a dependency of|is dependency of|блокирует|является зависимостью для|от него зависит)$/, 'blocks'],
  [/^(child issues|child work items|child items|subtasks|sub-tasks|дочерние задачи|дочерние рабочие элементы|дочерние элементы|подзадачи)$/, 'child'],
  [/^(parent|родительская задача|родительский элемент|родитель)$/, 'parent'],
];

export function linkRelOf(heading: string): HostLinkRel | null {
  const t = heading
    .toLocaleLowerCase()
    .replace(/ё/g, 'е')
    .replace(/\(\s*\d+\s*\)|\d+\s*(of|из)\s*\d+.*$/g, '')
    .replace(/[:：]\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  for (const [re, rel] of LINK_REL) if (re.test(t)) return rel;
  return null;
}

const ISSUE_KEY = /^[A-Z][A-Z0-9_]*-[1-9]\d*$/;

/** One row of a link group or the child panel: the key from its /browse/ link, title and status as shown. */
function linkFromRow(row: Element, rel: HostLinkRel, self: string): HostLink | null {
  const anchors = Array.from(row.querySelectorAll('a[href*="/browse/"]'));
  let id: string | null = null;
  for (const a of anchors) {
    id = keyFromText(a.getAttribute('href'));
    if (id) break;
  }
  id ??= (row.getAttribute('data-issue-key') ?? row.getAttribute('data-issuekey'));
  if (!id || !ISSUE_KEY.test(id) || id === self) return null;
  const link: HostLink = { id, rel };
  let title = textOf(queryFirst(row, S.linkSummary));
  if (!title) title = anchors.map((a) => textOf(a)).find((t) => t && t !== id) ?? '';
  if (!title) {
    // Older rows: the key link, then the summary as the next text element.
    const span = Array.from(row.children).find((c) => c.tagName === 'SPAN' && textOf(c) && textOf(c) !== id);
    title = textOf(span);
  }
  if (title) link.title = title.slice(0, 300);
  const statusEl = queryFirst(row, S.linkStatus);
  const status = textOf(statusEl);
  if (status) link.status = status.slice(0, 100);
  // The lozenge's testid ends in the status category id: 3 = Done (2 = To Do, 4 = In Progress).
  const lozenge = statusEl?.matches('[data-testid^="issue.fields.status.common.ui.status-lozenge"]') ? statusEl : statusEl?.querySelector('[data-testid^="issue.fields.status.common.ui.status-lozenge"]');
  const cat = lozenge?.getAttribute('data-testid')?.split('.').pop();
  if (cat === '3') link.done = true;
  else if (cat === '2' || cat === '4') link.done = false;
  return link;
}

function rowsOf(container: Element): Element[] {
  for (const sel of S.linkRow) {
    const rows = Array.from(container.querySelectorAll(sel)).filter((r) => r.querySelector('a[href*="/browse/"]') || r.hasAttribute('data-issue-key'));
    // The innermost rows only (a line card inside a list item is one row).
    const inner = rows.filter((r) => !rows.some((o) => o !== r && r.contains(o)));
    if (inner.length) return inner;
  }
  return [];
}

/** Links as the Cloud issue view shows them: link groups, the child panel, the parent breadcrumb. */
function readCloudLinks(root: Element, self: string): HostLink[] {
  const out: HostLink[] = [];
  for (const group of queryAllFirst(root, S.linkGroup)) {
    const rel = linkRelOf(textOf(queryFirst(group, S.linkHeading)));
    if (!rel) continue;
    for (const row of rowsOf(group)) {
      const l = linkFromRow(row, rel, self);
      if (l) out.push(l);
    }
  }
  for (const panel of queryAllFirst(root, S.childPanel)) {
    for (const row of rowsOf(panel)) {
      const l = linkFromRow(row, 'child', self);
      if (l) out.push(l);
    }
  }
  const crumb = queryFirst(root, S.parentCrumb);
  const parent = keyFromText(crumb?.getAttribute('href')) ?? keyFromText(crumb?.querySelector('a[href]')?.getAttribute('href')) ?? keyFromText(textOf(crumb));
  if (parent && parent !== self) out.push({ id: parent, rel: 'parent' });
  return dedupeLinks(out);
}

function readDataCenterLinks(doc: Document, self: string): HostLink[] {
  const out: HostLink[] = [];
  for (const list of queryAllFirst(doc, DC.linkLists)) {
    const rel = linkRelOf(list.querySelector('dt')?.getAttribute('title') ?? textOf(list.querySelector('dt')));
    if (!rel) continue;
    for (const a of Array.from(list.querySelectorAll('a.issue-link[data-issue-key], .link-content a[href*="/browse/"]'))) {
      const id = a.getAttribute('data-issue-key') ?? keyFromText(a.getAttribute('href'));
      if (!id || !ISSUE_KEY.test(id) || id === self) continue;
      const content = a.closest('.link-content') ?? a.parentElement ?? a;
      const l: HostLink = { id, rel };
      const title = textOf(content.querySelector('.link-summary'));
      if (title) l.title = title.slice(0, 300);
      const lozenge = content.querySelector('.jira-issue-status-lozenge, .status');
      const status = textOf(lozenge);
      if (status) l.status = status.slice(0, 100);
      if (lozenge?.classList.contains('jira-issue-status-lozenge-done') || lozenge?.classList.contains('jira-issue-status-lozenge-success')) l.done = true;
      out.push(l);
    }
  }
  for (const tr of queryAllFirst(doc, DC.subtaskRows)) {
    const id = tr.getAttribute('data-issuekey') ?? keyFromText(tr.querySelector('a[href*="/browse/"]')?.getAttribute('href'));
    if (!id || !ISSUE_KEY.test(id) || id === self) continue;
    const l: HostLink = { id, rel: 'child' };
    const title = textOf(tr.querySelector('.stsummary a, .stsummary'));
    if (title) l.title = title.slice(0, 300);
    const lozenge = tr.querySelector('.status .jira-issue-status-lozenge, .status');
    const status = textOf(lozenge);
    if (status) l.status = status.slice(0, 100);
    if (lozenge?.classList.contains('jira-issue-status-lozenge-done')) l.done = true;
    out.push(l);
  }
  const p = queryFirst(doc, DC.parent);
  const pid = p?.getAttribute('data-issue-key') ?? keyFromText(p?.getAttribute('href'));
  if (p && pid && ISSUE_KEY.test(pid) && pid !== self) {
    const title = (p.getAttribute('title') ?? textOf(p)).replace(pid, '').trim();
    out.push({ id: pid, rel: 'parent', ...(title ? { title: title.slice(0, 300) } : {}) });
  }
  return dedupeLinks(out);
}

/** One link per item and relation; a later sighting fills what an earlier one lacked. */
export function dedupeLinks(links: readonly HostLink[]): HostLink[] {
  const by = new Map<string, HostLink>();
  for (const l of links) {
    const k = `${l.rel}|${l.id}`;
    const cur = by.get(k);
    if (!cur) by.set(k, { ...l });
    else {
      cur.title ??= l.title;
      cur.status ??= l.status;
      cur.done ??= l.done;
      cur.due ??= l.due;
    }
  }
  return [...by.values()].slice(0, 100);
}

function readCloud(view: CloudView, self: string): ItemReading {
  const r = emptyReading();
  const { root } = view;
  const title = textOf(view.heading);
  if (title) r.title = title;

  const descField = queryFirst(root, S.descriptionField);
  if (descField) {
    const body = queryFirst(descField, S.descriptionBody);
    const text = body ? structuredText(body) : descriptionWithoutRenderer(descField);
    if (text) r.description = text;
  }

  const status = textOf(queryFirst(root, S.status));
  if (status) r.status = status;

  r.labels = labelsFrom(queryFirst(root, S.labelsField));

  const due = dateOf(queryFirst(root, S.dueDate));
  if (due) r.dates.due = due;
  for (const field of queryAllFirst(root, S.dateFields)) {
    const kind = dateKind(textOf(queryFirst(field, S.fieldHeading)));
    if (!kind || r.dates[kind]) continue;
    const d = dateOf(queryFirst(field, ['[data-testid="issue-field-date.ui.issue-field-date--container"]', 'time'])) ?? parseHumanDate(fieldValueText(field));
    if (d) r.dates[kind] = d;
  }

  const owner = ownerFrom(queryFirst(root, S.assignee));
  if (owner) r.owner = owner;

  const priority = textOf(queryFirst(root, S.priority));
  if (priority) r.fields.priority = priority;
  const fixVersions = queryFirst(root, S.fixVersions);
  if (fixVersions) {
    const v = fieldValueText(fixVersions);
    if (v && !/^(none|нет)$/i.test(v)) r.fields.fixVersions = v;
  }
  readCustomFields(root, r);
  const links = readCloudLinks(root, self);
  if (links.length) r.links = links;
  return r;
}

/**
 * Custom fields by their heading (the brief check counts "Target audience", "Канал", "Campaign
 * KPIs" as brief fields). Jira Cloud renders each custom field's view with a data-testid ending in
 * its id ("issue.views.field.single-line-text.read-view.customfield_10042", 2024-2026); its heading
 * is in the field's container a few levels up. Placeholders ("None", "Add text") are not values.
 */
function readCustomFields(root: Element, r: ItemReading): void {
  for (const el of Array.from(root.querySelectorAll('[data-testid*="customfield_"]')).slice(0, 200)) {
    if (el.parentElement?.closest('[data-testid*="customfield_"]') && root.contains(el.parentElement.closest('[data-testid*="customfield_"]'))) continue;
    let container: Element | null = el.parentElement;
    let heading: Element | null = null;
    for (let i = 0; container && i < 5 && container !== root; i++, container = container.parentElement) {
      heading = queryFirst(container, S.fieldHeading);
      if (heading && !el.contains(heading)) break;
      heading = null;
    }
    const name = textOf(heading);
    if (!name || !container || name.length > 120) continue;
    const value = fieldValueText(container);
    if (!value || /^(none|нет|add text|добавить текст|add|добавить|select|выбрать)$/i.test(value)) continue;
    r.properties ??= {};
    r.properties[name] ??= value.slice(0, 500);
  }
}

function readDataCenter(doc: Document): ItemReading | null {
  const summary = queryFirst(doc, DC.summary);
  if (!summary) return null;
  const r = emptyReading();
  const title = textOf(summary);
  if (!title) return null;
  r.title = title;
  const desc = structuredText(queryFirst(doc, DC.description));
  if (desc) r.description = desc;
  const status = textOf(queryFirst(doc, DC.status));
  if (status) r.status = status;
  const due = dateOf(queryFirst(doc, DC.due), { slashOrder: 'dmy' });
  if (due) r.dates.due = due;
  r.labels = textsOf(queryAllFirst(doc, DC.labels)).filter((t) => !/^(none|нет)$/i.test(t));
  const owner = textOf(queryFirst(doc, DC.assignee));
  if (owner && !/^(unassigned|не назначен[оа]?)$/i.test(owner)) r.owner = owner;
  const priority = textOf(queryFirst(doc, DC.priority));
  if (priority) r.fields.priority = priority;
  for (const li of queryAllFirst(doc, DC.propertyItems)) {
    const name = textOf(li.querySelector('.name, strong'));
    const shown = textOf(li.querySelector('.value'));
    if (name && shown && name.length <= 121 && !/^(none|нет)$/i.test(shown)) {
      r.properties ??= {};
      r.properties[name.replace(/[:：]\s*$/, '')] ??= shown.slice(0, 500);
    }
    const kind = dateKind(name);
    if (!kind || r.dates[kind]) continue;
    const valueEl = li.querySelector('.value, .type-datepicker, .type-datetime') ?? li;
    const d = dateOf(valueEl, { slashOrder: 'dmy' });
    if (d) r.dates[kind] = d;
  }
  return r;
}

/* ------------------------------------------------------------------ REST fallback */

interface RestIssue {
  key: string;
  fields: { summary?: string; duedate?: string; labels?: string[]; status?: string; assignee?: string };
  /** issuelinks (Blocks and dependency-like types), parent and subtasks, with the linked issues' summaries. */
  links: HostLink[];
}

/** A linked issue as the REST API nests it: key, and fields.summary / fields.status (+ statusCategory). */
function restLinked(v: unknown, rel: HostLinkRel): HostLink | null {
  if (!isObj(v)) throw new RestShapeError('linked issue: not an object');
  const id = reqString(v, 'key');
  if (!ISSUE_KEY.test(id)) return null;
  const f = optObj(v, 'fields') ?? {};
  const link: HostLink = { id, rel };
  const summary = optString(f, 'summary');
  if (summary) link.title = summary.slice(0, 300);
  const status = optObj(f, 'status');
  if (status) {
    const name = optString(status, 'name');
    if (name) link.status = name.slice(0, 100);
    const cat = optObj(status, 'statusCategory');
    const catKey = cat ? optString(cat, 'key') : undefined;
    if (catKey) link.done = catKey === 'done';
  }
  const due = parseHumanDate(optString(f, 'duedate') ?? null);
  if (due) link.due = due;
  return link;
}

/** One issuelinks entry: the other issue is `inwardIssue` (this issue "<type.inward>" it) or `outwardIssue`. */
function restIssueLink(v: unknown): HostLink | null {
  if (!isObj(v)) throw new RestShapeError('issuelinks item: not an object');
  const type = optObj(v, 'type') ?? {};
  const inward = optObj(v, 'inwardIssue');
  const outward = optObj(v, 'outwardIssue');
  const other = inward ?? outward;
  if (!other) return null;
  const wording = optString(type, inward ? 'inward' : 'outward') ?? '';
  let rel = linkRelOf(wording);
  // A renamed Blocks type still has its name: its inward side waits, its outward side blocks.
  if (!rel && /^(blocks|blocker|dependency|dependencies)$/i.test(optString(type, 'name') ?? '')) rel = inward ? 'blocked-by' : 'blocks';
  if (rel !== 'blocked-by' && rel !== 'blocks') return null;
  return restLinked(other, rel);
}

/** GET /rest/api/{3|2}/issue/KEY, checked by hand (no zod on host pages); null when it is not that shape. */
export function parseRestIssue(body: unknown): RestIssue | null {
  try {
    if (!isObj(body)) return null;
    const f = reqObj(body, 'fields');
    const status = optObj(f, 'status');
    const assignee = optObj(f, 'assignee');
    const links: HostLink[] = [];
    for (const l of optArray(f, 'issuelinks', restIssueLink) ?? []) if (l) links.push(l);
    for (const l of optArray(f, 'subtasks', (v) => restLinked(v, 'child')) ?? []) if (l) links.push(l);
    const parent = optObj(f, 'parent');
    if (parent) {
      const l = restLinked(parent, 'parent');
      if (l) links.push(l);
    }
    return {
      key: reqString(body, 'key'),
      fields: {
        summary: optString(f, 'summary'),
        duedate: optString(f, 'duedate'),
        labels: optArray(f, 'labels', stringItem),
        status: status ? reqString(status, 'name') : undefined,
        assignee: assignee ? reqString(assignee, 'displayName') : undefined,
      },
      links: dedupeLinks(links),
    };
  } catch {
    return null;
  }
}

const REST_FIELDS = 'summary,status,duedate,labels,assignee,issuelinks,subtasks,parent';

/** A link group cut short by "Show more" / "Показать ещё" (Jira shows the first few links only). */
function hasShowMore(doc: Document): boolean {
  for (const g of queryAllFirst(doc, S.linkGroup)) {
    for (const b of Array.from(g.querySelectorAll('button'))) if (/^(show more|показать (еще|ещё|больше))/i.test(textOf(b))) return true;
  }
  return false;
}

function restBase(ctx: AdapterContext): string {
  const contextPath = ctx.doc.querySelector('meta[name="ajs-context-path"]')?.getAttribute('content') ?? '';
  const safePath = /^(\/[A-Za-z0-9._~-]+)*$/.test(contextPath) ? contextPath : '';
  return `${ctx.url.origin}${safePath}`;
}

/* ------------------------------------------------------------------ adapter */

export const jiraAdapter: HostAdapter = {
  id: 'jira',
  tool: 'jira',
  testUrls: [
    'https://acme.atlassian.net/browse/MKT-142',
    'https://acme.atlassian.net/jira/software/projects/PAY/boards/12?selectedIssue=PAY-88',
    'https://acme.atlassian.net/jira/software/c/projects/MKT/list?selectedIssue=MKT-143',
    'https://acme.atlassian.net/jira/software/c/projects/MKT/issues/MKT-142?jql=project%20%3D%20MKT',
    'https://jira.acme-corp.ru/jira/browse/OPS-7',
  ],

  matchesHost(url, custom) {
    const host = url.hostname.toLowerCase();
    const withPort = url.port ? `${host}:${url.port}` : host;
    if (host.endsWith('.atlassian.net') && host !== 'atlassian.net') return true;
    return (custom.jira ?? []).some((h) => {
      const c = h.toLowerCase();
      return c === host || c === withPort;
    });
  },

  detect(ctx) {
    // The URL decides; Jira has no DOM state that could contradict a key in the URL.
    const direct = refFromUrl(ctx, 'jira');
    if (direct) return direct;
    // The issue navigator of company-managed / team-managed projects names the open issue as the last
    // segment: /jira/software/c/projects/CSHARP/issues/CSHARP-856 (links in public repos, 2025-2026;
    // also /jira/core/… and /jira/servicedesk/…). Read as /browse/KEY on the same origin: same item key.
    const segs = ctx.url.pathname.split('/').filter(Boolean);
    const key = segs[segs.length - 1] ?? '';
    if (
      segs[0] === 'jira' &&
      segs.includes('projects') &&
      segs[segs.length - 2] === 'issues' &&
      /^[A-Z][A-Z0-9_]*-[1-9]\d*$/.test(key)
    ) {
      return refFromUrl({ ...ctx, url: new URL(`/browse/${key}`, ctx.url.origin) }, 'jira');
    }
    return null;
  },

  read(ctx, ref) {
    if (ref.tool !== 'jira') return null;
    const view = findCloudView(ctx.doc, ref.id);
    if (view) return readCloud(view, ref.id);
    if (isJiraDataCenter(ctx.doc)) {
      const key = queryFirst(ctx.doc, DC.key);
      const shown = key ? (key.getAttribute('data-issue-key') ?? textOf(key)) : null;
      if (shown && shown !== ref.id) return null; // a different issue is on screen
      const r = readDataCenter(ctx.doc);
      if (r) {
        const links = readDataCenterLinks(ctx.doc, ref.id);
        if (links.length) r.links = links;
      }
      return r;
    }
    return null;
  },

  itemRoot(ctx, ref) {
    return findCloudView(ctx.doc, ref.id)?.root ?? null;
  },

  mountPoint(ctx, ref): MountSpec | null {
    const avoid = [...S.descriptionField, '.ak-renderer-document', '[data-testid*="rich-text"]'];
    const view = findCloudView(ctx.doc, ref.id);
    if (view) {
      const right = queryFirst(view.root, S.containerRight);
      if (right) {
        // Below Details (status, assignee, due date stay where they are on the first screen) — where
        // Jira puts its own app panels; else below the status; else at the end of the right column.
        const topBlock = (el: Element | null): Element | null => {
          let cur = el;
          while (cur && cur.parentElement && cur.parentElement !== right) cur = cur.parentElement;
          return cur && cur.parentElement === right ? cur : null;
        };
        const details = topBlock(queryFirst(right, S.detailsGroup));
        const spec = (details && safeMount(details, 'after', avoid, view.root)) ?? null;
        if (spec) return spec;
        const status = topBlock(queryFirst(right, S.statusWrapper));
        const afterStatus = status ? safeMount(status, 'after', avoid, view.root) : null;
        if (afterStatus) return afterStatus;
        const last = safeMount(right, 'last', avoid, view.root);
        if (last) return last;
      }
      const summaryWrap =
        closestOf(view.heading, ['[data-testid="issue-field-summary.ui.issue-field-summary-inline-edit--container"]']) ?? view.heading;
      return safeMount(summaryWrap, 'after', avoid, view.root);
    }
    if (isJiraDataCenter(ctx.doc)) {
      // Below the People and Dates modules of the sidebar, else at its end.
      const side = queryFirst(ctx.doc, DC.mount);
      const below = side ? queryFirst(side, DC.mountAfter) : null;
      return (below && safeMount(below, 'after', ['#description-val', '.user-content-block'])) ?? safeMount(side, 'last', ['#description-val', '.user-content-block']);
    }
    return null;
  },

  theme(doc) {
    return atlassianTheme(doc);
  },

  async fetchMissing(ctx, ref, reading, fetchFn) {
    if (ref.tool !== 'jira') return {};
    const missing = !reading.title || !reading.status || !reading.dates.due || reading.labels.length === 0 || !reading.owner;
    // The page may not show the links (the compact panel, a collapsed "Show more", none at all), and it
    // never shows the parent's title or status: the API fills them in.
    const linksShown = (reading.links ?? []).length > 0 && (reading.links ?? []).every((l) => l.title && l.status) && !hasShowMore(ctx.doc);
    if (!missing && linksShown) return {};
    try {
      // Jira Cloud's current API is v3; Server / Data Center serve v2 (the fields asked for read the same).
      const version = ctx.url.hostname.toLowerCase().endsWith('.atlassian.net') ? 3 : 2;
      const url = `${restBase(ctx)}/rest/api/${version}/issue/${encodeURIComponent(ref.id)}?fields=${REST_FIELDS}`;
      const res = await fetchFn(url, { credentials: 'include', headers: { Accept: 'application/json' } });
      if (!res.ok) return {};
      const parsed = parseRestIssue(await res.json());
      if (!parsed || parsed.key !== ref.id) return {};
      const f = parsed.fields;
      const out: Partial<ItemReading> = {};
      if (!reading.title && f.summary) out.title = f.summary;
      if (!reading.status && f.status) out.status = f.status;
      if (!reading.owner && f.assignee) out.owner = f.assignee;
      if (reading.labels.length === 0 && f.labels?.length) out.labels = f.labels;
      const due = parseHumanDate(f.duedate ?? null);
      if (!reading.dates.due && due) out.dates = { ...reading.dates, due };
      if (parsed.links.length) out.links = parsed.links;
      return out;
    } catch {
      return {};
    }
  },
};

