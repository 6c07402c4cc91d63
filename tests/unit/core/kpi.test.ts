import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { detectFormulaCycles, evaluateFormula, FormulaError, formulaInputs, kpiStatus, parseFormula, progressOf, trendOf } from '@/lib/core/kpi';
import { DEFAULT_KPIS } from '@/lib/core/defaults';
import { KpiSchema, type Kpi, type KpiValue } from '@/lib/core/schemas';

const kpi = (id: string): Kpi => DEFAULT_KPIS.find((k) => k.id === id)!;
const v = (kpiId: string, value: number, at: string): KpiValue => ({ kpiId, value, at, source: 'manual' });
const NOW = '2026-04-20T12:00:00Z';

describe('kpiStatus', () => {
  it('higher is better: progress = current / target; at-risk within 10%', () => {
    const k = kpi('mql-sql'); // target 30%
    expect(kpiStatus(k, [v('mql-sql', 33, '2026-04-19T00:00:00Z')], NOW)).toMatchObject({ current: 33, progress: 1.1, status: 'on-track', stale: false });
    expect(kpiStatus(k, [v('mql-sql', 28, '2026-04-19T00:00:00Z')], NOW).status).toBe('at-risk');
    expect(kpiStatus(k, [v('mql-sql', 20, '2026-04-19T00:00:00Z')], NOW).status).toBe('off-track');
  });
  it('lower is better: progress = target / current (CAC)', () => {
    const k = kpi('cac'); // target 10,000 RUB
    expect(kpiStatus(k, [v('cac', 8000, '2026-04-19T00:00:00Z')], NOW)).toMatchObject({ progress: 1.25, status: 'on-track' });
    expect(kpiStatus(k, [v('cac', 10500, '2026-04-19T00:00:00Z')], NOW).status).toBe('at-risk');
    expect(kpiStatus(k, [v('cac', 15000, '2026-04-19T00:00:00Z')], NOW).status).toBe('off-track');
    expect(progressOf(k, 0)).toBe(10);
  });
  it('no data, and stale after staleAfterDays (default 14)', () => {
    expect(kpiStatus(kpi('nps'), [], NOW)).toMatchObject({ status: 'no-data', current: null, trend: null });
    const stale = kpiStatus(kpi('nps'), [v('nps', 50, '2026-04-01T00:00:00Z')], NOW);
    expect(stale).toMatchObject({ status: 'stale', health: 'on-track', stale: true, current: 50 });
  });
  it('trend from the series; improving honours direction', () => {
    const series = [v('cac', 12000, '2026-03-01T00:00:00Z'), v('cac', 11000, '2026-03-15T00:00:00Z'), v('cac', 9500, '2026-04-15T00:00:00Z')];
    expect(kpiStatus(kpi('cac'), series, NOW)).toMatchObject({ current: 9500, trend: 'down', improving: true });
    expect(trendOf([{ value: 10, at: '2026-01-01T00:00:00Z' }, { value: 10.01, at: '2026-02-01T00:00:00Z' }])).toBe('flat');
    expect(trendOf([{ value: 10, at: '2026-01-01T00:00:00Z' }])).toBeNull();
  });
  it('values after now are not seen yet', () => {
    expect(kpiStatus(kpi('nps'), [v('nps', 50, '2026-05-01T00:00:00Z')], NOW).status).toBe('no-data');
  });
});

describe('derived KPIs (LTV / CAC)', () => {
  const values = [
    v('ltv', 30000, '2026-04-10T00:00:00Z'),
    v('cac', 12000, '2026-04-01T00:00:00Z'),
    v('cac', 8000, '2026-04-15T00:00:00Z'),
  ];
  it('computes from the inputs\' latest values, with a series for the trend', () => {
    const r = kpiStatus(kpi('ltv-cac'), [], NOW, { kpis: DEFAULT_KPIS, values });
    expect(r).toMatchObject({ derived: true, current: 3.75, inputs: ['ltv', 'cac'], status: 'on-track', trend: 'up', at: '2026-04-10T00:00:00.000Z' });
    // The oldest input decides staleness: on 27 April LTV (10 April) is 17 days old, CAC (15 April) only 12.
    expect(kpiStatus(kpi('ltv-cac'), [], '2026-04-27T00:00:00Z', { kpis: DEFAULT_KPIS, values }).status).toBe('stale');
  });
  it('LTV < CAC: losing money on every customer is off-track', () => {
    const r = kpiStatus(kpi('ltv-cac'), [], NOW, { kpis: DEFAULT_KPIS, values: [v('ltv', 5000, '2026-04-10T00:00:00Z'), v('cac', 8000, '2026-04-10T00:00:00Z')] });
    expect(r.current).toBe(0.625);
    expect(r.status).toBe('off-track');
  });
  it('reports missing inputs, unknown inputs, division by zero, bad formulas and cycles', () => {
    expect(kpiStatus(kpi('ltv-cac'), [], NOW, { kpis: DEFAULT_KPIS, values: [v('ltv', 1, '2026-04-10T00:00:00Z')] }).error).toBe('missing-input');
    expect(kpiStatus(kpi('ltv-cac'), [], NOW, { kpis: DEFAULT_KPIS, values: [v('ltv', 1, '2026-04-10T00:00:00Z'), v('cac', 0, '2026-04-10T00:00:00Z')] }).error).toBe('division-by-zero');
    const bad = KpiSchema.parse({ ...kpi('ltv-cac'), id: 'bad', formula: 'ltv / (cac' });
    expect(kpiStatus(bad, [], NOW, { kpis: [...DEFAULT_KPIS, bad], values }).error).toBe('formula');
    const unknown = KpiSchema.parse({ ...kpi('ltv-cac'), id: 'unk', formula: 'ltv / margin' });
    expect(kpiStatus(unknown, [], NOW, { kpis: [...DEFAULT_KPIS, unknown], values }).error).toBe('unknown-input');
    const a = KpiSchema.parse({ ...kpi('ltv'), id: 'a', formula: 'b * 2' });
    const b = KpiSchema.parse({ ...kpi('ltv'), id: 'b', formula: 'a + ltv' });
    expect(detectFormulaCycles([...DEFAULT_KPIS, a, b])).toEqual([['a', 'b']]);
    expect(kpiStatus(a, [], NOW, { kpis: [...DEFAULT_KPIS, a, b], values })).toMatchObject({ error: 'cycle', cycle: ['a', 'b'] });
  });
  it('a derived KPI over a derived KPI', () => {
    const x = KpiSchema.parse({ ...kpi('ltv'), id: 'x', formula: '(ltv-cac - 1) * 100', unit: 'percent' });
    const r = kpiStatus(x, [], NOW, { kpis: [...DEFAULT_KPIS, x], values });
    expect(r.current).toBeCloseTo(275);
  });
});

describe('formula parser (no eval)', () => {
  it('precedence, parentheses, unary minus, numbers', () => {
    const calc = (s: string, vars: Record<string, number> = {}) => evaluateFormula(parseFormula(s, Object.keys(vars)), vars);
    expect(calc('1 + 2 * 3')).toBe(7);
    expect(calc('(1 + 2) * 3')).toBe(9);
    expect(calc('-2 * -3')).toBe(6);
    expect(calc('10 / 4 - 0.5')).toBe(2);
    expect(calc('1.5e2 + .5')).toBe(150.5);
    expect(calc('ltv / cac', { ltv: 30000, cac: 10000 })).toBe(3);
    expect(calc('mql-sql * 2', { 'mql-sql': 30 })).toBe(60);
    expect(calc('mql - sql', { mql: 5, sql: 2 })).toBe(3);
    expect(calc('mql-sql', { mql: 5, sql: 2 })).toBe(3);
  });
  it('rejects anything else with a position', () => {
    for (const s of ['', '1 +', '(1', '1)', 'a b', 'alert(1)', 'constructor.constructor("x")()', '1;2', '`x`', '2 ** 3', 'a[0]', "process.exit()"]) {
      expect(() => evaluateFormula(parseFormula(s), { a: 1, alert: 1, process: 1 }), s).toThrow(FormulaError);
    }
    expect(() => evaluateFormula(parseFormula('toString'), {})).toThrow(FormulaError);
    expect(() => evaluateFormula(parseFormula('__proto__'), {})).toThrow(FormulaError);
  });
  it('lists inputs in order of appearance', () => {
    expect(formulaInputs(parseFormula('(ltv - cac) / cac + nps'))).toEqual(['ltv', 'cac', 'nps']);
  });
  it('property: printing a random expression and parsing it evaluates to the same number', () => {
    type E = { s: string; v: number };
    const leaf = fc.integer({ min: 0, max: 1000 }).map((n): E => ({ s: String(n), v: n }));
    const expr: fc.Arbitrary<E> = fc.letrec<{ e: E }>((tie) => ({
      e: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.tuple(tie('e'), fc.constantFrom('+', '-', '*'), tie('e')).map(([a, op, b]): E => ({
          s: `(${a.s} ${op} ${b.s})`,
          v: op === '+' ? a.v + b.v : op === '-' ? a.v - b.v : a.v * b.v,
        })),
        tie('e').map((a): E => ({ s: `-${a.s}`, v: -a.v })),
      ),
    })).e;
    fc.assert(
      fc.property(expr, (e) => {
        expect(evaluateFormula(parseFormula(e.s), {})).toBe(e.v);
      }),
    );
  });
});
