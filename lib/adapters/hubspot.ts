/**
 * HubSpot CRM record pages: contact, company, deal and ticket.
 *
 * Real URLs:
 *   https://app.hubspot.com/contacts/4471234/record/0-1/90112233            (contact)
 *   https://app-eu1.hubspot.com/contacts/25190001/record/0-2/18004455667    (company, EU data centre)
 *   https://app.hubspot.com/contacts/4471234/record/0-3/30998877            (deal)
 *   https://app.hubspot.com/contacts/4471234/record/0-5/2200113             (ticket)
 *   https://app.hubspot.com/contacts/4471234/contact/90112233               (legacy contact URL)
 *   https://app.hubspot.com/contacts/4471234/objects/0-1/views/all/list     (index page — no record)
 *
 * Layout (2024–2026 record redesign): left sidebar `[data-test-id="left-sidebar"]` with the highlight
 * card `[data-test-id="record-highlight-main-content"]` (name `[data-test-id="highlight-record-label"]`,
 * older `[data-selenium-test="highlightTitle"]`) and property cards whose inputs carry
 * `data-selenium-test="property-input-<internal name>"`; the activity timeline in
 * `[data-test-id="middle-pane"]` (`[data-test-id="timeline-preview-event"]`, older
 * `[data-selenium-test="timeline-card"]`); associations (other contacts, companies, deals) in the
 * right sidebar — never read as this record.
 */
import type { HostAdapter, ItemReading, MountSpec, AdapterContext } from './types';
import type { ItemRef } from '../core/item-ref';
import { colorSchemeHint, isHiddenByMarkup, queryFirst, queryFirstWhere, refFromUrl, safeMount, textOf, themeFromColors } from './dom';
import type { ActivityEvent } from './crm-dom';
import { buildCrmReading, classifyActivity, collectFields, fieldKeyForLabel, isHiddenDeep, parseCrmDateTime, queryAllOf, textWithout } from './crm-dom';

const SEL = {
  /** The "About this contact/company/deal" property card, seen 2025–2026. */
  aboutCard: ['[data-test-id="card-wrapper-PROPERTIES-about"]', '[data-test-id^="card-wrapper-PROPERTIES"]'],
  /** The record's highlight card. 2025-11: data-test-id; pre-2024 layouts: data-selenium-test suffix / card type. */
  highlight: [
    '[data-test-id="record-highlight-main-content"]', // record page redesign, seen 2025–2026
    '[data-card-type="OBJECT_HIGHLIGHT"]', // highlight card wrapper, seen 2024
    '[data-selenium-test$="-highlight-details"]', // classic record page, seen 2022–2024
  ],
  title: [
    '[data-test-id="highlight-record-label"]', // seen 2025–2026
    '[data-selenium-test="highlightTitle"]', // seen 2022–2025
  ],
  /** The left sidebar of the record (highlight + "About this …" property cards). */
  leftSidebar: [
    '[data-test-id="left-sidebar"]', // seen 2025–2026
    '[data-scroll-trackable-container="left-sidebar"]', // seen 2024–2025
    '#record-page-left-sidebar', // seen 2025
  ],
  middle: [
    '[data-test-id="middle-pane"]', // seen 2025–2026
    '[data-test-id="crm-events-viz-timeline"]', // the activity list itself, seen 2025–2026 (public userscript tests)
    '[data-test-id="tab-1-content"]', // activities tab content, seen 2025
  ],
  event: [
    '[data-test-id="timeline-preview-event"]', // seen 2025–2026
    '[data-selenium-test="timeline-card"]', // seen 2020–2024 (TMetric)
  ],
  eventHeader: [
    '[data-test-id="generic-preview-event-header"]', // "Call - Connected made by …", seen 2026-09 (public userscript capture)
    '[data-selenium-test="timeline-header"]',
    'header',
    '[role="heading"]',
    'h4',
    'h5',
  ],
  /**
   * The card around one preview event. In the 2026 timeline the preview holds only the header;
   * the date ("10 sept. 2026 à 11:53 GMT+2") and the expanded call editor are siblings inside the
   * collapsible accordion (seen 2026-09, public userscript capture).
   */
  eventCard: ['[data-test-id="collapsible-event-accordion"]'],
  eventTime: ['[data-test-id="event-timestamp"]', 'time', '[data-selenium-test="timeline-header-timestamp"]'],
  highlightItem: ['[data-test-id^="highlight-property-item-"]'],
  propertyInput: ['[data-selenium-test^="property-input-"]'],
  propertyRow: ['[data-test-id^="property-row-"]'],
  propertyLabel: [
    '[data-test-id="property-label"]',
    '[data-selenium-test*="property-label"]', // seen 2024-12 (public DOM notes)
    'label',
    '[class*="FormLabel"]',
  ],
  /** Deferred property inputs: display mode until clicked; label in FormControl__LabelWrapper. Seen 2026-09. */
  propertyDeferred: ['[data-deferred-property-input-root]'],
  /** Pinned "upcoming" section: planned tasks/meetings are not contact. */
  upcoming: ['[data-test-id="upcoming-activities"]', '[data-selenium-test="timeline-upcoming"]'],
} as const;

/** HubSpot internal property names → our field names. */
const PROPERTY_KEYS: Record<string, string> = {
  email: 'email',
  phone: 'phone',
  mobilephone: 'phone',
  hs_lead_status: 'leadStatus',
  lifecyclestage: 'lifecycleStage',
  hubspot_owner_id: 'owner',
  createdate: 'created',
  hs_createdate: 'created',
  hs_analytics_source: 'leadSource',
  hs_latest_source: 'latestSource',
  hs_analytics_source_data_1: 'sourceDetail',
  utm_campaign: 'utmCampaign',
  hs_analytics_first_touch_converting_campaign: 'utmCampaign',
  utm_source: 'utmSource',
  utm_medium: 'utmMedium',
  notes_last_contacted: 'lastContacted',
  hubspot_owner_assigneddate: 'ownerAssignedAt',
  recent_conversion_event_name: 'form',
  first_conversion_event_name: 'firstForm',
  dealstage: 'stage',
  pipeline: 'pipeline',
  hs_pipeline: 'pipeline',
  amount: 'amount',
  closedate: 'closeDate',
  hs_pipeline_stage: 'status',
  hs_ticket_priority: 'priority',
  domain: 'website',
  industry: 'industry',
  company: 'company',
  jobtitle: 'jobTitle',
  dealtype: 'leadType',
};

function propertyName(attr: string | null, prefix: string): string | undefined {
  if (!attr || !attr.startsWith(prefix)) return undefined;
  return attr.slice(prefix.length).replace(/-\d+$/, '') || undefined;
}

function recordRoot(doc: Document): Element | null {
  const highlight = queryFirstWhere(doc, SEL.highlight, (el) =>
    // never a preview panel over an index page, never an associated record's card in the right sidebar
    !el.closest('[data-test-id="IndexPageInlineSidebar"], [data-crm-location="CRM_OBJECT_PREVIEW"], [data-test-id="right-sidebar"], [data-test-id="records-right-sidebar"]'),
  );
  if (!highlight) return null;
  return highlight.closest(SEL.leftSidebar.join(',')) ?? highlight;
}

function readProperties(sidebar: Element, highlight: Element | null): Record<string, string> {
  const pairs: Array<readonly [string, string, string?]> = [];
  // Highlight card properties (deal stage, amount, close date; ticket status, priority).
  for (const item of queryAllOf(highlight ?? sidebar, SEL.highlightItem)) {
    const name = propertyName(item.getAttribute('data-test-id'), 'highlight-property-item-');
    const display = item.querySelector('[data-test-id^="highlight-property-display-"]');
    const label = textOf(item.firstElementChild);
    const key = (name && PROPERTY_KEYS[name]) ?? fieldKeyForLabel(label);
    pairs.push([label, textOf(display ?? item.lastElementChild), key]);
  }
  // Property inputs in the "About this …" cards.
  for (const input of queryAllOf(sidebar, SEL.propertyInput)) {
    const name = propertyName(input.getAttribute('data-selenium-test'), 'property-input-');
    const row = input.closest('[data-test-id^="property-row-"], .property, [data-selenium-test="property-row"]') ?? input.parentElement;
    const label = textOf(queryFirst(row, SEL.propertyLabel));
    const key = (name && PROPERTY_KEYS[name]) ?? fieldKeyForLabel(label);
    pairs.push([label, textWithout(input, 'label, [data-test-id="property-label"], [aria-hidden="true"]'), key]);
  }
  // Deferred property inputs (2026): the root carries the label and the shown value.
  for (const root of queryAllOf(sidebar, SEL.propertyDeferred)) {
    if (root.querySelector(SEL.propertyInput[0]) || root.closest(SEL.propertyRow[0])) continue;
    const label = textOf(queryFirst(root, SEL.propertyLabel));
    if (!label) continue;
    const name = propertyName(root.getAttribute('data-selenium-test') ?? root.getAttribute('data-test-id'), 'property-input-');
    const key = (name && PROPERTY_KEYS[name]) ?? fieldKeyForLabel(label);
    pairs.push([label, textWithout(root, 'label, [class*="LabelWrapper"], [aria-hidden="true"]'), key]);
  }
  // Rows without inputs (read-only properties).
  for (const row of queryAllOf(sidebar, SEL.propertyRow)) {
    if (row.querySelector(SEL.propertyInput[0])) continue;
    const name = propertyName(row.getAttribute('data-test-id'), 'property-row-');
    const labelEl = queryFirst(row, SEL.propertyLabel);
    const label = textOf(labelEl);
    const key = (name && PROPERTY_KEYS[name]) ?? fieldKeyForLabel(label);
    pairs.push([label, textWithout(row, 'label, [data-test-id="property-label"], [class*="FormLabel"]'), key]);
  }
  return collectFields(pairs);
}

/** Parts of an event card that are not its summary: the expanded editor, inputs, buttons. */
const CARD_NOISE = 'form, input, textarea, select, button, [contenteditable="true"], [role="listbox"], [role="textbox"], [aria-hidden="true"]';

/**
 * The card that holds one event: the collapsible accordion when present, else the highest
 * ancestor (within the pane, at most 6 levels) that still holds no other event.
 */
function eventCard(ev: Element, pane: Element): Element {
  const acc = ev.closest(SEL.eventCard.join(','));
  if (acc && pane.contains(acc)) return acc;
  let card = ev;
  for (let i = 0, cur = ev.parentElement; i < 6 && cur && cur !== pane; i++, cur = cur.parentElement) {
    if (queryAllOf(cur, SEL.event).length > 1) break;
    card = cur;
  }
  return card;
}

/** A leaf text that looks like a date-time (a month name or a clock time, or "Yesterday"), never a phone number. */
function leafTime(root: Element, skip: (leaf: Element) => boolean): string | undefined {
  for (const leaf of Array.from(root.querySelectorAll('*'))) {
    if (leaf.children.length > 0 || skip(leaf) || leaf.closest(CARD_NOISE) || isHiddenDeep(leaf, [], root)) continue;
    const t = textOf(leaf);
    if (t.length > 60 || !/\d{1,2}:\d{2}|\p{L}{3,}\.? \d{1,2}\b|\b\d{1,2} \p{L}{3,}|yesterday|today|вчера|сегодня/iu.test(t)) continue;
    const at = parseCrmDateTime(t);
    if (at) return at;
  }
  return undefined;
}

function eventTime(ev: Element, card: Element): string | undefined {
  const timeEl = queryFirst(ev, SEL.eventTime) ?? queryFirst(card, SEL.eventTime);
  if (timeEl) return parseCrmDateTime(timeEl.getAttribute('datetime') ?? textOf(timeEl));
  // 2026 previews: header, "with +7 916 …", then the date ("Mar 12, 2025 at 10:05 AM GMT+3",
  // "Yesterday at 4:20 PM GMT+3"; "10 sept. 2026 à 11:53 GMT+2" in a French capture) inside the preview.
  const header = queryFirst(ev, SEL.eventHeader);
  const inPreview = leafTime(ev, (leaf) => !!header && header.contains(leaf));
  if (inPreview || card === ev) return inPreview;
  // Else a plain sibling of the preview inside the accordion.
  return leafTime(card, (leaf) => !!leaf.closest(SEL.event.join(',')));
}

function readTimeline(doc: Document): ActivityEvent[] {
  const pane = queryAllOf(doc, SEL.middle).find((p) => !isHiddenDeep(p) && queryFirst(p, SEL.event)) ?? queryFirst(doc, SEL.middle);
  if (!pane) return [];
  const out: ActivityEvent[] = [];
  // HubSpot renders each preview twice in its accordion (the visible one and a visually hidden copy
  // for assistive technology): one event per card, or every call would count twice.
  const seen = new Set<Element>();
  for (const ev of queryAllOf(pane, SEL.event)) {
    if (ev.closest(SEL.upcoming.join(',')) || isHiddenByMarkup(ev) || isHiddenDeep(ev, [], pane)) continue;
    const card = eventCard(ev, pane);
    if (seen.has(card)) continue;
    seen.add(card);
    const header = textWithout(queryFirst(ev, SEL.eventHeader), CARD_NOISE) || textWithout(ev, CARD_NOISE).slice(0, 120);
    const hint = `${ev.getAttribute('data-test-id') ?? ''} ${ev.getAttribute('data-timeline-event-type') ?? ''}`;
    const kind = /note-event/.test(hint) ? 'other' : classifyActivity(header, hint);
    const at = eventTime(ev, card);
    if (at && new Date(at).getTime() > Date.now()) continue; // planned, not done
    out.push({ kind, text: header, ...(at ? { at } : {}) });
  }
  return out;
}

export const hubspotAdapter: HostAdapter = {
  id: 'hubspot',
  tool: 'hubspot',
  testUrls: [
    'https://app.hubspot.com/contacts/4471234/record/0-1/90112233',
    'https://app-eu1.hubspot.com/contacts/25190001/record/0-2/18004455667',
    'https://app.hubspot.com/contacts/4471234/record/0-3/30998877',
    'https://app.hubspot.com/contacts/4471234/record/0-5/2200113',
    'https://app.hubspot.com/contacts/4471234/contact/90112233',
  ],
  matchesHost(url) {
    const h = url.hostname.toLowerCase();
    return h === 'app.hubspot.com' || /^app-[a-z0-9]+\.hubspot\.com$/.test(h);
  },
  detect(ctx: AdapterContext) {
    return refFromUrl(ctx, 'hubspot');
  },
  read(ctx: AdapterContext, ref: ItemRef): ItemReading | null {
    const sidebar = recordRoot(ctx.doc);
    if (!sidebar) return null;
    const highlight = queryFirst(sidebar, SEL.highlight) ?? sidebar;
    const title = textOf(queryFirst(highlight, SEL.title));
    if (!title) return null;
    const fields = readProperties(sidebar, highlight);
    const status =
      ref.kind === 'contact'
        ? (fields.leadStatus ?? fields.lifecycleStage)
        : ref.kind === 'company'
          ? fields.lifecycleStage
          : ref.kind === 'deal'
            ? fields.stage
            : fields.status;
    return buildCrmReading({
      title,
      status,
      fields,
      events: readTimeline(ctx.doc),
      statusIsLeadStatus: ref.kind === 'contact' && Boolean(fields.leadStatus),
    });
  },
  mountPoint(ctx: AdapterContext): MountSpec | null {
    const sidebar = recordRoot(ctx.doc);
    if (!sidebar) return null;
    // Below the "About this …" card (owner, lifecycle stage, lead status), where HubSpot's own sidebar
    // cards follow; else below the highlight card.
    const about = queryFirst(sidebar, SEL.aboutCard);
    const spec = about ? safeMount(about, 'after', [], sidebar) : null;
    if (spec) return spec;
    const card = queryFirst(sidebar, ['[data-test-id="record-highlight-content"]', ...SEL.highlight]);
    const highlight = card?.closest('[data-test-id^="card-wrapper-"]') ?? card;
    return safeMount(highlight, 'after', [], sidebar);
  },
  theme(doc: Document) {
    return colorSchemeHint(doc) ?? themeFromColors(doc, [doc.querySelector('#crm'), doc.body, doc.documentElement]);
  },
};
