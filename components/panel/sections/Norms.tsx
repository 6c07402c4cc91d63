/**
 * Core views the panel shows one line each, only when relevant (issue 12 point 4): contact attempts
 * and the within-SLA share on the lead card, LTV < CAC and CAC payback by the campaign's KPIs, and
 * the production-calendar warning where deadlines are computed. Text only.
 */
import { i18n } from '#i18n';
import type { PanelModel } from '@/lib/panel/model';
import { usePanelEnv } from '../context';
import { numberFormat } from '@/lib/core/intl';

const pct = (x: number, locale?: string) => numberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(x);
const num = (x: number, locale?: string) => numberFormat(locale, { maximumFractionDigits: 1 }).format(x);

export function LeadNorms({ norms }: { norms: PanelModel['norms'] }) {
  const env = usePanelEnv();
  const a = norms.attempts;
  const w = norms.withinSla;
  if (!a && !w) return null;
  return (
    <div className="lz-norms lz-small">
      {a && (
        <p className={a.status === 'below' ? 'lz-warn-text' : 'lz-muted'} data-liaison-attempts={a.status}>
          {i18n.t('panelNorms.attempts', { count: String(a.count) })}
          {a.status === 'below' ? ` · ${i18n.t('panelNorms.attemptsBelow')}` : a.status === 'above' ? ` · ${i18n.t('panelNorms.attemptsAbove')}` : ''}
        </p>
      )}
      {w && w.share !== null && (
        <p className={w.meets ? 'lz-muted' : 'lz-warn-text'} data-liaison-within-sla={w.meets ? 'meets' : 'below'}>
          {i18n.t('panelNorms.withinSla', { share: pct(w.share, env.locale), finished: String(w.finished), norm: pct(w.norm, env.locale) })}
        </p>
      )}
    </div>
  );
}

export function EconomicsLine({ norms }: { norms: PanelModel['norms'] }) {
  const env = usePanelEnv();
  const e = norms.economics;
  if (!e) return null;
  return (
    <div className="lz-norms lz-small">
      {e.ltvBelowCac && (
        <p className="lz-warning" role="note" data-liaison-ltv-cac="below">
          {i18n.t('panelNorms.ltvBelowCac', { ratio: e.ltvToCac === null ? '—' : num(e.ltvToCac, env.locale) })}
        </p>
      )}
      {e.cacPaybackMonths !== null && (
        <p className={e.paybackOutsideTypical ? 'lz-warn-text' : 'lz-muted'} data-liaison-payback={num(e.cacPaybackMonths, 'en')}>
          {i18n.t('panelNorms.payback', { months: num(e.cacPaybackMonths, env.locale) })}
        </p>
      )}
    </div>
  );
}

export function CalendarWarning({ norms }: { norms: PanelModel['norms'] }) {
  const w = norms.calendar;
  if (!w) return null;
  return (
    <p className="lz-small lz-warn-text" role="note" data-liaison-calendar-warning={w.years.join(',')}>
      {i18n.t('panelNorms.calendar', { years: w.years.join(', ') })}
    </p>
  );
}
