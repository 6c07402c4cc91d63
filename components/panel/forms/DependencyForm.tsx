/** Add a team dependency: team, relation, state, note (reason when blocked), due. */
import { useState } from 'react';
import { i18n } from '#i18n';
import type { Team } from '@/lib/core/schemas';
import { addTeamDependency, type DependencyInput } from '@/lib/panel/actions';
import { usePanelEnv } from '../context';
import { Field, FormShell } from '../ui';
import { teamName } from '../labels';
import { DependencyFields } from './DependencyFields';

export function DependencyForm({ id, teams, onClose }: { id: string; teams: Team[]; onClose: () => void }) {
  const env = usePanelEnv();
  const [teamId, setTeamId] = useState(teams.find((t) => !env.author.teamId || t.id !== env.author.teamId)?.id ?? teams[0]?.id ?? '');
  const [dep, setDep] = useState<DependencyInput>({ relation: 'needs', state: 'pending' });
  return (
    <FormShell
      id={id}
      label={i18n.t('panel.teams.add')}
      submitLabel={i18n.t('panel.teams.addSubmit')}
      onClose={onClose}
      onSubmit={async () => {
        if (!teamId) return i18n.t('panel.teams.chooseTeam');
        if (dep.state === 'blocked' && !dep.reason?.trim()) return i18n.t('panel.teams.reasonRequired');
        await addTeamDependency(env.store, env.itemKey, teamId, dep, env.author);
      }}
    >
      <Field label={i18n.t('panel.teams.teamField')}>
        <select value={teamId} onChange={(e) => setTeamId(e.target.value)}>
          {teams.map((t) => (
            <option key={t.id} value={t.id}>
              {teamName(teams, t.id)}
            </option>
          ))}
        </select>
      </Field>
      <DependencyFields value={dep} onChange={setDep} />
    </FormShell>
  );
}
