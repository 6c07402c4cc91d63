import { useMemo } from 'react';
import { buildLaunchCalendar, type CalendarEntry } from '@/lib/pages/calendar';
import { formatDate, formatNumber, viewerTimeZone } from '@/lib/pages/format';
import { itemTitle } from '@/lib/pages/inbox';
import type { DateConflict } from '@/lib/core/deps';
import { usePagesData, usePagesEnv } from './env';
import { Empty, ItemLink, LoadError, Loading, Shell } from './Shell';
import { t, teamName, uiLocale } from './t';

function kindLabel(kind: CalendarEntry['kind']): string {
  return kind === 'launch' ? t('pages.calendar.launch') : kind === 'release' ? t('pages.calendar.release') : t('pages.calendar.end');
}

type Conflict = Extract<DateConflict, { kind: 'launch-before-dependency' }>;

export function CalendarView({ timeZone = viewerTimeZone() }: { timeZone?: string }) {
  const env = usePagesEnv();
  const { data, error } = usePagesData();
  const cal = useMemo(
    () => (data ? buildLaunchCalendar({ itemMeta: data.ws.itemMeta, snapshots: data.snapshots, dependencies: data.ws.dependencies }, env.now(), timeZone) : null),
    [data, env, timeZone],
  );
  if (error) return <LoadError message={error} />;
  if (!data || !cal) return <Loading />;
  const locale = uiLocale();
  const snaps = new Map(data.snapshots.map((s) => [s.key, s]));
  const title = (key: string) => itemTitle(key, snaps.get(key));
  const conflictText = (c: Conflict) =>
    t('pages.calendar.conflict', [title(c.itemKey), formatDate(locale, c.launch), c.otherKey ? title(c.otherKey) : t('pages.calendar.dependency'), formatDate(locale, c.blockingDate)]);
  const total = cal.weeks.reduce((n, w) => n + w.entries.length, 0);
  return (
    <>
      <p className="muted">
        {t('pages.calendar.range', [formatDate(locale, cal.weeks[0]!.start), formatDate(locale, cal.weeks[cal.weeks.length - 1]!.end), timeZone])}
      </p>
      <section aria-labelledby="cal-conflicts">
        <h2 id="cal-conflicts">{t('pages.calendar.conflictsHeading', [formatNumber(locale, cal.conflicts.length)])}</h2>
        {cal.conflicts.length === 0 ? (
          <Empty>{t('pages.calendar.noConflicts')}</Empty>
        ) : (
          <ul className="conflict-list">
            {cal.conflicts.map((c) => (
              <li key={`${c.itemKey}|${c.dependencyId}`} className="conflict">
                {conflictText(c)}
              </li>
            ))}
          </ul>
        )}
      </section>
      {total === 0 && <Empty>{t('pages.calendar.empty')}</Empty>}
      <ol className="weeks" aria-label={t('pages.calendar.weeksLabel')}>
        {cal.weeks.map((w, i) => (
          <li key={w.start} className={`week${w.isCurrent ? ' current' : ''}`}>
            <h2 id={`week-${i}`}>
              {t('pages.calendar.week', [String(i + 1), formatDate(locale, w.start, { day: 'numeric', month: 'short' }), formatDate(locale, w.end, { day: 'numeric', month: 'short' })])}
              {w.isCurrent && <span className="tag">{t('pages.calendar.thisWeek')}</span>}
            </h2>
            {w.entries.length === 0 ? (
              <p className="muted">{t('pages.calendar.nothing')}</p>
            ) : (
              <ul className="plain" aria-labelledby={`week-${i}`}>
                {w.entries.map((e) => (
                  <li key={e.id} className={`entry${e.conflicts.length ? ' conflict-entry' : ''}`} data-entry={e.id}>
                    <time dateTime={e.date}>{formatDate(locale, e.date, { weekday: 'short', day: 'numeric', month: 'short' })}</time>{' '}
                    <span className="tag">{kindLabel(e.kind)}</span> <ItemLink title={e.title} url={e.url} />
                    {e.teamId && <span className="muted"> · {teamName(data.ws.teams, e.teamId)}</span>}
                    {e.conflicts.filter((c): c is Conflict => c.kind === 'launch-before-dependency').map((c) => (
                      <p key={c.dependencyId} className="conflict" role="note">
                        <strong>{t('pages.calendar.conflictLabel')}</strong> {conflictText(c)}
                      </p>
                    ))}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
      {(cal.outside.before > 0 || cal.outside.after > 0) && (
        <p className="muted">{t('pages.calendar.outside', [String(cal.outside.before), String(cal.outside.after)])}</p>
      )}
    </>
  );
}

export function CalendarPage() {
  return (
    <Shell page="calendar" title={t('pages.calendar.title')}>
      <CalendarView />
    </Shell>
  );
}
