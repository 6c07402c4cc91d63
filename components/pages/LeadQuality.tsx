/**
 * Lead quality per source, from sales' notes (DOMAIN.md §4): how many leads each source brings,
 * the share rejected and why, and a warning when one source brings more than half of all leads.
 */
import { useMemo } from 'react';
import { qualityBySource } from '@/lib/core/leads';
import type { LeadNote, RejectionReason } from '@/lib/core/schemas';
import { t, uiLocale } from './t';

export function LeadQualityView({ notes, reasons }: { notes: readonly LeadNote[]; reasons: readonly RejectionReason[] }) {
  const report = useMemo(() => qualityBySource(notes, { reasons }), [notes, reasons]);
  if (report.total === 0) return null;
  const locale = uiLocale();
  const pct = (x: number) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(x);
  const reasonLabel = (r: { reasonId: string; label?: string; labelRu?: string }) => (locale === 'ru' ? (r.labelRu ?? r.label) : r.label) ?? r.reasonId;
  return (
    <section aria-labelledby="inbox-quality" data-lead-quality="">
      <h2 id="inbox-quality">{t('pages.quality.title')}</h2>
      {report.concentrationWarning && report.concentration && (
        <p className="state-breached" role="alert" data-concentration="">
          {t('pages.quality.concentration', [
            report.concentration.key === '(none)' ? t('pages.quality.none') : report.concentration.key,
            pct(report.concentration.share),
            pct(report.threshold),
          ])}
        </p>
      )}
      <ul className="plain">
        {report.groups.map((g) => (
          <li key={g.key} className="entry" data-source={g.key}>
            <strong>{g.key === '(none)' ? t('pages.quality.none') : g.key}</strong>
            <p className="detail">{t('pages.quality.row', [String(g.total), pct(g.rejectedShare), pct(g.shareOfAll)])}</p>
            {g.byReason.length > 0 && (
              <p className="detail">{t('pages.quality.reasons', [g.byReason.map((r) => `${reasonLabel(r)} (${r.count})`).join(', ')])}</p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
