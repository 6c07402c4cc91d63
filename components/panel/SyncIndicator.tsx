/**
 * A small dot in the panel's header: the team workspace's sync state, with the state in words for
 * screen readers and as a tooltip. Self-contained (reads team:status / team:config from
 * storage.local itself and follows its changes), styled inline with the panel's CSS variables and
 * fallbacks, so it can sit in any header. Renders nothing when no workspace is connected.
 */
import type { CSSProperties } from 'react';
import { statusWords, useNow, useTeamState, type Tone } from '../sync/status';

const COLOURS: Record<Tone, string> = {
  ok: 'var(--lz-ok, #1f845a)',
  busy: 'var(--lz-accent, #0c66e4)',
  warn: 'var(--lz-warn, #b65c02)',
  error: 'var(--lz-bad, #c9372c)',
  off: 'var(--lz-muted, #5e6c84)',
};

const wrap: CSSProperties = { display: 'inline-flex', alignItems: 'center', gap: 4, marginLeft: 'auto', fontSize: 12, color: 'var(--lz-muted, #5e6c84)', whiteSpace: 'nowrap' };
const visuallyHidden: CSSProperties = { position: 'absolute', width: 1, height: 1, padding: 0, margin: -1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap', border: 0 };

export function SyncIndicator() {
  const team = useTeamState();
  const now = useNow();
  if (!team.loaded || !team.config) return null;
  const words = statusWords(team.status, team.config, now);
  const title = words.detail ? `${words.label} — ${words.detail}` : words.label;
  // The words show next to the dot only when something needs attention; a calm state is the dot alone.
  const showText = words.tone === 'warn' || words.tone === 'error';
  return (
    <span style={wrap} title={title} role="status" data-liaison-sync={team.status?.state ?? 'connecting'}>
      <span
        aria-hidden="true"
        style={{ width: 8, height: 8, borderRadius: '50%', background: COLOURS[words.tone], flex: 'none', boxShadow: words.tone === 'busy' ? '0 0 0 2px color-mix(in srgb, currentColor 20%, transparent)' : undefined }}
      />
      {showText ? <span>{words.label}</span> : <span style={visuallyHidden}>{words.label}</span>}
    </span>
  );
}
