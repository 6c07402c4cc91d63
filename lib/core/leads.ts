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
  throw new Error('not implemented');
}

export interface IntentResult {
  intent: 'high' | 'normal';
  /** The signal words found, lower-case ("demo", "цена", …). */
  signals: string[];
}

/**
 * High intent when the text or field values show a request, a price query or a demo request
 * (EN + RU: request, quote, price, pricing, demo, trial, buy, "заявка", "цена", "стоимость",
 * "демо", "прайс", "купить", "коммерческое предложение", …). Otherwise normal.
 */
export function classifyIntent(input: string | { text?: string; fields?: Readonly<Record<string, string>> }): IntentResult {
  throw new Error('not implemented');
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
  throw new Error('not implemented');
}
