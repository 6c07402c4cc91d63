/**
 * The first run's checklist: role, teams, a team workspace joined (or working alone), the demo item
 * opened, the first item seen on a real host. Shown on the welcome page and at the top of the
 * options page until dismissed. Everything is read from where it already lives (settings, the team
 * config, snapshots) plus the first run's own record (lib/store/first-run.ts).
 */
import { useCallback, useEffect, useState } from 'react';
import type { Settings } from '@/lib/core/schemas';
import { firstRunChecklist, type FirstRunRow } from '@/lib/pages/first-run';
import { EMPTY_FIRST_RUN, readFirstRun, updateFirstRun, watchFirstRun, type FirstRun } from '@/lib/store/first-run';
import { isSampleItemKey } from '@/lib/demo/sample-workspace';
import { useTeamState } from '../sync/status';
import { usePagesEnv } from './env';
import { t } from './t';

export function useFirstRun(): { state: FirstRun; loaded: boolean; update: (change: (s: FirstRun) => Partial<FirstRun>) => Promise<void> } {
  const [state, setState] = useState<FirstRun>(EMPTY_FIRST_RUN);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    let live = true;
    void readFirstRun()
      .catch(() => EMPTY_FIRST_RUN)
      .then((s) => {
        if (!live) return;
        setState(s);
        setLoaded(true);
      });
    const off = watchFirstRun((s) => live && setState(s));
    return () => {
      live = false;
      off();
    };
  }, []);
  const update = useCallback(async (change: (s: FirstRun) => Partial<FirstRun>) => {
    setState(await updateFirstRun(change));
  }, []);
  return { state, loaded, update };
}

/** How many items were seen on host pages (the sample's never count); read again when the page comes back into view. */
function useHostItemsSeen(): number {
  const env = usePagesEnv();
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    const read = () => void env.snapshots().then((s) => live && setN(s.filter((x) => !isSampleItemKey(x.key) && x.via !== 'link').length), () => undefined);
    read();
    const onVisible = () => document.visibilityState === 'visible' && read();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      live = false;
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [env]);
  return n;
}

function rowText(r: FirstRunRow): string {
  switch (r.step) {
    case 'role':
      return t('firstRun.check.role');
    case 'teams':
      return t('firstRun.check.teams');
    case 'workspace':
      return r.detail?.kind === 'joined' ? t('firstRun.check.joined', [r.detail.db]) : r.detail?.kind === 'alone' ? t('firstRun.check.alone') : t('firstRun.check.workspace');
    case 'demo':
      return t('firstRun.check.demo');
    default:
      return t('firstRun.check.host');
  }
}

/** Where each unfinished step is done (welcome page anchors, or the demo page). */
function stepHref(r: FirstRunRow, onWelcome: boolean): string {
  const base = onWelcome ? '' : 'welcome.html';
  switch (r.step) {
    case 'role':
    case 'teams':
      return `${base}#about-you`;
    case 'workspace':
      return `${base}#workspace`;
    case 'demo':
      return 'demo.html';
    default:
      return `${base}#try`;
  }
}

export function FirstRunChecklist({ settings, where }: { settings: Settings; where: 'welcome' | 'options' }) {
  const team = useTeamState();
  const first = useFirstRun();
  const hostItemsSeen = useHostItemsSeen();
  if (!first.loaded || !team.loaded) return null;
  if (where === 'options' && first.state.dismissedAt) return null;
  const list = firstRunChecklist({
    role: settings.role,
    teamIds: settings.teamIds,
    workspaceDb: team.config?.db,
    alone: first.state.alone,
    demoOpened: !!first.state.demoOpenedAt,
    hostItemsSeen,
  });
  return (
    <section className="first-run" aria-labelledby={`first-run-heading-${where}`} data-testid="first-run-checklist">
      <h2 id={`first-run-heading-${where}`}>{t('firstRun.check.heading')}</h2>
      <p className="muted" id={`first-run-progress-${where}`}>
        {list.complete ? t('firstRun.check.complete') : t('firstRun.check.progress', [String(list.done), String(list.total)])}
      </p>
      <progress max={list.total} value={list.done} aria-labelledby={`first-run-progress-${where}`} />
      <ol className="first-run-steps">
        {list.rows.map((r) => (
          <li key={r.step} data-step={r.step} data-done={r.done ? 'true' : 'false'}>
            <span className="first-run-mark" aria-hidden="true">
              {r.done ? '✓' : '○'}
            </span>{' '}
            {r.done ? (
              <span>{rowText(r)}</span>
            ) : (
              <a href={stepHref(r, where === 'welcome')}>{rowText(r)}</a>
            )}
            <span className="visually-hidden"> — {r.done ? t('firstRun.check.done') : t('firstRun.check.todo')}</span>
          </li>
        ))}
      </ol>
      {where === 'options' && (
        <div className="actions">
          {where === 'options' && (
            <a className="button-link secondary" href="welcome.html">
              {t('firstRun.check.openWelcome')}
            </a>
          )}
          <button type="button" className="secondary" onClick={() => void first.update(() => ({ dismissedAt: new Date().toISOString() }))}>
            {t('firstRun.check.dismiss')}
          </button>
        </div>
      )}
    </section>
  );
}
