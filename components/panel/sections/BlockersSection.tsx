/** What blocks this item (across items and tools, transitively) and date conflicts, with reasons and dates. */
import { i18n } from '#i18n';
import type { Blocker, DateConflict } from '@/lib/core/deps';
import type { Dependency, ItemSnapshot, Team } from '@/lib/core/schemas';
import { formatDate } from '@/lib/panel/format';
import { usePanelEnv } from '../context';
import { Section } from '../ui';
import { ItemName } from '../ItemName';
import { depStateLabel, policyLabel, teamName } from '../labels';

function ConflictText({ c, snapshots, teams, deps }: { c: DateConflict; snapshots: readonly ItemSnapshot[]; teams: Team[]; deps: readonly Dependency[] }) {
  const env = usePanelEnv();
  if (c.kind === 'launch-before-dependency') {
    const other = c.otherKey;
    const launch = formatDate(c.launch, env.locale);
    const date = formatDate(c.blockingDate, env.locale);
    if (c.blockingField === 'dependency-due' || !other) {
      const dep = deps.find((d) => d.id === c.dependencyId);
      const teamId = dep?.to.type === 'team' ? dep.to.teamId : dep?.to.teamId;
      return <>{i18n.t('panel.blockers.launchBeforeDue', { launch, date, who: teamId ? teamName(teams, teamId) : '—' })}</>;
    }
    return (
      <>
        {c.blockingField === 'release' ? i18n.t('panel.blockers.launchBeforeRelease', { launch, date }) : i18n.t('panel.blockers.launchBeforeItemDue', { launch, date })}{' '}
        <ItemName itemKey={other} snapshot={snapshots.find((s) => s.key === other)} />
      </>
    );
  }
  return (
    <>
      {i18n.t('panel.blockers.slaShort', {
        team: teamName(teams, c.teamId),
        policy: policyLabel(c.policyId, c.policyId),
        due: formatDate(c.dueAt, env.locale),
      })}
    </>
  );
}

export function BlockersSection(props: { blockers: Blocker[]; conflicts: DateConflict[]; snapshots: readonly ItemSnapshot[]; teams: Team[]; deps: readonly Dependency[] }) {
  const env = usePanelEnv();
  if (props.blockers.length === 0 && props.conflicts.length === 0) {
    return (
      <Section id="blockers" title={i18n.t('panel.blockers.title')}>
        <p className="lz-ok">{i18n.t('panel.blockers.none')}</p>
      </Section>
    );
  }
  return (
    <Section id="blockers" title={i18n.t('panel.blockers.title')}>
      {props.blockers.length > 0 && (
        <ul className="lz-list">
          {props.blockers.map((b) => (
            <li key={`${b.dependency.id}:${b.via.join('>')}`} className={`lz-blocker lz-dep-${b.state}`} data-liaison-blocker={b.kind}>
              <div className="lz-row">
                <span>
                  {b.kind === 'team' ? (
                    <span className="lz-chip">{teamName(props.teams, b.teamId ?? '')}</span>
                  ) : (
                    <ItemName itemKey={b.itemKey ?? ''} snapshot={b.snapshot} />
                  )}
                </span>
                <span className={`lz-badge lz-badge-dep-${b.state}`}>{depStateLabel(b.state)}</span>
              </div>
              {b.reason && <div className="lz-small lz-warn-text">{i18n.t('panel.teams.reason', { reason: b.reason })}</div>}
              {b.due && <div className="lz-small lz-muted">{i18n.t('panel.teams.due', { date: formatDate(b.due, env.locale) })}</div>}
              {b.depth > 1 && b.via.length > 1 && (
                <div className="lz-small lz-muted">
                  {i18n.t('panel.blockers.via')}{' '}
                  {b.via.slice(1).map((k, i) => (
                    <span key={k}>
                      {i > 0 && ' → '}
                      <ItemName itemKey={k} snapshot={props.snapshots.find((s) => s.key === k)} />
                    </span>
                  ))}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {props.conflicts.length > 0 && (
        <ul className="lz-list">
          {props.conflicts.map((c, i) => (
            <li key={`${c.kind}:${c.dependencyId}:${i}`} className="lz-warning" role="status" data-liaison-conflict={c.kind}>
              <ConflictText c={c} snapshots={props.snapshots} teams={props.teams} deps={props.deps} />
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
