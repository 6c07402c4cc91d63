/**
 * The Liaison panel: loads the workspace, builds the view model with the core engines at `now`,
 * and renders one section per concern. One timer (useTick) keeps the countdowns live.
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { i18n } from '#i18n';
import type { ItemRef } from '@/lib/core/item-ref';
import type { ItemReading } from '@/lib/adapters/types';
import type { Store } from '@/lib/store/api';
import { buildPanelModel, type PanelModel } from '@/lib/panel/model';
import { linkedRef } from '@/lib/panel/host-links';
import { itemKey as itemKeyOf } from '@/lib/core/item-ref';
import { applyPending, type Author } from '@/lib/panel/actions';
import { PanelEnvContext, type PanelEnv } from './context';
import { usePanelData, type SnapshotLoader, loadSnapshotsFromBackground } from './hooks/usePanelData';
import { useSettings } from './hooks/useSettings';
import { useTick } from './hooks/useTick';
import { ItemSection } from './sections/ItemSection';
import { SlaSection } from './sections/SlaSection';
import { BriefSection } from './sections/BriefSection';
import { KpiSection } from './sections/KpiSection';
import { DependenciesSection } from './sections/DependenciesSection';
import { LinkedItemsSection } from './sections/LinkedItemsSection';
import { DependentCampaigns } from './sections/DependentCampaigns';
import { LeadSection } from './sections/LeadSection';
import { LeadQualitySection } from './sections/LeadQualitySection';
import { NotesSection } from './sections/NotesSection';
import { CalendarWarning, EconomicsLine, LeadNorms } from './sections/Norms';
import { partLabel, toolName, uiLanguage } from './labels';
import { Boundary } from './Boundary';
import { SyncIndicator } from './SyncIndicator';
import { VerdictLine, verdictText, type VerdictWords } from './Verdict';
import { usePanelPrefs } from './hooks/usePanelPrefs';
import { useShortcut } from './hooks/useShortcut';
import { verdictOf } from '@/lib/panel/verdict';
import { isExpanded, withExpanded, type PanelPrefs } from '@/lib/panel/prefs';
import type { Settings } from '@/lib/core/schemas';
import type { WorkspaceState } from '@/lib/store/types';

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
  /**
   * Optional: told the panel's rendered size whenever it changes (collapsed to its verdict line or
   * expanded with its capped, scrolling body) — for a host frame that sizes itself to the panel.
   */
  onSize?: (size: PanelSize) => void;
  /** Read by the caller before the first render (the panel frame): the first render is the final one. */
  initialPrefs?: PanelPrefs;
  initialSettings?: Settings;
  /** The workspace as read just before the first render (the panel frame reads it while it connects). */
  initialWorkspace?: Promise<WorkspaceState>;
}

export interface PanelSize {
  /** The panel's full height in CSS px (the body is capped, so this stays within the cap). */
  height: number;
  collapsed: boolean;
}

const stop = (e: KeyboardEvent) => e.stopPropagation();

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

function browserLocale(): string | undefined {
  return typeof navigator !== 'undefined' ? navigator.language : undefined;
}

export function Panel(props: PanelHostProps) {
  const { store, itemKey, reading } = props;
  const settings = useSettings(props.initialSettings);
  // Opens collapsed to its verdict line; expanded or collapsed is remembered per host tool.
  const prefs = usePanelPrefs(props.initialPrefs);
  const collapsed = !isExpanded(prefs.prefs, props.ref.tool);
  const shortcut = useShortcut();
  const linkedKeys = useMemo(
    () =>
      (reading?.links ?? [])
        .map((l) => linkedRef(props.ref, l.id))
        .flatMap((r) => (r ? [itemKeyOf(r)] : []))
        .join('\n'),
    [reading?.links, props.ref],
  );
  const data = usePanelData(store, itemKey, props.loadSnapshots ?? loadSnapshotsFromBackground, linkedKeys, props.initialWorkspace);
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
    () => ({ store, author, locale: browserLocale(), custom: settings.customHosts, itemKey, now, origin: originOf(props.url) }),
    [store, author, settings.customHosts, itemKey, now, props.url],
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

  const toggle = () => prefs.update((p) => withExpanded(p, props.ref.tool, collapsed));

  const verdict = useMemo(() => (model ? verdictOf(model) : null), [model]);
  const words: VerdictWords = useMemo(
    // Numbers and dates in the verdict follow the language of its words.
    () => ({ teams: model?.teams ?? [], reasons: model?.rejectionReasons ?? [], snapshots: model?.snapshots ?? data.snapshots, locale: uiLanguage() }),
    [model?.teams, model?.rejectionReasons, model?.snapshots, data.snapshots],
  );
  const rootRef = useRef<HTMLDivElement>(null);
  const onSize = props.onSize;
  useEffect(() => {
    const el = rootRef.current;
    if (!el || !onSize) return;
    const report = () => onSize({ height: Math.ceil(el.getBoundingClientRect().height), collapsed });
    report();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(report);
    ro.observe(el);
    return () => ro.disconnect();
  }, [onSize, collapsed]);
  const title = model?.title ?? props.ref.id;

  return (
    <aside
      ref={rootRef}
      className="lz-root"
      aria-label={i18n.t('panelView.landmark', { title })}
      data-theme={props.theme}
      data-no-focus-lock="true"
      data-floating={props.floating ? 'true' : undefined}
      data-collapsed={collapsed ? 'true' : 'false'}
      data-role={model?.role ?? ''}
      onKeyDown={stop}
      onKeyUp={stop}
      onKeyPress={stop}
    >
      <div className="lz-head">
        <button type="button" className="lz-toggle" aria-expanded={!collapsed} aria-controls={bodyId} onClick={toggle} aria-keyshortcuts={shortcut.aria || undefined}>
          <span className="lz-caret" aria-hidden="true">
            {collapsed ? '▸' : '▾'}
          </span>
          <span className="lz-brand">Liaison</span>
          {verdict ? <VerdictLine verdict={verdict} words={words} /> : <span className="lz-verdict lz-muted">{data.error ? '' : i18n.t('panel.loading')}</span>}
          <span className="lz-visually-hidden">{collapsed ? i18n.t('panelView.expandHint') : i18n.t('panel.collapse')}</span>
        </button>
        <span className="lz-head-slot" data-liaison-slot="sync">
          <SyncIndicator />
        </span>
        {shortcut.label && (
          <kbd className="lz-kbd" title={i18n.t('panelView.shortcut', { keys: shortcut.label })} aria-hidden="true">
            {shortcut.label}
          </kbd>
        )}
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
            {verdict && !collapsed && (
              <p className={`lz-headline lz-tone-${verdict.tone}`} data-liaison-headline="">
                {verdictText(verdict, words)}
              </p>
            )}
            {sectionsFor(model, data)}
          </PanelEnvContext.Provider>
        )}
      </div>
    </aside>
  );
}

type Data = ReturnType<typeof usePanelData>;

/** The sections in the order the item's person needs them: the role's headline question first, then detail. */
function sectionsFor(model: PanelModel, data: Data) {
  const outgoing = model.linkedItems.filter((r) => r.direction === 'out').map((r) => r.dependency);
  const deps = [...model.teamDeps, ...outgoing];
  const inherited = model.blockers.filter((b) => b.depth > 1);
  const campaignKeys = new Set((model.dependentCampaigns ?? []).map((c) => c.itemKey));
  const incoming = model.linkedItems.filter((r) => r.direction === 'in' && !campaignKeys.has(r.otherKey));
  const isLead = model.role === 'lead';
  const s = {
    item: <ItemSection model={model} />,
    sla:
      model.sla.length > 0 ? (
        <>
          <SlaSection rows={model.sla} />
          <CalendarWarning norms={model.norms} />
        </>
      ) : null,
    brief: model.brief ? <BriefSection check={model.brief} templateName={model.briefTemplate?.name ?? ''} builtin={model.briefTemplate?.builtin ?? false} /> : null,
    lead: model.lead ? (
      <>
        <LeadSection lead={model.lead} reasons={model.rejectionReasons} notes={model.notes} />
        <LeadNorms norms={model.norms} />
      </>
    ) : null,
    // Tracker-only parts on a lead show only when used.
    kpis:
      isLead && model.kpis.length === 0 ? null : (
        <>
          <KpiSection rows={model.kpis} available={model.availableKpis} />
          <EconomicsLine norms={model.norms} />
        </>
      ),
    deps:
      isLead && deps.length === 0 && model.hostDeps.length === 0 ? null : (
        <DependenciesSection
          deps={deps}
          hostRows={model.hostDeps}
          hostConfirmed={model.hostConfirmed}
          hostName={toolName(model.ref.tool)}
          inherited={inherited}
          conflicts={model.conflicts}
          teams={model.teams}
          snapshots={model.snapshots}
          allDeps={data.ws?.dependencies ?? []}
        />
      ),
    incoming: incoming.length > 0 ? <LinkedItemsSection rows={incoming} /> : null,
    campaigns: model.dependentCampaigns ? <DependentCampaigns campaigns={model.dependentCampaigns} snapshots={model.snapshots} /> : null,
    quality: model.leadQuality ? <LeadQualitySection q={model.leadQuality} reasons={model.rejectionReasons} /> : null,
    notes: isLead ? null : <NotesSection notes={model.notes} />,
  };
  type K = keyof typeof s;
  const order: K[] =
    model.role === 'lead'
      ? ['sla', 'lead', 'item', 'deps', 'kpis', 'incoming']
      : model.role === 'release'
        ? ['campaigns', 'deps', 'sla', 'item', 'kpis', 'brief', 'incoming', 'notes']
        : model.role === 'campaign'
          ? ['deps', 'sla', 'brief', 'kpis', 'item', 'quality', 'incoming', 'notes']
          : ['deps', 'sla', 'brief', 'campaigns', 'item', 'kpis', 'incoming', 'notes'];
  return order.map((k) => (s[k] ? <Boundary key={k}>{s[k]}</Boundary> : null));
}
