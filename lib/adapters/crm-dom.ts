/**
 * CRM-specific DOM helpers shared by the HubSpot, Salesforce, Pipedrive, amoCRM/Kommo and
 * Bitrix24 adapters: field labels (EN/RU) → stable field names, date-times with a time of
 * day (EN/RU, relative "Today"/"Сегодня", explicit GMT offsets), activity-timeline
 * classification and the first-contact evidence rule, and same-origin iframe access
 * (Bitrix24's side-panel slider).
 *
 * Generic helpers (queryFirst, textOf, isEditable, safeMount, theme, parseHumanDate) live in
 * ./dom.ts. Everything here is read-only on the host page and takes its roots as parameters.
 */
import { sub } from 'date-fns';
import type { ItemReading } from './types';
import { emptyReading } from './types';
import { isHiddenByMarkup, monthFromName, parseHumanDate, textOf } from './dom';

/* ---------------------------------------------------------------- text */

export function collapse(s: string | null | undefined): string {
  return (s ?? '').replace(/[\s\u00a0\u200b\ufeff]+/g, ' ').trim();
}

/**
 * textOf, but without descendants matching `skip` (Salesforce's visually hidden
 * `.slds-assistive-text` "Open Jane Doe Preview", Bitrix24's "edit" links).
 */
export function textWithout(el: Element | null | undefined, skip: string): string {
  if (!el) return '';
  if (!el.querySelector(skip)) return textOf(el);
  const parts: string[] = [];
  const walk = (node: Node): void => {
    if (node.nodeType === 3) {
      parts.push(node.nodeValue ?? '');
      return;
    }
    if (node.nodeType !== 1) return;
    const e = node as Element;
    let skipped: boolean;
    try {
      skipped = e.matches(skip);
    } catch {
      skipped = false;
    }
    if (skipped || isHiddenByMarkup(e) || /^(SCRIPT|STYLE|TEMPLATE|svg|SVG)$/.test(e.tagName)) return;
    if (/^(INPUT|TEXTAREA|SELECT)$/i.test(e.tagName)) {
      parts.push(` ${textOf(e)} `);
      return;
    }
    parts.push(' ');
    for (let c = e.firstChild; c; c = c.nextSibling) walk(c);
    parts.push(' ');
  };
  for (let c = el.firstChild; c; c = c.nextSibling) walk(c);
  return collapse(parts.join(''));
}

/** Hidden by markup or by a host's "hide" utility class, on the element or any ancestor up to stopAt. */
export function isHiddenDeep(el: Element, hiddenClasses: readonly string[] = [], stopAt?: Element | null): boolean {
  for (let cur: Element | null = el; cur; cur = cur.parentElement) {
    if (isHiddenByMarkup(cur)) return true;
    for (const c of hiddenClasses) if (cur.classList.contains(c)) return true;
    if (cur === stopAt) break;
  }
  return false;
}

/** All matches of a selector list (every selector, deduplicated, page order not guaranteed). */
export function queryAllOf(root: ParentNode | null | undefined, selectors: readonly string[]): Element[] {
  if (!root) return [];
  const out: Element[] = [];
  for (const s of selectors) {
    try {
      for (const el of Array.from(root.querySelectorAll(s))) if (!out.includes(el)) out.push(el);
    } catch {
      /* unsupported selector */
    }
  }
  return out;
}

/* ---------------------------------------------------------------- iframes */

/**
 * The document of a same-origin iframe, or null (cross-origin, not loaded, detached).
 * Bitrix24 opens cards in `iframe.side-panel-iframe` on the portal's own origin.
 */
export function iframeDocument(frame: Element | null | undefined): Document | null {
  if (!frame || frame.tagName.toUpperCase() !== 'IFRAME') return null;
  try {
    const d = (frame as HTMLIFrameElement).contentDocument;
    return d && d.body ? d : null;
  } catch {
    return null; // SecurityError on a cross-origin frame
  }
}

/* ---------------------------------------------------------------- field labels */

/**
 * Stable field names for the labels CRMs show, English and Russian UIs (lower case, without
 * a trailing colon). The adapters also map API names / data attributes where the host has them
 * (Salesforce `sfdc:RecordField.Lead.LeadSource`, HubSpot `property-input-hs_lead_status`,
 * Bitrix24 `data-cid="SOURCE_ID"`); labels are the fallback that survives redesigns.
 */
const LABELS: Record<string, readonly string[]> = {
  leadSource: [
    'lead source', 'source', 'original source', 'original traffic source', 'source origin', 'source type',
    'источник', 'источник лида', 'источник сделки', 'источник контакта', 'источник обращения', 'источник трафика',
    'исходный источник', 'канал',
  ],
  sourceDetail: [
    'original source drill-down 1', 'original source drill-down 2', 'source description', 'source channel',
    'source channel id', 'дополнительно об источнике', 'описание источника',
  ],
  utmSource: ['utm_source', 'utm source'],
  utmMedium: ['utm_medium', 'utm medium'],
  utmCampaign: [
    'utm_campaign', 'utm campaign', 'campaign', 'campaign name', 'original campaign', 'first touch converting campaign',
    'кампания', 'рекламная кампания', 'utm-кампания',
  ],
  utmContent: ['utm_content', 'utm content'],
  utmTerm: ['utm_term', 'utm term'],
  form: [
    'recent conversion', 'first conversion', 'form', 'form name', 'web form', 'conversion',
    'форма', 'название формы', 'заявка', 'форма заявки', 'crm-форма',
  ],
  email: ['email', 'e-mail', 'email address', 'work email', 'эл. почта', 'электронная почта', 'почта', 'рабочий email'],
  phone: [
    'phone', 'phone number', 'mobile', 'mobile phone', 'mobile phone number', 'work phone', 'телефон',
    'мобильный', 'мобильный телефон', 'рабочий телефон', 'раб. телефон',
  ],
  amount: [
    'amount', 'deal amount', 'value', 'deal value', 'budget', 'sale', 'opportunity amount', 'expected revenue',
    'amount and currency', 'сумма', 'сумма и валюта', 'бюджет', 'стоимость',
  ],
  stage: ['stage', 'deal stage', 'pipeline stage', 'opportunity stage', 'этап', 'этап сделки', 'стадия', 'стадия сделки'],
  leadStatus: ['lead status', 'статус лида', 'статус обращения'],
  lifecycleStage: ['lifecycle stage', 'стадия жизненного цикла'],
  status: ['status', 'ticket status', 'case status', 'статус', 'статус тикета'],
  pipeline: ['pipeline', 'воронка', 'направление'],
  owner: [
    'owner', 'contact owner', 'deal owner', 'company owner', 'ticket owner', 'lead owner', 'account owner',
    'opportunity owner', 'case owner', 'record owner', 'responsible', 'responsible person', 'responsible user',
    'assigned to', 'lead user', 'ответственный', 'отв-ный', 'владелец', 'владелец лида', 'владелец сделки',
  ],
  created: [
    'create date', 'created', 'created date', 'created on', 'date created', 'creation date', 'created at',
    'add time', 'deal created', 'lead created', 'date/time opened', 'opened date', 'дата создания', 'создан', 'создана', 'создано', 'создано в',
  ],
  createdBy: ['created by', 'кем создан', 'создал', 'создатель'],
  lastContacted: [
    'last contacted', 'last contact', 'last activity date', 'last activity', 'last email sent', 'last call',
    'дата последнего контакта', 'последний контакт', 'последняя активность', 'последний звонок',
  ],
  ownerAssignedAt: [
    'owner assigned date', 'owner assigned', 'ownership date', 'дата назначения ответственного', 'назначен ответственный',
  ],
  company: ['company', 'company name', 'account name', 'organization', 'компания', 'название компании', 'организация'],
  contact: ['contact', 'contact name', 'person', 'контакт', 'контактное лицо'],
  closeDate: ['close date', 'expected close date', 'дата закрытия', 'предполагаемая дата закрытия'],
  priority: ['priority', 'приоритет'],
  industry: ['industry', 'отрасль', 'сфера деятельности'],
  website: ['website', 'website url', 'web-сайт', 'сайт'],
  jobTitle: ['job title', 'title', 'должность'],
  rating: ['rating', 'рейтинг'],
  leadType: ['lead type', 'type', 'тип', 'тип сделки', 'тип компании'],
};

const LABEL_INDEX: Map<string, string> = (() => {
  const m = new Map<string, string>();
  for (const [key, labels] of Object.entries(LABELS)) for (const l of labels) m.set(l, key);
  return m;
})();

export function normLabel(label: string): string {
  return collapse(label)
    .toLowerCase()
    .replace(/[:：*]+$/, '')
    .replace(/\s*\(.*\)$/, '') // "Amount (USD)", "Сумма (₽)"
    .replace(/ё/g, 'е')
    .trim();
}

/** The stable field name for a label, or undefined when it is not one we know. */
export function fieldKeyForLabel(label: string): string | undefined {
  const n = normLabel(label);
  return LABEL_INDEX.get(n) ?? LABEL_INDEX.get(n.replace(/ё/g, 'е'));
}

/** Values that mean "nothing here" in a CRM field. */
export function isEmptyValue(v: string): boolean {
  const n = collapse(v).toLowerCase();
  return (
    n === '' || n === '--' || n === '-' || n === '—' || n === '…' || n === 'no owner' || n === 'нет' ||
    n === 'не заполнено' || n === 'не указан' || n === 'не выбрано' || n === 'поле не заполнено'
  );
}

/**
 * Collect label → value pairs into named fields (first value wins; unknown labels are kept
 * under `label:<label>` only when `keepUnknown` is set).
 */
export function collectFields(
  pairs: Iterable<readonly [label: string, value: string, key?: string]>,
  keepUnknown = false,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [label, value, explicit] of pairs) {
    const v = collapse(value);
    if (isEmptyValue(v)) continue;
    const key = explicit ?? fieldKeyForLabel(label) ?? (keepUnknown ? `label:${normLabel(label)}` : undefined);
    if (!key) continue;
    if (out[key] === undefined) out[key] = v.slice(0, 500);
  }
  return out;
}

/* ---------------------------------------------------------------- date-times */

export interface DateTimeParseOptions {
  now?: Date;
  slashOrder?: 'mdy' | 'dmy';
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function localIsoDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const RELATIVE: ReadonlyArray<readonly [RegExp, number]> = [
  [/(^|[^\p{L}])(today|сегодня)([^\p{L}]|$)/iu, 0],
  [/(^|[^\p{L}])(yesterday|вчера)([^\p{L}]|$)/iu, -1],
  [/(^|[^\p{L}])(tomorrow|завтра)([^\p{L}]|$)/iu, 1],
];

/** Remove the date part from a text so the time regex cannot pick up date digits. */
function stripDates(s: string): string {
  return s
    .replace(/\d{4}-\d{1,2}-\d{1,2}/g, ' ')
    .replace(/\d{1,2}[./]\d{1,2}[./]\d{2,4}/g, ' ')
    .replace(/\d{1,2}[ /-][A-Za-zА-Яа-яЁё]{3,}\.?[ /,-]*\d{4}/g, ' ')
    .replace(/[A-Za-zА-Яа-яЁё]{3,}\.? \d{1,2}(st|nd|rd|th)?,? \d{4}/g, ' ');
}

/**
 * The first date-time a CRM shows in a text, as an ISO instant (UTC, `...Z`); the date alone
 * (`YYYY-MM-DD`) when no time of day is shown; undefined when there is no date.
 *
 * Understands everything parseHumanDate does plus a time of day ("9:41 AM", "09:41", "09:41:07",
 * "9.41 am" is not a time), "Today"/"Yesterday"/"Сегодня"/"Вчера", ISO instants with an offset,
 * and an explicit zone suffix ("GMT+3", "UTC", "GMT-05:00"). Without a zone, the time is taken
 * in the browser's time zone — the one the CRM renders in for the signed-in user.
 */
export function parseCrmDateTime(text: string | null | undefined, opts: DateTimeParseOptions = {}): string | undefined {
  if (!text) return undefined;
  const s = collapse(text.replace(/[\u00a0\u202f]/g, ' '));
  if (!s) return undefined;
  const now = opts.now ?? new Date();

  // A full ISO instant with an offset is exact.
  const iso = /(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})/.exec(s);
  if (iso) {
    const d = new Date(`${iso[1]}T${iso[2]}:${iso[3]}:${iso[4] ?? '00'}${iso[5] === 'Z' ? 'Z' : iso[5]!.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')}`);
    if (!Number.isNaN(d.getTime())) return d.toISOString();
  }

  // Relative: "5 minutes ago", "2 hours ago", "a minute ago", "just now", «5 минут назад», «час назад», «только что».
  const ago = relativeAgo(s, now);
  if (ago) return ago;

  let date: string | null = parseHumanDate(s, { now, slashOrder: opts.slashOrder });
  if (!date) {
    for (const [re, offset] of RELATIVE) {
      if (re.test(s)) {
        const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset);
        date = localIsoDate(d);
        break;
      }
    }
  }
  if (!date) {
    // "12 марта" / "12 мар" without a year and without being caught above
    const m = /(?<!\d)(\d{1,2}) ([A-Za-zА-Яа-яЁё]{3,})\.?(?![\p{L}])/u.exec(s);
    const month = m ? monthFromName(m[2]!) : null;
    if (m && month) date = `${now.getFullYear()}-${pad(month)}-${pad(Number(m[1]))}`;
  }
  if (!date) return undefined;

  const rest = stripDates(s);
  const t = /(?<![\d:.])(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp])?\.?\s*([Mm])?\.?(?![\d])/.exec(rest);
  if (!t) return date;
  let h = Number(t[1]);
  const min = Number(t[2]);
  const sec = t[3] ? Number(t[3]) : 0;
  const ap = t[4] && t[5] ? t[4].toLowerCase() : null;
  if (ap === 'p' && h < 12) h += 12;
  if (ap === 'a' && h === 12) h = 0;
  if (h > 23 || min > 59 || sec > 59) return date;
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];

  const zone = /\b(?:GMT|UTC)(?:\s*([+-])(\d{1,2})(?::?(\d{2}))?)?(?![\d])/.exec(rest.slice(t.index));
  if (zone) {
    const sign = zone[1] === '-' ? -1 : 1;
    const offMin = zone[2] ? sign * (Number(zone[2]) * 60 + Number(zone[3] ?? 0)) : 0;
    return new Date(Date.UTC(y, mo - 1, d, h, min, sec) - offMin * 60_000).toISOString();
  }
  return new Date(y, mo - 1, d, h, min, sec).toISOString();
}

const AGO_UNITS: ReadonlyArray<readonly [RegExp, 'seconds' | 'minutes' | 'hours']> = [
  [/^(sec|second|seconds|s|сек|секунд|секунды|секунду)$/, 'seconds'],
  [/^(min|mins|minute|minutes|m|мин|минут|минуты|минуту)$/, 'minutes'],
  [/^(h|hr|hrs|hour|hours|ч|час|часа|часов)$/, 'hours'],
];

/** "5 minutes ago" / «5 минут назад» / "an hour ago" / «час назад» / "just now" / «только что» → an instant (date-fns sub). */
function relativeAgo(s: string, now: Date): string | undefined {
  const t = s.toLowerCase();
  if (/(^|[^\p{L}])(just now|только что|a moment ago|moments ago)([^\p{L}]|$)/u.test(t)) return now.toISOString();
  const m = /(?<![\p{L}\d])(\d{1,3}|an?|one|одну|один)?\s*([a-zа-я]+)\.?\s+(ago|назад)(?![\p{L}])/u.exec(t);
  if (!m) return undefined;
  const unit = AGO_UNITS.find(([re]) => re.test(m[2]!))?.[1];
  if (!unit) return undefined;
  const n = m[1] && /^\d+$/.test(m[1]) ? Number(m[1]) : 1;
  return sub(now, { [unit]: n }).toISOString();
}

/** Earliest of ISO dates/instants (date-only values count as their local midnight). */
export function earliest(values: readonly (string | undefined)[]): string | undefined {
  let best: string | undefined;
  let bestT = Infinity;
  for (const v of values) {
    if (!v) continue;
    const t = /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00`).getTime() : new Date(v).getTime();
    if (!Number.isNaN(t) && t < bestT) {
      bestT = t;
      best = v;
    }
  }
  return best;
}

/* ---------------------------------------------------------------- activity & first contact */

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export type ActivityKind = 'call' | 'email' | 'meeting' | 'message' | 'created' | 'other';

/** What a timeline entry is, from its visible title/text (EN/RU) or a type hint (class, data attribute). */
export function classifyActivity(text: string, hint = ''): ActivityKind {
  const t = `${hint} ${text}`.toLowerCase();
  if (/created/.test(hint.toLowerCase())) return 'created'; // a system "record created" entry, whatever its text says
  // Calls that reached nobody are attempts, not contact (HubSpot's outcomes "No answer", "Busy",
  // "Left voicemail", "Wrong number"; Pipedrive's "No answer"; amoCRM/Bitrix24 «Не дозвонились», «Занято»).
  if (/(missed|пропущенн|не дозвон|недозвон|no answer|voicemail|wrong number|\bbusy\b|занято|неверный номер|автоответчик)/.test(t)) return 'other';
  if (/(form submission|submitted a form|заполнил[аи]? форму|заявка с сайта|incoming email|входящее письмо|received an email|получено письмо)/.test(t)) {
    return 'other';
  }
  if (/\b(call|calls|called|phone call)\b|_call|call_|звон[оки]/.test(t)) return 'call';
  if (/\b(e-?mail|emailed)\b|_email|email_|\bmail\b|письм|e-mail|почт/.test(t)) return 'email';
  if (/\b(meeting|met with)\b|встреч/.test(t)) return 'meeting';
  if (/(whatsapp|telegram|sms|\bchat\b|сообщени|чат)/.test(t)) return 'message';
  if (/\b(created|was created)\b|создан[аоы]?(?!\p{L})|создание/u.test(t)) return 'created';
  return 'other';
}

export interface ActivityEvent {
  kind: ActivityKind;
  text: string;
  at?: string;
}

/** Statuses / stages that mean "nobody has worked this lead yet" (lower case, ё → е). */
const INITIAL_STATUSES = new Set([
  'new', 'new lead', 'open', 'open - not contacted', 'not contacted', 'incoming', 'incoming leads', 'unsorted',
  'initial contact', 'unassigned', 'not processed', 'lead in', 'lead',
  'новый', 'новая', 'новое', 'новый лид', 'новая сделка', 'неразобранное', 'первичный контакт', 'не обработан',
  'не обработана', 'необработанный', 'входящие', 'входящие заявки',
]);

export function isInitialStatus(status: string): boolean {
  return INITIAL_STATUSES.has(normLabel(status));
}

export interface CrmReadingInput {
  title?: string;
  status?: string;
  owner?: string;
  /** Created text as shown (will be parsed), or an already parsed ISO value. */
  created?: string;
  fields: Record<string, string>;
  events?: readonly ActivityEvent[];
  /** Count a status past "new" as first-contact evidence (lead-like records only). */
  statusIsLeadStatus?: boolean;
  description?: string;
  labels?: string[];
  now?: Date;
  slashOrder?: 'mdy' | 'dmy';
}

/**
 * Assemble an ItemReading from what an adapter found, applying the shared rules:
 * created = the "created" field (or "Created by: name, date", or a "created" timeline entry);
 * firstContact = the earliest logged call/email/meeting/message in the timeline, else a
 * "last contacted" date, else a lead status past the initial ones.
 */
export function buildCrmReading(input: CrmReadingInput): ItemReading {
  const r = emptyReading();
  const opts = { now: input.now, slashOrder: input.slashOrder };
  const fields: Record<string, string> = { ...input.fields };
  if (input.title) r.title = input.title;
  if (input.description) r.description = input.description;
  if (input.labels) r.labels = input.labels;

  const status = input.status ?? fields.stage ?? fields.leadStatus ?? fields.status ?? fields.lifecycleStage;
  if (status) r.status = status;
  const owner = input.owner ?? fields.owner;
  if (owner) {
    r.owner = owner;
    fields.owner ??= owner;
  }
  if (input.status && !fields.stage && !fields.leadStatus && !fields.status) fields.stage = input.status;

  const events = input.events ?? [];
  const created =
    parseCrmDateTime(input.created ?? fields.created, opts) ??
    parseCrmDateTime(fields.createdBy, opts) ??
    earliest(events.filter((e) => e.kind === 'created').map((e) => e.at));
  if (created) r.dates.created = created;

  const assigned = parseCrmDateTime(fields.ownerAssignedAt, opts);
  if (assigned) r.ownerAssignedAt = assigned;

  // Contact attempts the timeline shows (DOMAIN.md §3: 3–5 before closing as unreachable): calls
  // made, connected or not ("не дозвонились", "no answer"); incoming missed calls are not attempts.
  const attempts = events.filter(
    (e) => e.kind === 'call' || (e.kind === 'other' && /(не дозвон|недозвон|no answer|not answered|unanswered|не ответил|занято|busy|voicemail|wrong number|неверный номер|автоответчик|голосов)/i.test(e.text) && !/(incoming|входящ)/i.test(e.text)),
  ).length;
  if (attempts > 0) fields.contactAttempts ??= String(attempts);

  const contacts = events.filter((e) => e.kind === 'call' || e.kind === 'email' || e.kind === 'meeting' || e.kind === 'message');
  if (contacts.length > 0) {
    const at = earliest(contacts.map((e) => e.at));
    const first = contacts.find((e) => e.at === at) ?? contacts[contacts.length - 1]!;
    // A day without a time of day ("Mar 12, 2025" on a logged task) says contact happened that day, not
    // when: no instant is guessed from it (the clock reads "contacted — time unknown"). A timed contact
    // on that same day is the earlier one we can name (earliest() counts a bare day as its midnight).
    const timed = earliest(contacts.map((e) => (e.at && !DATE_ONLY.test(e.at) ? e.at : undefined)));
    const sameDayTimed = at && DATE_ONLY.test(at) && timed && localIsoDate(new Date(timed)) === at ? timed : undefined;
    const chosen = sameDayTimed ? contacts.find((e) => e.at === sameDayTimed)! : first;
    const when = sameDayTimed ?? (at && !DATE_ONLY.test(at) ? at : undefined);
    r.firstContact = { kind: chosen.kind as 'call' | 'email' | 'meeting' | 'message', evidence: chosen.text.slice(0, 200), ...(when ? { at: when } : {}) };
  } else if (fields.lastContacted) {
    const at = parseCrmDateTime(fields.lastContacted, opts);
    r.firstContact = { kind: 'last-contacted', evidence: fields.lastContacted, ...(at && !DATE_ONLY.test(at) ? { at } : {}) };
  } else if (input.statusIsLeadStatus && status && !isInitialStatus(status)) {
    r.firstContact = { kind: 'status', evidence: status };
  }

  r.fields = fields;
  return r;
}
