/**
 * One line in the popup: the team workspace's sync state in words ("Synced · acme on couch.acme.com ·
 * last synced 2 minutes ago"), live from storage. Links to the options section; nothing when the
 * stored status cannot be read.
 */
import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import { statusWords, useNow, useTeamState } from './status';
import '../pages/team.css';

function optionsUrl(): string {
  return browser.runtime.getURL('/options.html' as Parameters<typeof browser.runtime.getURL>[0]) + '#team';
}

export function SyncStatusLine() {
  const team = useTeamState();
  const now = useNow();
  if (!team.loaded) return null;
  const words = statusWords(team.status, team.config, now);
  if (words.tone === 'off') {
    return (
      <p className="team-line team-tone-off" data-team-line="off">
        <span className="team-dot" aria-hidden="true" />
        <span>
          {i18n.t('team.status.off')} ·{' '}
          <a href={optionsUrl()} target="_blank" rel="noreferrer">
            {i18n.t('team.line.connect')}
          </a>
        </span>
      </p>
    );
  }
  return (
    <p className={`team-line team-tone-${words.tone}`} role="status" data-team-line={team.status?.state ?? 'connecting'}>
      <span className="team-dot" aria-hidden="true" />
      <span>
        <a href={optionsUrl()} target="_blank" rel="noreferrer" aria-label={i18n.t('team.line.open')}>
          {i18n.t('team.line.prefix')}
        </a>
        : <strong>{words.label}</strong>
        {words.detail && <> · {words.detail}</>}
      </span>
    </p>
  );
}
