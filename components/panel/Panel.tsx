/**
 * The Liaison panel: loads the workspace, builds the view model with the core engines at `now`,
 * and renders one section per concern. One timer (useTick) keeps the countdowns live.
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { i18n } from '#i18n';
import type { ItemRef } from '@/lib/core/item-ref';
import type { SlaState } from '@/lib/core/schemas';
import type { ItemReading } from '@/lib/adapters/types';
import type { Store } from '@/lib/store/api';
import { saveSettings } from '@/lib/store/settings';
import { buildPanelModel, type PanelModel } from '@/lib/panel/model';
import { applyPending, type Author } from '@/lib/panel/actions';
import { PanelEnvContext, type PanelEnv } from './context';
import { usePanelData, type SnapshotLoader, loadSnapshotsFromBackground } from './hooks/usePanelData';
import { useSettings } from './hooks/useSettings';
import { useTick } from './hooks/useTick';
import { ItemSection } from './sections/ItemSection';
import { SlaSection } from './sections/SlaSection';
import { BriefSection } from './sections/BriefSection';
import { KpiSection } from './sections/KpiSection';
import { TeamsSection } from './sections/TeamsSection';
import { BlockersSection } from './sections/BlockersSection';
import { LinkedItemsSection } from './sections/LinkedItemsSection';
import { DependentCampaigns } from './sections/DependentCampaigns';
import { LeadSection } from './sections/LeadSection';
import { LeadQualitySection } from './sections/LeadQualitySection';
import { NotesSection } from './sections/NotesSection';
import { slaStateLabel, partLabel } from './labels';
import { Boundary } from './Boundary';
import { SyncIndicator } from './SyncIndicator';

export type LiaisonStore = Store;

export interface PanelHostProps {
  itemKey: string; // 'jira:acme.atlassian.net:issue:MKT-1'
  ref: ItemRef;
  url: string;
  /** null = the layout was not recognised (floating fallback). */
  reading: ItemReading | null;
  floating: boolean;
  theme: 'light' | 'dark';
  store: LiaisonStore;
  /** Optional: where other items' snapshots come from (default: the background, by message). */
  loadSnapshots?: SnapshotLoader;
}

const stop = (e: KeyboardEvent) => e.stopPropagation();

function browserLocale(): string | undefined {
  return typeof navigator !== 'undefined' ? navigator.language : undefined;
}

/** The worst SLA state for the collapsed summary. */
function worstSla(model: PanelModel): SlaState | null {
  const order = ['breached', 'at-risk', 'on-track', 'paused', 'met'] as const;
  for (const s of order) if (model.sla.some((r) => r.clock?.state === s)) return s;
  return null;
}

export function Panel(props: PanelHostProps) {
  const { store, itemKey, reading } = props;
  const settings = useSettings();
  const [collapsedLocal, setCollapsedLocal] = useState<boolean | null>(null);
  const collapsed = collapsedLocal ?? settings.panelCollapsed;
  const data = usePanelData(store, itemKey, props.loadSnapshots ?? loadSnapshotsFromBackground);
  const [nextChangeAt, setNextChangeAt] = useState<number | null>(null);
  const tick = useTick(nextChangeAt, true);
  const now = Math.max(tick, data.loadedAt);
  const bodyId = useId();

  const model = useMemo(
    () => (data.ws ? buildPanelModel({ itemKey, ref: props.ref, url: props.url, reading, ws: data.ws, snapshots: data.snapshots, now }) : null),
    [data.ws, data.snapshots, itemKey, props.ref, props.url, reading, now],
  );
  useEffect(() => setNextChangeAt(model?.nextChangeAt ?? null), [model?.nextChangeAt]);

  const author: Author = useMemo(
    () => ({ name: settings.personName ?? settings.personId ?? '', teamId: settings.teamIds[0] ?? 'sales' }),
    [settings.personName, settings.personId, settings.teamIds],
  );
  const env: PanelEnv = useMemo(
    () => ({ store, author, locale: browserLocale(), custom: settings.customHosts, itemKey, now }),
    [store, author, settings.customHosts, itemKey, now],
  );

  // One-off facts the model asks to persist: a lead seen for the first time, the page's evidence of contact.
  const persisted = useRef(new Set<string>());
  const startAt = model?.pending.startFirstContactAt;
  const stopAt = model?.pending.stopFirstContactAt;
  const stopUnknown = model?.pending.stopFirstContactUnknown;
  useEffect(() => {
    const todo: { startFirstContactAt?: string; stopFirstContactAt?: string; stopFirstContactUnknown?: boolean } = {};
    if (startAt && !persisted.current.has(`${itemKey}:start`)) {
      persisted.current.add(`${itemKey}:start`);
      todo.startFirstContactAt = startAt;
    }
    if (stopAt && !persisted.current.has(`${itemKey}:stop`)) {
      persisted.current.add(`${itemKey}:stop`);
      todo.stopFirstContactAt = stopAt;
      if (stopUnknown) todo.stopFirstContactUnknown = true;
    }
    if (todo.startFirstContactAt || todo.stopFirstContactAt) applyPending(store, itemKey, todo, author).catch(() => undefined);
  }, [startAt, stopAt, stopUnknown, itemKey, store, author]);

  const toggle = () => {
    const next = !collapsed;
    setCollapsedLocal(next);
    saveSettings({ panelCollapsed: next }).catch(() => undefined);
  };

  const worst = model ? worstSla(model) : null;

  return (
    <div
      className="lz-root"
      data-theme={props.theme}
      data-no-focus-lock="true"
      data-floating={props.floating ? 'true' : undefined}
      onKeyDown={stop}
      onKeyUp={stop}
      onKeyPress={stop}
    >
      <div className="lz-head">
        <button type="button" className="lz-toggle" aria-expanded={!collapsed} aria-controls={bodyId} onClick={toggle}>
          <span className="lz-caret" aria-hidden="true">
            {collapsed ? '▸' : '▾'}
          </span>
          <span className="lz-brand">Liaison</span>
          <span className="lz-visually-hidden">{collapsed ? i18n.t('panel.expand') : i18n.t('panel.collapse')}</span>
        </button>
        {collapsed && model && (
          <span className="lz-summary lz-small">
            {worst && <span className={`lz-badge lz-badge-${worst}`}>{slaStateLabel(worst)}</span>}
            {model.blockers.length > 0 && <span className="lz-badge lz-badge-breached">{i18n.t('panel.summary.blockers', { count: model.blockers.length })}</span>}
            {model.brief && <span className="lz-badge">{i18n.t('panel.summary.brief', { present: model.brief.present, total: model.brief.total })}</span>}
          </span>
        )}
        <SyncIndicator />
      </div>
      <div id={bodyId} className="lz-body" hidden={collapsed}>
        {reading === null && (
          <p className="lz-note" role="note" data-liaison-unrecognised="">
            {i18n.t('panel.unrecognised')}
          </p>
        )}
        {data.error && (
          <p className="lz-error" role="alert">
            {i18n.t('panel.loadError', { message: data.error })}
          </p>
        )}
        {!model ? (
          !data.error && <p className="lz-empty">{i18n.t('panel.loading')}</p>
        ) : (
          <PanelEnvContext.Provider value={env}>
            {model.problems.map((p) => (
              <p key={p.part} className="lz-error" role="alert" data-liaison-problem={p.part}>
                {i18n.t('panel.partUnavailable', { part: partLabel(p.part), message: p.message })}
              </p>
            ))}
            <Boundary><ItemSection model={model} /></Boundary>
            <Boundary>{model.sla.length > 0 && <SlaSection rows={model.sla} />}</Boundary>
            <Boundary>{model.brief && <BriefSection check={model.brief} templateName={model.briefTemplate?.name ?? ''} builtin={model.briefTemplate?.builtin ?? false} />}</Boundary>
            <Boundary>{model.lead && <LeadSection lead={model.lead} reasons={model.rejectionReasons} />}</Boundary>
            <Boundary><KpiSection rows={model.kpis} available={model.availableKpis} /></Boundary>
            <Boundary><TeamsSection deps={model.teamDeps} teams={model.teams} /></Boundary>
            <Boundary><BlockersSection blockers={model.blockers} conflicts={model.conflicts} snapshots={data.snapshots} teams={model.teams} deps={data.ws?.dependencies ?? []} /></Boundary>
            <Boundary><LinkedItemsSection rows={model.linkedItems} /></Boundary>
            <Boundary>{model.dependentCampaigns && <DependentCampaigns campaigns={model.dependentCampaigns} snapshots={data.snapshots} />}</Boundary>
            <Boundary>{model.leadQuality && <LeadQualitySection q={model.leadQuality} reasons={model.rejectionReasons} />}</Boundary>
            <Boundary><NotesSection notes={model.notes} /></Boundary>
          </PanelEnvContext.Provider>
        )}
      </div>
    </div>
  );
}
