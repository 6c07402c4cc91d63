/** Names of enum values in the user's language (explicit maps so every key is type-checked). */
import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import type { Dependency, RejectionReason, SlaState, Team } from '@/lib/core/schemas';
import type { KpiStatusName } from '@/lib/core/kpi';
import type { PanelRole } from '@/lib/panel/model';
import { TEAM_NAMES_RU } from '@/lib/core/defaults';
import { TOOL_NAMES } from '@/lib/core/item-ref';

/** The language the panel's strings are in (the browser's UI language, as browser.i18n picks them). */
export function uiLanguage(): string {
  try {
    return browser.i18n.getUILanguage();
  } catch {
    return 'en';
  }
}

export const isRu = (lang: string = uiLanguage()) => lang.toLowerCase().startsWith('ru');

export function roleLabel(role: PanelRole): string {
  const m: Record<PanelRole, () => string> = {
    campaign: () => i18n.t('panel.role.campaign'),
    release: () => i18n.t('panel.role.release'),
    brief: () => i18n.t('panel.role.brief'),
    gtm: () => i18n.t('panel.role.gtm'),
    lead: () => i18n.t('panel.role.lead'),
    other: () => i18n.t('panel.role.other'),
  };
  return m[role]();
}

export function relationLabel(r: Dependency['relation']): string {
  const m: Record<Dependency['relation'], () => string> = {
    needs: () => i18n.t('panel.relation.needs'),
    blocks: () => i18n.t('panel.relation.blocks'),
    informs: () => i18n.t('panel.relation.informs'),
  };
  return m[r]();
}

/** How an incoming dependency reads from this item's side ("MKT-1 needs this"). */
export function incomingRelationLabel(r: Dependency['relation']): string {
  const m: Record<Dependency['relation'], () => string> = {
    needs: () => i18n.t('panel.relation.neededBy'),
    blocks: () => i18n.t('panel.relation.blockedBy'),
    informs: () => i18n.t('panel.relation.informedBy'),
  };
  return m[r]();
}

export function depStateLabel(s: Dependency['state']): string {
  const m: Record<Dependency['state'], () => string> = {
    pending: () => i18n.t('panel.depState.pending'),
    acknowledged: () => i18n.t('panel.depState.acknowledged'),
    done: () => i18n.t('panel.depState.done'),
    blocked: () => i18n.t('panel.depState.blocked'),
  };
  return m[s]();
}

export function slaStateLabel(s: SlaState): string {
  const m: Record<SlaState, () => string> = {
    'on-track': () => i18n.t('panel.slaState.onTrack'),
    'at-risk': () => i18n.t('panel.slaState.atRisk'),
    breached: () => i18n.t('panel.slaState.breached'),
    met: () => i18n.t('panel.slaState.met'),
    paused: () => i18n.t('panel.slaState.paused'),
    unknown: () => i18n.t('panel.slaState.unknown'),
  };
  return m[s]();
}

export function kpiStatusLabel(s: KpiStatusName): string {
  const m: Record<KpiStatusName, () => string> = {
    'on-track': () => i18n.t('panel.kpiStatus.onTrack'),
    'at-risk': () => i18n.t('panel.kpiStatus.atRisk'),
    'off-track': () => i18n.t('panel.kpiStatus.offTrack'),
    'no-data': () => i18n.t('panel.kpiStatus.noData'),
    stale: () => i18n.t('panel.kpiStatus.stale'),
  };
  return m[s]();
}

/** Policy names: the built-in ones translated, a team's own policies by their stored name. */
export function policyLabel(id: string, name: string): string {
  const m: Record<string, () => string> = {
    'lead-first-contact': () => i18n.t('panel.policy.leadFirstContact'),
    'campaign-notify': () => i18n.t('panel.policy.campaignNotify'),
    'analytics-request': () => i18n.t('panel.policy.analyticsRequest'),
    'release-notify': () => i18n.t('panel.policy.releaseNotify'),
    'campaign-analysis': () => i18n.t('panel.policy.campaignAnalysis'),
  };
  return m[id]?.() ?? name;
}

/** Team names follow the language of the panel's strings (built-in teams have Russian names). */
export function teamName(teams: readonly Team[], id: string): string {
  const t = teams.find((x) => x.id === id);
  if (isRu() && (t?.builtin ?? true) && TEAM_NAMES_RU[id]) return TEAM_NAMES_RU[id];
  return t?.name ?? id;
}

export function reasonLabel(reasons: readonly RejectionReason[], id: string): string {
  const r = reasons.find((x) => x.id === id);
  if (!r) return id;
  return isRu() && r.labelRu ? r.labelRu : r.label;
}

export function dateFieldLabel(f: 'launch' | 'end' | 'release' | 'due' | 'created' | 'start'): string {
  const m = {
    launch: () => i18n.t('panel.dates.launch'),
    end: () => i18n.t('panel.dates.end'),
    release: () => i18n.t('panel.dates.release'),
    due: () => i18n.t('panel.dates.due'),
    created: () => i18n.t('panel.dates.created'),
    start: () => i18n.t('panel.dates.start'),
  };
  return m[f]();
}

export function partLabel(p: import('@/lib/panel/model').PanelPart): string {
  const m = {
    kpis: () => i18n.t('panel.kpi.title'),
    blockers: () => i18n.t('panel.blockers.title'),
    conflicts: () => i18n.t('panel.blockers.conflicts'),
    brief: () => i18n.t('panel.brief.title'),
    lead: () => i18n.t('panel.lead.title'),
    sla: () => i18n.t('panel.sla.title'),
    campaigns: () => i18n.t('panel.campaigns.title'),
    quality: () => i18n.t('panel.quality.title'),
  };
  return m[p]();
}

/** The host tool's own name ("Jira", "amoCRM"), for "Jira: May 15" next to Liaison's value. */
export function toolName(tool: import('@/lib/core/item-ref').Tool): string {
  return TOOL_NAMES[tool];
}
