/**
 * On a campaign: the quality of the leads it brought (share rejected, by reason), from the
 * sales reps' notes matched by lead source / UTM campaign, and a warning when one source
 * brings more than the threshold share of all leads.
 */
import { i18n } from '#i18n';
import type { LeadQualityModel } from '@/lib/panel/model';
import type { RejectionReason } from '@/lib/core/schemas';
import { formatDate, formatPercent } from '@/lib/panel/format';
import { usePanelEnv } from '../context';
import { ItemName } from '../ItemName';
import { Empty, Section } from '../ui';
import { reasonLabel } from '../labels';

export function LeadQualitySection({ q, reasons }: { q: LeadQualityModel; reasons: RejectionReason[] }) {
  const env = usePanelEnv();
  const g = q.group;
  return (
    <Section id="lead-quality" title={i18n.t('panel.quality.title')} attrs={g ? { 'data-liaison-quality': g.key, 'data-rejected-share': g.rejectedShare.toFixed(4) } : {}}>
      {!q.source ? (
        <Empty>{i18n.t('panel.quality.noSource')}</Empty>
      ) : !g ? (
        <Empty>{i18n.t('panel.quality.noLeads', { source: q.source })}</Empty>
      ) : (
        <>
          <p className="lz-small">
            {i18n.t('panel.quality.summary', {
              total: g.total,
              rejected: g.rejected,
              share: formatPercent(g.rejectedShare, env.locale),
              mql: g.mql,
              sql: g.sql,
            })}
          </p>
          {g.byReason.length > 0 && (
            <ul className="lz-list lz-bars">
              {g.byReason.map((r) => (
                <li key={r.reasonId} data-liaison-reason={r.reasonId}>
                  <div className="lz-row lz-small">
                    <span>{reasonLabel(reasons, r.reasonId)}</span>
                    <span>
                      {r.count} · {formatPercent(r.share, env.locale)}
                    </span>
                  </div>
                  <div className="lz-bar" aria-hidden="true">
                    <span style={{ width: `${Math.round(r.share * 100)}%` }} />
                  </div>
                </li>
              ))}
            </ul>
          )}
          <p className="lz-small lz-muted">{i18n.t('panel.quality.shareOfAll', { share: formatPercent(g.shareOfAll, env.locale), total: q.totalLeads })}</p>
        </>
      )}
      {q.recentNotes.length > 0 && (
        <>
          <p className="lz-small">{i18n.t('panel.quality.notesTitle')}</p>
          <ul className="lz-list">
            {q.recentNotes.map((n) => (
              <li key={n.id} className="lz-note-item" data-liaison-lead-note={n.itemKey}>
                <p className="lz-note-text">{n.note}</p>
                <p className="lz-small lz-muted">
                  {i18n.t('panelView.lead.noteOn', { record: '' })}
                  <ItemName itemKey={n.itemKey} />
                  {' · '}
                  {n.verdict === 'rejected' && n.rejectionReasonId ? `${reasonLabel(reasons, n.rejectionReasonId)} · ` : ''}
                  {formatDate(n.at, env.locale)}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
      {q.concentration && (
        <p className="lz-warning lz-small" data-liaison-concentration={q.concentration.key}>
          {i18n.t('panel.quality.concentration', {
            source: q.concentration.key,
            share: formatPercent(q.concentration.share, env.locale),
            threshold: formatPercent(q.threshold, env.locale),
          })}
        </p>
      )}
    </Section>
  );
}
