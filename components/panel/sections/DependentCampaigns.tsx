/** On product items: the campaigns that wait for this item, with launch dates and a warning when one launches first. */
import { i18n } from '#i18n';
import type { DependentCampaign } from '@/lib/core/deps';
import { formatDate } from '@/lib/panel/format';
import { usePanelEnv } from '../context';
import { Empty, Section } from '../ui';
import { ItemName } from '../ItemName';
import type { ItemSnapshot } from '@/lib/core/schemas';

export function DependentCampaigns({ campaigns, snapshots }: { campaigns: DependentCampaign[]; snapshots: readonly ItemSnapshot[] }) {
  const env = usePanelEnv();
  return (
    <Section id="campaigns" title={i18n.t('panel.campaigns.title')}>
      {campaigns.length === 0 ? (
        <Empty>{i18n.t('panel.campaigns.empty')}</Empty>
      ) : (
        <ul className="lz-list">
          {campaigns.map((c) => (
            <li key={c.dependencyId} className={c.warning ? 'lz-campaign lz-warning' : 'lz-campaign'} data-liaison-campaign={c.itemKey} data-warning={String(c.warning)}>
              <ItemName itemKey={c.itemKey} snapshot={snapshots.find((s) => s.key === c.itemKey)} />
              <div className="lz-small">{c.launch ? i18n.t('panel.campaigns.launch', { date: formatDate(c.launch, env.locale) }) : i18n.t('panel.campaigns.noLaunch')}</div>
              {c.warning && (
                <div className="lz-small lz-warn-text">
                  {i18n.t('panel.campaigns.warning', { release: c.releaseDate ? formatDate(c.releaseDate, env.locale) : '—' })}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
