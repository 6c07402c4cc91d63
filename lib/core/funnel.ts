/**
 * Planning from the funnel (DOMAIN.md §7): from the deals wanted and the conversion rates, the
 * SQL, MQL and leads needed and the budget. The seed article's case: 120 deals at 20% SQL→deal →
 * 600 SQL; at 30% MQL→SQL → 2,000 MQL; at 2,500 RUB per MQL → 5,000,000 RUB of media, "plus
 * production, tools, contractors and a reserve for tests" — the reserve being "10–20% of the
 * variable budget", i.e. of media. Pure.
 */

export interface FunnelInput {
  deals: number;
  /** SQL → deal conversion, 0..1 (e.g. 0.2). */
  sqlToDeal: number;
  /** MQL → SQL conversion, 0..1 (e.g. 0.3). */
  mqlToSql: number;
  /** Lead → MQL conversion, 0..1 (default 1: every lead counted is an MQL, as in DOMAIN.md §7). */
  leadToMql?: number;
  /** Cost per MQL in the currency (e.g. 2500 RUB). Used when costPerLead is absent. */
  costPerMql?: number;
  /** Cost per lead in the currency: media = leads × costPerLead. */
  costPerLead?: number;
  /** Production, tools and other fixed costs (default 0). */
  otherCosts?: number;
  /** Test reserve as a share of the media (variable) budget (default 0.1; DOMAIN.md: 10–20%). */
  reserveShare?: number;
}

export interface FunnelPlan {
  deals: number;
  sql: number;
  mql: number;
  leads: number;
  media: number;
  otherCosts: number;
  reserve: number;
  total: number;
  /** Cost per deal: total / deals. */
  costPerDeal: number;
  /** What one MQL costs in media (media / MQL; 0 when no MQL). */
  costPerMql: number;
  /** What one lead costs in media (media / leads; 0 when no leads). */
  costPerLead: number;
}

export function planFromFunnel(input: FunnelInput): FunnelPlan {
  const { deals, sqlToDeal, mqlToSql } = input;
  const leadToMql = input.leadToMql ?? 1;
  for (const [name, rate] of [['sqlToDeal', sqlToDeal], ['mqlToSql', mqlToSql], ['leadToMql', leadToMql]] as const) {
    if (!(rate > 0 && rate <= 1)) throw new RangeError(`${name} must be in (0, 1], got ${rate}`);
  }
  const cost = input.costPerLead ?? input.costPerMql;
  if (!(deals >= 0) || cost === undefined || !(cost >= 0)) throw new RangeError('deals and the cost per lead or MQL must be ≥ 0');
  const otherCosts = input.otherCosts ?? 0;
  const reserveShare = input.reserveShare ?? 0.1;
  if (!(otherCosts >= 0) || !(reserveShare >= 0 && reserveShare <= 1)) throw new RangeError('otherCosts must be ≥ 0 and reserveShare in [0, 1]');
  const sql = ceilClean(deals / sqlToDeal);
  const mql = ceilClean(sql / mqlToSql);
  const leads = ceilClean(mql / leadToMql);
  const media = round2(input.costPerLead !== undefined ? leads * input.costPerLead : mql * (input.costPerMql ?? 0));
  const reserve = round2(media * reserveShare);
  const total = round2(media + otherCosts + reserve);
  return {
    deals,
    sql,
    mql,
    leads,
    media,
    otherCosts,
    reserve,
    total,
    costPerDeal: deals > 0 ? round2(total / deals) : 0,
    costPerMql: mql > 0 ? round2(media / mql) : 0,
    costPerLead: leads > 0 ? round2(media / leads) : 0,
  };
}

/** Round up to whole leads, ignoring binary floating-point noise (600 / 0.3 = 2000.0000000000002 → 2000). */
function ceilClean(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - r) < 1e-9 * Math.max(1, Math.abs(x)) ? r : Math.ceil(x);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

// ───────────────────────────── the planner's fields, as typed ─────────────────────────────

/** What a planner field holds: a count of deals, a percentage, or an amount of money. */
export type FunnelFieldKind = 'count' | 'percent' | 'reservePercent' | 'money';

export type FunnelFieldError = 'empty' | 'notNumber' | 'negative' | 'zero' | 'notWhole' | 'above100' | 'tooLarge';

/** The largest value a field accepts (a plan beyond these is a typo, and its sums lose precision). */
export const FUNNEL_LIMITS: Readonly<Record<FunnelFieldKind, number>> = {
  count: 1_000_000,
  percent: 100,
  reservePercent: 100,
  money: 1_000_000_000_000,
};

/**
 * Parses a number as people type it in English or Russian: "2,500", "2 500", "2 500,50",
 * "2500.5", "20 %", "20,5%". A comma is a thousands separator only in groups of three after 1–3
 * digits ("2,500", "1,250,000"); otherwise it is the decimal separator ("0,3", "2500,5").
 * Returns NaN when the text is not a number.
 */
export function parseTypedNumber(raw: string): number {
  let s = raw.trim().replace(/[\s\u00a0\u202f']/g, '').replace(/%$/, '');
  if (!s) return NaN;
  if (!/^[+-]?[\d.,]+$/.test(s)) return NaN;
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    // Both: the later one is the decimal separator.
    s = lastComma > lastDot ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else if (lastComma >= 0) {
    s = /^[+-]?\d{1,3}(,\d{3})+$/.test(s) ? s.replace(/,/g, '') : s.replace(',', '.');
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s)) return NaN;
  return Number(s);
}

export type FunnelFieldResult = { ok: true; value: number } | { ok: false; error: FunnelFieldError };

/**
 * Checks one planner field. Percentages come back as shares (20 → 0.2). Deals must be a whole
 * number above 0; conversion rates above 0 and at most 100 %; money and the reserve may be 0.
 */
export function checkFunnelField(raw: string, kind: FunnelFieldKind): FunnelFieldResult {
  if (!raw.trim()) return { ok: false, error: 'empty' };
  const n = parseTypedNumber(raw);
  if (!Number.isFinite(n)) return { ok: false, error: 'notNumber' };
  if (n < 0) return { ok: false, error: 'negative' };
  if (n > FUNNEL_LIMITS[kind]) return { ok: false, error: kind === 'percent' || kind === 'reservePercent' ? 'above100' : 'tooLarge' };
  if (kind === 'count') {
    if (n === 0) return { ok: false, error: 'zero' };
    if (!Number.isInteger(n)) return { ok: false, error: 'notWhole' };
    return { ok: true, value: n };
  }
  if (kind === 'percent') {
    if (n === 0) return { ok: false, error: 'zero' };
    return { ok: true, value: n / 100 };
  }
  if (kind === 'reservePercent') return { ok: true, value: n / 100 };
  return { ok: true, value: n };
}
