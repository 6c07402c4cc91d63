/**
 * The toolbar badge: how many inbox entries need the user now (the same rules as the popup's inbox).
 * Pure: the background reads the workspace, the settings and (optionally) the latest snapshots,
 * calls inboxCount and sets the badge text (empty for 0).
 */
import { buildInbox, type InboxSettings, type InboxWorkspace } from './inbox';

export function inboxCount(workspace: InboxWorkspace, settings: InboxSettings, now: Date | number | string = Date.now()): number {
  return buildInbox(workspace, settings, now).counts.total;
}

/** The badge text for a count: "" for none, "99+" above 99. */
export function badgeText(count: number): string {
  if (count <= 0) return '';
  return count > 99 ? '99+' : String(count);
}
