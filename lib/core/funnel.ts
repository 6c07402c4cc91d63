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
  throw new Error('not implemented');
}
