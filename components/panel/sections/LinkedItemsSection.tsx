/** Items linked to this one in any tool (both directions), and linking another by pasting its URL. */
import { i18n } from '#i18n';
import type { LinkedItemRow } from '@/lib/panel/model';
import { unlink } from '@/lib/panel/actions';
import { usePanelEnv } from '../context';
import { Empty, Section } from '../ui';
import { ItemName } from '../ItemName';
import { depStateLabel, incomingRelationLabel, relationLabel } from '../labels';
import { useAction } from '../hooks/useAction';

function LinkedRow({ row }: { row: LinkedItemRow }) {
  const env = usePanelEnv();
  const { run, busy, error } = useAction();
  const d = row.dependency;
  return (
    <li className={`lz-linked lz-dep-${d.state}`} data-liaison-link={row.otherKey} data-relation={d.relation} data-direction={row.direction}>
      <div className="lz-row">
        <span className="lz-small lz-muted">{row.direction === 'out' ? relationLabel(d.relation) : incomingRelationLabel(d.relation)}</span>
        <span className={`lz-badge lz-badge-dep-${d.state}`}>{depStateLabel(d.state)}</span>
        {row.direction === 'out' && (
          <button
            type="button"
            className="lz-icon-btn"
            disabled={busy}
            aria-label={i18n.t('panel.items.unlink')}
            title={i18n.t('panel.items.unlink')}
            onClick={() => run(() => unlink(env.store, 'dependencies', d.id, env.author))}
          >
            ×
          </button>
        )}
      </div>
      <ItemName itemKey={row.otherKey} snapshot={row.snapshot} />
      {d.note && <div className="lz-small">{d.note}</div>}
      {d.reason && <div className="lz-small lz-warn-text">{i18n.t('panel.teams.reason', { reason: d.reason })}</div>}
      {error && (
        <p className="lz-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/** Items that point at this one (this item's own dependencies are in DependenciesSection). */
export function LinkedItemsSection({ rows }: { rows: LinkedItemRow[] }) {
  return (
    <Section id="linked" title={i18n.t('panel.items.title')}>
      {rows.length === 0 ? (
        <Empty>{i18n.t('panel.items.empty')}</Empty>
      ) : (
        <ul className="lz-list">
          {rows.map((r) => (
            <LinkedRow key={`${r.direction}:${r.dependency.id}`} row={r} />
          ))}
        </ul>
      )}
    </Section>
  );
}
