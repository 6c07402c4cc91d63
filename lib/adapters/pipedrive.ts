/**
 * Pipedrive detail views: deal, person, organization, and a lead open in the Leads inbox.
 *
 * Real URLs:
 *   https://acme.pipedrive.com/deal/1842
 *   https://acme.pipedrive.com/person/977
 *   https://acme.pipedrive.com/organization/311
 *   https://acme.pipedrive.com/leads/inbox/5f0c3a8e-2b1d-4e6f-9a7c-1d2e3f4a5b6c
 *   https://acme.pipedrive.com/pipeline/1/user/everyone                   (pipeline — no record)
 *
 * Markers: the record title `[data-testid="header-title"]` (an editable text whose read state is
 * `.cui5-editable-text__input`; seen 2024–2026), the lead sidebar title
 * `[data-testid="SidebarLeadTitle"]` (Clockify, 2023–2025). The leads inbox keeps the list of other
 * leads beside the open one: a lead is read inside its sidebar only. Field rows are read by their
 * label (EN/RU UIs); the stage from the stage bar's `aria-current` step, else the "Stage" field.
 * Row/stage/history markers below the title are inferred from captures, not from public code —
 * they carry fallbacks and the reading degrades to the title when they change.
 */
import type { AdapterContext, HostAdapter, ItemReading, MountSpec } from './types';
import type { ItemRef } from '../core/item-ref';
import { colorSchemeHint, queryFirst, refFromUrl, safeMount, textOf, themeFromColors } from './dom';
import type { ActivityEvent } from './crm-dom';
import { buildCrmReading, classifyActivity, collectFields, isHiddenDeep, parseCrmDateTime, queryAllOf, textWithout } from './crm-dom';

const SEL = {
  title: [
    '[data-testid="header-title"] .cui5-editable-text__input', // deal/person/org header, seen 2025–2026
    '[data-testid="header-title"]', // seen 2024–2026 (textarea in edit state)
    '[data-testid="deal-title"] textarea', // seen 2026 (public "Pipedrive Fields" extension)
    '[data-testid="deal-title"]', // seen 2026 (same)
    'h1.cui5-editable-text__box textarea', // title box without the test id, seen 2025 (public extension capture)
  ],
  leadTitle: [
    '[data-testid="SidebarLeadTitle"]', // leads inbox sidebar, seen 2023–2025
  ],
  /** Containers of one open record. */
  detail: ['[data-testid="detail-view"]', '[data-testid$="-details-view"]', '.detailView', 'main'],
  leadPanel: ['[data-testid="lead-details"]', '[data-testid="LeadDetails"]', 'aside', '[role="complementary"]'],
  header: ['[data-testid="detail-header"]', 'header'],
  titleBox: ['[data-testid="header-title"]', '[data-testid="deal-title"]', '.cui5-editable-text', '.cui5-editable-text__box', 'h1'],
  fieldRow: [
    '[data-testid="fields-list-row"]', // sidebar field row, seen 2025 (public extension reading CNPJ)
    '[data-testid="sidebar-field"]',
    '[data-testid^="field-"]:not([data-testid="field-name"]):not([data-testid="field-label"]):not([data-testid="field-value"])',
    '.fieldsList .item',
    'dl > div',
  ],
  fieldLabel: ['[data-testid="field-name"]', '[data-testid="field-label"]', '.label', 'dt', 'label'],
  fieldValue: ['[data-testid="fields-list-row-field-components"]', '[data-testid="field-value"]', '.value', 'dd'],
  stageCurrent: [
    '[data-testid="stage-bar"] [aria-current="step"]',
    '[data-testid="pipeline-stages"] [aria-current="step"]',
    // generic fallbacks for a renamed stage bar (not from a capture): a current step inside anything named *stage*
    '[data-testid*="stage"] [aria-current="step"]',
    '[data-testid*="stage"][aria-current="step"]',
    '[data-testid*="stage"] [aria-current="true"]',
    '.stages .stage.active',
  ],
  /** The phone as a call button, seen 2025 (public extension: `[data-test="phone-number-button"]`). */
  phone: ['[data-test="phone-number-button"]', '[data-testid="phone-number-button"]'],
  owner: ['[data-testid="header-owner"]', '[data-testid="owner"]'],
  historyItem: ['[data-testid="flow-item"]', '[data-testid="history-item"]', '.flowItem'],
  historyTitle: ['[data-testid="flow-item-title"]', '[data-testid="history-item-title"]', 'h3', 'strong'],
  historyTime: ['time', '[data-testid="flow-item-date"]', '.date'],
  planned: ['[data-testid="planned-activities"]', '[data-testid="focus-section"]'],
} as const;

function shown(el: Element): boolean {
  return !isHiddenDeep(el, ['cui5-hidden']);
}

/** The container of the open record and its title element, or null when the layout is not recognised. */
function openRecord(doc: Document, ref: ItemRef): { root: Element; title: Element } | null {
  if (ref.kind === 'lead') {
    const title = queryAllOf(doc, SEL.leadTitle).find(shown);
    if (!title) return null;
    const root = title.closest(SEL.leadPanel.join(',')) ?? title.parentElement ?? title;
    return { root, title: queryFirst(title, ['.cui5-editable-text__input']) ?? title };
  }
  const titleEl = queryAllOf(doc, SEL.title).find(shown);
  if (!titleEl) return null;
  const root = titleEl.closest(SEL.detail.join(',')) ?? doc.body;
  return { root, title: titleEl };
}

/**
 * Parts of a field value that are not the value: icon-only edit buttons, hidden helpers. Buttons
 * that carry the value (the phone call button, an owner picker) are kept.
 */
const VALUE_NOISE =
  'button[aria-label^="Edit"], button[aria-label^="Изменить"], button[aria-label^="Редактировать"], .cui5-button--ghost, [aria-hidden="true"], [role="tooltip"]';

function readRows(root: Element): Record<string, string> {
  const pairs: Array<readonly [string, string]> = [];
  for (const row of queryAllOf(root, SEL.fieldRow)) {
    if (!shown(row)) continue;
    const label = textOf(queryFirst(row, SEL.fieldLabel));
    if (!label) continue;
    const valueEl = queryFirst(row, SEL.fieldValue);
    pairs.push([label, valueEl ? textWithout(valueEl, VALUE_NOISE) : '']);
  }
  const fields = collectFields(pairs);
  const phone = queryAllOf(root, SEL.phone).find(shown);
  if (phone && !fields.phone) fields.phone = textOf(phone);
  return fields;
}

function readHistory(root: Element): ActivityEvent[] {
  const out: ActivityEvent[] = [];
  for (const item of queryAllOf(root, SEL.historyItem)) {
    if (!shown(item) || item.closest(SEL.planned.join(','))) continue;
    const title = textOf(queryFirst(item, SEL.historyTitle)) || textOf(item).slice(0, 120);
    const hint = `${item.getAttribute('data-type') ?? ''} ${item.getAttribute('data-activity-type') ?? ''}`;
    const timeEl = queryFirst(item, SEL.historyTime);
    const at = parseCrmDateTime(timeEl?.getAttribute('datetime') ?? textOf(timeEl));
    if (at && new Date(at).getTime() > Date.now()) continue;
    // The call's outcome ("No answer", "Busy", «Не дозвонились») is in the item's body, not its subject.
    const outcome = textWithout(item, 'time, button, [data-testid="flow-item-title"]').slice(0, 200);
    let kind = classifyActivity(title, hint);
    if (kind === 'call' && classifyActivity(outcome, 'call') === 'other') kind = 'other';
    out.push({ kind, text: kind === 'other' && outcome ? `${title} — ${outcome}`.slice(0, 160) : title, ...(at ? { at } : {}) });
  }
  return out;
}

export const pipedriveAdapter: HostAdapter = {
  id: 'pipedrive',
  tool: 'pipedrive',
  testUrls: [
    'https://acme.pipedrive.com/deal/1842',
    'https://acme.pipedrive.com/person/977',
    'https://acme.pipedrive.com/organization/311',
    'https://acme.pipedrive.com/leads/inbox/5f0c3a8e-2b1d-4e6f-9a7c-1d2e3f4a5b6c',
  ],
  matchesHost(url) {
    const h = url.hostname.toLowerCase();
    return h.endsWith('.pipedrive.com') && h !== 'www.pipedrive.com';
  },
  detect(ctx: AdapterContext) {
    return refFromUrl(ctx, 'pipedrive');
  },
  read(ctx: AdapterContext, ref: ItemRef): ItemReading | null {
    const rec = openRecord(ctx.doc, ref);
    if (!rec) return null;
    const title = textOf(rec.title);
    if (!title) return null;
    const fields = readRows(rec.root);
    const stage = textWithout(queryAllOf(rec.root, SEL.stageCurrent).find(shown), '[aria-hidden="true"]');
    if (stage) fields.stage = stage;
    const owner = textOf(queryFirst(rec.root, SEL.owner)) || fields.owner;
    const status = ref.kind === 'deal' ? fields.stage : ref.kind === 'lead' ? (fields.leadStatus ?? fields.status) : undefined;
    return buildCrmReading({
      title,
      status,
      owner,
      fields,
      events: readHistory(rec.root),
      statusIsLeadStatus: ref.kind === 'deal' || ref.kind === 'lead',
    });
  },
  mountPoint(ctx: AdapterContext, ref: ItemRef): MountSpec | null {
    const rec = openRecord(ctx.doc, ref);
    if (!rec) return null;
    if (ref.kind === 'lead') return safeMount(rec.title.closest('[data-testid="SidebarLeadTitle"]') ?? rec.title, 'after', [], rec.root);
    // Below the first sidebar section of fields (Summary: value, expected close date), else below the header.
    const row = queryFirst(rec.root, SEL.fieldRow);
    const section = row?.closest('section, [data-testid="sidebar-section"]') ?? null;
    if (section && rec.root.contains(section)) {
      const spec = safeMount(section, 'after', [], rec.root);
      if (spec) return spec;
    }
    const header = rec.title.closest(SEL.header.join(','));
    // Without a header: after the whole title box, never next to the textarea inside it.
    const box = rec.title.parentElement?.closest(SEL.titleBox.join(','));
    return safeMount(header ?? box ?? rec.title, 'after', [], rec.root);
  },
  theme(doc: Document) {
    const cls = `${doc.documentElement.className} ${doc.body?.className ?? ''}`;
    if (/\b(theme-dark|cui5-theme-dark|dark-theme)\b/.test(cls)) return 'dark';
    return colorSchemeHint(doc) ?? themeFromColors(doc);
  },
};
