/**
 * KPI status (DOMAIN.md §1): progress against the target honouring direction, a trend from
 * the series, staleness, and derived KPIs from a safe arithmetic formula over other KPI ids
 * ("ltv / cac"). The formula parser is a small recursive-descent parser: numbers, KPI ids,
 * + - * / and parentheses, unary minus. No eval, no Function. Pure: no browser APIs.
 */
import type { Kpi, KpiValue } from './schemas';
import type { TimeInput } from './calendar';

export type KpiHealth = 'on-track' | 'at-risk' | 'off-track' | 'no-data';
export type KpiStatusName = KpiHealth | 'stale';
export type KpiTrend = 'up' | 'down' | 'flat' | null;

export interface KpiStatusResult {
  kpiId: string;
  /** The latest value (derived: computed from the inputs' latest values); null without data. */
  current: number | null;
  /** When the latest value was taken (derived: the oldest of the inputs' latest), ISO. */
  at: string | null;
  target: number;
  /** current vs target honouring direction: 1 = at target, > 1 better; higher: current/target, lower: target/current. Capped at 10. */
  progress: number | null;
  /** 'stale' when the value is older than staleAfterDays, otherwise the health. */
  status: KpiStatusName;
  /** Target-based status, regardless of staleness. */
  health: KpiHealth;
  /** Direction of the raw value over the latest points of the series. */
  trend: KpiTrend;
  /** Whether the trend goes the good way (direction-aware); null without a trend. */
  improving: boolean | null;
  stale: boolean;
  derived: boolean;
  /** Derived KPIs: why no value could be computed. */
  error?: 'formula' | 'cycle' | 'missing-input' | 'division-by-zero' | 'unknown-input';
  /** Derived KPIs: the cycle of KPI ids when error is 'cycle'. */
  cycle?: string[];
  /** Derived KPIs: the input KPI ids of the formula. */
  inputs?: string[];
}

export interface KpiContext {
  /** All KPIs (for derived KPIs' inputs). */
  kpis?: readonly Kpi[];
  /** All values (for derived KPIs' inputs); defaults to `values`. */
  values?: readonly KpiValue[];
}

export function kpiStatus(kpi: Kpi, values: readonly KpiValue[], now: TimeInput, ctx: KpiContext = {}): KpiStatusResult {
  throw new Error('not implemented');
}

// ───────────────────────────── formulas ─────────────────────────────

export type FormulaNode =
  | { type: 'num'; value: number }
  | { type: 'ref'; id: string }
  | { type: 'neg'; arg: FormulaNode }
  | { type: 'bin'; op: '+' | '-' | '*' | '/'; left: FormulaNode; right: FormulaNode };

export class FormulaError extends Error {
  constructor(
    message: string,
    /** Character offset in the source where the problem is. */
    readonly at: number,
  ) {
    super(message);
    this.name = 'FormulaError';
  }
}

/**
 * Parse a formula. KPI ids may contain letters, digits, "_", "." and "-"; a "-" inside a
 * name is read as part of the id only when `knownIds` names such an id (otherwise it is a
 * minus). Throws FormulaError.
 */
export function parseFormula(src: string, knownIds?: ReadonlySet<string> | readonly string[]): FormulaNode {
  throw new Error('not implemented');
}

/** Ids a formula refers to, in first-appearance order. */
export function formulaInputs(node: FormulaNode): string[] {
  throw new Error('not implemented');
}

/** Evaluate a parsed formula. Throws FormulaError on an unknown id or a division by zero. */
export function evaluateFormula(node: FormulaNode, vars: Readonly<Record<string, number>>): number {
  throw new Error('not implemented');
}

/** Cycles among derived KPIs' formulas, each a list of KPI ids ("a → b → a" as ['a','b']). */
export function detectFormulaCycles(kpis: readonly Kpi[]): string[][] {
  throw new Error('not implemented');
}

/** Trend of a series of values over time (least squares over the latest `window` points). */
export function trendOf(series: readonly { value: number; at: string }[], window = 5): KpiTrend {
  throw new Error('not implemented');
}
