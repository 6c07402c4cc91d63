/**
 * Bitrix24 CRM cards: deal, lead, contact, company — full page or in the side-panel slider.
 *
 * Real URLs:
 *   https://acme.bitrix24.ru/crm/deal/details/42/
 *   https://acme.bitrix24.com/crm/lead/details/1187/
 *   https://acme.bitrix24.de/crm/contact/details/305/
 *   https://crm.example.ru/crm/company/details/77/          (self-hosted, added in the options)
 *   https://acme.bitrix24.ru/crm/deal/kanban/                (kanban — no card)
 *
 * A card opened from a list or kanban shows in the slider: the top URL becomes the card's URL
 * while the card itself lives in a same-origin `iframe.side-panel-iframe` whose URL carries
 * `IFRAME=Y&IFRAME_TYPE=SIDE_SLIDER`. Our content script runs in the top frame only, so the card
 * is read from that iframe's `contentDocument` and the panel mounts in the top document next to
 * the iframe. Fields are found by `data-cid` (the field's code, the same in every UI language):
 * `TITLE`, `STATUS_ID`, `STAGE_ID`, `SOURCE_ID`, `ASSIGNED_BY_ID`, `OPPORTUNITY_WITH_CURRENCY`,
 * `PHONE`, `EMAIL`, `UTM`, `DATE_CREATE`; then by label. Stage from the progress bar
 * (`.crm-entity-section-status-step`); activities from the timeline (`.crm-entity-stream-section`).
 */
import type { AdapterContext, HostAdapter, ItemReading, MountSpec } from './types';
import type { ItemRef } from '../core/item-ref';
import { colorSchemeHint, queryFirst, refFromUrl, safeMount, textOf, themeFromColors } from './dom';
import { parseItemUrl } from '../core/item-ref';
import type { ActivityEvent, ActivityKind } from './crm-dom';
import {
  buildCrmReading,
  classifyActivity,
  collectFields,
  iframeDocument,
  isHiddenDeep,
  parseCrmDateTime,
  queryAllOf,
  textWithout,
} from './crm-dom';

const SEL = {
  slider: ['iframe.side-panel-iframe', '.side-panel-content-container iframe', 'iframe.slider-panel-iframe'],
  editor: ['.ui-entity-editor-content-block', '.crm-entity-card-container', '.ui-entity-editor-column-content'],
  title: ['#pagetitle', '.pagetitle-item', '[data-cid="TITLE"] .ui-entity-editor-content-block-text'],
  titleWrap: ['.pagetitle-wrap', '.pagetitle-container', '.pagetitle-inner-container'],
  field: ['[data-cid]'],
  fieldLabel: ['.ui-entity-editor-block-title-text', '.ui-entity-editor-block-title', '.crm-entity-widget-content-block-title-text'],
  fieldValue: ['.ui-entity-editor-content-block-text', '.ui-entity-editor-content-block', '.crm-entity-widget-content-block-inner'],
  stageStep: ['.crm-entity-section-status-step'],
  stageText: ['.crm-entity-section-status-step-item-text'],
  stageBar: ['.crm-entity-section-status-container-flex', '.crm-entity-section-status-wrap'],
  /** One section of the entity editor (the first is the record's main fields), seen 2020–2026. */
  section: ['.ui-entity-editor-section', '.crm-entity-card-widget'],
  stream: ['.crm-entity-stream-container-list', '#timeline', '.crm-entity-stream-container'],
  streamDay: ['.crm-entity-stream-section-history-label', '.crm-timeline__date-pill'],
  streamEvent: ['.crm-entity-stream-section', '.crm-timeline__card'],
  streamTitle: ['.crm-entity-stream-content-event-title', '.crm-timeline__card-title'],
  streamTime: ['.crm-entity-stream-content-event-time', '.crm-timeline__card-time'],
  planned: ['.crm-entity-stream-section-planned', '.crm-entity-stream-section-planned-label', '.crm-timeline__card_scheduled'],
} as const;

/** data-cid codes → our field names. */
const CID_KEYS: Record<string, string> = {
  SOURCE_ID: 'leadSource',
  SOURCE_DESCRIPTION: 'sourceDetail',
  ASSIGNED_BY_ID: 'owner',
  OPPORTUNITY_WITH_CURRENCY: 'amount',
  OPPORTUNITY: 'amount',
  PHONE: 'phone',
  EMAIL: 'email',
  STATUS_ID: 'leadStatus',
  STAGE_ID: 'stage',
  DATE_CREATE: 'created',
  COMPANY: 'company',
  COMPANY_ID: 'company',
  CLIENT: 'contact',
  CONTACT: 'contact',
  CLOSEDATE: 'closeDate',
  TYPE_ID: 'leadType',
  INDUSTRY: 'industry',
  POST: 'jobTitle',
  WEB: 'website',
  COMPANY_TITLE: 'company',
};

function hasCard(doc: Document | null): doc is Document {
  return Boolean(doc && queryFirst(doc, SEL.editor) && queryFirst(doc, SEL.title));
}

/** The slider iframe showing this card (the topmost shown one whose URL names it, else the topmost shown). */
function sliderFrame(doc: Document, ref: ItemRef): HTMLIFrameElement | null {
  const frames = queryAllOf(doc, SEL.slider).filter((f) => !isHiddenDeep(f)) as HTMLIFrameElement[];
  const path = `/crm/${ref.kind}/details/${ref.id}/`;
  const named = frames.filter((f) => (f.getAttribute('src') ?? '').includes(path));
  const pick = (list: HTMLIFrameElement[]): HTMLIFrameElement | null => {
    for (let i = list.length - 1; i >= 0; i--) if (hasCard(iframeDocument(list[i]))) return list[i]!;
    return null;
  };
  return pick(named) ?? pick(frames);
}

interface CardPlace {
  cardDoc: Document;
  frame: HTMLIFrameElement | null;
}

/**
 * The card shown in the topmost visible side-panel slider, from the iframe's address (its live
 * location when same-origin, else its src): /crm/<kind>/details/<id>/?IFRAME=Y&IFRAME_TYPE=SIDE_SLIDER.
 * Only the portal's own origin; identity still comes from a URL, never from page text.
 */
function refFromSlider(ctx: AdapterContext): ItemRef | null {
  const frames = queryAllOf(ctx.doc, SEL.slider).filter((f) => !isHiddenDeep(f, ['side-panel-overlay-hidden']));
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i] as HTMLIFrameElement;
    let href: string;
    try {
      href = f.contentWindow?.location.href ?? '';
    } catch {
      href = ''; // cross-origin: fall back to the src attribute
    }
    if (!href || href.startsWith('about:')) href = f.getAttribute('src') ?? '';
    let u: URL;
    try {
      u = new URL(href, ctx.url);
    } catch {
      continue;
    }
    if (u.origin !== ctx.url.origin) continue;
    const r = parseItemUrl(u, ctx.custom);
    if (r && r.tool === 'bitrix24') return r;
  }
  return null;
}

function locate(doc: Document, ref: ItemRef): CardPlace | null {
  const frame = sliderFrame(doc, ref);
  if (frame) return { cardDoc: iframeDocument(frame)!, frame };
  if (hasCard(doc)) return { cardDoc: doc, frame: null };
  return null;
}

function readUtm(block: Element): Array<readonly [string, string, string]> {
  const out: Array<readonly [string, string, string]> = [];
  const text = textOf(block);
  const re = /\b(utm_(source|medium|campaign|content|term))\s*[:=]?\s*([^\s,;]+)/gi;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const part = m[2]!.toLowerCase();
    out.push([m[1]!, m[3]!, `utm${part[0]!.toUpperCase()}${part.slice(1)}`]);
  }
  return out;
}

function readFields(cardDoc: Document): Record<string, string> {
  const pairs: Array<readonly [string, string, string?]> = [];
  for (const f of queryAllOf(cardDoc, SEL.field)) {
    // sections and columns carry data-cid too: a field is a data-cid element with no field inside
    if (f.querySelector('[data-cid]') || isHiddenDeep(f)) continue;
    const cid = (f.getAttribute('data-cid') ?? '').toUpperCase();
    if (cid === 'UTM') {
      pairs.push(...readUtm(f));
      continue;
    }
    const label = textOf(queryFirst(f, SEL.fieldLabel));
    const valueEl = queryFirst(f, SEL.fieldValue);
    const value = textWithout(valueEl, '.ui-entity-editor-block-title, .ui-entity-editor-block-context-menu, .crm-entity-widget-content-block-edit-action-btn');
    pairs.push([label, value, CID_KEYS[cid]]);
  }
  return collectFields(pairs);
}

/** The current stage: the last passed step of the progress bar (passed steps are painted). */
function currentStage(cardDoc: Document): string | undefined {
  const steps = queryAllOf(cardDoc, SEL.stageStep).filter((s) => !isHiddenDeep(s));
  let current: string | undefined;
  for (const step of steps) {
    const t = queryFirst(step, SEL.stageText);
    const painted = /background(-color)?\s*:/i.test(t?.getAttribute('style') ?? '') || step.classList.contains('crm-entity-section-status-step-current');
    if (painted) current = textOf(t) || current;
  }
  return current;
}

function eventKind(ev: Element, title: string): ActivityKind {
  const cls = ev.className;
  if (/section-call|call/.test(cls)) return /missed|пропущ/i.test(title) ? 'other' : 'call';
  if (/section-email|email/.test(cls)) return /incoming|входящ/i.test(title) ? 'other' : 'email';
  if (/section-history/.test(cls)) {
    // The 2023+ timeline wraps every item — calls and emails too — in its own history section
    // with a card inside (.crm-timeline__card, the icon's "--code-call…" class names the kind).
    // A card that is a completed call, a sent email, a meeting or a message is contact; an old-style
    // history entry without a card is a change ("Стадия изменена"), not contact.
    const card = ev.querySelector('.crm-timeline__card');
    if (card) {
      const hint = [card.getAttribute('data-type') ?? '', card.className, ...Array.from(card.querySelectorAll('[class*="--code-"]')).map((e) => e.className)].join(' ');
      if (/scheduled|--planned|запланир/i.test(hint)) return 'other';
      if (/incoming|входящ/i.test(`${hint} ${title}`) && /mail|письм/i.test(`${hint} ${title}`)) return 'other';
      if (/missed|пропущ|не состоялся|no answer/i.test(`${hint} ${title}`)) return 'other';
      return classifyActivity(title, hint);
    }
    const k = classifyActivity(title);
    return k === 'created' ? 'created' : 'other'; // history entries are changes, not contact
  }
  return classifyActivity(title);
}

function readStream(cardDoc: Document): ActivityEvent[] {
  const root = queryFirst(cardDoc, SEL.stream) ?? cardDoc.body;
  const out: ActivityEvent[] = [];
  let day = '';
  for (const el of queryAllOf(root, [[...SEL.streamDay, ...SEL.streamEvent].join(',')])) {
    if (SEL.streamDay.some((s) => el.matches(s))) {
      day = textOf(el);
      continue;
    }
    if (el.parentElement?.closest(SEL.streamEvent.join(','))) continue;
    if (SEL.planned.some((s) => el.matches(s)) || isHiddenDeep(el)) continue;
    const title = textOf(queryFirst(el, SEL.streamTitle));
    if (!title) continue;
    const time = textOf(queryFirst(el, SEL.streamTime));
    const at = parseCrmDateTime(/\d{1,2}[./]\d{1,2}[./]\d{2,4}|\p{L}{3,}/u.test(time) ? time : `${day} ${time}`, { slashOrder: 'mdy' });
    out.push({ kind: eventKind(el, title), text: title, ...(at ? { at } : {}) });
  }
  return out;
}

export const bitrix24Adapter: HostAdapter = {
  id: 'bitrix24',
  tool: 'bitrix24',
  testUrls: [
    'https://acme.bitrix24.ru/crm/deal/details/42/',
    'https://acme.bitrix24.com/crm/lead/details/1187/',
    'https://acme.bitrix24.de/crm/contact/details/305/',
    'https://acme.bitrix24.ru/crm/company/details/77/',
  ],
  matchesHost(url, custom) {
    const h = url.hostname.toLowerCase();
    const hp = url.port ? `${h}:${url.port}` : h;
    if (/(^|\.)bitrix24\.[a-z.]{2,7}$/.test(h) && !h.startsWith('www.')) return true;
    return (custom.bitrix24 ?? []).some((c) => c.toLowerCase() === h || c.toLowerCase() === hp);
  },
  detect(ctx: AdapterContext) {
    // The address bar first; on a list or kanban whose card opened in the side-panel slider without
    // changing the address, the slider iframe's own address names the card.
    return refFromUrl(ctx, 'bitrix24') ?? (bitrix24Adapter.matchesHost(ctx.url, ctx.custom) ? refFromSlider(ctx) : null);
  },
  read(ctx: AdapterContext, ref: ItemRef): ItemReading | null {
    const place = locate(ctx.doc, ref);
    if (!place) return null;
    const { cardDoc } = place;
    const title = textWithout(queryFirst(cardDoc, SEL.title), '.pagetitle-edit-button, .pagetitle-star');
    if (!title) return null;
    const fields = readFields(cardDoc);
    const stage = currentStage(cardDoc);
    if (stage) {
      if (ref.kind === 'lead') fields.leadStatus ??= stage;
      else fields.stage ??= stage;
    }
    const status = ref.kind === 'lead' ? fields.leadStatus : ref.kind === 'deal' ? fields.stage : undefined;
    return buildCrmReading({
      title,
      status,
      fields,
      events: readStream(cardDoc),
      statusIsLeadStatus: ref.kind === 'lead' || ref.kind === 'deal',
      slashOrder: 'mdy',
    });
  },
  mountPoint(ctx: AdapterContext, ref: ItemRef): MountSpec | null {
    const place = locate(ctx.doc, ref);
    if (!place) return null;
    // The slider's iframe fills its panel: anything placed beside it in the flow would push the card
    // down and cut its bottom off. Float at the left edge, over the dimmed list behind the slider.
    if (place.frame) return { anchor: ctx.doc.body, append: 'last', float: 'left' };
    // Below the first section of fields ("About the deal": amount, stage, responsible, close date), where
    // Bitrix24's own widgets sit; else below the stage bar.
    const section = queryFirst(place.cardDoc, SEL.section);
    const spec = section ? safeMount(section, 'after') : null;
    if (spec) return spec;
    const anchor = queryFirst(place.cardDoc, SEL.stageBar) ?? queryFirst(place.cardDoc, SEL.titleWrap);
    return safeMount(anchor, 'after');
  },
  theme(doc: Document) {
    const cls = `${doc.documentElement.className} ${doc.body?.className ?? ''}`;
    if (/\bbitrix24-dark-theme\b/.test(cls)) return 'dark';
    if (/\bbitrix24-(light|default)-theme\b/.test(cls)) return 'light';
    return colorSchemeHint(doc) ?? themeFromColors(doc);
  },
};
