/** Relation, state, note, reason and due: the fields a dependency on a team or an item shares. */
import { i18n } from '#i18n';
import type { DependencyInput } from '@/lib/panel/actions';
import { Field } from '../ui';
import { depStateLabel, relationLabel } from '../labels';

export function DependencyFields({ value, onChange }: { value: DependencyInput; onChange: (v: DependencyInput) => void }) {
  return (
    <>
      <div className="lz-grid2">
        <Field label={i18n.t('panel.teams.relationField')}>
          <select value={value.relation} onChange={(e) => onChange({ ...value, relation: e.target.value as DependencyInput['relation'] })}>
            {(['needs', 'blocks', 'informs'] as const).map((r) => (
              <option key={r} value={r}>
                {relationLabel(r)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={i18n.t('panel.teams.stateField')}>
          <select value={value.state} onChange={(e) => onChange({ ...value, state: e.target.value as DependencyInput['state'] })}>
            {(['pending', 'acknowledged', 'done', 'blocked'] as const).map((s) => (
              <option key={s} value={s}>
                {depStateLabel(s)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label={i18n.t('panel.noteOptional')}>
        <input type="text" maxLength={2000} value={value.note ?? ''} onChange={(e) => onChange({ ...value, note: e.target.value })} />
      </Field>
      {value.state === 'blocked' && (
        <Field label={i18n.t('panel.teams.reasonField')}>
          <input type="text" maxLength={2000} value={value.reason ?? ''} onChange={(e) => onChange({ ...value, reason: e.target.value })} />
        </Field>
      )}
      <Field label={i18n.t('panel.teams.dueField')}>
        <input type="date" value={value.due ?? ''} onChange={(e) => onChange({ ...value, due: e.target.value })} />
      </Field>
    </>
  );
}
