/**
 * What the panel's buttons and forms write to the store. Every write goes through the store,
 * which validates it with zod; errors reach the form that asked (shown to the user).
 */
import type { Store, WriteBy } from '../store/api';
import { parseItemUrl, resolveItemKey, type CustomHosts } from '../core/item-ref';
import type { Dependency, ItemDates, ItemMeta, KpiLink, LeadNote } from '../core/schemas';
import { FIRST_CONTACT_POLICY, FIRST_SEEN, idForItem, type PanelRole } from './model';
import { CONTACT_TIME_UNKNOWN } from '../core/sla';

export interface Author {
  /** Person name or id for notes and the audit log ('' when unknown). */
  name: string;
  /** The user's first team (lead notes record which team wrote them). */
  teamId: string;
}

export const newId = (prefix: string): string => `${prefix}-${globalThis.crypto.randomUUID()}`;

function by(author: Author): WriteBy {
  return author.name ? { person: author.name.slice(0, 120) } : {};
}

async function ensureMeta(store: Store, key: string, fields: Partial<ItemMeta>, author: Author): Promise<void> {
  const existing = await store.get('itemMeta', key);
  if (existing) await store.patch('itemMeta', key, fields, by(author));
  else await store.put('itemMeta', { key, ...fields }, by(author));
}

/** Set (or clear with undefined) the item's role. */
export async function setRole(store: Store, key: string, role: PanelRole | undefined, author: Author): Promise<void> {
  const existing = await store.get('itemMeta', key);
  if (existing) {
    const { role: _old, ...rest } = existing.data;
    void _old;
    await store.put('itemMeta', role ? { ...rest, role } : rest, by(author));
  } else if (role) {
    await store.put('itemMeta', { key, role }, by(author));
  }
}

/**
 * Set dates on the item (empty string clears one). A date a person types for a field the host also
 * shows (`hostDates`) is an explicit choice of Liaison's date over that host value (recorded in
 * `datesKept`, as "Use Liaison's date" does); clearing it, or typing the host's own day, drops the choice.
 */
export async function setDates(store: Store, key: string, dates: Partial<Record<keyof ItemDates, string>>, author: Author, hostDates: ItemDates = {}): Promise<void> {
  const existing = await store.get('itemMeta', key);
  const merged: Record<string, string> = { ...((existing?.data.dates ?? {}) as Record<string, string>) };
  const kept: Partial<Record<DateField, string>> = { ...(existing?.data.datesKept ?? {}) };
  for (const [k, v] of Object.entries(dates)) {
    if (v) merged[k] = v;
    else delete merged[k];
    if (k === 'created') continue;
    const f = k as DateField;
    const host = hostDates[f];
    if (v && host && host.slice(0, 10) !== v.slice(0, 10)) kept[f] = host;
    else delete kept[f];
  }
  const { datesKept: _old, ...rest } = existing?.data ?? { key };
  void _old;
  await store.put('itemMeta', { ...rest, dates: merged, ...(Object.keys(kept).length ? { datesKept: kept } : {}) }, by(author));
}

type DateField = 'due' | 'launch' | 'end' | 'release';

/**
 * "Use Liaison's date": the date stored in Liaison wins over the host's `hostValue` for this field —
 * recorded, so every page uses it — until the host's value changes.
 */
export async function keepStoredDate(store: Store, key: string, field: DateField, hostValue: string, author: Author): Promise<void> {
  const existing = await store.get('itemMeta', key);
  if (!existing?.data.dates[field]) return;
  await store.put('itemMeta', { ...existing.data, datesKept: { ...(existing.data.datesKept ?? {}), [field]: hostValue } }, by(author));
}

/** "Use <host>'s date": drop Liaison's date for this field and the choice of it; the host's field is used. */
export async function useHostDate(store: Store, key: string, field: DateField, author: Author): Promise<void> {
  const existing = await store.get('itemMeta', key);
  if (!existing) return;
  const dates = { ...existing.data.dates };
  delete dates[field];
  const kept = { ...(existing.data.datesKept ?? {}) };
  delete kept[field];
  const { datesKept: _old, ...rest } = existing.data;
  void _old;
  await store.put('itemMeta', { ...rest, dates, ...(Object.keys(kept).length ? { datesKept: kept } : {}) }, by(author));
}

/** The lead source / UTM campaign a campaign stands for. */
export async function setSource(store: Store, key: string, source: string, author: Author): Promise<void> {
  const s = source.trim();
  const existing = await store.get('itemMeta', key);
  if (existing) {
    const { source: _old, ...rest } = existing.data;
    void _old;
    await store.put('itemMeta', s ? { ...rest, source: s } : rest, by(author));
  } else if (s) {
    await ensureMeta(store, key, { source: s }, author);
  }
}

export async function addNote(store: Store, key: string, text: string, author: Author, now: Date = new Date()): Promise<void> {
  const t = text.trim();
  if (!t) throw new Error('empty-note');
  await store.append('itemMeta', key, 'notes', [{ text: t, by: author.name.slice(0, 120), at: now.toISOString() }], by(author));
}

export async function linkKpi(store: Store, key: string, kpiId: string, effect: KpiLink['effect'], note: string, author: Author): Promise<void> {
  const n = note.trim();
  await store.put('kpiLinks', { id: newId('kl'), itemKey: key, kpiId, effect, ...(n ? { note: n } : {}) }, by(author));
}

export async function unlink(store: Store, collection: 'kpiLinks' | 'dependencies', id: string, author: Author): Promise<void> {
  await store.remove(collection, id, by(author));
}

export interface DependencyInput {
  relation: Dependency['relation'];
  state: Dependency['state'];
  note?: string;
  reason?: string;
  due?: string;
}

function depFields(inp: DependencyInput) {
  const note = inp.note?.trim();
  const reason = inp.reason?.trim();
  return {
    relation: inp.relation,
    state: inp.state,
    ...(note ? { note } : {}),
    ...(reason ? { reason } : {}),
    ...(inp.due ? { due: inp.due } : {}),
  };
}

export async function addTeamDependency(store: Store, key: string, teamId: string, inp: DependencyInput, author: Author): Promise<void> {
  await store.put('dependencies', { id: newId('dep'), fromKey: key, to: { type: 'team', teamId }, ...depFields(inp) }, by(author));
}

export async function setDependencyState(store: Store, id: string, state: Dependency['state'], author: Author): Promise<void> {
  await store.patch('dependencies', id, { state }, by(author));
}

export type LinkItemError = 'unsupported' | 'self' | 'duplicate';

/**
 * Link another item by its URL (any supported host). Returns the linked key, or an error code:
 * 'unsupported' (no item of a supported host in that URL), 'self', 'duplicate'.
 */
export async function linkItemByUrl(
  store: Store,
  key: string,
  url: string,
  inp: DependencyInput,
  author: Author,
  custom: CustomHosts = {},
): Promise<{ ok: true; key: string } | { ok: false; error: LinkItemError }> {
  const ref = parseItemUrl(url.trim(), custom);
  if (!ref) return { ok: false, error: 'unsupported' };
  const existing = await store.list('dependencies');
  // A ClickUp/Asana link without its workspace names the same item as the qualified key Liaison already knows.
  const known = [key, ...existing.flatMap((d) => [d.data.fromKey, d.data.to.type === 'item' ? d.data.to.itemKey : '']), ...(await store.list('itemMeta')).map((m) => m.data.key)];
  const other = resolveItemKey(ref, known.filter(Boolean));
  if (other === key) return { ok: false, error: 'self' };
  if (existing.some((d) => d.data.fromKey === key && d.data.to.type === 'item' && d.data.to.itemKey === other && d.data.relation === inp.relation)) {
    return { ok: false, error: 'duplicate' };
  }
  await store.put('dependencies', { id: newId('dep'), fromKey: key, to: { type: 'item', itemKey: other }, ...depFields(inp) }, by(author));
  return { ok: true, key: other };
}

/** Stop a clock: the notice was sent (before), the analysis done (after), the lead contacted (elapsed). */
export async function stopClock(store: Store, key: string, policyId: string, author: Author, at: Date = new Date(), who?: string): Promise<void> {
  await store.append(
    'slaEvents',
    key,
    'events',
    [{ itemKey: key, policyId, type: 'stop', at: at.toISOString(), ...((who ?? author.name) ? { by: (who ?? author.name).slice(0, 120) } : {}) }],
    by(author),
  );
}

/**
 * Undo a stop a person recorded ("Mark notice as sent" clicked by mistake): the clock runs again and
 * its inbox row and badge count come back. The page's own evidence of contact (by 'page') stays.
 */
export async function undoStop(store: Store, key: string, policyId: string, author: Author): Promise<boolean> {
  const doc = await store.get('slaEvents', key);
  if (!doc) return false;
  const events = doc.data.events;
  const idx = events.map((e, i) => [e, i] as const).filter(([e]) => e.policyId === policyId && e.type === 'stop' && e.by !== 'page').map(([, i]) => i);
  if (!idx.length) return false;
  const drop = new Set(idx);
  await store.put('slaEvents', { ...doc.data, events: events.filter((_, i) => !drop.has(i)) }, by(author));
  return true;
}

/** Start the first-contact clock (a lead seen for the first time with no create date on the page). */
export async function startFirstContact(store: Store, key: string, at: string, author: Author): Promise<void> {
  await store.append('slaEvents', key, 'events', [{ itemKey: key, policyId: FIRST_CONTACT_POLICY, type: 'start', at, by: FIRST_SEEN }], by(author));
}

export type LeadNoteChanges = Partial<Pick<LeadNote, 'criteria' | 'verdict' | 'rejectionReasonId' | 'note' | 'intent' | 'firstContactAt'>>;

/** Create or update the lead's note (one per lead), keeping what others set. */
export async function saveLeadNote(
  store: Store,
  key: string,
  base: { noteId: string; note?: LeadNote; source?: string; campaign?: string },
  changes: LeadNoteChanges,
  author: Author,
  now: Date = new Date(),
): Promise<void> {
  const prev = base.note;
  const merged: LeadNote = {
    id: base.noteId,
    itemKey: key,
    criteria: { ...(prev?.criteria ?? {}), ...(changes.criteria ?? {}) },
    authorTeamId: author.teamId,
    at: now.toISOString(),
    ...(prev?.intent || changes.intent ? { intent: changes.intent ?? prev?.intent } : {}),
    ...(changes.verdict ?? prev?.verdict ? { verdict: changes.verdict ?? prev?.verdict } : {}),
    ...(base.source ? { source: base.source } : {}),
    ...(base.campaign ? { campaign: base.campaign } : {}),
    ...(prev?.firstContactAt || changes.firstContactAt ? { firstContactAt: changes.firstContactAt ?? prev?.firstContactAt } : {}),
  };
  const note = 'note' in changes ? changes.note?.trim() : prev?.note;
  if (note) merged.note = note;
  const reason = 'rejectionReasonId' in changes ? changes.rejectionReasonId : prev?.rejectionReasonId;
  if (reason && merged.verdict === 'rejected') merged.rejectionReasonId = reason;
  await store.put('leadNotes', merged, by(author));
}

/** The id a lead's note is stored under. */
export const leadNoteId = (key: string) => idForItem('lead', key);

/** Persist one-off facts the model asks for (first-seen start, page evidence of contact). */
export async function applyPending(
  store: Store,
  key: string,
  pending: { startFirstContactAt?: string; stopFirstContactAt?: string; stopFirstContactUnknown?: boolean },
  author: Author,
): Promise<void> {
  if (pending.startFirstContactAt) await startFirstContact(store, key, pending.startFirstContactAt, author);
  if (pending.stopFirstContactAt) {
    // Evidence without a time is recorded as such: the clock reads "contacted — time unknown" everywhere.
    await stopClock(store, key, FIRST_CONTACT_POLICY, author, new Date(pending.stopFirstContactAt), pending.stopFirstContactUnknown ? CONTACT_TIME_UNKNOWN : 'page');
  }
}

export { ensureMeta };
