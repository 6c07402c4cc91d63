/** SLA countdowns: one row per clock, live from the stored deadline (the panel's one timer re-renders it). */
import { i18n } from '#i18n';
import type { SlaRow } from '@/lib/panel/model';
import { formatDate, formatDay, formatDuration, formatSpan } from '@/lib/panel/format';
import { stopClock, undoStop } from '@/lib/panel/actions';
import { usePanelEnv } from '../context';
import { Empty, Section } from '../ui';
import { dateFieldLabel, policyLabel, slaStateLabel } from '../labels';
import { useAction } from '../hooks/useAction';

function stopLabel(row: SlaRow): string {
  if (row.policy.kind === 'elapsed') return i18n.t('panel.sla.markFirstContact');
  if (row.policy.kind === 'after') return i18n.t('panel.sla.markAnalysisDone');
  return i18n.t('panel.sla.markNoticeSent');
}

function SlaClockRow({ row }: { row: SlaRow }) {
  const env = usePanelEnv();
  const { run, error, busy } = useAction();
  const clock = row.clock;
  const name = policyLabel(row.policy.id, row.policy.name);
  if (!clock) {
    return (
      <li className="lz-sla lz-sla-waiting">
        <div className="lz-sla-name">{name}</div>
        <span className="lz-muted lz-small">
          {row.missing === 'start' ? i18n.t('panel.sla.waitingStart') : i18n.t('panel.sla.waitingDate', { date: dateFieldLabel(row.missing ?? 'due') })}
        </span>
      </li>
    );
  }
  // A notice marked sent / analysis marked done: one line that says when and how late, with Undo.
  if (row.stop && row.policy.kind !== 'elapsed') {
    const day = formatDay(row.stop.at, env.locale);
    const late = row.stop.lateMs > 60_000 ? formatSpan(row.stop.lateMs, env.locale) : null;
    const sent = row.policy.kind === 'before';
    const text = sent
      ? late ? i18n.t('panelView.sla.sentLate', { date: day, late }) : i18n.t('panelView.sla.sent', { date: day })
      : late ? i18n.t('panelView.sla.doneLate', { date: day, late }) : i18n.t('panelView.sla.done', { date: day });
    return (
      <li className="lz-sla lz-sla-done" data-liaison-sla={row.policy.id} data-state="done" data-late={late ? 'true' : 'false'}>
        <div className="lz-row">
          <span className="lz-sla-name">{name}</span>
          <button
            type="button"
            className="lz-link-btn"
            disabled={busy}
            aria-label={i18n.t('panelView.sla.undoFor', { name })}
            onClick={() => run(() => undoStop(env.store, env.itemKey, row.policy.id, env.author))}
          >
            {i18n.t('panelView.sla.undo')}
          </button>
        </div>
        <div className="lz-small">
          <span className="lz-check-mark" aria-hidden="true">✓ </span>
          {text}
        </div>
        {error && (
          <p className="lz-error" role="alert">
            {error}
          </p>
        )}
      </li>
    );
  }
  let countdown: string;
  if (clock.state === 'met') countdown = clock.metAt ? i18n.t('panel.sla.metAt', { date: formatDate(clock.metAt, env.locale) }) : slaStateLabel('met');
  else if (clock.state === 'paused' || clock.state === 'unknown') countdown = slaStateLabel(clock.state);
  else if (clock.remainingMs < 0 || clock.state === 'breached') countdown = i18n.t('panel.sla.overdue', { time: formatDuration(clock.remainingMs, env.locale) });
  else countdown = i18n.t('panel.sla.left', { time: formatDuration(clock.remainingMs, env.locale) });
  return (
    <li className={`lz-sla lz-state-${clock.state}`} data-liaison-sla={row.policy.id} data-state={clock.state} {...(clock.dueAt ? { 'data-due': clock.dueAt } : {})}>
      <div className="lz-row">
        <span className="lz-sla-name">{name}</span>
        <span className={`lz-badge lz-badge-${clock.state}`}>{slaStateLabel(clock.state)}</span>
      </div>
      <div className="lz-row lz-small">
        <span>{countdown}</span>
        {clock.dueAt && <span className="lz-muted">{i18n.t('panel.sla.due', { date: formatDate(clock.dueAt, env.locale) })}</span>}
      </div>
      {row.policy.kind === 'elapsed' && clock.targetKey && (
        <div className="lz-small lz-muted">
          {i18n.t('panel.sla.target', { time: formatDuration(clock.targetMs, env.locale) })}
          {row.policy.businessTime ? ` · ${i18n.t('panel.sla.businessTime')}` : ''}
        </div>
      )}
      {clock.split && (
        <div className="lz-small lz-muted">
          {i18n.t('panel.sla.split', {
            routing: formatDuration(clock.split.routingMs, env.locale),
            response: clock.split.responseMs === null ? '—' : formatDuration(clock.split.responseMs, env.locale),
          })}
        </div>
      )}
      {row.pausedUntil && (
        <div className="lz-small lz-muted" data-liaison-paused-until={row.pausedUntil}>
          {i18n.t('panelView.sla.pausedUntil', { until: formatDate(row.pausedUntil, env.locale) })}
        </div>
      )}
      {row.canStop && (
        <button
          type="button"
          className="lz-btn lz-btn-small"
          disabled={busy}
          aria-label={i18n.t('panelView.sla.markFor', { action: stopLabel(row), name })}
          onClick={() => run(() => stopClock(env.store, env.itemKey, row.policy.id, env.author))}
        >
          {stopLabel(row)}
        </button>
      )}
      {error && (
        <p className="lz-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

export function SlaSection({ rows }: { rows: SlaRow[] }) {
  return (
    <Section id="sla" title={i18n.t('panel.sla.title')}>
      {rows.length === 0 ? (
        <Empty>{i18n.t('panel.sla.empty')}</Empty>
      ) : (
        <ul className="lz-list">
          {rows.map((r) => (
            <SlaClockRow key={r.policy.id} row={r} />
          ))}
        </ul>
      )}
    </Section>
  );
}
