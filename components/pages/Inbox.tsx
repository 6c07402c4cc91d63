import { useMemo } from 'react';
import { buildInbox, type InboxEntry } from '@/lib/pages/inbox';
import { formatDate, formatDateTime, formatDuration } from '@/lib/pages/format';
import type { BriefTemplate, Team } from '@/lib/core/schemas';
import { usePagesData, usePagesEnv } from './env';
import { Empty, ItemLink, LoadError, Loading, pageUrl, Shell, type PageId } from './Shell';
import { t, teamName, uiLocale } from './t';
import { LeadQualityView } from './LeadQuality';
import { SyncStatusLine } from '../sync/SyncStatusLine';

const KINDS: InboxEntry['kind'][] = ['sla', 'blocked', 'brief', 'lead'];

function kindHeading(kind: InboxEntry['kind']): string {
  switch (kind) {
    case 'sla':
      return t('pages.inbox.sla');
    case 'blocked':
      return t('pages.inbox.blocked');
    case 'brief':
      return t('pages.inbox.briefs');
    default:
      return t('pages.inbox.leads');
  }
}

function Detail({ entry, teams, templates }: { entry: InboxEntry; teams: Team[]; templates: BriefTemplate[] }) {
  const locale = uiLocale();
  if (entry.kind === 'sla') {
    const c = entry.clock;
    const left = formatDuration(locale, Math.abs(c.remainingMs));
    const due = c.dueAt ? formatDateTime(locale, c.dueAt) : '';
    return (
      <p className="detail">
        <span className={`state-${c.state}`}>{c.state === 'breached' ? t('pages.inbox.breached', [left]) : t('pages.inbox.atRisk', [left])}</span>{' '}
        · {entry.policy.name}
        {due && <> · {t('pages.inbox.due', [due])}</>}
      </p>
    );
  }
  if (entry.kind === 'blocked') {
    const d = entry.dependency;
    return (
      <p className="detail">
        <span className={d.state === 'blocked' ? 'state-breached' : ''}>{t('pages.inbox.waitsOn', [teamName(teams, entry.teamId)])}</span>
        {(d.reason ?? d.note) && <> · {d.reason ?? d.note}</>}
        {d.due && <> · {t('pages.inbox.due', [formatDate(locale, d.due)])}</>}
      </p>
    );
  }
  if (entry.kind === 'brief') {
    const tpl = templates.find((x) => x.fields.some((f) => entry.missing.includes(f.id)));
    const labels = entry.missing.map((id) => tpl?.fields.find((f) => f.id === id)?.label ?? id);
    return (
      <p className="detail">
        {t('pages.inbox.briefScore', [String(entry.present), String(entry.total)])}
        {labels.length > 0 && <> · {t('pages.inbox.missing', [labels.join(', ')])}</>}
      </p>
    );
  }
  const n = entry.note;
  const verdict = n.verdict === 'sql' ? t('pages.verdict.sql') : n.verdict === 'mql' ? t('pages.verdict.mql') : n.verdict === 'rejected' ? t('pages.verdict.rejected') : '';
  return (
    <p className="detail">
      {t('pages.inbox.noteBy', [teamName(teams, n.authorTeamId), formatDateTime(locale, n.at)])}
      {verdict && <> · {verdict}</>}
      {n.note && <> · {n.note}</>}
    </p>
  );
}

export function InboxView() {
  const env = usePagesEnv();
  const { data, error } = usePagesData();
  const inbox = useMemo(() => (data ? buildInbox({ ...data.ws, snapshots: data.snapshots }, data.settings, env.now()) : null), [data, env]);
  if (error) return <LoadError message={error} />;
  if (!data || !inbox) return <Loading />;
  const teams = data.ws.teams;
  const scope = data.settings.teamIds.length
    ? t('pages.inbox.scopeTeams', [data.settings.teamIds.map((id) => teamName(teams, id)).join(', ')])
    : t('pages.inbox.scopeAll');
  return (
    <>
      <p className="muted" role="status">
        {t('pages.inbox.count', [String(inbox.counts.total)])} · {scope}
      </p>
      {data.settings.teamIds.length === 0 && (
        <p className="hint">
          <a href={pageUrl('options') + '#profile'} target="_blank" rel="noreferrer">
            {t('pages.inbox.chooseTeams')}
          </a>
        </p>
      )}
      {inbox.counts.total === 0 && <Empty>{t('pages.inbox.empty')}</Empty>}
      {KINDS.filter((k) => inbox.counts[k] > 0).map((kind) => (
        <section key={kind} aria-labelledby={`inbox-${kind}`}>
          <h2 id={`inbox-${kind}`}>
            {kindHeading(kind)} <span className="muted">({inbox.counts[kind]})</span>
          </h2>
          <ul className="plain">
            {inbox.entries
              .filter((e) => e.kind === kind)
              .map((e) => (
                <li key={e.id} className="entry" data-entry={e.id}>
                  <ItemLink title={e.title} url={e.url} />
                  <Detail entry={e} teams={teams} templates={data.ws.briefTemplates} />
                </li>
              ))}
          </ul>
        </section>
      ))}
      {showsLeadQuality(data.settings.role) && <LeadQualityView notes={data.ws.leadNotes} reasons={data.ws.rejectionReasons} />}
    </>
  );
}

/** Marketing needs sales' verdict on its leads; sales and team leads see it too. */
function showsLeadQuality(role: string | undefined): boolean {
  return role === undefined || role === 'marketer' || role === 'sales-rep' || role === 'lead' || role === 'analyst';
}

export function Popup({ page = 'popup' }: { page?: Extract<PageId, 'popup' | 'sidepanel'> }) {
  return (
    <Shell page={page} title={t('pages.inbox.title')} compact>
      <SyncStatusLine />
      <InboxView />
    </Shell>
  );
}
