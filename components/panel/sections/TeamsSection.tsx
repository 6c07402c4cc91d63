/** Dependent-team tags (needs / blocks / informs, with state and note) and the form to add one. */
import { i18n } from '#i18n';
import type { Dependency, DependencyState, Team } from '@/lib/core/schemas';
import { formatDate } from '@/lib/panel/format';
import { setDependencyState, unlink } from '@/lib/panel/actions';
import { usePanelEnv } from '../context';
import { Empty, OpenButton, Section, useDisclosure } from '../ui';
import { depStateLabel, relationLabel, teamName } from '../labels';
import { useAction } from '../hooks/useAction';
import { DependencyForm } from '../forms/DependencyForm';

const STATES: DependencyState[] = ['pending', 'acknowledged', 'done', 'blocked'];

function TeamTag({ dep, teams }: { dep: Dependency; teams: Team[] }) {
  const env = usePanelEnv();
  const { run, busy, error } = useAction();
  if (dep.to.type !== 'team') return null;
  const name = teamName(teams, dep.to.teamId);
  const color = teams.find((t) => t.id === dep.to.teamId && dep.to.type === 'team')?.color;
  return (
    <li className={`lz-team lz-dep-${dep.state}`} data-liaison-team={dep.to.teamId} data-relation={dep.relation} data-state={dep.state}>
      <div className="lz-row">
        <span className="lz-chip" style={color ? { borderColor: color } : undefined}>
          {i18n.t('panel.teams.tag', { relation: relationLabel(dep.relation), team: name })}
        </span>
        <select
          className="lz-select-small"
          aria-label={i18n.t('panel.teams.stateOf', { team: name })}
          value={dep.state}
          disabled={busy}
          onChange={(e) => run(() => setDependencyState(env.store, dep.id, e.target.value as DependencyState, env.author))}
        >
          {STATES.map((s) => (
            <option key={s} value={s}>
              {depStateLabel(s)}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="lz-icon-btn"
          disabled={busy}
          aria-label={i18n.t('panel.teams.remove', { team: name })}
          title={i18n.t('panel.teams.remove', { team: name })}
          onClick={() => run(() => unlink(env.store, 'dependencies', dep.id, env.author))}
        >
          ×
        </button>
      </div>
      {dep.note && <div className="lz-small">{dep.note}</div>}
      {dep.reason && <div className="lz-small lz-warn-text">{i18n.t('panel.teams.reason', { reason: dep.reason })}</div>}
      {dep.due && <div className="lz-small lz-muted">{i18n.t('panel.teams.due', { date: formatDate(dep.due, env.locale) })}</div>}
      {error && (
        <p className="lz-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

export function TeamsSection({ deps, teams }: { deps: Dependency[]; teams: Team[] }) {
  const form = useDisclosure();
  const formId = 'lz-form-team';
  return (
    <Section
      id="teams"
      title={i18n.t('panel.teams.title')}
      actions={<OpenButton label={i18n.t('panel.teams.add')} onClick={form.show} expanded={form.open} controls={formId} buttonRef={form.opener} />}
    >
      {deps.length === 0 ? (
        <Empty>{i18n.t('panel.teams.empty')}</Empty>
      ) : (
        <ul className="lz-list">
          {deps.map((d) => (
            <TeamTag key={d.id} dep={d} teams={teams} />
          ))}
        </ul>
      )}
      {form.open && <DependencyForm id={formId} teams={teams} onClose={form.close} />}
    </Section>
  );
}
