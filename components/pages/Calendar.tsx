import { useMemo, useState } from 'react';
import { buildLaunchCalendar, calendarRows, teamTimeZone, type CalendarBar, type CalendarConflict, type CalendarGrouping, type CalendarRow, type ItemRole } from '@/lib/pages/calendar';
import { toIcs, type IcsEvent } from '@/lib/pages/ics';
import { formatDate, formatNumber } from '@/lib/pages/format';
import { itemTitle } from '@/lib/pages/inbox';
import { usePagesData, usePagesEnv } from './env';
import { Empty, ItemLink, LoadError, Loading, Shell } from './Shell';
import { t, teamName, uiLocale } from './t';
import './calendar.css';

const tx = t as unknown as (key: string, subs?: string[]) => string;

function roleName(role: ItemRole | undefined): string {
  return role ? tx(`launchCalendar.roles.${role}`) : tx('launchCalendar.noKind');
}

const short = (locale: string, d: string) => formatDate(locale, d, { day: 'numeric', month: 'short' });

/** The dates a bar stands for, as text ("Launch May 12 → End Jun 2", "Release May 20"). */
function barDates(locale: string, b: CalendarBar): string {
  if (b.kind === 'release') return `${t('pages.calendar.release')} ${short(locale, b.start)}`;
  const parts: string[] = [];
  if (b.launch) parts.push(`${t('pages.calendar.launch')} ${short(locale, b.launch)}`);
  if (b.endDate) parts.push(`${t('pages.calendar.end')} ${short(locale, b.endDate)}`);
  return parts.join(' → ');
}

function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function CalendarView({ timeZone: zoneProp }: { timeZone?: string }) {
  const env = usePagesEnv();
  const { data, error } = usePagesData();
  const [grouping, setGrouping] = useState<CalendarGrouping>('team');
  const timeZone = zoneProp ?? (data ? teamTimeZone(data.ws, data.settings.teamIds) : undefined);
  const cal = useMemo(
    () =>
      data && timeZone
        ? buildLaunchCalendar({ itemMeta: data.ws.itemMeta, snapshots: data.snapshots, dependencies: data.ws.dependencies }, env.now(), timeZone)
        : null,
    [data, env, timeZone],
  );
  const rows = useMemo(() => (cal && data ? calendarRows(cal, grouping, data.ws.teams) : []), [cal, data, grouping]);
  if (error) return <LoadError message={error} />;
  if (!data || !cal) return <Loading />;
  const locale = uiLocale();
  const snaps = new Map(data.snapshots.map((s) => [s.key, s]));
  const title = (key: string) => itemTitle(key, snaps.get(key));
  const conflictText = (c: CalendarConflict) =>
    t('pages.calendar.conflict', [title(c.itemKey), formatDate(locale, c.launch), c.otherKey ? title(c.otherKey) : t('pages.calendar.dependency'), formatDate(locale, c.blockingDate)]);
  const rowName = (r: CalendarRow) =>
    r.group === 'team' ? (r.value ? teamName(data.ws.teams, r.value) : tx('launchCalendar.noTeam')) : roleName(r.value as ItemRole | undefined);
  const weekName = (i: number) => {
    const w = cal.weeks[i]!;
    return tx('launchCalendar.weekCol', [short(locale, w.start), short(locale, w.end)]);
  };

  const exportIcs = () => {
    const events: IcsEvent[] = cal.bars.map((b) => {
      const team = b.teamId ? teamName(data.ws.teams, b.teamId) : undefined;
      const lines = [barDates(locale, b), team, ...b.conflicts.map((n) => conflictText(cal.conflicts[n - 1]!)), b.url].filter((x): x is string => !!x);
      return {
        id: b.id,
        summary: `${b.kind === 'release' ? t('pages.calendar.release') : t('pages.calendar.launch')}: ${b.title}`,
        start: b.start,
        end: b.end,
        description: lines.join('\n'),
        ...(b.url ? { url: b.url } : {}),
        categories: [roleName(b.role), ...(team ? [team] : [])],
      };
    });
    download(`liaison-launches-${cal.weeks[0]!.start}.ics`, toIcs(events, { now: env.now(), name: tx('launchCalendar.icsName'), timeZone: cal.timeZone }), 'text/calendar;charset=utf-8');
  };

  return (
    <>
      <p className="muted">
        {t('pages.calendar.range', [formatDate(locale, cal.weeks[0]!.start), formatDate(locale, cal.weeks[cal.weeks.length - 1]!.end), cal.timeZone])}
      </p>
      <div className="cal-toolbar no-print">
        <fieldset className="cal-toggle">
          <legend>{tx('launchCalendar.rowsLabel')}</legend>
          {(['team', 'kind'] as const).map((g) => (
            <label key={g}>
              <input type="radio" name="cal-grouping" value={g} checked={grouping === g} onChange={() => setGrouping(g)} />{' '}
              {g === 'team' ? tx('launchCalendar.byTeam') : tx('launchCalendar.byKind')}
            </label>
          ))}
        </fieldset>
        <button type="button" onClick={exportIcs} disabled={cal.bars.length === 0} aria-describedby="cal-ics-hint">
          {tx('launchCalendar.exportIcs')}
        </button>
        <button type="button" onClick={() => window.print()}>
          {tx('launchCalendar.print')}
        </button>
        <p id="cal-ics-hint" className="muted cal-hint">
          {tx('launchCalendar.exportHint')}
        </p>
      </div>

      {cal.bars.length === 0 ? (
        <Empty>{t('pages.calendar.empty')}</Empty>
      ) : (
        <div className="cal-scroll">
          <table className="cal-grid">
            <caption className="sr-only">{tx('launchCalendar.caption', [grouping === 'team' ? tx('launchCalendar.byTeam') : tx('launchCalendar.byKind'), cal.timeZone])}</caption>
            <colgroup>
              <col className="cal-rowhead-col" />
              {cal.weeks.map((w) => (
                <col key={w.start} className={w.busy ? 'cal-busy' : w.isCurrent ? 'cal-current' : 'cal-idle'} />
              ))}
            </colgroup>
            <thead>
              <tr>
                <th scope="col">{grouping === 'team' ? tx('launchCalendar.teamHeader') : tx('launchCalendar.kindHeader')}</th>
                {cal.weeks.map((w, i) => (
                  <th key={w.start} scope="col" className={`${w.busy ? '' : 'idle'}${w.isCurrent ? ' current' : ''}`} aria-label={weekName(i)} title={weekName(i)}>
                    <span aria-hidden="true">{short(locale, w.start)}</span>
                    {w.isCurrent && <span className="tag now">{tx('launchCalendar.thisWeek')}</span>}
                  </th>
                ))}
              </tr>
            </thead>
            {rows.map((r) => (
              <tbody key={r.id} className="cal-row">
                {r.lanes.map((lane, li) => (
                  <tr key={li}>
                    {li === 0 && (
                      <th scope="rowgroup" rowSpan={r.lanes.length}>
                        {rowName(r)}
                      </th>
                    )}
                    {laneCells(lane, cal.weeks.length, (b) => (
                      <td key={b.id} colSpan={b.lastWeek - b.firstWeek + 1} className="cal-cell">
                        <div
                          className={`bar bar-${b.kind}${b.conflicts.length ? ' bar-conflict' : ''}${b.clippedBefore ? ' from-before' : ''}${b.clippedAfter ? ' to-after' : ''}`}
                          data-bar={b.id}
                        >
                          {b.clippedBefore && <span className="clip">{tx('launchCalendar.fromBefore')} </span>}
                          <ItemLink title={b.title} url={b.url} />
                          <span className="bar-dates"> {barDates(locale, b)}</span>
                          {grouping === 'kind' && b.teamId && <span className="bar-dates"> · {teamName(data.ws.teams, b.teamId)}</span>}
                          {grouping === 'team' && b.role && <span className="bar-dates"> · {roleName(b.role)}</span>}
                          {b.conflicts.map((n) => (
                            <a key={n} className="conflict-mark" href={`#cal-conflict-${n}`}>
                              {tx('launchCalendar.conflictMark', [String(n)])}
                            </a>
                          ))}
                          {b.clippedAfter && <span className="clip"> {tx('launchCalendar.toAfter')}</span>}
                        </div>
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </div>
      )}

      <section aria-labelledby="cal-conflicts" className="cal-conflicts">
        <h2 id="cal-conflicts">{t('pages.calendar.conflictsHeading', [formatNumber(locale, cal.conflicts.length)])}</h2>
        {cal.conflicts.length === 0 ? (
          <Empty>{t('pages.calendar.noConflicts')}</Empty>
        ) : (
          <ol className="conflict-list">
            {cal.conflicts.map((c) => (
              <li key={c.n} id={`cal-conflict-${c.n}`} className="conflict" tabIndex={-1}>
                <strong>{tx('launchCalendar.conflictMark', [String(c.n)])}</strong> {conflictText(c)}
              </li>
            ))}
          </ol>
        )}
      </section>
      {(cal.outside.before > 0 || cal.outside.after > 0) && (
        <p className="muted">{t('pages.calendar.outside', [String(cal.outside.before), String(cal.outside.after)])}</p>
      )}
    </>
  );
}

/** One table row of a lane: empty cells for weeks without a bar, one spanning cell per bar. */
function laneCells(lane: CalendarBar[], weeks: number, render: (b: CalendarBar) => React.ReactNode): React.ReactNode[] {
  const cells: React.ReactNode[] = [];
  let w = 0;
  for (const b of lane) {
    for (; w < b.firstWeek; w++) cells.push(<td key={`e${w}`} />);
    cells.push(render(b));
    w = b.lastWeek + 1;
  }
  for (; w < weeks; w++) cells.push(<td key={`e${w}`} />);
  return cells;
}

export function CalendarPage() {
  return (
    <Shell page="calendar" title={t('pages.calendar.title')}>
      <CalendarView />
    </Shell>
  );
}
