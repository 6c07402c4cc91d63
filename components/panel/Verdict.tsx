/** The verdict line (lib/panel/verdict.ts) worded in the user's language: one sentence of short parts. */
import { i18n } from '#i18n';
import type { ItemSnapshot, RejectionReason, Team } from '@/lib/core/schemas';
import { describeRef, parseItemKey } from '@/lib/core/item-ref';
import type { Verdict, VerdictPart } from '@/lib/panel/verdict';
import { formatDay, formatSpan } from '@/lib/panel/format';
import { reasonLabel, teamName } from './labels';
import { dateTimeFormat } from '@/lib/core/intl';

export interface VerdictWords {
  teams: readonly Team[];
  reasons: readonly RejectionReason[];
  snapshots: readonly ItemSnapshot[];
  locale: string | undefined;
}

function itemLabel(key: string, snapshots: readonly ItemSnapshot[]): string {
  const s = snapshots.find((x) => x.key === key);
  const ref = parseItemKey(key);
  // Jira people speak in keys: "PAY-88 Payment form v2".
  if (s?.title && ref?.tool === 'jira' && s.title !== ref.id) {
    const t = `${ref.id} ${s.title}`;
    return t.length > 48 ? `${t.slice(0, 47)}…` : t;
  }
  if (s?.title) return s.title.length > 40 ? `${s.title.slice(0, 39)}…` : s.title;
  return ref ? (ref.tool === 'jira' ? ref.id : describeRef(ref)) : key;
}

function list(names: readonly string[]): string {
  return names.join(', ');
}

export function verdictPartText(p: VerdictPart, w: VerdictWords): string {
  const team = (id: string) => teamName(w.teams, id);
  const who = (teamIds: readonly string[], itemKeys: readonly string[]) => list([...teamIds.map(team), ...itemKeys.map((k) => itemLabel(k, w.snapshots))]);
  switch (p.kind) {
    case 'blocked-by':
      return i18n.t('panelView.verdict.blockedBy', { who: who(p.teamIds, p.itemKeys) });
    case 'waiting-on':
      return i18n.t('panelView.verdict.waitingOn', { who: who(p.teamIds, p.itemKeys) });
    case 'notice-late':
      return (
        i18n.t('panelView.verdict.noticeLate', { teams: list(p.teamIds.map(team)), late: formatSpan(p.lateMs, w.locale) }) +
        (p.more > 0 ? ` ${i18n.t('panelView.verdict.more', { count: String(p.more) })}` : '')
      );
    case 'notice-due':
      return i18n.t('panelView.verdict.noticeDue', { teams: list(p.teamIds.map(team)), left: formatSpan(p.leftMs, w.locale) });
    case 'launch-before':
      return p.otherKey
        ? i18n.t('panelView.verdict.launchBeforeItem', { days: formatSpan(p.days * 86_400_000, w.locale), item: itemLabel(p.otherKey, w.snapshots) })
        : i18n.t('panelView.verdict.launchBeforeDue', { days: formatSpan(p.days * 86_400_000, w.locale) });
    case 'brief':
      return i18n.t('panelView.verdict.brief', { present: String(p.present), total: String(p.total) });
    case 'kpi-off':
      return i18n.t('panelView.verdict.kpiOff', { count: String(p.count) });
    case 'campaigns':
      return i18n.t('panelView.verdict.campaigns', { count: String(p.count) });
    case 'campaigns-early':
      return i18n.t('panelView.verdict.campaignsEarly', {
        item: itemLabel(p.firstKey, w.snapshots),
        date: p.firstLaunch ? formatDay(p.firstLaunch, w.locale) : '—',
      }) + (p.count > 1 ? ` ${i18n.t('panelView.verdict.more', { count: String(p.count - 1) })}` : '');
    case 'clock': {
      if (p.metAt) return p.state === 'met' ? i18n.t('panelView.verdict.contactedInTime', { time: formatSpan(p.elapsedMs, w.locale) }) : i18n.t('panelView.verdict.contactedLate', { time: formatSpan(p.elapsedMs, w.locale) });
      if (p.state === 'breached') return i18n.t('panelView.verdict.contactOverdue', { time: formatSpan(p.remainingMs, w.locale) });
      if (p.state === 'paused') return i18n.t('panelView.verdict.contactPaused');
      const left = i18n.t('panelView.verdict.contactLeft', { time: formatSpan(p.remainingMs, w.locale) });
      return p.pausedUntil ? `${left} ${i18n.t('panelView.verdict.pausedUntil', { until: formatDay(p.pausedUntil, w.locale) + ' ' + timeOf(p.pausedUntil, w.locale) })}` : left;
    }
    case 'clock-waiting':
      return i18n.t('panelView.verdict.contactNotStarted');
    case 'lead-verdict': {
      const intent = p.intent === 'high' ? ` · ${i18n.t('panelView.verdict.highIntent')}` : '';
      if (p.verdict === 'rejected') return p.reasonId ? i18n.t('panelView.verdict.rejectedFor', { reason: reasonLabel([...w.reasons], p.reasonId) }) : i18n.t('panelView.verdict.rejected');
      if (p.verdict === 'sql') return i18n.t('panelView.verdict.sql');
      if (p.verdict === 'mql') return i18n.t('panelView.verdict.mql') + intent;
      return i18n.t('panelView.verdict.open') + intent;
    }
    case 'ready':
      return p.role === 'campaign' ? i18n.t('panelView.verdict.readyToLaunch') : i18n.t('panelView.verdict.nothingBlocks');
  }
}

function timeOf(iso: string, locale: string | undefined): string {
  try {
    return dateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
  } catch {
    return '';
  }
}

export function verdictText(v: Verdict, w: VerdictWords): string {
  const s = v.parts.map((p) => verdictPartText(p, w)).join(' · ');
  return s ? s.charAt(0).toLocaleUpperCase() + s.slice(1) : s;
}

/** The verdict line: coloured by its worst part; each part a span (tests read data-part). */
export function VerdictLine({ verdict, words, id }: { verdict: Verdict; words: VerdictWords; id?: string }) {
  const text = verdictText(verdict, words);
  return (
    <span id={id} className={`lz-verdict lz-tone-${verdict.tone}`} data-liaison-verdict={verdict.parts.map((p) => p.kind).join(' ')} title={text}>
      {text}
    </span>
  );
}
