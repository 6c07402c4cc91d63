/**
 * What this item depends on, each fact once: one row per team or item dependency with its state,
 * its deadline (late in red), the blocker's reason and its actions (state, remove). Blockers
 * inherited through an item it waits for follow, then the date warnings not already shown as a row
 * or an SLA clock. Replaces the former Teams, Blockers and outgoing Linked items lists.
 */
import { i18n } from '#i18n';
import type { Blocker, DateConflict } from '@/lib/core/deps';
import type { Dependency, DependencyState, ItemSnapshot, Team } from '@/lib/core/schemas';
import { formatDate, formatSpan } from '@/lib/panel/format';
import { setDependencyState, unlink } from '@/lib/panel/actions';
import { usePanelEnv } from '../context';
import { Empty, OpenButton, Section, useDisclosure } from '../ui';
import { ItemName } from '../ItemName';
import { depStateLabel, policyLabel, relationLabel, teamName } from '../labels';
import { useAction } from '../hooks/useAction';
import { DependencyForm } from '../forms/DependencyForm';
import { LinkItemForm } from '../forms/LinkItemForm';
import { describeRef, parseItemKey } from '@/lib/core/item-ref';
import type { HostDepRow } from '@/lib/panel/host-links';
import type { HostLinkRel } from '@/lib/adapters/types';

const STATES: DependencyState[] = ['pending', 'acknowledged', 'done', 'blocked'];

/** A plain-text name for an accessible label (a team, or the item's title / key). */
function plainName(dep: Dependency, teams: readonly Team[], snapshots: readonly ItemSnapshot[]): string {
  if (dep.to.type === 'team') return teamName(teams, dep.to.teamId);
  const key = dep.to.itemKey;
  const snap = snapshots.find((s) => s.key === key);
  if (snap?.title) return snap.title;
  const ref = parseItemKey(key);
  return ref ? describeRef(ref) : key;
}

function endOfDay(date: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(`${date}T23:59:59Z`) : Date.parse(date);
}

function hostRelLabel(rel: HostLinkRel): string {
  const m: Record<HostLinkRel, () => string> = {
    'blocked-by': () => i18n.t('panelLinks.rel.blockedBy'),
    blocks: () => i18n.t('panelLinks.rel.blocks'),
    parent: () => i18n.t('panelLinks.rel.parent'),
    child: () => i18n.t('panelLinks.rel.child'),
  };
  return m[rel]();
}

/** A link kept in the host (Jira): its relation in the host's words, the item, its state; changed in the host. */
function HostRow({ row, hostName }: { row: HostDepRow; hostName: string }) {
  const d = row.dependency;
  return (
    <li className={`lz-dep lz-dep-${d.state}`} data-liaison-dep={row.otherKey} data-liaison-link={row.otherKey} data-relation={d.relation} data-state={d.state} data-host-link={row.rel}>
      <div className="lz-row">
        <span className="lz-dep-name">
          <span className="lz-muted lz-small">{hostRelLabel(row.rel)} </span>
          <ItemName itemKey={row.otherKey} snapshot={row.snapshot} />
        </span>
        <span className={`lz-badge lz-badge-dep-${d.state}`}>{depStateLabel(d.state)}</span>
        <span className="lz-muted lz-small" title={i18n.t('panelLinks.inHostTitle', { host: hostName })}>
          {i18n.t('panelLinks.inHost', { host: hostName })}
        </span>
      </div>
    </li>
  );
}

function DepRow({ dep, teams, snapshots, alsoIn }: { dep: Dependency; teams: Team[]; snapshots: readonly ItemSnapshot[]; alsoIn?: string }) {
  const env = usePanelEnv();
  const { run, busy, error } = useAction();
  const name = plainName(dep, teams, snapshots);
  const late = dep.due && dep.state !== 'done' ? env.now - endOfDay(dep.due) : 0;
  const teamId = dep.to.type === 'team' ? dep.to.teamId : dep.to.teamId;
  const color = dep.to.type === 'team' ? teams.find((t) => t.id === teamId)?.color : undefined;
  return (
    <li
      className={`lz-dep lz-dep-${dep.state}`}
      data-liaison-dep={dep.to.type === 'team' ? `team:${dep.to.teamId}` : dep.to.itemKey}
      {...(dep.to.type === 'team' ? { 'data-liaison-team': dep.to.teamId } : { 'data-liaison-link': dep.to.itemKey })}
      data-relation={dep.relation}
      data-state={dep.state}
      {...(alsoIn ? { 'data-host-link': 'also' } : {})}
    >
      <div className="lz-row">
        <span className="lz-dep-name">
          <span className="lz-muted lz-small">{relationLabel(dep.relation)} </span>
          {dep.to.type === 'team' ? (
            <span className="lz-chip" style={color ? { borderColor: color } : undefined}>
              {name}
            </span>
          ) : (
            <>
              <ItemName itemKey={dep.to.itemKey} snapshot={snapshots.find((s) => s.key === (dep.to.type === 'item' ? dep.to.itemKey : ''))} />
              {teamId && <span className="lz-muted lz-small"> · {teamName(teams, teamId)}</span>}
              {alsoIn && <span className="lz-muted lz-small"> · {i18n.t('panelLinks.alsoInHost', { host: alsoIn })}</span>}
            </>
          )}
        </span>
        <select
          className="lz-select-small"
          aria-label={i18n.t('panelView.deps.stateOf', { name })}
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
          aria-label={i18n.t('panelView.deps.remove', { name })}
          title={i18n.t('panelView.deps.remove', { name })}
          onClick={() => run(() => unlink(env.store, 'dependencies', dep.id, env.author))}
        >
          ×
        </button>
      </div>
      {dep.reason && <div className="lz-small lz-warn-text">{i18n.t('panel.teams.reason', { reason: dep.reason })}</div>}
      {dep.note && <div className="lz-small">{dep.note}</div>}
      {dep.due && dep.state !== 'done' && (
        <div className={late > 0 ? 'lz-small lz-bad-text' : 'lz-small lz-muted'} data-liaison-dep-due={dep.due}>
          {late > 0
            ? i18n.t('panelView.deps.overdue', { date: formatDate(dep.due, env.locale), late: formatSpan(late, env.locale) })
            : i18n.t('panelView.deps.due', { date: formatDate(dep.due, env.locale) })}
        </div>
      )}
      {error && (
        <p className="lz-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

function ConflictText({ c, snapshots, teams, deps }: { c: DateConflict; snapshots: readonly ItemSnapshot[]; teams: readonly Team[]; deps: readonly Dependency[] }) {
  const env = usePanelEnv();
  if (c.kind === 'launch-before-dependency') {
    const launch = formatDate(c.launch, env.locale);
    const date = formatDate(c.blockingDate, env.locale);
    if (c.blockingField === 'dependency-due' || !c.otherKey) {
      const dep = deps.find((d) => d.id === c.dependencyId);
      const teamId = dep?.to.type === 'team' ? dep.to.teamId : dep?.to.teamId;
      return <>{i18n.t('panel.blockers.launchBeforeDue', { launch, date, who: teamId ? teamName([...teams], teamId) : '—' })}</>;
    }
    return (
      <>
        {c.blockingField === 'release' ? i18n.t('panel.blockers.launchBeforeRelease', { launch, date }) : i18n.t('panel.blockers.launchBeforeItemDue', { launch, date })}{' '}
        <ItemName itemKey={c.otherKey} snapshot={snapshots.find((s) => s.key === c.otherKey)} />
      </>
    );
  }
  return <>{i18n.t('panel.blockers.slaShort', { team: teamName([...teams], c.teamId), policy: policyLabel(c.policyId, c.policyId), due: formatDate(c.dueAt, env.locale) })}</>;
}

export function DependenciesSection(props: {
  deps: Dependency[];
  /** The host's own links no Liaison dependency says (Jira issue links, parent, children). */
  hostRows?: HostDepRow[];
  /** Liaison dependencies the host links too. */
  hostConfirmed?: ReadonlyMap<string, HostLinkRel>;
  hostName?: string;
  inherited: Blocker[];
  conflicts: DateConflict[];
  teams: Team[];
  snapshots: readonly ItemSnapshot[];
  allDeps: readonly Dependency[];
}) {
  const teamForm = useDisclosure();
  const linkForm = useDisclosure();
  // Blocked first, then pending / acknowledged, done last; soonest deadline first within a state.
  const order: Record<DependencyState, number> = { blocked: 0, pending: 1, acknowledged: 2, done: 3 };
  type Row = { dep: Dependency; host?: HostDepRow };
  const rows: Row[] = [...props.deps.map((dep) => ({ dep })), ...(props.hostRows ?? []).map((h) => ({ dep: h.dependency, host: h }))].sort(
    (a, b) => order[a.dep.state] - order[b.dep.state] || (a.dep.due ?? '9').localeCompare(b.dep.due ?? '9'),
  );
  const hostName = props.hostName ?? '';
  return (
    <Section
      id="deps"
      title={i18n.t('panelView.deps.title')}
      actions={
        <span className="lz-actions">
          <OpenButton label={i18n.t('panelView.deps.add')} onClick={teamForm.show} expanded={teamForm.open} controls="lz-form-team" buttonRef={teamForm.opener} />
          <OpenButton label={i18n.t('panelView.deps.link')} onClick={linkForm.show} expanded={linkForm.open} controls="lz-form-link" buttonRef={linkForm.opener} />
        </span>
      }
    >
      {rows.length === 0 ? (
        <Empty>{i18n.t('panelView.deps.empty')}</Empty>
      ) : (
        <ul className="lz-list">
          {rows.map((r) =>
            r.host ? (
              <HostRow key={r.dep.id} row={r.host} hostName={hostName} />
            ) : (
              <DepRow key={r.dep.id} dep={r.dep} teams={props.teams} snapshots={props.snapshots} {...(props.hostConfirmed?.has(r.dep.id) ? { alsoIn: hostName } : {})} />
            ),
          )}
        </ul>
      )}
      {props.inherited.length > 0 && (
        <>
          <p className="lz-small lz-subhead">{i18n.t('panelView.deps.inherited')}</p>
          <ul className="lz-list">
            {props.inherited.map((b) => (
              <li key={`${b.dependency.id}:${b.via.join('>')}`} className={`lz-dep lz-dep-${b.state}`} data-liaison-blocker={b.kind}>
                <div className="lz-row">
                  <span>{b.kind === 'team' ? <span className="lz-chip">{teamName(props.teams, b.teamId ?? '')}</span> : <ItemName itemKey={b.itemKey ?? ''} snapshot={b.snapshot} />}</span>
                  <span className={`lz-badge lz-badge-dep-${b.state}`}>{depStateLabel(b.state)}</span>
                </div>
                {b.reason && <div className="lz-small lz-warn-text">{i18n.t('panel.teams.reason', { reason: b.reason })}</div>}
                <div className="lz-small lz-muted">
                  {i18n.t('panelView.deps.via', { path: '' })}
                  {b.via.slice(1).map((k, i) => (
                    <span key={k}>
                      {i > 0 && ' → '}
                      <ItemName itemKey={k} snapshot={props.snapshots.find((s) => s.key === k)} />
                    </span>
                  ))}
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
      {props.conflicts.length > 0 && (
        <ul className="lz-list">
          {props.conflicts.map((c, i) => (
            <li key={`${c.kind}:${c.dependencyId}:${i}`} className="lz-warning" data-liaison-conflict={c.kind}>
              <ConflictText c={c} snapshots={props.snapshots} teams={props.teams} deps={props.allDeps} />
            </li>
          ))}
        </ul>
      )}
      {teamForm.open && <DependencyForm id="lz-form-team" teams={props.teams} onClose={teamForm.close} />}
      {linkForm.open && <LinkItemForm id="lz-form-link" onClose={linkForm.close} />}
    </Section>
  );
}
