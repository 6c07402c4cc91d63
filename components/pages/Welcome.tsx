/**
 * The welcome page, opened once on install (lib/background/welcome.ts): who you are and which teams
 * you work for (saved in settings, where the inbox, the badge and the panel's author read them),
 * joining the team workspace (the options page's own TeamWorkspaceSection) or working alone, and
 * trying the real panel on the demo item page. The checklist shows how far along the person is.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Role, Settings, Team } from '@/lib/core/schemas';
import { useTeamState } from '../sync/status';
import { usePagesData, usePagesEnv } from './env';
import { FirstRunChecklist, useFirstRun } from './FirstRun';
import { LoadError, Loading, Shell } from './Shell';
import { TeamWorkspaceSection } from './TeamWorkspace';
import { roleLabel, t, teamName } from './t';
import './first-run.css';

/** The roles the welcome offers (the settings know more; "other" covers them). */
export const WELCOME_ROLES: ReadonlyArray<{ role: Role; team?: string }> = [
  { role: 'marketer', team: 'marketing' },
  { role: 'product-manager', team: 'product' },
  { role: 'sales-rep', team: 'sales' },
  { role: 'other' },
];

function welcomeRoleLabel(role: Role): string {
  return role === 'sales-rep' ? t('firstRun.roleSales') : roleLabel(role);
}

function AboutYou({ settings, teams }: { settings: Settings; teams: readonly Team[] }) {
  const env = usePagesEnv();
  const id = useId().replace(/:/g, '');
  const known = WELCOME_ROLES.some((r) => r.role === settings.role);
  const [role, setRole] = useState<Role | ''>(settings.role ? (known ? settings.role : 'other') : '');
  const [teamIds, setTeamIds] = useState<string[]>(settings.teamIds);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [error, setError] = useState('');
  const edited = () => {
    setStatus(null);
    setError('');
  };
  const chooseRole = (r: Role) => {
    edited();
    setRole(r);
    // A first guess at the team from the role, only while none is ticked.
    const team = WELCOME_ROLES.find((x) => x.role === r)?.team;
    if (team && teamIds.length === 0 && teams.some((x) => x.id === team)) setTeamIds([team]);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!role) {
      setError(t('firstRun.about.roleRequired'));
      document.getElementById(`${id}-role-${WELCOME_ROLES[0]!.role}`)?.focus();
      return;
    }
    try {
      // "Other" keeps a more precise role set in the options (analyst, support, lead).
      const keep = role === 'other' && settings.role && !WELCOME_ROLES.some((r) => r.role === settings.role);
      await env.saveSettings({ role: keep ? settings.role : role, teamIds });
      setStatus({ kind: 'ok', text: t('firstRun.about.saved') });
    } catch (err) {
      setStatus({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    }
  };
  return (
    <section id="about-you" aria-labelledby="about-you-heading" className="welcome-step">
      <h2 id="about-you-heading">{t('firstRun.about.heading')}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="about-you-heading">
        <fieldset className="field" aria-describedby={error ? `${id}-role-error ${id}-role-hint` : `${id}-role-hint`}>
          <legend>{t('firstRun.about.role')}</legend>
          <p id={`${id}-role-hint`} className="hint">
            {t('firstRun.about.roleHint')}
          </p>
          <div className="choice-row">
            {WELCOME_ROLES.map((r) => (
              <label key={r.role} className="choice">
                <input
                  id={`${id}-role-${r.role}`}
                  type="radio"
                  name={`${id}-role`}
                  value={r.role}
                  checked={role === r.role}
                  aria-invalid={error ? true : undefined}
                  onChange={() => chooseRole(r.role)}
                />
                {welcomeRoleLabel(r.role)}
              </label>
            ))}
          </div>
          {error && (
            <p id={`${id}-role-error`} className="error" role="alert">
              {error}
            </p>
          )}
        </fieldset>
        <fieldset className="field" aria-describedby={`${id}-teams-hint`}>
          <legend>{t('firstRun.about.teams')}</legend>
          <p id={`${id}-teams-hint`} className="hint">
            {t('firstRun.about.teamsHint')}
          </p>
          <div className="choice-row">
            {teams.map((team) => (
              <label key={team.id} className="choice">
                <input
                  type="checkbox"
                  checked={teamIds.includes(team.id)}
                  onChange={(e) => {
                    edited();
                    const on = e.target.checked;
                    setTeamIds((old) => (on ? [...old, team.id] : old.filter((x) => x !== team.id)));
                  }}
                />
                {teamName(teams, team.id)}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="actions">
          <button type="submit">{t('pages.common.save')}</button>
        </div>
        <p className={`status${status?.kind === 'error' ? ' error' : ''}`} role="status">
          {status?.text ?? ''}
        </p>
      </form>
    </section>
  );
}

function Workspace() {
  const team = useTeamState();
  const first = useFirstRun();
  const [open, setOpen] = useState(false);
  const connected = !!team.config;
  const panelId = useId();
  return (
    <section id="workspace" aria-labelledby="workspace-heading" className="welcome-step">
      <h2 id="workspace-heading">{t('firstRun.workspace.heading')}</h2>
      <p>{t('firstRun.workspace.intro')}</p>
      {!connected && (
        <div className="actions">
          <button type="button" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)}>
            {t('firstRun.workspace.join')}
          </button>
          <button
            type="button"
            className="secondary"
            aria-pressed={first.state.alone}
            onClick={() => {
              setOpen(false);
              void first.update((s) => ({ alone: !s.alone }));
            }}
          >
            {t('firstRun.workspace.alone')}
          </button>
        </div>
      )}
      <p className="status" role="status">
        {!connected && first.state.alone ? t('firstRun.workspace.aloneChosen') : ''}
      </p>
      <div id={panelId} hidden={!(open || connected)}>
        {(open || connected) && <TeamWorkspaceSection />}
      </div>
    </section>
  );
}

function Try() {
  return (
    <section id="try" aria-labelledby="try-heading" className="welcome-step">
      <h2 id="try-heading">{t('firstRun.try.heading')}</h2>
      <p>{t('firstRun.try.intro')}</p>
      <p>
        <a className="button-link" href="demo.html" data-testid="open-demo">
          {t('firstRun.try.open')}
        </a>
      </p>
      <p className="hint">{t('firstRun.try.sampleNote')}</p>
      <p>{t('firstRun.try.hosts')}</p>
    </section>
  );
}

export function WelcomeView() {
  const { data, error } = usePagesData();
  // Deep links (welcome.html#workspace) land on their step once it is rendered.
  const ready = !!data;
  useEffect(() => {
    if (!ready || !location.hash) return;
    document.getElementById(location.hash.slice(1))?.scrollIntoView();
  }, [ready]);
  if (error) return <LoadError message={error} />;
  if (!data) return <Loading />;
  return (
    <div className="welcome">
      <p className="welcome-lead">{t('firstRun.lead')}</p>
      <FirstRunChecklist settings={data.settings} where="welcome" />
      <AboutYou key={data.ws.teams.map((x) => x.id).join(',')} settings={data.settings} teams={data.ws.teams} />
      <Workspace />
      <Try />
    </div>
  );
}

export function WelcomePage() {
  return (
    <Shell page="welcome" title={t('firstRun.title')}>
      <WelcomeView />
    </Shell>
  );
}
