/**
 * Planning from the funnel (DOMAIN.md §7): from the deals wanted and the conversion rates,
 * the SQL and MQL needed and the media budget. 120 deals at 20% SQL→deal → 600 SQL; at 30%
 * MQL→SQL → 2,000 MQL; at 2,500 RUB per MQL → 5,000,000 RUB of media. Pure.
 */

export interface FunnelInput {
  deals: number;
  /** SQL → deal conversion, 0..1 (e.g. 0.2). */
  sqlToDeal: number;
  /** MQL → SQL conversion, 0..1 (e.g. 0.3). */
  mqlToSql: number;
  /** Cost per MQL in the currency (e.g. 2500 RUB). */
  costPerMql: number;
  /** Production, tools and other fixed costs (default 0). */
  otherCosts?: number;
  /** Test reserve as a share of media + other costs (default 0.1; DOMAIN.md says 10–20%). */
  reserveShare?: number;
}

export interface FunnelPlan {
  deals: number;
  sql: number;
  mql: number;
  media: number;
  otherCosts: number;
  reserve: number;
  total: number;
  /** Cost per deal: total / deals. */
  costPerDeal: number;
}

export function planFromFunnel(input: FunnelInput): FunnelPlan {
  const { deals, sqlToDeal, mqlToSql, costPerMql } = input;
  for (const [name, rate] of [['sqlToDeal', sqlToDeal], ['mqlToSql', mqlToSql]] as const) {
    if (!(rate > 0 && rate <= 1)) throw new RangeError(`${name} must be in (0, 1], got ${rate}`);
  }
  if (!(deals >= 0) || !(costPerMql >= 0)) throw new RangeError('deals and costPerMql must be ≥ 0');
  const sql = ceilClean(deals / sqlToDeal);
  const mql = ceilClean(sql / mqlToSql);
  const media = round2(mql * costPerMql);
  const otherCosts = input.otherCosts ?? 0;
  const reserve = round2((media + otherCosts) * (input.reserveShare ?? 0.1));
  const total = round2(media + otherCosts + reserve);
  return { deals, sql, mql, media, otherCosts, reserve, total, costPerDeal: deals > 0 ? round2(total / deals) : 0 };
}

/** Round up to whole leads, ignoring binary floating-point noise (600 / 0.3 = 2000.0000000000002 → 2000). */
function ceilClean(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - r) < 1e-9 * Math.max(1, Math.abs(x)) ? r : Math.ceil(x);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
