/** Brief completeness on briefs only: score and the missing fields with why each is missing. */
import { i18n } from '#i18n';
import type { BriefCheck, BriefFieldResult } from '@/lib/core/brief';

import { Section } from '../ui';

/** Built-in template fields in the user's language; a team's own fields by their stored label. */
function fieldLabel(f: BriefFieldResult, builtin: boolean): string {
  if (!builtin) return f.label;
  const m: Record<string, () => string> = {
    segment: () => i18n.t('panel.brief.field.segment'),
    positioning: () => i18n.t('panel.brief.field.positioning'),
    materials: () => i18n.t('panel.brief.field.materials'),
    channels: () => i18n.t('panel.brief.field.channels'),
    measurement: () => i18n.t('panel.brief.field.measurement'),
    dates: () => i18n.t('panel.brief.field.dates'),
    owners: () => i18n.t('panel.brief.field.owners'),
    success: () => i18n.t('panel.brief.field.success'),
    audience: () => i18n.t('panel.brief.field.audience'),
    goal: () => i18n.t('panel.brief.field.goal'),
    offer: () => i18n.t('panel.brief.field.offer'),
    format: () => i18n.t('panel.brief.field.format'),
    channel: () => i18n.t('panel.brief.field.channel'),
    deadline: () => i18n.t('panel.brief.field.deadline'),
    quality: () => i18n.t('panel.brief.field.quality'),
    metrics: () => i18n.t('panel.brief.field.metrics'),
  };
  return m[f.id]?.() ?? f.label;
}

function why(f: BriefFieldResult): string {
  if (f.reason === 'placeholder') return i18n.t('panel.brief.placeholder', { text: f.placeholder ?? '' });
  if (f.reason === 'empty') return i18n.t('panel.brief.emptyBody');
  return i18n.t('panel.brief.notFound');
}

export function BriefSection({ check, templateName, builtin }: { check: BriefCheck; templateName: string; builtin: boolean }) {
  const pct = Math.round(check.score * 100);
  return (
    <Section id="brief" title={i18n.t('panel.brief.title')} attrs={{ 'data-liaison-brief': '', 'data-score': `${check.present}/${check.total}` }}>
      <div className="lz-row">
        <span>{i18n.t('panel.brief.score', { present: check.present, total: check.total })}</span>
        <span className="lz-muted lz-small">{builtin && check.templateId === 'marketing-brief' ? i18n.t('panel.brief.templateMarketing') : builtin && check.templateId === 'gtm-plan' ? i18n.t('panel.brief.templateGtm') : templateName}</span>
      </div>
      <meter className="lz-meter" min={0} max={100} value={pct} low={70} high={99} optimum={100} aria-label={i18n.t('panel.brief.meterLabel')}>
        {pct}%
      </meter>
      {check.missing.length === 0 ? (
        <p className="lz-ok">{i18n.t('panel.brief.complete')}</p>
      ) : (
        <>
          <p className="lz-small">{i18n.t('panel.brief.missingTitle')}</p>
          <ul className="lz-list lz-missing">
            {check.missing.map((f) => (
              <li key={f.id} data-liaison-missing={f.id}>
                <strong>{fieldLabel(f, builtin)}</strong> <span className="lz-muted lz-small">— {why(f)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}
