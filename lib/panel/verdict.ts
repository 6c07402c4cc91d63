/**
 * The panel's one-line verdict: the answer to the question of the person who opens the item,
 * shown on the collapsed panel's first line and as the headline of the expanded one.
 *
 * - a campaign (marketer): can we launch, and what blocks it — the teams blocking it, the worst
 *   overdue notice, a launch before what it waits for, brief gaps, KPIs off track;
 * - a release (product manager): the campaigns that depend on it and those launching before it;
 * - a lead (sales rep): the first-contact clock and the verdict (with its rejection reason).
 *
 * Pure: parts carry data (team ids, durations, counts), the view words them in the user's language.
 * Each fact appears once: a team named in "blocked by" is not named again in a notice part.
 */
import type { SlaState } from '../core/schemas';
import type { PanelModel, SlaRow } from './model';

export type Tone = 'bad' | 'warn' | 'ok' | 'info';

export type VerdictPart =
  | { kind: 'blocked-by'; tone: 'bad'; teamIds: string[]; itemKeys: string[] }
  | { kind: 'waiting-on'; tone: 'warn'; teamIds: string[]; itemKeys: string[] }
  | { kind: 'notice-late'; tone: 'bad'; policyId: string; teamIds: string[]; lateMs: number; more: number }
  | { kind: 'notice-due'; tone: 'warn'; policyId: string; teamIds: string[]; leftMs: number }
  | { kind: 'launch-before'; tone: 'bad'; otherKey?: string; days: number }
  | { kind: 'brief'; tone: 'warn'; present: number; total: number }
  | { kind: 'kpi-off'; tone: 'warn'; count: number }
  | { kind: 'campaigns'; tone: 'info'; count: number }
  | { kind: 'campaigns-early'; tone: 'bad'; count: number; firstKey: string; firstLaunch?: string }
  | { kind: 'clock'; tone: Tone; state: SlaState; remainingMs: number; metAt?: string; elapsedMs: number; pausedUntil?: string }
  | { kind: 'clock-waiting'; tone: 'info' }
  | { kind: 'lead-verdict'; tone: Tone; verdict: 'open' | 'mql' | 'sql' | 'rejected'; reasonId?: string; intent: 'high' | 'normal' }
  | { kind: 'ready'; tone: 'ok'; role: 'campaign' | 'other' };

export interface Verdict {
  /** The worst tone of the parts (the line's colour). */
  tone: Tone;
  parts: VerdictPart[];
}

const DAY = 86_400_000;
const TONE_ORDER: Tone[] = ['bad', 'warn', 'info', 'ok'];

function worst(parts: readonly VerdictPart[]): Tone {
  for (const t of TONE_ORDER) if (parts.some((p) => p.tone === t)) return t;
  return 'ok';
}

const uniq = <T,>(xs: readonly T[]): T[] => [...new Set(xs)];

/** Open clocks of 'before' policies (notices): breached and not yet sent, or at risk. */
function noticeParts(rows: readonly SlaRow[], skipTeams: ReadonlySet<string>, now: number): VerdictPart[] {
  const open = rows.filter((r) => r.policy.kind === 'before' && r.clock && !r.clock.metAt);
  const late = open.filter((r) => r.clock!.state === 'breached').sort((a, b) => a.clock!.remainingMs - b.clock!.remainingMs);
  if (late.length) {
    const w = late[0]!;
    const teams = w.policy.involvedTeamIds.filter((t) => !skipTeams.has(t));
    // How late, as a person counts it: wall time since the deadline ("5 days late"), not the working
    // hours the clock has left (a notice due before a weekend is not "22 hours late" on Tuesday).
    const due = w.clock!.dueAt ? Date.parse(w.clock!.dueAt) : NaN;
    const lateMs = Number.isFinite(due) ? Math.max(0, now - due) : -w.clock!.remainingMs;
    return [{ kind: 'notice-late', tone: 'bad', policyId: w.policy.id, teamIds: teams.length ? teams : w.policy.involvedTeamIds, lateMs, more: late.length - 1 }];
  }
  const risk = open.filter((r) => r.clock!.state === 'at-risk').sort((a, b) => a.clock!.remainingMs - b.clock!.remainingMs);
  if (risk.length) {
    const w = risk[0]!;
    return [{ kind: 'notice-due', tone: 'warn', policyId: w.policy.id, teamIds: w.policy.involvedTeamIds, leftMs: w.clock!.remainingMs }];
  }
  return [];
}

function blockerParts(model: PanelModel): VerdictPart[] {
  const direct = model.blockers.filter((b) => b.depth === 1 || b.kind === 'team');
  const blocked = direct.filter((b) => b.state === 'blocked');
  const waiting = direct.filter((b) => b.state !== 'blocked');
  const parts: VerdictPart[] = [];
  const split = (list: typeof direct) => ({
    teamIds: uniq(list.flatMap((b) => (b.teamId ? [b.teamId] : []))),
    itemKeys: uniq(list.flatMap((b) => (!b.teamId && b.itemKey ? [b.itemKey] : []))),
  });
  if (blocked.length) parts.push({ kind: 'blocked-by', tone: 'bad', ...split(blocked) });
  // Waiting on a team that is already "blocking" is one fact, said once.
  const blockedTeams = new Set(blocked.flatMap((b) => (b.teamId ? [b.teamId] : [])));
  const w = split(waiting.filter((b) => !b.teamId || !blockedTeams.has(b.teamId)));
  if (!blocked.length && (w.teamIds.length || w.itemKeys.length)) parts.push({ kind: 'waiting-on', tone: 'warn', ...w });
  return parts;
}

function launchBefore(model: PanelModel): VerdictPart[] {
  let best: { otherKey?: string; days: number } | null = null;
  for (const c of model.conflicts) {
    if (c.kind !== 'launch-before-dependency' || c.itemKey !== model.itemKey) continue;
    const days = Math.max(1, Math.round((Date.parse(c.blockingDate) - Date.parse(c.launch)) / DAY));
    if (!best || days > best.days) best = { otherKey: c.otherKey, days };
  }
  return best ? [{ kind: 'launch-before', tone: 'bad', ...best }] : [];
}

function trackerVerdict(model: PanelModel): VerdictPart[] {
  const parts: VerdictPart[] = [];
  const blockers = blockerParts(model);
  parts.push(...blockers);
  const named = new Set(blockers.flatMap((p) => ('teamIds' in p ? p.teamIds : [])));
  parts.push(...noticeParts(model.sla, named, Date.now()));
  if (model.role === 'campaign') parts.push(...launchBefore(model));
  if (model.dependentCampaigns && model.dependentCampaigns.length) {
    const early = model.dependentCampaigns.filter((c) => c.warning);
    if (early.length) {
      const first = [...early].sort((a, b) => (a.launch ?? '').localeCompare(b.launch ?? ''))[0]!;
      parts.unshift({ kind: 'campaigns-early', tone: 'bad', count: early.length, firstKey: first.itemKey, ...(first.launch ? { firstLaunch: first.launch } : {}) });
    }
    parts.unshift({ kind: 'campaigns', tone: 'info', count: model.dependentCampaigns.length });
  }
  if (model.brief && model.brief.present < model.brief.total) parts.push({ kind: 'brief', tone: 'warn', present: model.brief.present, total: model.brief.total });
  const off = model.kpis.filter((k) => k.result?.status === 'off-track').length;
  if (off) parts.push({ kind: 'kpi-off', tone: 'warn', count: off });
  if (!parts.some((p) => p.tone === 'bad' || p.tone === 'warn')) parts.push({ kind: 'ready', tone: 'ok', role: model.role === 'campaign' ? 'campaign' : 'other' });
  return parts;
}

function leadVerdict(model: PanelModel): VerdictPart[] {
  const parts: VerdictPart[] = [];
  const row = model.sla.find((r) => r.policy.kind === 'elapsed');
  const c = row?.clock;
  if (c) {
    const tone: Tone = c.state === 'breached' ? 'bad' : c.state === 'at-risk' ? 'warn' : c.state === 'met' ? 'ok' : 'info';
    parts.push({
      kind: 'clock',
      tone,
      state: c.state,
      remainingMs: c.remainingMs,
      elapsedMs: c.elapsedMs,
      ...(c.metAt ? { metAt: c.metAt } : {}),
      ...(row?.pausedUntil ? { pausedUntil: row.pausedUntil } : {}),
    });
  } else if (row) parts.push({ kind: 'clock-waiting', tone: 'info' });
  const lead = model.lead;
  if (lead) {
    const tone: Tone = lead.verdict === 'rejected' ? 'warn' : lead.verdict === 'open' ? 'info' : 'ok';
    parts.push({ kind: 'lead-verdict', tone, verdict: lead.verdict, intent: lead.intent, ...(lead.verdict === 'rejected' && lead.rejectionReasonId ? { reasonId: lead.rejectionReasonId } : {}) });
  }
  return parts;
}

export function verdictOf(model: PanelModel): Verdict {
  const parts = model.role === 'lead' ? leadVerdict(model) : trackerVerdict(model);
  return { tone: worst(parts), parts };
}
