/** The item itself: title, status, its role (which checks apply), its dates, and for campaigns its lead source. */
import { i18n } from '#i18n';
import type { PanelModel, PanelRole } from '@/lib/panel/model';
import { PANEL_ROLES } from '@/lib/panel/model';
import { formatDate } from '@/lib/panel/format';
import { setRole } from '@/lib/panel/actions';
import { usePanelEnv } from '../context';
import { OpenButton, Section, useDisclosure } from '../ui';
import { dateFieldLabel, roleLabel } from '../labels';
import { useAction } from '../hooks/useAction';
import { DatesForm } from '../forms/DatesForm';
import { SourceForm } from '../forms/SourceForm';

const DATE_FIELDS = ['launch', 'end', 'release', 'due'] as const;

export function ItemSection({ model }: { model: PanelModel }) {
  const env = usePanelEnv();
  const { run, busy, error } = useAction();
  const dates = useDisclosure();
  const source = useDisclosure();
  const shown = DATE_FIELDS.filter((f) => model.dates[f]);
  return (
    <Section
      id="item"
      title={model.isCrm ? i18n.t('panel.item.titleRecord') : i18n.t('panel.item.title')}
      actions={<OpenButton label={i18n.t('panel.dates.set')} onClick={dates.show} expanded={dates.open} controls="lz-form-dates" buttonRef={dates.opener} />}
    >
      <p className="lz-item-title" data-liaison-title="">
        {model.title}
        {model.status && <span className="lz-status"> {model.status}</span>}
      </p>
      <label className="lz-field lz-inline">
        <span className="lz-field-label">{i18n.t('panel.role.field')}</span>
        <select
          value={model.role ?? ''}
          disabled={busy}
          data-liaison-role={model.role ?? ''}
          onChange={(e) => run(() => setRole(env.store, env.itemKey, (e.target.value || undefined) as PanelRole | undefined, env.author))}
        >
          <option value="">{i18n.t('panel.role.none')}</option>
          {PANEL_ROLES.map((r) => (
            <option key={r} value={r}>
              {roleLabel(r)}
            </option>
          ))}
        </select>
        {model.roleSource === 'auto' && <span className="lz-hint">{i18n.t('panel.role.auto')}</span>}
      </label>
      {error && (
        <p className="lz-error" role="alert">
          {error}
        </p>
      )}
      {shown.length > 0 ? (
        <dl className="lz-dates">
          {shown.map((f) => (
            <div key={f} className="lz-date">
              <dt>{dateFieldLabel(f)}</dt>
              <dd data-liaison-date={f}>{formatDate(model.dates[f] ?? '', env.locale)}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="lz-empty">{i18n.t('panel.dates.none')}</p>
      )}
      {dates.open && <DatesForm id="lz-form-dates" current={model.meta?.dates ?? {}} pageDates={model.dates} onClose={dates.close} />}
      {model.role === 'campaign' && (
        <div className="lz-row lz-small">
          <span>{model.meta?.source ? i18n.t('panel.source.value', { source: model.meta.source }) : i18n.t('panel.source.none')}</span>
          <OpenButton label={i18n.t('panel.source.set')} onClick={source.show} expanded={source.open} controls="lz-form-source" buttonRef={source.opener} />
        </div>
      )}
      {source.open && <SourceForm id="lz-form-source" current={model.meta?.source ?? ''} onClose={source.close} />}
    </Section>
  );
}
