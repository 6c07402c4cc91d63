/**
 * Salesforce Lightning Experience record pages: lead, contact, account, opportunity, case.
 *
 * Real URLs:
 *   https://acme.lightning.force.com/lightning/r/Lead/00Q5g00000AbCdEEAZ/view
 *   https://acme.lightning.force.com/lightning/r/Contact/0035g00000XyZ12AAB/view
 *   https://acme.lightning.force.com/lightning/r/Account/0015g00000QwErTAAZ/view
 *   https://acme--uat.sandbox.lightning.force.com/lightning/r/Opportunity/0065g00000OpPoRAAQ/view
 *   https://acme.lightning.force.com/lightning/r/Case/5005g00000CaSe1AAA/view
 *   https://acme.my.salesforce.com/00Q5g00000AbCdE                          (Classic-style id URL)
 *   https://acme.lightning.force.com/lightning/o/Lead/list?filterName=Recent (list view — no record)
 *
 * Lightning keeps cached views of previously opened records in the DOM (hidden
 * `.windowViewMode-normal.oneContent` without `active`, `display:none`): everything is read inside
 * the ACTIVE view only. Fields are found by their API name where Lightning exposes it
 * (`data-target-selection-name="sfdc:RecordField.Lead.LeadSource"` — the same in every UI language),
 * then by `records-record-layout-item[field-label]`. Current status/stage from the SLDS path
 * (`.slds-path__item.slds-is-current`); activities from the SLDS timeline
 * (`.slds-timeline__item_call`, `_email`, `_event`, `_task`).
 */
import type { AdapterContext, HostAdapter, ItemReading, MountSpec } from './types';
import type { ItemRef } from '../core/item-ref';
import { colorSchemeHint, queryFirst, refFromUrl, safeMount, textOf, themeFromColors } from './dom';
import type { ActivityEvent } from './crm-dom';
import {
  buildCrmReading,
  classifyActivity,
  collapse,
  collectFields,
  fieldKeyForLabel,
  isHiddenDeep,
  parseCrmDateTime,
  queryAllOf,
  textWithout,
} from './crm-dom';

const HIDDEN_CLASSES = ['slds-hide', 'hidden'] as const;
const ASSISTIVE = '.slds-assistive-text, .assistiveText, lightning-primitive-icon';

const SEL = {
  /** Active view containers, best first. */
  active: [
    '.oneContent.active', // standard navigation, seen 2023–2026
    '.windowViewMode-normal.active', // seen 2022–2026 (Toggl's lightningSelector)
    '.windowViewMode-maximized.active', // console apps, seen 2024
    '.tabContent.active.oneConsoleTab', // console workspace tab, seen 2023
    'div.split-right > .tabContent.active', // console split view, seen 2024 (public extension code)
    'section.tabContent.active', // console tab without oneConsoleTab, seen 2025-11 (public selector registry)
  ],
  /** The record page component inside a view. */
  recordPage: ['one-record-home-flexipage2', 'records-lightning-record-page', 'force-record-page', '.forceRecordPage'],
  highlights: ['records-highlights2', 'records-lwc-highlights-panel', '.forceHighlightsPanel', 'force-highlights2'],
  title: [
    '.slds-page-header__title lightning-formatted-name', // contacts, leads (name fields)
    '.slds-page-header__title lightning-formatted-text', // accounts, opportunities, cases
    'lightning-formatted-text[slot="primaryField"]',
    'records-formula-output[slot="primaryField"] lightning-formatted-text', // formula name (cases), seen 2025-11
    'slot[name="primaryField"] lightning-formatted-text', // seen 2025-11
    '[slot="primaryField"]',
    '.slds-page-header__title .uiOutputText', // Aura highlights, seen until 2023
    'h1 .uiOutputText',
    'h1.slds-page-header__title',
  ],
  detailItem: ['records-highlights-details-item', '.slds-page-header__detail-block'],
  path: ['.slds-path__item.slds-is-current .slds-path__title', '.slds-path__item.slds-is-current', '.slds-path__item.slds-is-active .slds-path__title'],
  layoutItem: [
    'records-record-layout-item',
    '[data-target-selection-name^="sfdc:RecordField."]',
    'flexipage-field', // Dynamic Forms field (no records-record-layout-item around it), seen 2025 (public selector registry)
  ],
  fieldLabel: ['.test-id__field-label', '.slds-form-element__label'],
  fieldValue: ['[data-output-element-id="output-field"]', '.test-id__field-value', '.slds-form-element__static'],
  timelineItem: ['.slds-timeline__item_expandable', '[class*="slds-timeline__item_"]'],
  timelineTitle: ['.slds-timeline__title', 'h3', '.slds-timeline__item_details a', 'a'],
  timelineDate: ['.slds-timeline__date', 'time'],
  upcoming: ['[data-section="upcoming"]', '.upcoming-overdue', '[aria-label*="Upcoming"]'],
} as const;

/** Field API names → our field names (kind-specific ones resolved in apiKey). */
const API_KEYS: Record<string, string> = {
  LeadSource: 'leadSource',
  StageName: 'stage',
  OwnerId: 'owner',
  CreatedById: 'createdBy',
  CreatedDate: 'created',
  Email: 'email',
  Phone: 'phone',
  MobilePhone: 'phone',
  Amount: 'amount',
  Company: 'company',
  AccountId: 'company',
  Industry: 'industry',
  Rating: 'rating',
  Priority: 'priority',
  CloseDate: 'closeDate',
  LastActivityDate: 'lastContacted',
  Title: 'jobTitle',
  Website: 'website',
  Type: 'leadType',
  Origin: 'leadSource', // Case origin (Web, Email, Phone)
  CampaignId: 'utmCampaign',
};

function apiKey(api: string, kind: string): string | undefined {
  if (api === 'Status') return kind === 'lead' ? 'leadStatus' : 'status';
  if (API_KEYS[api]) return API_KEYS[api];
  const custom = /^(?:[A-Za-z0-9]+__)?(utm_?(campaign|source|medium|content|term))(__c)?$/i.exec(api);
  if (custom) {
    const part = custom[2]!.toLowerCase();
    return `utm${part[0]!.toUpperCase()}${part.slice(1)}`;
  }
  return undefined;
}

function shown(el: Element): boolean {
  return !isHiddenDeep(el, HIDDEN_CLASSES);
}

/**
 * The shown highlights panel of a view. Even the active tab can hold several record layouts
 * (`.forcegenerated-record-layout2`), only one of them `display: block` (seen 2025-11).
 */
function shownHighlights(view: Element): Element | null {
  return queryAllOf(view, SEL.highlights).find((h) => !isHiddenDeep(h, HIDDEN_CLASSES, view)) ?? null;
}

/** The record page around the shown highlights (a view may hold more than one), else the view. */
function shownLayout(view: Element, highlights: Element): Element {
  const page = highlights.closest(SEL.recordPage.join(','));
  return page && view.contains(page) ? page : view;
}

/** The active record view: never a hidden cached view of an earlier record. */
export function activeRecordView(doc: Document): Element | null {
  for (const sel of SEL.active) {
    for (const view of queryAllOf(doc, [sel])) {
      if (shown(view) && shownHighlights(view)) return view;
    }
  }
  // No active marker (layout changed): the one shown record page that has highlights.
  for (const page of queryAllOf(doc, SEL.recordPage)) {
    if (shown(page) && shownHighlights(page)) return page;
  }
  return null;
}

function readLayoutFields(view: Element, kind: string): Record<string, string> {
  const pairs: Array<readonly [string, string, string?]> = [];
  const seen = new Set<Element>();
  for (const item of queryAllOf(view, SEL.layoutItem)) {
    const host = item.closest('records-record-layout-item') ?? item;
    if (seen.has(host) || isHiddenDeep(host, HIDDEN_CLASSES, view)) continue;
    seen.add(host);
    const target = host.matches('[data-target-selection-name]') ? host : host.querySelector('[data-target-selection-name^="sfdc:RecordField."]') ?? item.closest('[data-target-selection-name]');
    const api = /^sfdc:RecordField\.[^.]+\.(.+)$/.exec(target?.getAttribute('data-target-selection-name') ?? '')?.[1];
    const label = host.getAttribute('field-label') ?? textOf(queryFirst(host, SEL.fieldLabel));
    const valueEl = queryFirst(host, SEL.fieldValue);
    const value = textWithout(valueEl, `${ASSISTIVE}, button`);
    const key = (api && apiKey(api, kind)) ?? fieldKeyForLabel(label);
    pairs.push([label, value, key]);
  }
  return collectFields(pairs);
}

function readHighlightDetails(highlights: Element, kind: string): Record<string, string> {
  const pairs: Array<readonly [string, string, string?]> = [];
  for (const item of queryAllOf(highlights, SEL.detailItem)) {
    const label = textOf(queryFirst(item, ['.slds-text-title', 'p[title]', 'dt']));
    const valueEl = queryFirst(item, ['.fieldComponent', 'lightning-formatted-text', 'dd', 'p:last-child']);
    const key = label && /^status$/i.test(label) && kind === 'lead' ? 'leadStatus' : fieldKeyForLabel(label);
    pairs.push([label, textWithout(valueEl, ASSISTIVE), key]);
  }
  return collectFields(pairs);
}

/**
 * "Upcoming & Overdue" (RU «Предстоящие и просроченные»): the activity timeline's first section, open
 * tasks and planned calls — an overdue "Call back" dated yesterday is not a contact. Lightning marks the
 * section only by its title (`.slds-section__title`), so the section is found by the title of the
 * `.slds-section` (or heading before the list) that holds the item.
 */
const UPCOMING_TITLE = /(upcoming|overdue|предстоящ|просроч|запланирован)/i;

function inUpcomingSection(item: Element): boolean {
  const list = item.closest('.slds-timeline, ul');
  const section = item.closest('.slds-section');
  const title = section ? section.querySelector('.slds-section__title, h2, h3') : null;
  if (title && !item.contains(title) && UPCOMING_TITLE.test(textOf(title))) return true;
  let prev = list?.previousElementSibling ?? null;
  while (prev && !/^H[1-6]$/.test(prev.tagName) && !prev.matches('.slds-section__title, [role="heading"]')) prev = prev.previousElementSibling;
  return !!prev && UPCOMING_TITLE.test(textOf(prev));
}

function readTimeline(view: Element): ActivityEvent[] {
  const out: ActivityEvent[] = [];
  for (const item of queryAllOf(view, SEL.timelineItem)) {
    if (!shown(item)) continue;
    if (item.parentElement?.closest('[class*="slds-timeline__item_"]')) continue; // nested wrapper
    if (item.closest(SEL.upcoming.join(',')) || inUpcomingSection(item)) continue;
    const hint = Array.from(item.classList).join(' ');
    const title = textWithout(queryFirst(item, SEL.timelineTitle), ASSISTIVE) || collapse(textOf(item)).slice(0, 120);
    let kind = classifyActivity(title, /item_call/.test(hint) ? 'call' : /item_email/.test(hint) ? 'email' : /item_event/.test(hint) ? 'meeting' : '');
    if (/item_task/.test(hint) && kind !== 'call' && kind !== 'email') kind = 'other';
    const at = parseCrmDateTime(textOf(queryFirst(item, SEL.timelineDate)));
    if (at && new Date(at).getTime() > Date.now()) continue;
    out.push({ kind, text: title, ...(at ? { at } : {}) });
  }
  return out;
}

export const salesforceAdapter: HostAdapter = {
  id: 'salesforce',
  tool: 'salesforce',
  testUrls: [
    'https://acme.lightning.force.com/lightning/r/Lead/00Q5g00000AbCdEEAZ/view',
    'https://acme.lightning.force.com/lightning/r/Contact/0035g00000XyZ12AAB/view',
    'https://acme.lightning.force.com/lightning/r/Account/0015g00000QwErTAAZ/view',
    'https://acme--uat.sandbox.lightning.force.com/lightning/r/Opportunity/0065g00000OpPoRAAQ/view',
    'https://acme.lightning.force.com/lightning/r/Case/5005g00000CaSe1AAA/view',
    'https://acme.my.salesforce.com/00Q5g00000AbCdE',
  ],
  matchesHost(url) {
    const h = url.hostname.toLowerCase();
    return h.endsWith('.lightning.force.com') || h.endsWith('.my.salesforce.com');
  },
  detect(ctx: AdapterContext) {
    return refFromUrl(ctx, 'salesforce');
  },
  read(ctx: AdapterContext, ref: ItemRef): ItemReading | null {
    const active = activeRecordView(ctx.doc);
    if (!active) return null;
    const highlights = shownHighlights(active);
    if (!highlights) return null;
    const view = shownLayout(active, highlights);
    const title = textWithout(queryFirst(highlights, SEL.title), ASSISTIVE);
    if (!title) return null;
    const fields = { ...readHighlightDetails(highlights, ref.kind), ...readLayoutFields(view, ref.kind) };
    const pathStatus = textWithout(queryFirst(view, SEL.path), `${ASSISTIVE}, .slds-path__stage`);
    const status = pathStatus || (ref.kind === 'opportunity' ? fields.stage : ref.kind === 'lead' ? fields.leadStatus : fields.status);
    if (pathStatus) {
      if (ref.kind === 'lead') fields.leadStatus ??= pathStatus;
      else if (ref.kind === 'opportunity') fields.stage ??= pathStatus;
      else fields.status ??= pathStatus;
    }
    // "Created By: Jane Doe, 3/12/2025, 9:41 AM" — the name is not the creation date's owner field.
    return buildCrmReading({
      title,
      status,
      fields,
      events: readTimeline(view),
      statusIsLeadStatus: ref.kind === 'lead',
      slashOrder: 'mdy',
    });
  },
  mountPoint(ctx: AdapterContext): MountSpec | null {
    const view = activeRecordView(ctx.doc);
    if (!view) return null;
    return safeMount(shownHighlights(view), 'after', [], view);
  },
  theme(doc: Document) {
    return colorSchemeHint(doc) ?? themeFromColors(doc, [doc.querySelector('.desktop.container'), doc.body, doc.documentElement]);
  },
};
