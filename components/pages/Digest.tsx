import { useEffect, useMemo, useState } from 'react';
import { buildDigest, digestMarkdown, linePieces, measuresText, type Digest, type DigestFormat, type DigestLine, type DigestStrings, type Measures } from '@/lib/pages/digest';
import { formatDate, formatDuration, formatNumber, formatShare } from '@/lib/pages/format';
import type { AuditEntry } from '@/lib/store';
import { usePagesData, usePagesEnv } from './env';
import { Empty, LoadError, Loading, Shell } from './Shell';
import { t, teamName, template, uiLocale } from './t';

const DAY = 86_400_000;

export function digestStrings(): DigestStrings {
  return {
    title: template('pages.digest.mdTitle'),
    did: t('pages.digest.did'),
    affected: t('pages.digest.affected'),
    need: t('pages.digest.need'),
    nothing: t('pages.digest.nothing'),
    measures: template('pages.digest.measuresLine'),
    noData: t('pages.digest.noData'),
    lines: {
      delivered: template('pages.digest.lines.delivered'),
      'blocked-by-us': template('pages.digest.lines.blockedByUs'),
      asked: template('pages.digest.lines.asked'),
      'date-moved': template('pages.digest.lines.dateMoved'),
      'date-set': template('pages.digest.lines.dateSet'),
      noted: template('pages.digest.lines.noted'),
      'lead-notes': template('pages.digest.lines.leadNotes'),
      kpi: template('pages.digest.lines.kpi'),
      'sla-met': template('pages.digest.lines.slaMet'),
      'sla-missed': template('pages.digest.lines.slaMissed'),
      'unblocked-them': template('pages.digest.lines.unblockedThem'),
      'moved-affects': template('pages.digest.lines.movedAffects'),
      need: template('pages.digest.lines.need'),
    },
    fields: { launch: t('pages.calendar.launch'), release: t('pages.calendar.release'), end: t('pages.calendar.end'), due: t('pages.digest.dueField') },
  };
}

export function Line({ line, s, f }: { line: DigestLine; s: DigestStrings; f: DigestFormat }) {
  return (
    <>
      {linePieces(line, s, f).map((p, i) =>
        'text' in p ? (
          <span key={i}>{p.text}</span>
        ) : p.url ? (
          <a key={i} href={p.url} target="_blank" rel="noreferrer">
            {p.item}
          </a>
        ) : (
          <strong key={i}>{p.item}</strong>
        ),
      )}
    </>
  );
}

function MeasureList({ m, f, id }: { m: Measures; f: DigestFormat; id: string }) {
  const sla = m.sla.share === null ? t('pages.digest.noData') : f.share(m.sla.share);
  const briefs = m.briefs.share === null ? t('pages.digest.noData') : f.share(m.briefs.share);
  return (
    <dl className="measures" aria-labelledby={id}>
      <div>
        <dt>{t('pages.digest.slaRate')}</dt>
        <dd>{sla}</dd>
        <dd className="hint">{t('pages.digest.slaDetail', [f.number(m.sla.met), f.number(m.sla.met + m.sla.missed)])}</dd>
      </div>
      <div>
        <dt>{t('pages.digest.blocked')}</dt>
        <dd>{f.duration(m.blockedMs)}</dd>
        <dd className="hint">{t('pages.digest.blockedDetail', [f.number(m.blockedItems)])}</dd>
      </div>
      <div>
        <dt>{t('pages.digest.briefs')}</dt>
        <dd>{briefs}</dd>
        <dd className="hint">{t('pages.digest.briefsDetail', [f.number(m.briefs.complete), f.number(m.briefs.started)])}</dd>
      </div>
    </dl>
  );
}

export function DigestView() {
  const env = usePagesEnv();
  const { data, error } = usePagesData();
  const [audit, setAudit] = useState<AuditEntry[] | null>(null);
  const [offset, setOffset] = useState(0);
  const [status, setStatus] = useState('');
  useEffect(() => {
    let live = true;
    env
      .audit()
      .catch(() => [] as AuditEntry[])
      .then((a) => live && setAudit(a));
    return () => {
      live = false;
    };
  }, [env, data]);
  const locale = uiLocale();
  const f: DigestFormat | null = useMemo(
    () =>
      data
        ? {
            teamName: (id) => teamName(data.ws.teams, id),
            date: (v) => formatDate(locale, v),
            share: (x) => formatShare(locale, x),
            duration: (ms) => formatDuration(locale, ms),
            number: (n) => formatNumber(locale, n),
          }
        : null,
    [data, locale],
  );
  const digest: Digest | null = useMemo(() => {
    if (!data || !audit) return null;
    const to = env.now().getTime() - offset * 7 * DAY;
    return buildDigest({ workspace: data.ws, snapshots: data.snapshots, audit, from: new Date(to - 7 * DAY).toISOString(), to: new Date(to).toISOString(), now: env.now().toISOString() });
  }, [data, audit, offset, env]);
  if (error) return <LoadError message={error} />;
  if (!data || !digest || !f) return <Loading />;
  const s = digestStrings();
  const markdown = digestMarkdown(digest, s, f);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(markdown);
      setStatus(t('pages.digest.copied'));
    } catch (e) {
      setStatus(t('pages.digest.copyFailed', [e instanceof Error ? e.message : String(e)]));
    }
  };
  const lastDay = new Date(Date.parse(digest.to) - 1).toISOString();
  return (
    <>
      <div className="actions" role="group" aria-label={t('pages.digest.period')}>
        <button type="button" className="secondary" onClick={() => setOffset((o) => o + 1)}>
          {t('pages.digest.earlier')}
        </button>
        <button type="button" className="secondary" onClick={() => setOffset((o) => Math.max(0, o - 1))} disabled={offset === 0}>
          {t('pages.digest.later')}
        </button>
        <button type="button" onClick={() => void copy()}>
          {t('pages.digest.copy')}
        </button>
      </div>
      <p className="status" role="status" aria-live="polite">
        {status}
      </p>
      <h2 id="digest-overall">{t('pages.digest.periodHeading', [f.date(digest.from), f.date(lastDay)])}</h2>
      <MeasureList m={digest.overall} f={f} id="digest-overall" />
      {digest.teams.length === 0 && <Empty>{t('pages.digest.noTeams')}</Empty>}
      {digest.teams.map((team) => (
        <section key={team.teamId} aria-labelledby={`team-${team.teamId}`} className="digest-team">
          <h2 id={`team-${team.teamId}`}>{f.teamName(team.teamId)}</h2>
          <p className="muted">{measuresText(team.measures, s, f)}</p>
          {(
            [
              ['did', s.did, team.did],
              ['affected', s.affected, team.affected],
              ['need', s.need, team.need],
            ] as const
          ).map(([key, heading, list]) => (
            <div key={key}>
              <h3>{heading}</h3>
              {list.length === 0 ? (
                <p className="muted">{s.nothing}</p>
              ) : (
                <ul>
                  {list.map((l, i) => (
                    <li key={i}>
                      <Line line={l} s={s} f={f} />
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ))}
        </section>
      ))}
      <details>
        <summary>{t('pages.digest.showMarkdown')}</summary>
        <label htmlFor="digest-md" className="hint">
          {t('pages.digest.markdownLabel')}
        </label>
        <textarea id="digest-md" className="markdown" readOnly value={markdown} />
      </details>
    </>
  );
}

export function DigestPage() {
  return (
    <Shell page="digest" title={t('pages.digest.title')}>
      <DigestView />
    </Shell>
  );
}
