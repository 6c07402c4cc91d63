/**
 * The inbox's actions on a card. "Done" stops the card's SLA clocks exactly as the panel's
 * "Mark notice as sent" does (lib/panel/actions.ts stopClock: an SLA stop event in the shared
 * store, so the panel, every inbox and the badge agree) and marks the card's other problems done
 * (a personal dismissal that holds until the problem changes). "Snooze" hides the card until a
 * date (personal). Each returns what Undo needs; Undo restores exactly what was before.
 * Pure over the store and the state writer it is given (no browser APIs).
 */
import type { Store } from '../store/api';
import { stopClock, undoStop, type Author } from '../panel/actions';
import type { Decision } from '../core/decision';
import type { InboxCard } from './inbox';
import { activeSnooze, withDismissed, withSnooze, withoutDismissed, withoutSnooze, type InboxState, type Snooze } from './inbox-state';

export interface InboxActionDeps {
  store: Store;
  /** Read-change-write of the person's inbox state (lib/store/inbox-state.ts updateInboxState). */
  update: (change: (s: InboxState) => InboxState) => Promise<InboxState>;
  author: Author;
  now: () => Date;
}

export type UndoRecord =
  | { kind: 'done'; itemKey: string; title: string; stopped: string[]; prints: string[]; decisions?: Decision[] }
  | { kind: 'snooze'; itemKey: string; title: string; until: string; previous?: Snooze };

const writeBy = (author: Author) => (author.name ? { person: author.name.slice(0, 120) } : {});

export async function markDone(deps: InboxActionDeps, card: InboxCard): Promise<UndoRecord> {
  const at = deps.now();
  const stopped: string[] = [];
  const prints: string[] = [];
  const decisions: Decision[] = [];
  for (const p of card.problems) {
    if (p.kind === 'sla' && p.decision) {
      // A weekly-sync decision: done means the decision is done (shared, like the agenda's "Mark done").
      await deps.store.put('decisions', { ...p.decision, state: 'done', doneAt: at.toISOString() }, writeBy(deps.author));
      decisions.push(p.decision);
    } else if (p.kind === 'sla') {
      await stopClock(deps.store, card.itemKey, p.policy.id, deps.author, at);
      stopped.push(p.policy.id);
    } else prints.push(p.print);
  }
  if (prints.length) await deps.update((s) => withDismissed(s, card.itemKey, prints, at.toISOString()));
  return { kind: 'done', itemKey: card.itemKey, title: card.title, stopped, prints, ...(decisions.length ? { decisions } : {}) };
}

export async function snoozeCard(deps: InboxActionDeps, card: InboxCard, until: string): Promise<UndoRecord> {
  const at = deps.now();
  if (!(Date.parse(until) > at.getTime())) throw new Error('snooze-in-past');
  let previous: Snooze | undefined;
  await deps.update((s) => {
    previous = activeSnooze(s, card.itemKey, at.getTime());
    return withSnooze(s, { itemKey: card.itemKey, until: new Date(until).toISOString(), at: at.toISOString(), severity: card.severity });
  });
  return { kind: 'snooze', itemKey: card.itemKey, title: card.title, until, ...(previous ? { previous } : {}) };
}

export async function undo(deps: InboxActionDeps, rec: UndoRecord): Promise<void> {
  if (rec.kind === 'done') {
    for (const policyId of rec.stopped) await undoStop(deps.store, rec.itemKey, policyId, deps.author);
    for (const d of rec.decisions ?? []) await deps.store.put('decisions', d, writeBy(deps.author));
    if (rec.prints.length) await deps.update((s) => withoutDismissed(s, rec.itemKey, rec.prints));
    return;
  }
  await deps.update((s) => (rec.previous ? withSnooze(s, rec.previous) : withoutSnooze(s, rec.itemKey)));
}

/** Bring a snoozed card back now. */
export async function unsnooze(deps: InboxActionDeps, itemKey: string): Promise<void> {
  await deps.update((s) => withoutSnooze(s, itemKey));
}
