/**
 * KPI status (DOMAIN.md §1): progress against the target honouring direction, a trend from
 * the series, staleness, and derived KPIs from a safe arithmetic formula over other KPI ids
 * ("ltv / cac"). The formula parser is a small recursive-descent parser: numbers, KPI ids,
 * + - * / and parentheses, unary minus. No eval, no Function. Pure: no browser APIs.
 */
import type { Kpi, KpiValue } from './schemas';
import { toMs, type TimeInput } from './calendar';

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
  const nowMs = toMs(now);
  const base = {
    kpiId: kpi.id,
    target: kpi.target,
    derived: !!kpi.formula,
  };
  let series: { value: number; at: string; asOf?: string }[];
  let error: KpiStatusResult['error'];
  let cycle: string[] | undefined;
  let inputs: string[] | undefined;
  if (kpi.formula) {
    const allKpis = ctx.kpis ?? [kpi];
    const allValues = ctx.values ?? values;
    const r = derivedSeries(kpi, allKpis, allValues);
    series = r.series;
    error = r.error;
    cycle = r.cycle;
    inputs = r.inputs;
  } else {
    series = values.filter((v) => v.kpiId === kpi.id).map((v) => ({ value: v.value, at: v.at }));
  }
  series = series.filter((p) => Date.parse(p.at) <= nowMs).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const last = series[series.length - 1];
  const result: KpiStatusResult = {
    ...base,
    current: null,
    at: null,
    progress: null,
    status: 'no-data',
    health: 'no-data',
    trend: null,
    improving: null,
    stale: false,
  };
  if (error) result.error = error;
  if (cycle) result.cycle = cycle;
  if (inputs) result.inputs = inputs;
  if (!last) return result;
  result.current = last.value;
  // A derived value is only as fresh as its oldest input.
  result.at = new Date(Date.parse(last.asOf ?? last.at)).toISOString();
  result.progress = progressOf(kpi, last.value);
  result.health = healthOf(kpi, result.progress);
  const staleAfter = (kpi.staleAfterDays ?? 14) * 86_400_000;
  result.stale = nowMs - Date.parse(result.at) > staleAfter;
  result.status = result.stale ? 'stale' : result.health;
  result.trend = trendOf(series);
  result.improving = result.trend === null ? null : result.trend === 'flat' ? null : (result.trend === 'up') === (kpi.direction === 'higher');
  return result;
}

const PROGRESS_CAP = 10;

/** current vs target honouring direction; 1 = at target. */
export function progressOf(kpi: Pick<Kpi, 'direction' | 'target'>, current: number): number {
  const { target } = kpi;
  let p: number;
  if (kpi.direction === 'higher') {
    if (target === 0) p = current >= 0 ? PROGRESS_CAP : 0;
    else if (target > 0) p = current / target;
    else p = current >= target ? 1 + (current - target) / Math.abs(target) : target / current;
  } else {
    if (current <= 0) p = target >= current ? PROGRESS_CAP : 0;
    else if (target <= 0) p = 0;
    else p = target / current;
  }
  if (!Number.isFinite(p)) p = PROGRESS_CAP;
  return Math.max(0, Math.min(PROGRESS_CAP, p));
}

function healthOf(kpi: Kpi, progress: number): KpiHealth {
  const atRisk = kpi.thresholds?.atRisk ?? 0.1;
  if (progress >= 1 - 1e-12) return 'on-track';
  if (progress >= 1 - atRisk - 1e-12) return 'at-risk';
  return 'off-track';
}

/** Series of a derived KPI: at every instant an input changes, the formula over the inputs' latest values. */
function derivedSeries(
  kpi: Kpi,
  kpis: readonly Kpi[],
  values: readonly KpiValue[],
): { series: { value: number; at: string; asOf: string }[]; error?: KpiStatusResult['error']; cycle?: string[]; inputs?: string[] } {
  const byId = new Map(kpis.map((k) => [k.id, k]));
  byId.set(kpi.id, kpi);
  const cycles = detectFormulaCycles([...byId.values()]);
  const mine = cycles.find((c) => c.includes(kpi.id));
  let node: FormulaNode;
  try {
    node = parseFormula(kpi.formula ?? '', new Set(byId.keys()));
  } catch {
    return { series: [], error: 'formula' };
  }
  const inputs = formulaInputs(node);
  if (mine) return { series: [], error: 'cycle', cycle: mine, inputs };
  if (inputs.some((id) => !byId.has(id))) return { series: [], error: 'unknown-input', inputs };
  // Each input's own series (inputs may themselves be derived).
  const inputSeries = new Map<string, { value: number; ms: number; asOf: number }[]>();
  for (const id of inputs) {
    const k = byId.get(id)!;
    const s = k.formula
      ? derivedSeries(k, kpis, values).series.map((p) => ({ value: p.value, ms: Date.parse(p.at), asOf: Date.parse(p.asOf) }))
      : values.filter((v) => v.kpiId === id).map((v) => ({ value: v.value, ms: Date.parse(v.at), asOf: Date.parse(v.at) }));
    s.sort((a, b) => a.ms - b.ms);
    inputSeries.set(id, s);
  }
  if (inputs.some((id) => inputSeries.get(id)!.length === 0)) return { series: [], error: 'missing-input', inputs };
  const instants = [...new Set([...inputSeries.values()].flatMap((s) => s.map((p) => p.ms)))].sort((a, b) => a - b);
  const series: { value: number; at: string; asOf: string }[] = [];
  let divByZero = false;
  for (const t of instants) {
    const vars: Record<string, number> = {};
    let complete = true;
    let oldest = t;
    for (const id of inputs) {
      const s = inputSeries.get(id)!;
      let latest: { value: number; asOf: number } | undefined;
      for (const p of s) {
        if (p.ms <= t) latest = p;
        else break;
      }
      if (latest === undefined) {
        complete = false;
        break;
      }
      vars[id] = latest.value;
      oldest = Math.min(oldest, latest.asOf);
    }
    if (!complete) continue;
    try {
      series.push({ value: evaluateFormula(node, vars), at: new Date(t).toISOString(), asOf: new Date(oldest).toISOString() });
    } catch {
      divByZero = true;
    }
  }
  if (series.length === 0) return { series, error: divByZero ? 'division-by-zero' : 'missing-input', inputs };
  return { series, inputs };
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
  const known = knownIds ? (knownIds instanceof Set ? knownIds : new Set(knownIds as readonly string[])) : new Set<string>();
  const tokens = tokenize(src, known);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const fail = (msg: string, at?: number): never => {
    throw new FormulaError(msg, at ?? peek()?.at ?? src.length);
  };
  let depth = 0;
  const expr = (): FormulaNode => {
    let left = term();
    for (let t = peek(); t && t.type === 'op' && (t.value === '+' || t.value === '-'); t = peek()) {
      pos++;
      left = { type: 'bin', op: t.value, left, right: term() };
    }
    return left;
  };
  const term = (): FormulaNode => {
    let left = unary();
    for (let t = peek(); t && t.type === 'op' && (t.value === '*' || t.value === '/'); t = peek()) {
      pos++;
      left = { type: 'bin', op: t.value, left, right: unary() };
    }
    return left;
  };
  const unary = (): FormulaNode => {
    const t = peek();
    if (t && t.type === 'op' && (t.value === '-' || t.value === '+')) {
      pos++;
      if (++depth > 200) fail('formula is nested too deeply', t.at);
      const arg = unary();
      depth--;
      return t.value === '-' ? { type: 'neg', arg } : arg;
    }
    return primary();
  };
  const primary = (): FormulaNode => {
    const t = peek();
    if (!t) return fail('unexpected end of formula');
    pos++;
    if (t.type === 'num') return { type: 'num', value: t.value };
    if (t.type === 'id') return { type: 'ref', id: t.value };
    if (t.type === 'op' && t.value === '(') {
      if (++depth > 200) fail('formula is nested too deeply', t.at);
      const inner = expr();
      depth--;
      const close = peek();
      if (!close || close.type !== 'op' || close.value !== ')') fail('expected ")"', close?.at);
      pos++;
      return inner;
    }
    return fail(`unexpected "${t.value}"`, t.at);
  };
  if (tokens.length === 0) fail('empty formula', 0);
  const node = expr();
  if (pos < tokens.length) fail('unexpected text after the formula');
  return node;
}

type Token =
  | { type: 'num'; value: number; at: number }
  | { type: 'id'; value: string; at: number }
  | { type: 'op'; value: '+' | '-' | '*' | '/' | '(' | ')'; at: number };

function tokenize(src: string, known: ReadonlySet<string>): Token[] {
  if (src.length > 1000) throw new FormulaError('formula is too long', 1000);
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if ('+-*/()'.includes(ch)) {
      out.push({ type: 'op', value: ch as '+' | '-' | '*' | '/' | '(' | ')', at: i });
      i++;
      continue;
    }
    const num = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i));
    if (num && !/^[a-zA-Z_]/.test(src.slice(i + num[0].length))) {
      out.push({ type: 'num', value: Number(num[0]), at: i });
      i += num[0].length;
      continue;
    }
    const id = /^[a-zA-Z0-9_][a-zA-Z0-9_.]*/.exec(src.slice(i));
    if (id) {
      let name = id[0];
      // Extend over "-" only while the longer name is a known KPI id ("mql-sql").
      const withHyphens = /^[a-zA-Z0-9_][a-zA-Z0-9_.-]*[a-zA-Z0-9_]|^[a-zA-Z0-9_]/.exec(src.slice(i))![0];
      for (let end = withHyphens.length; end > name.length; end--) {
        const candidate = withHyphens.slice(0, end);
        if (known.has(candidate)) {
          name = candidate;
          break;
        }
      }
      out.push({ type: 'id', value: name, at: i });
      i += name.length;
      continue;
    }
    throw new FormulaError(`unexpected character "${ch}"`, i);
  }
  return out;
}

/** Ids a formula refers to, in first-appearance order. */
export function formulaInputs(node: FormulaNode): string[] {
  const out: string[] = [];
  const walk = (n: FormulaNode): void => {
    if (n.type === 'ref') {
      if (!out.includes(n.id)) out.push(n.id);
    } else if (n.type === 'neg') walk(n.arg);
    else if (n.type === 'bin') {
      walk(n.left);
      walk(n.right);
    }
  };
  walk(node);
  return out;
}

/** Evaluate a parsed formula. Throws FormulaError on an unknown id or a division by zero. */
export function evaluateFormula(node: FormulaNode, vars: Readonly<Record<string, number>>): number {
  switch (node.type) {
    case 'num':
      return node.value;
    case 'ref': {
      if (!Object.prototype.hasOwnProperty.call(vars, node.id)) throw new FormulaError(`no value for "${node.id}"`, 0);
      const v = vars[node.id]!;
      if (!Number.isFinite(v)) throw new FormulaError(`"${node.id}" is not a finite number`, 0);
      return v;
    }
    case 'neg':
      return -evaluateFormula(node.arg, vars);
    case 'bin': {
      const a = evaluateFormula(node.left, vars);
      const b = evaluateFormula(node.right, vars);
      switch (node.op) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          if (b === 0) throw new FormulaError('division by zero', 0);
          return a / b;
      }
    }
  }
}

/** Cycles among derived KPIs' formulas, each a list of KPI ids ("a → b → a" as ['a','b']). */
export function detectFormulaCycles(kpis: readonly Kpi[]): string[][] {
  const ids = new Set(kpis.map((k) => k.id));
  const edges = new Map<string, string[]>();
  for (const k of kpis) {
    if (!k.formula) continue;
    try {
      edges.set(k.id, formulaInputs(parseFormula(k.formula, ids)).filter((x) => ids.has(x)));
    } catch {
      // An unparsable formula has no edges; kpiStatus reports it as 'formula'.
    }
  }
  return findCycles([...ids].sort(), (id) => edges.get(id) ?? []);
}

/** Elementary cycles found by depth-first search, each rotated to start at its smallest id, deduplicated. */
export function findCycles(nodes: readonly string[], next: (n: string) => readonly string[]): string[][] {
  const color = new Map<string, 0 | 1 | 2>();
  const stack: string[] = [];
  const seen = new Set<string>();
  const out: string[][] = [];
  const visit = (n: string): void => {
    color.set(n, 1);
    stack.push(n);
    for (const m of next(n)) {
      const c = color.get(m) ?? 0;
      if (c === 0) visit(m);
      else if (c === 1) {
        const cyc = stack.slice(stack.lastIndexOf(m));
        const minAt = cyc.reduce((best, x, i) => (x < cyc[best]! ? i : best), 0);
        const rotated = [...cyc.slice(minAt), ...cyc.slice(0, minAt)];
        const key = rotated.join('\u0000');
        if (!seen.has(key)) {
          seen.add(key);
          out.push(rotated);
        }
      }
    }
    stack.pop();
    color.set(n, 2);
  };
  for (const n of nodes) if ((color.get(n) ?? 0) === 0) visit(n);
  return out;
}

/** Trend of a series of values over time (least squares over the latest `window` points). */
export function trendOf(series: readonly { value: number; at: string }[], window = 5): KpiTrend {
  if (series.length < 2) return null;
  const pts = [...series]
    .map((p) => ({ x: Date.parse(p.at), y: p.value }))
    .sort((a, b) => a.x - b.x)
    .slice(-Math.max(2, window));
  const n = pts.length;
  const mx = pts.reduce((s, p) => s + p.x, 0) / n;
  const my = pts.reduce((s, p) => s + p.y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of pts) {
    sxx += (p.x - mx) * (p.x - mx);
    sxy += (p.x - mx) * (p.y - my);
  }
  if (sxx === 0) return 'flat';
  const slope = sxy / sxx;
  const change = slope * (pts[n - 1]!.x - pts[0]!.x);
  const scale = Math.max(Math.abs(my), 1e-9);
  if (Math.abs(change) / scale < 0.01) return 'flat';
  return change > 0 ? 'up' : 'down';
}
