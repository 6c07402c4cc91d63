/**
 * The funnel planner of DOMAIN.md §7 as a calculator: deals wanted → SQL → MQL → leads → budget.
 * Defaults come from the workspace's own measured conversions when there are enough leads (each
 * field says where its default came from), else from the articles' example (120 deals, 20 %, 30 %,
 * 2,500 RUB). The plan updates as you type; the arithmetic is lib/core/funnel.ts.
 */
import { useId, useMemo, useState } from 'react';
import { checkFunnelField, planFromFunnel, type FunnelFieldError, type FunnelFieldKind, type FunnelPlan } from '@/lib/core/funnel';
import { numberFormat } from '@/lib/core/intl';
import type { LeadReport, MeasuredRate } from '@/lib/pages/leads';
import { t, uiLocale } from './t';

const tx = t as unknown as (key: string, subs?: string[]) => string;

type FieldId = 'deals' | 'sqlToDeal' | 'mqlToSql' | 'leadToMql' | 'costPerLead' | 'otherCosts' | 'reserve';

const KINDS: Record<FieldId, FunnelFieldKind> = {
  deals: 'count',
  sqlToDeal: 'percent',
  mqlToSql: 'percent',
  leadToMql: 'percent',
  costPerLead: 'money',
  otherCosts: 'money',
  reserve: 'reservePercent',
};

/** The articles' example (DOMAIN.md §7; seed 003): 120 deals, 20 %, 30 %, 2,500 RUB per MQL, a 10 % reserve. */
export const ARTICLE_EXAMPLE: Record<FieldId, number> = { deals: 120, sqlToDeal: 20, mqlToSql: 30, leadToMql: 100, costPerLead: 2500, otherCosts: 0, reserve: 10 };

/** A plan whose sums are this large is a typo (a rate near 0 %), and its numbers would lose precision. */
const MAX_RESULT = 1e15;

export interface FunnelDefaults {
  values: Record<FieldId, number>;
  /** Where each default came from, in words. */
  origin: Record<FieldId, string>;
}

export function funnelDefaults(measured: LeadReport['measured'] | null, periodLabel: string, fmtPct: (x: number) => string): FunnelDefaults {
  const values = { ...ARTICLE_EXAMPLE };
  const origin = {} as Record<FieldId, string>;
  for (const f of Object.keys(ARTICLE_EXAMPLE) as FieldId[]) origin[f] = tx('leadsPage.funnel.fromExample');
  origin.leadToMql = tx('leadsPage.funnel.fromExampleLeads');
  origin.otherCosts = tx('leadsPage.funnel.fromNone');
  const use = (f: FieldId, m: MeasuredRate | undefined, what: string) => {
    if (!m) return;
    if (m.value !== null && m.value > 0) {
      values[f] = Math.round(m.value * 1000) / 10;
      origin[f] = tx('leadsPage.funnel.fromMeasured', [fmtPct(m.value), String(m.over), what, periodLabel]);
    } else if (m.over > 0) {
      origin[f] = `${origin[f]} ${tx('leadsPage.funnel.tooFew', [String(m.over), what])}`;
    }
  };
  if (measured) {
    use('sqlToDeal', measured.sqlToDeal, tx('leadsPage.funnel.whatSql'));
    if (measured.sqlToDeal.over === 0 && measured.mqlToSql.over > 0) origin.sqlToDeal = `${origin.sqlToDeal} ${tx('leadsPage.funnel.noDeals')}`;
    use('mqlToSql', measured.mqlToSql, tx('leadsPage.funnel.whatMql'));
    use('leadToMql', measured.leadToMql, tx('leadsPage.funnel.whatLeads'));
  }
  return { values, origin };
}

function errorText(e: FunnelFieldError, kind: FunnelFieldKind): string {
  switch (e) {
    case 'empty':
      return tx('leadsPage.funnel.err.empty');
    case 'notNumber':
      return tx('leadsPage.funnel.err.notNumber');
    case 'negative':
      return tx('leadsPage.funnel.err.negative');
    case 'zero':
      return kind === 'count' ? tx('leadsPage.funnel.err.zeroDeals') : tx('leadsPage.funnel.err.zeroRate');
    case 'notWhole':
      return tx('leadsPage.funnel.err.notWhole');
    case 'above100':
      return tx('leadsPage.funnel.err.above100');
    case 'tooLarge':
      return tx('leadsPage.funnel.err.tooLarge');
  }
}

export function FunnelPlanner({ defaults, currency }: { defaults: FunnelDefaults; currency: string }) {
  const locale = uiLocale();
  const uid = useId();
  const fmtInput = (n: number) => numberFormat(locale, { maximumFractionDigits: 2, useGrouping: false }).format(n);
  const initial = (v: Record<FieldId, number>) => Object.fromEntries((Object.keys(v) as FieldId[]).map((f) => [f, fmtInput(v[f])])) as Record<FieldId, string>;
  const [raw, setRaw] = useState<Record<FieldId, string>>(() => initial(defaults.values));
  // The defaults the fields were last filled from (the period may change the measured ones since).
  const [applied, setApplied] = useState<FunnelDefaults>(defaults);
  const [fromExample, setFromExample] = useState(false);
  const exampleOrigin = useMemo(() => funnelDefaults(null, '', String).origin, []);
  const checked = useMemo(() => {
    const out = {} as Record<FieldId, ReturnType<typeof checkFunnelField>>;
    for (const f of Object.keys(KINDS) as FieldId[]) out[f] = checkFunnelField(raw[f], KINDS[f]);
    return out;
  }, [raw]);
  const plan: FunnelPlan | 'invalid' | 'tooLarge' = useMemo(() => {
    const v = {} as Record<FieldId, number>;
    for (const f of Object.keys(checked) as FieldId[]) {
      const c = checked[f];
      if (!c.ok) return 'invalid';
      v[f] = c.value;
    }
    const p = planFromFunnel({ deals: v.deals, sqlToDeal: v.sqlToDeal, mqlToSql: v.mqlToSql, leadToMql: v.leadToMql, costPerLead: v.costPerLead, otherCosts: v.otherCosts, reserveShare: v.reserve });
    return p.total > MAX_RESULT || p.leads > MAX_RESULT ? 'tooLarge' : p;
  }, [checked]);

  const count = (n: number) => numberFormat(locale, { maximumFractionDigits: 0 }).format(n);
  const money = (n: number) => numberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 }).format(n);
  const fields: Array<{ id: FieldId; unit: string }> = [
    { id: 'deals', unit: tx('leadsPage.funnel.unitDeals') },
    { id: 'sqlToDeal', unit: '%' },
    { id: 'mqlToSql', unit: '%' },
    { id: 'leadToMql', unit: '%' },
    { id: 'costPerLead', unit: currency },
    { id: 'otherCosts', unit: currency },
    { id: 'reserve', unit: tx('leadsPage.funnel.unitReserve') },
  ];
  const reset = (to: 'defaults' | 'example') => {
    setRaw(initial(to === 'example' ? ARTICLE_EXAMPLE : defaults.values));
    if (to === 'defaults') setApplied(defaults);
    setFromExample(to === 'example');
  };
  const errors = (Object.keys(checked) as FieldId[]).filter((f) => !checked[f].ok);
  const stale = (Object.keys(defaults.values) as FieldId[]).some((f) => defaults.values[f] !== applied.values[f]);
  return (
    <section aria-labelledby={`${uid}-h`} className="lq-funnel" data-funnel="">
      <h2 id={`${uid}-h`}>{tx('leadsPage.funnel.title')}</h2>
      <p className="hint">{tx('leadsPage.funnel.intro')}</p>
      <form className="lq-funnel-grid" onSubmit={(e) => e.preventDefault()} noValidate>
        <div className="lq-fields">
          {fields.map(({ id, unit }) => {
            const c = checked[id];
            const err = c.ok ? null : errorText(c.error, KINDS[id]);
            return (
              <div key={id} className="field lq-field">
                <label htmlFor={`${uid}-${id}`}>{tx(`leadsPage.funnel.field.${id}`)}</label>
                <span className="lq-input">
                  <input
                    id={`${uid}-${id}`}
                    name={id}
                    type="text"
                    inputMode="decimal"
                    autoComplete="off"
                    value={raw[id]}
                    aria-invalid={err ? true : undefined}
                    aria-describedby={`${uid}-${id}-from${err ? ` ${uid}-${id}-err` : ''}`}
                    onChange={(e) => setRaw((r) => ({ ...r, [id]: e.target.value }))}
                  />
                  <span className="lq-unit" aria-hidden="true">
                    {unit}
                  </span>
                </span>
                {err && (
                  <span id={`${uid}-${id}-err`} className="error">
                    {err}
                  </span>
                )}
                <span id={`${uid}-${id}-from`} className="hint">
                  {(fromExample ? exampleOrigin : applied.origin)[id]}
                </span>
              </div>
            );
          })}
          <div className="actions">
            <button type="button" className="secondary" onClick={() => reset('defaults')} aria-describedby={stale ? `${uid}-stale` : undefined}>
              {tx('leadsPage.funnel.resetDefaults')}
            </button>
            <button type="button" className="secondary" onClick={() => reset('example')}>
              {tx('leadsPage.funnel.resetExample')}
            </button>
          </div>
          {stale && (
            <p id={`${uid}-stale`} className="hint" data-stale="">
              {tx('leadsPage.funnel.stale')}
            </p>
          )}
        </div>
        <output className="lq-plan" aria-live="polite" htmlFor={fields.map((f) => `${uid}-${f.id}`).join(' ')} data-plan="">
          {plan === 'invalid' ? (
            <p className="error">{tx('leadsPage.funnel.fix', [String(errors.length)])}</p>
          ) : plan === 'tooLarge' ? (
            <p className="error">{tx('leadsPage.funnel.tooLarge')}</p>
          ) : (
            <>
              <ol className="lq-steps">
                <li data-step="deals">
                  <strong>{count(plan.deals)}</strong> {tx('leadsPage.funnel.out.deals')}
                </li>
                <li data-step="sql">
                  <strong>{count(plan.sql)}</strong> {tx('leadsPage.funnel.out.sql')}
                </li>
                <li data-step="mql">
                  <strong>{count(plan.mql)}</strong> {tx('leadsPage.funnel.out.mql')}
                </li>
                <li data-step="leads">
                  <strong>{count(plan.leads)}</strong> {tx('leadsPage.funnel.out.leads')}
                </li>
              </ol>
              <dl className="lq-budget">
                <dt>{tx('leadsPage.funnel.out.media')}</dt>
                <dd data-out="media">{money(plan.media)}</dd>
                <dt>{tx('leadsPage.funnel.out.other')}</dt>
                <dd data-out="other">{money(plan.otherCosts)}</dd>
                <dt>{tx('leadsPage.funnel.out.reserve')}</dt>
                <dd data-out="reserve">{money(plan.reserve)}</dd>
                <dt className="lq-total">{tx('leadsPage.funnel.out.total')}</dt>
                <dd className="lq-total" data-out="total">
                  {money(plan.total)}
                </dd>
                <dt>{tx('leadsPage.funnel.out.perMql')}</dt>
                <dd data-out="perMql">{money(plan.costPerMql)}</dd>
                <dt>{tx('leadsPage.funnel.out.perDeal')}</dt>
                <dd data-out="perDeal">{money(plan.costPerDeal)}</dd>
              </dl>
            </>
          )}
        </output>
      </form>
    </section>
  );
}
