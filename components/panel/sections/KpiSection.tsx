/** Linked KPIs: current value against target, status, staleness; link and unlink. */
import { i18n } from '#i18n';
import type { Kpi } from '@/lib/core/schemas';
import type { KpiRow } from '@/lib/panel/model';
import { formatDate, formatKpiValue } from '@/lib/panel/format';
import { unlink } from '@/lib/panel/actions';
import { usePanelEnv } from '../context';
import { Empty, OpenButton, Section, useDisclosure } from '../ui';
import { kpiStatusLabel } from '../labels';
import { useAction } from '../hooks/useAction';
import { LinkKpiForm } from '../forms/LinkKpiForm';

function effectLabel(e: KpiRow['link']['effect']): string {
  if (e === 'decrease') return i18n.t('panel.kpi.effectDecrease');
  if (e === 'protect') return i18n.t('panel.kpi.effectProtect');
  return i18n.t('panel.kpi.effectIncrease');
}

function KpiItem({ row }: { row: KpiRow }) {
  const env = usePanelEnv();
  const { run, busy, error } = useAction();
  const { kpi, result } = row;
  const remove = (
    <button
      type="button"
      className="lz-icon-btn"
      disabled={busy}
      aria-label={i18n.t('panel.kpi.unlink', { name: kpi?.name ?? row.link.kpiId })}
      title={i18n.t('panel.kpi.unlink', { name: kpi?.name ?? row.link.kpiId })}
      onClick={() => run(() => unlink(env.store, 'kpiLinks', row.link.id, env.author))}
    >
      ×
    </button>
  );
  if (!kpi || !result) {
    return (
      <li className="lz-kpi">
        <div className="lz-row">
          <span className="lz-muted">{i18n.t('panel.kpi.missing', { id: row.link.kpiId })}</span>
          {remove}
        </div>
      </li>
    );
  }
  return (
    <li className={`lz-kpi lz-state-${result.status}`} data-liaison-kpi={kpi.id} data-status={result.status}>
      <div className="lz-row">
        <span className="lz-kpi-name">{kpi.name}</span>
        <span className={`lz-badge lz-badge-${result.status}`}>{kpiStatusLabel(result.status)}</span>
        {remove}
      </div>
      <div className="lz-row lz-small">
        <span>
          {result.current === null ? i18n.t('panel.kpi.noValue') : formatKpiValue(result.current, kpi, env.locale)}
          {' / '}
          {i18n.t('panel.kpi.target', { value: formatKpiValue(result.target, kpi, env.locale) })}
        </span>
        <span className="lz-muted">{effectLabel(row.link.effect)}</span>
      </div>
      {result.at && (
        <div className={`lz-small ${result.stale ? 'lz-warn-text' : 'lz-muted'}`}>
          {result.stale ? i18n.t('panel.kpi.staleSince', { date: formatDate(result.at, env.locale) }) : i18n.t('panel.kpi.asOf', { date: formatDate(result.at, env.locale) })}
        </div>
      )}
      {result.error && <div className="lz-small lz-warn-text">{i18n.t('panel.kpi.formulaError', { error: result.error })}</div>}
      {row.sourceError && <div className="lz-small lz-warn-text">{i18n.t('panel.kpi.sourceError', { message: row.sourceError.message })}</div>}
      {row.link.note && <div className="lz-small lz-muted">{row.link.note}</div>}
      {error && (
        <p className="lz-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

export function KpiSection({ rows, available }: { rows: KpiRow[]; available: Kpi[] }) {
  const form = useDisclosure();
  const formId = 'lz-form-kpi';
  return (
    <Section
      id="kpis"
      title={i18n.t('panel.kpi.title')}
      actions={<OpenButton label={i18n.t('panel.kpi.link')} onClick={form.show} expanded={form.open} controls={formId} buttonRef={form.opener} />}
    >
      {rows.length === 0 ? (
        <Empty>{i18n.t('panel.kpi.empty')}</Empty>
      ) : (
        <ul className="lz-list">
          {rows.map((r) => (
            <KpiItem key={r.link.id} row={r} />
          ))}
        </ul>
      )}
      {form.open && <LinkKpiForm id={formId} available={available} onClose={form.close} />}
    </Section>
  );
}
