/**
 * amoCRM (amocrm.ru / amocrm.com) and Kommo (kommo.com) cards: lead, contact, company.
 *
 * Real URLs:
 *   https://acme.amocrm.ru/leads/detail/24681357
 *   https://acme.amocrm.ru/contacts/detail/13572468
 *   https://acme.amocrm.com/companies/detail/11223344
 *   https://acme.kommo.com/leads/detail/5550123
 *   https://acme.amocrm.ru/leads/pipeline/4417755                      (pipeline — no card)
 *
 * Markers (widget code and public userscripts, 2022–2026): the card `#card_holder.card-holder`; the
 * name textarea `#person_n.card-fields__top-name-input` (`name="lead[NAME]"`); the status
 * `#card_status_view_mode .pipeline-select-view__status`; fields `.linked-form__field` with
 * `.linked-form__field__label` / `.linked-form__field__value`; the feed
 * `.notes-wrapper__notes .feed-note-wrapper` with `.js-feed-note__date` and call notes carrying
 * `.feed-note__call-player` / `.feed-note__call-duration`. The pipeline behind an open card stays in
 * the DOM: only `#card_holder` is read.
 */
import type { AdapterContext, HostAdapter, ItemReading, MountSpec } from './types';
import type { ItemRef } from '../core/item-ref';
import { colorSchemeHint, queryFirst, refFromUrl, safeMount, textOf, themeFromColors } from './dom';
import type { ActivityEvent, ActivityKind } from './crm-dom';
import { buildCrmReading, classifyActivity, collectFields, isHiddenDeep, parseCrmDateTime, queryAllOf, textWithout } from './crm-dom';

const SEL = {
  card: ['#card_holder', '.card-holder'],
  title: ['#person_n', '.card-fields__top-name-input', 'textarea[name$="[NAME]"]', '.card-fields__top-name-input-wrapper'],
  topBlock: ['.card-fields__top-name-block', '.card-entity-form__top'],
  /** The card's field list under the tabs (responsible, budget, phone…), seen 2022–2026. */
  fieldsBlock: ['#card_fields', '.card-fields__linked-block', '.card-entity-form__fields'],
  status: [
    '#card_status_view_mode .pipeline-select-view__status span',
    '#card_status_view_mode .pipeline-select-view__status',
    '.pipeline-select-view__status',
    '.pipeline-select__caption',
  ],
  pipeline: ['#card_status_view_mode .pipeline-select-view__pipeline', '.pipeline-select-view__pipeline'],
  field: ['.linked-form__field'],
  fieldLabel: ['.linked-form__field__label'],
  fieldValue: ['.linked-form__field__value'],
  note: ['.feed-note-wrapper', '.feed-note'],
  noteDate: ['.js-feed-note__date', '.feed-note__date'],
  noteTitle: [
    '.feed-note__header-inner-nowrap', // call/mail/task header, seen 2024 (public amoCRM parser config)
    '.feed-note__header-inner',
    '.feed-note__header',
    '.feed-note__title',
    '.feed-note__talk-outgoing-title',
  ],
  noteBody: [
    '.feed-note__call-content', // call note body, seen 2024 (same)
    '.feed-note__mail-content', // mail note body, seen 2024 (same)
    '.feed-note__body',
    '.feed-note__content',
    '.feed-note__message_paragraph',
  ],
} as const;

/**
 * Parts of a feed note that are not its text: the date, the call player and the call duration
 * ("разговор 6 мин" + "06:12" would otherwise read as "разговор 6 мин06:12"), action buttons.
 */
const NOTE_NOISE =
  '.js-feed-note__date, .feed-note__date, .feed-note__call-player, .feed-note__call-duration, .feed-note__actions, .feed-note__context-menu, button, svg';

/** Parts of a field value that are not its value: option lists, hidden inputs, icons. */
const VALUE_NOISE = 'ul.control--select--list, .control--select--list, input[type="hidden"], .linked-form__field__more, svg';

function fieldValue(valueEl: Element | null): string {
  if (!valueEl) return '';
  const selected = queryFirst(valueEl, [
    '.control--select--button-inner',
    '.control--select--button',
    // value holders seen 2024 (public amoCRM parser config)
    '.control-price',
    '.multisuggest__list-item',
    '.checkboxes_dropdown__title-item',
    '.control-phone',
    '.js-linked-has-value',
  ]);
  if (selected) return textOf(selected);
  const input = queryAllOf(valueEl, ['input:not([type="hidden"]):not([type="checkbox"])', 'textarea']).find((i) => textOf(i));
  if (input) return textOf(input);
  return textWithout(valueEl, VALUE_NOISE);
}

function cardRoot(doc: Document): Element | null {
  return queryAllOf(doc, SEL.card).find((el) => !isHiddenDeep(el)) ?? null;
}

function noteKind(note: Element, text: string): ActivityKind {
  const cls = `${note.className} ${note.querySelector('.feed-note')?.className ?? ''}`;
  if (note.querySelector('.feed-note__call-player, .feed-note__call-duration') || /call_(in|out)/.test(cls)) {
    // A call that reached nobody is an attempt: «Не дозвонились», «Занято», "No answer", a 00:00 duration.
    const duration = textOf(note.querySelector('.feed-note__call-duration'));
    if (/missed|пропущ|не дозвон|недозвон|no answer|not answered|занято|busy|автоответчик|voicemail/i.test(text) || /^0?0:00$/.test(duration)) return 'other';
    return 'call';
  }
  if (/feed-note-incoming/.test(cls)) return 'other'; // a message from the client, not our contact
  // tasks (a planned "call" task is not a call), system notes and status/field changes (2024 classes)
  if (/feed-note-wrapper-task|feed-note-wrapper_system|lead_status_changed|field_changed/.test(cls)) return 'other';
  if (/feed-note-wrapper-sms/.test(cls)) return 'message';
  if (/feed-note-external|amojo/.test(cls)) return 'message';
  if (/mail|email/.test(cls)) return /incoming|входящ/i.test(text) ? 'other' : 'email';
  if (/(^|\s)feed-note-wrapper-note(\s|$)|common_note/.test(cls)) return 'other'; // a plain note
  return classifyActivity(text, /created|entity_created/.test(cls) ? 'created' : '');
}

function readFeed(card: Element): ActivityEvent[] {
  const out: ActivityEvent[] = [];
  // grouped wrappers and the "open talks" block repeat notes shown elsewhere (2024 parser config)
  const notes = queryAllOf(card, SEL.note).filter(
    (n) => !n.parentElement?.closest('.feed-note-wrapper') && !n.matches('.feed-note-wrapper_grouped, .feed-note-wrapper-opened_talks'),
  );
  for (const note of notes) {
    if (isHiddenDeep(note)) continue;
    const title = textWithout(queryFirst(note, SEL.noteTitle), NOTE_NOISE);
    const body = textWithout(queryFirst(note, SEL.noteBody), NOTE_NOISE);
    const text = [title, body].filter(Boolean).join(' — ') || textWithout(note, NOTE_NOISE).slice(0, 160);
    const at = parseCrmDateTime(textOf(queryFirst(note, SEL.noteDate)), { slashOrder: 'dmy' });
    out.push({ kind: noteKind(note, text), text: text.slice(0, 160), ...(at ? { at } : {}) });
  }
  return out;
}

export const amocrmAdapter: HostAdapter = {
  id: 'amocrm',
  tool: 'amocrm',
  testUrls: [
    'https://acme.amocrm.ru/leads/detail/24681357',
    'https://acme.amocrm.ru/contacts/detail/13572468',
    'https://acme.amocrm.com/companies/detail/11223344',
    'https://acme.kommo.com/leads/detail/5550123',
  ],
  matchesHost(url) {
    const h = url.hostname.toLowerCase();
    return /\.(amocrm\.ru|amocrm\.com|kommo\.com)$/.test(h) && !h.startsWith('www.');
  },
  detect(ctx: AdapterContext) {
    return refFromUrl(ctx, 'amocrm');
  },
  read(ctx: AdapterContext, ref: ItemRef): ItemReading | null {
    const card = cardRoot(ctx.doc);
    if (!card) return null;
    const title = textOf(queryFirst(card, SEL.title));
    if (!title) return null;
    const pairs: Array<readonly [string, string]> = [];
    for (const f of queryAllOf(card, SEL.field)) {
      if (isHiddenDeep(f, [], card)) continue;
      const labelEl = queryFirst(f, SEL.fieldLabel);
      const label = labelEl?.getAttribute('title') || textOf(labelEl);
      if (label) pairs.push([label, fieldValue(queryFirst(f, SEL.fieldValue))]);
    }
    const fields = collectFields(pairs);
    const status = ref.kind === 'lead' ? textOf(queryFirst(card, SEL.status)) || undefined : undefined;
    const pipeline = textOf(queryFirst(card, SEL.pipeline));
    if (pipeline) fields.pipeline ??= pipeline;
    return buildCrmReading({
      title,
      status,
      fields,
      events: readFeed(card),
      statusIsLeadStatus: ref.kind === 'lead',
      slashOrder: 'dmy',
    });
  },
  mountPoint(ctx: AdapterContext): MountSpec | null {
    const card = cardRoot(ctx.doc);
    if (!card) return null;
    // Below the record's key fields (status, responsible, budget, phone), never above them.
    return safeMount(queryFirst(card, SEL.fieldsBlock), 'after', [], card) ?? safeMount(queryFirst(card, SEL.topBlock), 'after', [], card);
  },
  theme(doc: Document) {
    const cls = `${doc.documentElement.className} ${doc.body?.className ?? ''}`;
    if (/\b(dark-theme|theme-dark|dark_theme)\b/.test(cls)) return 'dark';
    return colorSchemeHint(doc) ?? themeFromColors(doc, [doc.querySelector('#page_holder'), doc.body, doc.documentElement]);
  },
};
