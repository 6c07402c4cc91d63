/** The item itself: title, status, its role (which checks apply), its dates, and for campaigns its lead source. */
import { i18n } from '#i18n';
import type { PanelModel, PanelRole } from '@/lib/panel/model';
import { PANEL_ROLES } from '@/lib/panel/model';
import { formatDate } from '@/lib/panel/format';
import { keepStoredDate, setRole, useHostDate } from '@/lib/panel/actions';
import { usePanelEnv } from '../context';
import { OpenButton, Section, useDisclosure } from '../ui';
import { dateFieldLabel, roleLabel, toolName } from '../labels';
import { useAction } from '../hooks/useAction';
import { DatesForm } from '../forms/DatesForm';
import { SourceForm } from '../forms/SourceForm';

const DATE_FIELDS = ['launch', 'end', 'release', 'due'] as const;


/**
 * A date shown in the host and a different one stored in Liaison: both, with their source and which
 * one is in use (the host's, unless a person chose Liaison's), and the choice.
 */
function DateDiff({ model, choice }: { model: PanelModel; choice: PanelModel['dateChoices'][number] }) {
  const env = usePanelEnv();
  const { run, busy, error } = useAction();
  const hostName = toolName(model.ref.tool);
  const { field, host, stored, using } = choice;
  const used = ` (${i18n.t('panelDates.used')})`;
  return (
    <div className="lz-diff" data-liaison-date-diff={field} data-using={using}>
      <p className="lz-small lz-warn-text">{i18n.t('panelView.dates.differs', { field: dateFieldLabel(field), host: hostName })}</p>
      <ul className="lz-diff-values lz-small">
        <li data-source="host">
          {i18n.t('panelView.dates.host', { host: hostName, date: formatDate(host, env.locale) })}
          {using === 'host' && <strong>{used}</strong>}
        </li>
        <li data-source="liaison">
          {i18n.t('panelView.dates.stored', { date: formatDate(stored, env.locale) })}
          {using === 'liaison' && <strong>{used}</strong>}
        </li>
      </ul>
      <div className="lz-row lz-row-start">
        {using === 'host' ? (
          <>
            <button type="button" className="lz-btn lz-btn-small" disabled={busy} onClick={() => run(() => keepStoredDate(env.store, env.itemKey, field, host, env.author))}>
              {i18n.t('panelDates.useStored')}
            </button>
            <button type="button" className="lz-btn lz-btn-small" disabled={busy} onClick={() => run(() => useHostDate(env.store, env.itemKey, field, env.author))}>
              {i18n.t('panelDates.dropStored')}
            </button>
          </>
        ) : (
          <button type="button" className="lz-btn lz-btn-small" disabled={busy} onClick={() => run(() => useHostDate(env.store, env.itemKey, field, env.author))}>
            {i18n.t('panelView.dates.useHost', { host: hostName })}
          </button>
        )}
      </div>
      {error && (
        <p className="lz-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

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
      {/* Kind of work is a tracker notion: on a CRM lead it shows only when a person set it. */}
      {!(model.isCrm && model.role === 'lead' && model.roleSource !== 'set') && (
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
      )}
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
        !model.isCrm && <p className="lz-empty">{i18n.t('panel.dates.none')}</p>
      )}
      {model.dateChoices.map((c) => (
        <DateDiff key={c.field} model={model} choice={c} />
      ))}
      {model.impossibleDates.map((p) => (
        <p key={`${p.earlier}-${p.later}`} className="lz-warning lz-small" data-liaison-impossible={`${p.earlier}-${p.later}`}>
          {i18n.t('panelView.dates.impossible', {
            later: dateFieldLabel(p.later as (typeof DATE_FIELDS)[number]),
            laterDate: formatDate(model.dates[p.later] ?? '', env.locale),
            earlier: dateFieldLabel(p.earlier as (typeof DATE_FIELDS)[number]),
            earlierDate: formatDate(model.dates[p.earlier] ?? '', env.locale),
          })}
        </p>
      ))}
      {dates.open && <DatesForm id="lz-form-dates" current={model.meta?.dates ?? {}} pageDates={model.dates} hostDates={model.hostDates} onClose={dates.close} />}
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
