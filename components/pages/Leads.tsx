/**
 * The lead quality page for marketing (leads.html): per source or per campaign, from sales' lead
 * notes and the CRM records Liaison saw — leads, MQL → SQL → deal conversion, rejection reasons,
 * the >50 % concentration warning, and the first-contact SLA hit rate against the 90 % norm; then
 * the funnel planner (DOMAIN.md §7). The model is lib/pages/leads.ts; the charts LeadCharts.tsx.
 */
import { useCallback, useMemo, useState } from 'react';
import { numberFormat } from '@/lib/core/intl';
import { buildLeadReport, type LeadGroup, type LeadGrouping, type LeadPeriod, type LeadReport } from '@/lib/pages/leads';
import { sendMessage } from '@/lib/messaging';
import { usePagesData, usePagesEnv } from './env';
import { FunnelPlanner, funnelDefaults } from './FunnelPlanner';
import { BarChart, ChartFigure, type ChartSeries } from './LeadCharts';
import { LoadError, Loading, Shell } from './Shell';
import { t, uiLocale } from './t';
import './leads.css';

const tx = t as unknown as (key: string, subs?: string[]) => string;

const PERIODS: LeadPeriod[] = [30, 90, 'all'];

function periodLabel(p: LeadPeriod): string {
  return p === 'all' ? tx('leadsPage.period.all') : tx('leadsPage.period.days', [String(p)]);
}

export function LeadsPage() {
  return (
    <Shell page="leads" title={tx('leadsPage.title')}>
      <LeadsView />
    </Shell>
  );
}

export function LeadsView() {
  const env = usePagesEnv();
  const { data, error, reload } = usePagesData();
  const [by, setBy] = useState<LeadGrouping>('source');
  const [period, setPeriod] = useState<LeadPeriod>(90);
  const report = useMemo(
    () => (data ? buildLeadReport({ ws: data.ws, snapshots: data.snapshots, now: env.now(), by, period }) : null),
    [data, env, by, period],
  );
  const locale = uiLocale();
  const pct = useCallback((x: number) => numberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(x), [locale]);
  const count = useCallback((x: number) => numberFormat(locale, { maximumFractionDigits: 0 }).format(x), [locale]);
  if (error) return <LoadError message={error} />;
  if (!data || !report) return <Loading />;
  // The currency of the workspace's money KPIs (CAC, LTV), else roubles as in the articles.
  const currency = data.ws.kpis.find((k) => k.unit === 'currency' && k.currency)?.currency ?? 'RUB';
  const defaults = funnelDefaults(report.totalAll ? report.measured : null, periodLabel(period).toLowerCase(), pct);

  return (
    <>
      <div className="lq-toolbar">
        <fieldset className="lq-toggle">
          <legend>{tx('leadsPage.groupBy')}</legend>
          {(['source', 'campaign'] as const).map((g) => (
            <label key={g}>
              <input type="radio" name="lq-by" value={g} checked={by === g} onChange={() => setBy(g)} /> {tx(g === 'source' ? 'leadsPage.bySource' : 'leadsPage.byCampaign')}
            </label>
          ))}
        </fieldset>
        <div className="lq-period">
          <label htmlFor="lq-period">{tx('leadsPage.period.label')}</label>
          <select id="lq-period" value={String(period)} onChange={(e) => setPeriod(e.target.value === 'all' ? 'all' : (Number(e.target.value) as 30 | 90))}>
            {PERIODS.map((p) => (
              <option key={String(p)} value={String(p)}>
                {periodLabel(p)}
              </option>
            ))}
          </select>
        </div>
      </div>

      {report.totalAll === 0 ? (
        <NoLeads onLoaded={reload} />
      ) : report.total === 0 ? (
        <p className="empty" data-empty="period">
          {tx('leadsPage.emptyPeriod', [periodLabel(period).toLowerCase(), count(report.totalAll)])}
        </p>
      ) : (
        <Quality report={report} by={by} pct={pct} count={count} />
      )}

      <FunnelPlanner key={report.totalAll ? 'measured' : 'example'} defaults={defaults} currency={currency} />
    </>
  );
}

function groupName(g: Pick<LeadGroup, 'key'>, by: LeadGrouping): string {
  if (g.key === '(none)') return tx(by === 'source' ? 'leadsPage.noSource' : 'leadsPage.noCampaign');
  return g.key;
}

function Quality({ report, by, pct, count }: { report: LeadReport; by: LeadGrouping; pct: (x: number) => string; count: (x: number) => string }) {
  const locale = uiLocale();
  const reasonLabel = (r: { reasonId: string; label?: string; labelRu?: string }) =>
    (locale === 'ru' ? (r.labelRu ?? r.label) : r.label) ?? (r.reasonId === 'unspecified' ? tx('leadsPage.reasonUnspecified') : r.reasonId);
  const rate = (x: number | null) => (x === null ? '—' : pct(x));
  const groups = report.groups;
  const labels = useMemo(() => groups.map((g) => groupName(g, by)), [groups, by]);
  const tot = report.totals;
  const c = tot.contact;

  const leadSeries: ChartSeries[] = useMemo(
    () => [
      { label: tx('leadsPage.series.qualified'), values: groups.map((g) => g.mql), color: '--lq-qualified' },
      { label: tx('leadsPage.series.notJudged'), values: groups.map((g) => g.leads - g.mql - g.rejected), color: '--lq-open' },
      { label: tx('leadsPage.series.rejected'), values: groups.map((g) => g.rejected), color: '--lq-rejected' },
    ],
    [groups],
  );
  const convSeries: ChartSeries[] = useMemo(
    () => [
      { label: tx('leadsPage.col.leadToMql'), values: groups.map((g) => g.leadToMql), color: '--lq-c1' },
      { label: tx('leadsPage.col.mqlToSql'), values: groups.map((g) => g.mqlToSql), color: '--lq-c2' },
      { label: tx('leadsPage.col.sqlToDeal'), values: groups.map((g) => g.sqlToDeal), color: '--lq-c3' },
    ],
    [groups],
  );
  const slaSeries: ChartSeries[] = useMemo(
    () => [
      { label: tx('leadsPage.col.hitRate'), values: groups.map((g) => g.contact.share), color: '--lq-c1' },
      { label: tx('leadsPage.series.norm', [pct(c.norm)]), values: groups.map(() => c.norm), color: '--lq-rejected', line: true },
    ],
    [groups, c.norm, pct],
  );
  const byName = tx(by === 'source' ? 'leadsPage.colSource' : 'leadsPage.colCampaign');

  return (
    <>
      <p className="lq-summary" data-summary="">
        {tx('leadsPage.summary', [count(report.total), count(tot.mql), count(tot.sql), count(tot.deals), count(tot.rejected), pct(tot.rejectedShare)])}
      </p>
      {report.concentration && (
        <p className="lq-warning" data-concentration="">
          <strong>{tx('leadsPage.warning')}</strong>{' '}
          {tx('leadsPage.concentration', [groupName(report.concentration, by), pct(report.concentration.share), pct(report.threshold)])}
        </p>
      )}
      <p className={c.meets === false ? 'lq-warning' : 'lq-note'} data-sla="">
        {c.share === null
          ? tx('leadsPage.slaNone')
          : tx(c.meets ? 'leadsPage.slaMeets' : 'leadsPage.slaBelow', [pct(c.share), count(c.met), count(c.finished), pct(c.norm)])}{' '}
        {tx('leadsPage.slaLeftOut', [count(c.unknown), count(c.waiting), count(c.noClock)])}
      </p>

      <div className="lq-charts">
        <ChartFigure
          id="lq-chart-leads"
          caption={tx('leadsPage.chart.leads', [byName.toLowerCase()])}
          chart={<BarChart labels={labels} series={leadSeries} stacked format={count} />}
          table={<SeriesTable caption={tx('leadsPage.chart.leads', [byName.toLowerCase()])} head={byName} labels={labels} series={leadSeries} format={count} />}
        />
        <ChartFigure
          id="lq-chart-conv"
          caption={tx('leadsPage.chart.conversion')}
          chart={<BarChart labels={labels} series={convSeries} percent format={pct} />}
          table={<SeriesTable caption={tx('leadsPage.chart.conversion')} head={byName} labels={labels} series={convSeries} format={pct} />}
        />
        <ChartFigure
          id="lq-chart-sla"
          caption={tx('leadsPage.chart.sla', [pct(c.norm)])}
          chart={<BarChart labels={labels} series={slaSeries} percent format={pct} />}
          table={<SeriesTable caption={tx('leadsPage.chart.sla', [pct(c.norm)])} head={byName} labels={labels} series={slaSeries} format={pct} />}
        />
      </div>

      <div className="lq-scroll" tabIndex={0} role="region" aria-label={tx('leadsPage.tableCaption', [byName.toLowerCase()])}>
        <table className="lq-table" data-lead-table="">
          <caption>{tx('leadsPage.tableCaption', [byName.toLowerCase()])}</caption>
          <thead>
            <tr>
              <th scope="col">{byName}</th>
              <th scope="col">{tx('leadsPage.col.leads')}</th>
              <th scope="col">{tx('leadsPage.col.mql')}</th>
              <th scope="col">{tx('leadsPage.col.sql')}</th>
              <th scope="col">{tx('leadsPage.col.deals')}</th>
              <th scope="col">{tx('leadsPage.col.mqlToSql')}</th>
              <th scope="col">{tx('leadsPage.col.sqlToDeal')}</th>
              <th scope="col">{tx('leadsPage.col.rejected')}</th>
              <th scope="col">{tx('leadsPage.col.hitRate')}</th>
            </tr>
          </thead>
          <tbody>
            {[...groups, tot].map((g) => {
              const total = g === tot;
              return (
                <tr key={total ? '(all)' : g.key} data-group={total ? '(all)' : g.key} className={total ? 'lq-total-row' : undefined}>
                  <th scope="row">
                    {total ? tx('leadsPage.allLeads') : groupName(g, by)}
                    {!total && <span className="hint lq-share"> {tx('leadsPage.shareOfAll', [pct(g.shareOfAll)])}</span>}
                  </th>
                  <td data-col="leads">{count(g.leads)}</td>
                  <td>{count(g.mql)}</td>
                  <td>{count(g.sql)}</td>
                  <td>{count(g.deals)}</td>
                  <td>{rate(g.mqlToSql)}</td>
                  <td>{rate(g.sqlToDeal)}</td>
                  <td>
                    {count(g.rejected)} ({pct(g.rejectedShare)})
                    {g.byReason.length > 0 && <span className="hint lq-reasons">{g.byReason.map((r) => `${reasonLabel(r)} ${count(r.count)}`).join(' · ')}</span>}
                  </td>
                  <td className={g.contact.meets === false ? 'lq-below' : undefined}>
                    {g.contact.share === null ? '—' : `${pct(g.contact.share)} (${count(g.contact.met)}/${count(g.contact.finished)})`}
                    {g.contact.unknown > 0 && <span className="hint lq-reasons">{tx('leadsPage.unknownTime', [count(g.contact.unknown)])}</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="hint">{tx('leadsPage.sourcesHint')}</p>
    </>
  );
}

function SeriesTable({ caption, head, labels, series, format }: { caption: string; head: string; labels: string[]; series: ChartSeries[]; format: (v: number) => string }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{head}</th>
          {series.map((s) => (
            <th key={s.label} scope="col">
              {s.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {labels.map((l, i) => (
          <tr key={l}>
            <th scope="row">{l}</th>
            {series.map((s) => {
              const v = s.values[i];
              return <td key={s.label}>{v === null || v === undefined ? '—' : format(v)}</td>;
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** No lead notes at all: what sales do to add them, and the sample to try the page now. */
function NoLeads({ onLoaded }: { onLoaded: () => void }) {
  const [status, setStatus] = useState<string | null>(null);
  const load = async () => {
    setStatus(tx('leadsPage.sampleLoading'));
    try {
      await sendMessage('workspace:load-sample', {});
      setStatus(null);
      onLoaded();
    } catch (err) {
      setStatus(tx('leadsPage.sampleFailed', [err instanceof Error ? err.message : String(err)]));
    }
  };
  return (
    <section className="lq-empty" aria-labelledby="lq-empty-h" data-empty="workspace">
      <h2 id="lq-empty-h">{tx('leadsPage.empty.title')}</h2>
      <ol>
        <li>{tx('leadsPage.empty.step1')}</li>
        <li>{tx('leadsPage.empty.step2')}</li>
        <li>{tx('leadsPage.empty.step3')}</li>
      </ol>
      <p>{tx('leadsPage.empty.sample')}</p>
      <button type="button" onClick={() => void load()}>
        {tx('leadsPage.empty.load')}
      </button>
      {status && (
        <p role="status" className="hint">
          {status}
        </p>
      )}
    </section>
  );
}
