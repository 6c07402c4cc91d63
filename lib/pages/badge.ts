/**
 * The toolbar badge: how many inbox cards are open — items with at least one open problem that is
 * neither snoozed nor marked done (the same buildInbox as the popup and the side panel, so the badge
 * number is always the number of cards they show).
 * Pure: the background reads the workspace, the settings, the latest snapshots and the person's
 * inbox state (snoozes, dismissals), calls inboxCount and sets the badge text (empty for 0).
 */
import { buildInbox, type InboxSettings, type InboxWorkspace } from './inbox';
import type { InboxState } from './inbox-state';

export function inboxCount(workspace: InboxWorkspace, settings: InboxSettings, now: Date | number | string = Date.now(), state?: InboxState): number {
  return buildInbox(workspace, settings, now, state).cards.length;
}

/** The badge text for a count: "" for none, "99+" above 99. */
export function badgeText(count: number): string {
  if (count <= 0) return '';
  return count > 99 ? '99+' : String(count);
}
