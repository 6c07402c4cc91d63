/** Link a KPI to this item (the KPIs of the workspace not linked yet). */
import { useState } from 'react';
import { i18n } from '#i18n';
import type { Kpi, KpiLink } from '@/lib/core/schemas';
import { linkKpi } from '@/lib/panel/actions';
import { usePanelEnv } from '../context';
import { Field, FormShell } from '../ui';

export function LinkKpiForm({ id, available, onClose }: { id: string; available: Kpi[]; onClose: () => void }) {
  const env = usePanelEnv();
  const [kpiId, setKpiId] = useState(available[0]?.id ?? '');
  // The effect follows the chosen KPI's own direction (CAC: lower is better → "decreases") until the person picks one.
  const wanted = (k: Kpi | undefined): KpiLink['effect'] => (k?.direction === 'lower' ? 'decrease' : 'increase');
  const [picked, setPicked] = useState<KpiLink['effect'] | null>(null);
  const effect = picked ?? wanted(available.find((k) => k.id === kpiId));
  const setEffect = setPicked;
  const [note, setNote] = useState('');
  if (available.length === 0) {
    return (
      <div id={id} className="lz-form" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
        <p className="lz-empty">{i18n.t('panel.kpi.noneAvailable')}</p>
        <button type="button" className="lz-btn" onClick={onClose}>
          {i18n.t('panel.cancel')}
        </button>
      </div>
    );
  }
  return (
    <FormShell
      id={id}
      label={i18n.t('panel.kpi.link')}
      submitLabel={i18n.t('panel.kpi.linkSubmit')}
      onClose={onClose}
      onSubmit={async () => {
        if (!kpiId) return i18n.t('panel.kpi.chooseKpi');
        await linkKpi(env.store, env.itemKey, kpiId, effect, note, env.author);
      }}
    >
      <Field label={i18n.t('panel.kpi.kpiField')}>
        <select value={kpiId} onChange={(e) => setKpiId(e.target.value)}>
          {available.map((k) => (
            <option key={k.id} value={k.id}>
              {k.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={i18n.t('panel.kpi.effectField')}>
        <select value={effect} onChange={(e) => setEffect(e.target.value as KpiLink['effect'])}>
          <option value="increase">{i18n.t('panel.kpi.effectIncrease')}</option>
          <option value="decrease">{i18n.t('panel.kpi.effectDecrease')}</option>
          <option value="protect">{i18n.t('panel.kpi.effectProtect')}</option>
        </select>
      </Field>
      <Field label={i18n.t('panel.noteOptional')}>
        <input type="text" value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} />
      </Field>
    </FormShell>
  );
}
