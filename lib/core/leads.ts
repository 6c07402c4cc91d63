/**
 * Lead quality (DOMAIN.md §4): MQL / SQL evaluation from the criteria, intent classification
 * from a lead's text and fields, and lead quality per source or campaign with a concentration
 * warning when one source brings more than the threshold share of leads. Pure: no browser APIs.
 */
import type { LeadNote, RejectionReason } from './schemas';
import { LEAD_CRITERIA } from './schemas';

export type LeadCriterion = (typeof LEAD_CRITERIA)[number];
export type LeadCriteria = Partial<Record<LeadCriterion, boolean>>;

/**
 * - 'sql': MQL + need + contactable + confirmed by sales;
 * - 'mql': segment fit + intent signal + no exclusion;
 * - 'rejected': a rejection reason is recorded;
 * - 'unqualified': a required MQL criterion is known to fail (not the segment, no intent, an exclusion applies);
 * - 'incomplete': not enough known yet to say MQL.
 */
export type LeadVerdict = 'sql' | 'mql' | 'rejected' | 'unqualified' | 'incomplete';

export interface LeadEvaluation {
  verdict: LeadVerdict;
  /** Criteria known to fail among those the verdict needed. */
  failed: LeadCriterion[];
  /** Criteria still unknown for the next level (MQL when below MQL, SQL when MQL). */
  unknown: LeadCriterion[];
  /** MQL-level and SQL-level checks. */
  isMql: boolean;
  isSql: boolean;
}

export interface LeadEvaluationInput {
  criteria: LeadCriteria;
  /** Sales confirmed and accepted the lead for work (a note by sales with verdict 'sql'). */
  confirmedBySales?: boolean;
  rejectionReasonId?: string;
}

export function evaluateLead(input: LeadEvaluationInput | LeadCriteria): LeadEvaluation {
  const full: LeadEvaluationInput = isEvaluationInput(input) ? input : { criteria: input };
  const c = full.criteria;
  const mqlNeeds: LeadCriterion[] = ['segment', 'intent', 'exclusions'];
  const sqlNeeds: LeadCriterion[] = ['need', 'contactable'];
  const mqlFailed = mqlNeeds.filter((k) => c[k] === false);
  const mqlUnknown = mqlNeeds.filter((k) => c[k] === undefined);
  const isMql = mqlFailed.length === 0 && mqlUnknown.length === 0;
  const sqlFailed = sqlNeeds.filter((k) => c[k] === false);
  const sqlUnknown = sqlNeeds.filter((k) => c[k] === undefined);
  const isSql = isMql && sqlFailed.length === 0 && sqlUnknown.length === 0 && full.confirmedBySales === true;
  if (full.rejectionReasonId) {
    return { verdict: 'rejected', failed: [...mqlFailed, ...sqlFailed], unknown: [], isMql, isSql: false };
  }
  if (mqlFailed.length) return { verdict: 'unqualified', failed: mqlFailed, unknown: mqlUnknown, isMql: false, isSql: false };
  if (!isMql) return { verdict: 'incomplete', failed: [], unknown: mqlUnknown, isMql: false, isSql: false };
  if (isSql) return { verdict: 'sql', failed: [], unknown: [], isMql: true, isSql: true };
  return { verdict: 'mql', failed: sqlFailed, unknown: sqlUnknown, isMql: true, isSql: false };
}

function isEvaluationInput(x: LeadEvaluationInput | LeadCriteria): x is LeadEvaluationInput {
  return typeof (x as LeadEvaluationInput).criteria === 'object' && (x as LeadEvaluationInput).criteria !== null;
}

/** The evaluation input a lead's notes give: criteria merged oldest → newest, sales confirmation, the latest rejection. */
export function leadInputFromNotes(notes: readonly LeadNote[]): LeadEvaluationInput {
  const sorted = [...notes].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const criteria: LeadCriteria = {};
  let confirmedBySales = false;
  let rejectionReasonId: string | undefined;
  for (const n of sorted) {
    Object.assign(criteria, n.criteria);
    if (n.verdict === 'sql' && n.authorTeamId === 'sales') confirmedBySales = true;
    if (n.verdict === 'rejected' || n.rejectionReasonId) rejectionReasonId = n.rejectionReasonId ?? 'unspecified';
    else if (n.verdict === 'sql' || n.verdict === 'mql') rejectionReasonId = undefined;
  }
  const out: LeadEvaluationInput = { criteria, confirmedBySales };
  if (rejectionReasonId) out.rejectionReasonId = rejectionReasonId;
  return out;
}

export interface IntentResult {
  intent: 'high' | 'normal';
  /** The signal words found, lower-case ("demo", "цена", …). */
  signals: string[];
}

/**
 * High intent when the text or field values show a request, a price query or a demo request
 * (EN + RU: "request a demo", quote, price, pricing, demo, trial, "place an order", "заявка",
 * «цена», «тарифы», «стоимость», «демо», «прайс», «купить», «коммерческое предложение», «КП», …).
 * Ordinary words that only look like signals are not: "in order to", "cost-cutting", "low-cost",
 * "feature request", "pull request". Otherwise normal.
 */
export function classifyIntent(input: string | { text?: string; fields?: Readonly<Record<string, string>> }): IntentResult {
  const parts: string[] = [];
  if (typeof input === 'string') parts.push(input);
  else {
    if (input.text) parts.push(input.text);
    for (const v of Object.values(input.fields ?? {})) if (typeof v === 'string') parts.push(v);
  }
  const text = parts.join('\n').toLowerCase().replace(/ё/g, 'е');
  const signals: string[] = [];
  for (const [name, re] of INTENT_SIGNALS) {
    if (re.test(text)) signals.push(name);
  }
  return { intent: signals.length ? 'high' : 'normal', signals };
}

/** Word-start boundary that works for Cyrillic too (\b does not). */
const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
const INTENT_SIGNALS: readonly (readonly [string, RegExp])[] = [
  // "a request" is an application or a callback ask — not a feature / pull / merge request.
  ['request', new RegExp(`${B}((?<!(feature|pull|merge|change|support) )request(s|ed)? (a |for (a )?)?(call|callback|demo|quote|proposal|price|pricing|info|information|consultation)|inquiry|enquiry|contact sales|talk to sales|call ?back|call me|get in touch)${E}`, 'u')],
  // Price queries; never "cost-cutting", "low-cost", "cost center" or a bare "costs" in a sentence.
  ['price', new RegExp(`${B}(price|prices|pricing|price list|quote|quotes|quotation|how much|cost estimate|(what|how much) (does|do|would|will) (it|this|that|they) cost|cost of (the |a |your )?(license|licence|plan|plans|subscription|service|implementation|product))${E}`, 'u')],
  ['demo', new RegExp(`${B}(demo|demos|demonstration|trial|free trial)${E}`, 'u')],
  // Buying; never "in order to", "order of", "ordering of".
  ['buy', new RegExp(`${B}(buy|purchase|place (an |the )?order|order (now|online)|(want|would like|ready|like) to (buy|order|purchase)|proposal|commercial offer)${E}`, 'u')],
  ['заявка', new RegExp(`${B}(заявк[аиуеой]|заявкой|запрос(ил[аи]?)? (кп|цен[ыу]|стоимост[ьи]|прайс[а]?|демо|звонк[аи]|коммерческого предложения|счета|тарифов))${E}`, 'u')],
  ['цена', new RegExp(`${B}(цен[аыуе]|ценой|ценам|ценах|прайс|прайс-лист|тариф|тарифы|тарифа|тарифов|тарифах|тарифам|расценк[иа])${E}`, 'u')],
  ['стоимость', new RegExp(`${B}(стоимост[ьи]|стоимостью|сколько стоит|сколько стоят|расчет стоимости|просчет|просчитать)${E}`, 'u')],
  ['демо', new RegExp(`${B}(демо|демо-доступ|демонстраци[яюи]|тестов(ый|ого) доступ[а]?|пробн(ый|ого) период[а]?|презентаци[яюи] продукта)${E}`, 'u')],
  ['купить', new RegExp(`${B}(купить|покупк[аиу]|заказать|оформить заказ|хочу заказать|коммерческое предложение|коммерческого предложения|кп|счет на оплату|выставить счет|перезвон(ите|ить)?)${E}`, 'u')],
];

// ───────────────────────────── lead handling norms ─────────────────────────────

export interface WithinSlaNorm {
  /** Share of finished first-contact clocks that were met (null: none finished). */
  share: number | null;
  /** The norm (DOMAIN.md §3: 90 %). */
  norm: number;
  /** Whether the actual share meets the norm (null when nothing finished). */
  meets: boolean | null;
  finished: number;
  met: number;
  /** Clocks whose contact time is unknown: left out of the share. */
  unknown: number;
  /** Percentage points below the norm (0 when it meets it). */
  shortfall: number;
}

/** The "≥ 90 % of leads handled within the SLA" norm against the actual share of finished clocks. */
export function withinSlaNorm(clocks: readonly ({ state: string } | null)[], norm = 0.9): WithinSlaNorm {
  let finished = 0;
  let met = 0;
  let unknown = 0;
  for (const c of clocks) {
    if (!c) continue;
    if (c.state === 'met') {
      met++;
      finished++;
    } else if (c.state === 'breached') finished++;
    else if (c.state === 'unknown') unknown++;
  }
  const share = finished ? met / finished : null;
  return {
    share,
    norm,
    meets: share === null ? null : share >= norm - 1e-9,
    finished,
    met,
    unknown,
    shortfall: share === null || share >= norm ? 0 : Math.round((norm - share) * 1000) / 10,
  };
}

export type AttemptsStatus = 'none' | 'below' | 'within' | 'above';

/** Contact attempts against the 3–5 norm (DOMAIN.md §3) — before closing a lead as unreachable. */
export function contactAttemptsStatus(attempts: number, norm: { min: number; max: number } = { min: 3, max: 5 }): AttemptsStatus {
  if (!(attempts > 0)) return 'none';
  if (attempts < norm.min) return 'below';
  if (attempts > norm.max) return 'above';
  return 'within';
}

export interface UnitEconomics {
  ltv?: number;
  cac?: number;
  /** Monthly revenue per customer. */
  arpu?: number;
  /** Gross margin share 0..1 (default 1: revenue). */
  grossMargin?: number;
}

export interface UnitEconomicsResult {
  /** LTV / CAC when both exist. */
  ltvToCac: number | null;
  /** Explicit warning: LTV < CAC means losing money on every customer. */
  ltvBelowCac: boolean;
  /** CAC payback in months = CAC / (ARPU × gross margin), when its inputs exist. */
  cacPaybackMonths: number | null;
  /** Outside the typical 3–9 months (DOMAIN.md §1). */
  paybackOutsideTypical: boolean;
}

export function unitEconomics(u: UnitEconomics): UnitEconomicsResult {
  const ok = (x: number | undefined): x is number => typeof x === 'number' && Number.isFinite(x);
  const ltvToCac = ok(u.ltv) && ok(u.cac) && u.cac > 0 ? u.ltv / u.cac : null;
  const margin = ok(u.grossMargin) ? u.grossMargin : 1;
  const monthly = ok(u.arpu) ? u.arpu * margin : NaN;
  const cacPaybackMonths = ok(u.cac) && monthly > 0 ? u.cac / monthly : null;
  return {
    ltvToCac,
    ltvBelowCac: ok(u.ltv) && ok(u.cac) && u.ltv < u.cac,
    cacPaybackMonths,
    paybackOutsideTypical: cacPaybackMonths !== null && (cacPaybackMonths < 3 || cacPaybackMonths > 9),
  };
}

export interface ReasonCount {
  reasonId: string;
  label?: string;
  labelRu?: string;
  count: number;
  /** Share of this group's rejected leads. */
  share: number;
}

export interface SourceQuality {
  /** The source or campaign name ('(none)' when unknown). */
  key: string;
  total: number;
  rejected: number;
  /** rejected / total. */
  rejectedShare: number;
  mql: number;
  sql: number;
  /** total / all leads. */
  shareOfAll: number;
  byReason: ReasonCount[];
}

export interface QualityReport {
  /** Number of leads (distinct item keys). */
  total: number;
  /** Groups sorted by total, largest first. */
  groups: SourceQuality[];
  /** True when one group's share of all leads exceeds the threshold. */
  concentrationWarning: boolean;
  /** The largest group and its share when concentrationWarning. */
  concentration: { key: string; share: number } | null;
  threshold: number;
}

export interface QualityOptions {
  /** Group by the lead's source (default) or campaign. */
  by?: 'source' | 'campaign';
  /** Concentration threshold (default 0.5, DOMAIN.md §4). */
  threshold?: number;
  /** Rejection reasons for labels. */
  reasons?: readonly RejectionReason[];
}

/**
 * Lead quality per source or campaign. Notes are folded per lead (item key): the latest
 * verdict, the latest rejection reason, and the latest known source/campaign.
 */
export function qualityBySource(notes: readonly LeadNote[], options: QualityOptions = {}): QualityReport {
  const by = options.by ?? 'source';
  const threshold = options.threshold ?? 0.5;
  const reasons = new Map((options.reasons ?? []).map((r) => [r.id, r]));
  // Fold notes per lead.
  const perLead = new Map<string, LeadNote[]>();
  for (const n of notes) {
    const list = perLead.get(n.itemKey);
    if (list) list.push(n);
    else perLead.set(n.itemKey, [n]);
  }
  const groups = new Map<string, SourceQuality & { reasonCounts: Map<string, number> }>();
  for (const list of perLead.values()) {
    list.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    let key: string | undefined;
    for (const n of list) {
      const k = by === 'source' ? n.source : n.campaign;
      if (k && k.trim()) key = k.trim();
    }
    const groupKey = key ?? '(none)';
    let g = groups.get(groupKey);
    if (!g) {
      g = { key: groupKey, total: 0, rejected: 0, rejectedShare: 0, mql: 0, sql: 0, shareOfAll: 0, byReason: [], reasonCounts: new Map() };
      groups.set(groupKey, g);
    }
    g.total++;
    const input = leadInputFromNotes(list);
    const verdict = evaluateLead(input).verdict;
    const latestVerdict = [...list].reverse().find((n) => n.verdict)?.verdict;
    if (input.rejectionReasonId) {
      g.rejected++;
      g.reasonCounts.set(input.rejectionReasonId, (g.reasonCounts.get(input.rejectionReasonId) ?? 0) + 1);
    } else if (verdict === 'sql' || latestVerdict === 'sql') {
      g.sql++;
      g.mql++;
    } else if (verdict === 'mql' || latestVerdict === 'mql') {
      g.mql++;
    }
  }
  const total = perLead.size;
  const out: SourceQuality[] = [];
  for (const g of groups.values()) {
    const byReason: ReasonCount[] = [...g.reasonCounts.entries()]
      .map(([reasonId, count]) => {
        const r: ReasonCount = { reasonId, count, share: g.rejected ? count / g.rejected : 0 };
        const def = reasons.get(reasonId);
        if (def) {
          r.label = def.label;
          if (def.labelRu) r.labelRu = def.labelRu;
        }
        return r;
      })
      .sort((a, b) => b.count - a.count || a.reasonId.localeCompare(b.reasonId));
    out.push({
      key: g.key,
      total: g.total,
      rejected: g.rejected,
      rejectedShare: g.total ? g.rejected / g.total : 0,
      mql: g.mql,
      sql: g.sql,
      shareOfAll: total ? g.total / total : 0,
      byReason,
    });
  }
  out.sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
  // Leads with no known source say nothing about concentration.
  const top = out.find((g) => g.key !== '(none)');
  const warn = !!top && top.shareOfAll > threshold;
  return { total, groups: out, concentrationWarning: warn, concentration: warn && top ? { key: top.key, share: top.shareOfAll } : null, threshold };
}

// ───────────────────────────── deals and conversion (the lead quality page) ─────────────────────────────

/**
 * CRM statuses that mean the lead became a deal won, as the CRMs show them today: HubSpot's
 * lifecycle stage "Customer" and deal stage "Closed won", Salesforce's lead status "Closed -
 * Converted" / "Converted" and opportunity stage "Closed Won", Pipedrive's "Won", amoCRM/Kommo's
 * «Успешно реализовано», Bitrix24's «Сделка успешна». "Closed lost", «Закрыто и не реализовано»,
 * "Unconverted" are not.
 */
const WON_STATUSES = new Set([
  'won',
  'deal won',
  'closed won',
  'closedwon',
  'closed converted',
  'converted',
  'customer',
  'успешно реализовано',
  'сделка успешна',
  'успешная сделка',
  'сделка выиграна',
  'выиграна',
  'выиграно',
  'оплачено',
]);

export function isWonStatus(status: string | undefined): boolean {
  if (!status) return false;
  const s = status
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[\s\-–—_:·.]+/g, ' ')
    .trim();
  return WON_STATUSES.has(s);
}

/** to / from as a share, or null when there is nothing to convert from. */
export function conversionRate(from: number, to: number): number | null {
  return from > 0 ? Math.min(1, to / from) : null;
}
