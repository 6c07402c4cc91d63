/**
 * The weekly cross-team sync digest (DOMAIN.md §6): per team "what we did / how it affected the
 * others / what we need from you", assembled from the week's audit log (who changed which field)
 * and the current dependencies, with the coordination measures: SLA hit rate, time items spent
 * blocked, and the share of briefs complete at start. Markdown for pasting into the sync notes.
 * Lines are structured; their wording comes from templates the caller passes (the UI's locale),
 * with {item}, {team}, {other}, {from}, {to}, {field}, {text}, {date}, {count} placeholders.
 * Pure: no browser APIs.
 */
import { isDoneStatus, itemDates } from '../core/deps';
import type { Dependency, ItemMeta, ItemSnapshot } from '../core/schemas';
import { evaluate } from '../core/sla';
import { safeHttpUrl } from '../core/url';
import { keyToUrl } from '../core/item-ref';
import type { AuditEntry, WorkspaceState } from '../store/types';
import type { Decision } from '../core/decision';
import { calendarFor, itemTitle } from './inbox';

export type DigestWorkspace = Pick<
  WorkspaceState,
  'teams' | 'itemMeta' | 'dependencies' | 'leadNotes' | 'slaPolicies' | 'calendars' | 'slaEvents' | 'kpis' | 'kpiStatus'
>;

export interface DigestInput {
  workspace: DigestWorkspace;
  /** Snapshots known (the latest per item at least; older versions make "at start" exact). */
  snapshots: readonly ItemSnapshot[];
  /** Audit entries; those outside the period are used only to know a dependency's state at its start. */
  audit: readonly AuditEntry[];
  /** The period [from, to), ISO instants. */
  from: string;
  to: string;
  /** The clock's now (clocks are evaluated at min(now, to)), ISO instant. */
  now: string;
  /** Decisions of the weekly sync (those done in the period are reported by their owner team). */
  decisions?: readonly Decision[];
}

export type LineType =
  | 'delivered' // {team} delivered what {item} ({other}) needed
  | 'blocked-by-us' // {item} ({other}) marked blocked waiting for {team}: {text}
  | 'asked' // {team} was asked by {other} for {item}
  | 'date-moved' // {field} of {item} moved {from} → {to}
  | 'date-set' // {field} of {item} set to {to}
  | 'noted' // note on {item}: {text}
  | 'lead-notes' // {count} lead-quality notes ({text} rejected)
  | 'kpi' // KPI {text}: {from} → {to}
  | 'sla-met' // {text} met on {item}
  | 'sla-missed' // {text} missed on {item}
  | 'unblocked-them' // {item} of {other} can move on: {team} delivered
  | 'moved-affects' // {field} of {item} moved → affects {other}'s {text}
  | 'need' // {other}: {text} for {item}, due {date}
  | 'item-done' // {item} done (status {text}, seen {date})
  | 'owed' // {other} waits on {team} for {item}: {text}, due {date}
  | 'decision-done'; // decision done: {text}

export interface DigestLine {
  type: LineType;
  itemKey?: string;
  item?: string;
  url?: string;
  team?: string;
  other?: string;
  field?: 'launch' | 'release' | 'end' | 'due';
  from?: string;
  to?: string;
  text?: string;
  date?: string;
  count?: number;
}

export interface TeamDigest {
  teamId: string;
  did: DigestLine[];
  affected: DigestLine[];
  need: DigestLine[];
  measures: Measures;
}

export interface Measures {
  sla: { met: number; missed: number; share: number | null };
  /** Total time items spent blocked in the period (a waiting item with a dependency in state 'blocked'), ms. */
  blockedMs: number;
  /** Items that were blocked at some point in the period. */
  blockedItems: number;
  briefs: { complete: number; started: number; share: number | null };
}

export interface Digest {
  from: string;
  to: string;
  teams: TeamDigest[];
  overall: Measures;
}

const DATE_FIELDS = ['launch', 'release', 'end', 'due'] as const;

function emptyMeasures(): Measures {
  return { sla: { met: 0, missed: 0, share: null }, blockedMs: 0, blockedItems: 0, briefs: { complete: 0, started: 0, share: null } };
}

function latestByKey(list: readonly ItemSnapshot[]): Map<string, ItemSnapshot> {
  const out = new Map<string, ItemSnapshot>();
  for (const s of list) {
    const prev = out.get(s.key);
    if (!prev || prev.seenAt < s.seenAt) out.set(s.key, s);
  }
  return out;
}

/** The team that waits and the team waited on, for a dependency. */
export function sidesOf(d: Dependency, metas: ReadonlyMap<string, ItemMeta>): { waitingKey?: string; waitingTeam?: string; onTeam?: string } {
  if (d.relation === 'informs') return {};
  if (d.relation === 'needs') {
    const onTeam = d.to.type === 'team' ? d.to.teamId : (d.to.teamId ?? metas.get(d.to.itemKey)?.teamId);
    return { waitingKey: d.fromKey, waitingTeam: metas.get(d.fromKey)?.teamId, onTeam };
  }
  if (d.to.type !== 'item') return {};
  return { waitingKey: d.to.itemKey, waitingTeam: d.to.teamId ?? metas.get(d.to.itemKey)?.teamId, onTeam: metas.get(d.fromKey)?.teamId };
}

export function buildDigest(input: DigestInput): Digest {
  const { workspace: ws, from, to } = input;
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  const inPeriod = (iso: string | undefined | null) => {
    if (!iso) return false;
    const t = Date.parse(iso);
    return t >= fromMs && t < toMs;
  };
  const metas = new Map(ws.itemMeta.map((m) => [m.key, m]));
  const snaps = latestByKey(input.snapshots);
  const deps = new Map(ws.dependencies.map((d) => [d.id, d]));
  const teamIds = new Set(ws.teams.map((t) => t.id));
  const digests = new Map<string, TeamDigest>();
  const team = (id: string | undefined): TeamDigest | undefined => {
    if (!id || !teamIds.has(id)) return undefined;
    let d = digests.get(id);
    if (!d) {
      d = { teamId: id, did: [], affected: [], need: [], measures: emptyMeasures() };
      digests.set(id, d);
    }
    return d;
  };
  for (const t of ws.teams) team(t.id);
  const item = (key: string) => {
    const s = snaps.get(key);
    // The address seen on the host, else the host's canonical address built from the key (items nobody opened yet).
    const url = safeHttpUrl(s?.url) ?? safeHttpUrl(keyToUrl(key));
    return { itemKey: key, item: itemTitle(key, s), ...(url ? { url } : {}) };
  };
  const audit = [...input.audit].sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0));
  const weekAudit = audit.filter((a) => inPeriod(a.at) && a.kind !== 'conflict');

  // ── dependency state changes ──
  for (const a of weekAudit) {
    if (a.collection !== 'dependencies' || a.field !== 'state') continue;
    const d = deps.get(a.docId);
    if (!d) continue;
    const { waitingKey, waitingTeam, onTeam } = sidesOf(d, metas);
    if (!waitingKey) continue;
    if (a.after === 'done') {
      team(onTeam)?.did.push({ type: 'delivered', ...item(waitingKey), ...(waitingTeam ? { other: waitingTeam } : {}), ...(onTeam ? { team: onTeam } : {}), ...(d.note ? { text: d.note } : {}) });
      if (waitingTeam !== onTeam) team(onTeam)?.affected.push({ type: 'unblocked-them', ...item(waitingKey), ...(waitingTeam ? { other: waitingTeam } : {}), ...(onTeam ? { team: onTeam } : {}) });
    } else if (a.after === 'blocked') {
      team(waitingTeam)?.did.push({ type: 'blocked-by-us', ...item(waitingKey), ...(onTeam ? { other: onTeam } : {}), text: d.reason ?? d.note ?? '' });
    } else if (a.before === undefined && (a.after === 'pending' || a.after === 'acknowledged')) {
      team(waitingTeam)?.did.push({ type: 'asked', ...item(waitingKey), ...(onTeam ? { other: onTeam } : {}), text: d.note ?? d.reason ?? '' });
    }
  }

  // ── item dates moved (and who that affects) ──
  for (const a of weekAudit) {
    if (a.collection !== 'itemMeta' || a.kind !== 'change') continue;
    const key = a.docId;
    const owner = metas.get(key)?.teamId;
    const changes: Array<{ field: (typeof DATE_FIELDS)[number]; before?: string; after?: string }> = [];
    const m = /^dates\.(launch|release|end|due)$/.exec(a.field);
    if (m) changes.push({ field: m[1] as (typeof DATE_FIELDS)[number], before: str(a.before), after: str(a.after) });
    else if (a.field === 'dates' && a.before && a.after && typeof a.before === 'object' && typeof a.after === 'object') {
      for (const f of DATE_FIELDS) {
        const b = str((a.before as Record<string, unknown>)[f]);
        const c = str((a.after as Record<string, unknown>)[f]);
        if (b !== c) changes.push({ field: f, before: b, after: c });
      }
    } else if (a.field === 'notes[+]' && a.after && typeof a.after === 'object') {
      const text = str((a.after as { text?: unknown }).text);
      if (text) team(owner)?.did.push({ type: 'noted', ...item(key), text: text.length > 200 ? `${text.slice(0, 199)}…` : text });
      continue;
    }
    for (const c of changes) {
      if (!c.after) continue;
      team(owner)?.did.push({ type: c.before ? 'date-moved' : 'date-set', ...item(key), field: c.field, ...(c.before ? { from: c.before } : {}), to: c.after });
      if (!c.before) continue;
      // Items that wait for this one: their teams are affected by the move.
      for (const d of ws.dependencies) {
        if (d.state === 'done') continue;
        const waitsOnThis = (d.relation === 'needs' && d.to.type === 'item' && d.to.itemKey === key) || (d.relation === 'blocks' && d.fromKey === key && d.to.type === 'item');
        if (!waitsOnThis) continue;
        const waiting = d.relation === 'needs' ? d.fromKey : d.to.type === 'item' ? d.to.itemKey : undefined;
        if (!waiting) continue;
        const other = metas.get(waiting)?.teamId;
        team(owner)?.affected.push({
          type: 'moved-affects',
          ...item(key),
          field: c.field,
          from: c.before,
          to: c.after,
          ...(other ? { other } : {}),
          text: item(waiting).item,
        });
      }
    }
  }

  // ── lead-quality notes written in the period ──
  const notesByTeam = new Map<string, { count: number; rejected: number }>();
  for (const n of ws.leadNotes) {
    if (!inPeriod(n.at)) continue;
    const c = notesByTeam.get(n.authorTeamId) ?? { count: 0, rejected: 0 };
    c.count++;
    if (n.verdict === 'rejected') c.rejected++;
    notesByTeam.set(n.authorTeamId, c);
  }
  for (const [t, c] of notesByTeam) team(t)?.did.push({ type: 'lead-notes', count: c.count, text: String(c.rejected) });

  // ── KPI values that arrived in the period ──
  for (const s of ws.kpiStatus) {
    if (!s.latest || !inPeriod(s.latest.at)) continue;
    const kpi = ws.kpis.find((k) => k.id === s.kpiId);
    if (!kpi) continue;
    for (const owner of kpi.ownerTeamIds) {
      team(owner)?.did.push({ type: 'kpi', text: kpi.name, ...(s.previous ? { from: String(s.previous.value) } : {}), to: String(s.latest.value) });
    }
  }

  // ── items seen done in the period (the latest snapshot only: when it turned done is not known) ──
  for (const [key, snap] of snaps) {
    if (!inPeriod(snap.seenAt) || !isDoneStatus(snap.status)) continue;
    team(metas.get(key)?.teamId)?.did.push({ type: 'item-done', ...item(key), ...(snap.status ? { text: snap.status } : {}), date: snap.seenAt });
  }

  // ── decisions of the sync done in the period, by their owner team ──
  for (const d of input.decisions ?? []) {
    if (d.state !== 'done' || !inPeriod(d.doneAt)) continue;
    team(d.owner.type === 'team' ? d.owner.teamId : d.teamId)?.did.push({ type: 'decision-done', text: d.text });
  }

  // ── SLA clocks that finished in the period ──
  const overall = emptyMeasures();
  const eventsByItem = new Map(ws.slaEvents.map((e) => [e.itemKey, e.events]));
  const clockKeys = new Set<string>([...metas.keys(), ...eventsByItem.keys()]);
  for (const key of clockKeys) {
    const meta = metas.get(key);
    const dates = itemDates(key, [...snaps.values()], ws.itemMeta);
    for (const policy of ws.slaPolicies) {
      if (policy.kind === 'weekly') continue;
      if (policy.appliesTo.length > 0 && (!meta?.role || !policy.appliesTo.includes(meta.role))) continue;
      if (policy.appliesTo.length === 0 && !meta?.role) continue;
      const events = (eventsByItem.get(key) ?? []).filter((e) => e.policyId === policy.id);
      const clock = evaluate(policy, { events, dates }, Math.min(toMs, Date.parse(input.now)), calendarFor(policy, ws.calendars, ws.teams));
      if (!clock) continue;
      const owner = team(policy.ownerTeamId);
      if (clock.state === 'met' && inPeriod(clock.metAt)) {
        overall.sla.met++;
        if (owner) owner.measures.sla.met++;
        owner?.did.push({ type: 'sla-met', ...item(key), text: policy.name });
      } else if (clock.state === 'breached' && clock.dueAt && inPeriod(new Date(Date.parse(clock.dueAt) - 1).toISOString())) {
        // A deadline ending at midnight belongs to the day (and week) it ends.
        overall.sla.missed++;
        if (owner) owner.measures.sla.missed++;
        owner?.did.push({ type: 'sla-missed', ...item(key), text: policy.name });
      }
    }
  }

  // ── time blocked: per waiting item, the union of its dependencies' 'blocked' intervals in the period ──
  const intervalsByItem = new Map<string, Array<[number, number]>>();
  for (const d of ws.dependencies) {
    const { waitingKey } = sidesOf(d, metas);
    if (!waitingKey) continue;
    const changes = audit.filter((a) => a.collection === 'dependencies' && a.docId === d.id && a.field === 'state' && a.kind === 'change');
    // The state at the period's start: the "before" of the first change after it, else the last change before it, else now's.
    const after = changes.filter((a) => Date.parse(a.at) >= fromMs);
    const beforeList = changes.filter((a) => Date.parse(a.at) < fromMs);
    let state: unknown = after.length ? after[0]!.before : beforeList.length ? beforeList[beforeList.length - 1]!.after : d.state;
    let since = fromMs;
    const spans: Array<[number, number]> = [];
    for (const a of after) {
      const t = Date.parse(a.at);
      if (t >= toMs) break;
      if (state === 'blocked') spans.push([since, t]);
      state = a.after;
      since = t;
    }
    if (state === 'blocked') spans.push([since, toMs]);
    if (spans.length) intervalsByItem.set(waitingKey, [...(intervalsByItem.get(waitingKey) ?? []), ...spans]);
  }
  for (const [key, spans] of intervalsByItem) {
    const ms = unionMs(spans);
    if (ms <= 0) continue;
    overall.blockedMs += ms;
    overall.blockedItems++;
    const t = team(metas.get(key)?.teamId);
    if (t) {
      t.measures.blockedMs += ms;
      t.measures.blockedItems++;
    }
  }

  // ── briefs complete at start: briefs whose work started (launch, else created) in the period, and
  //    whether the brief was complete at that start: the last check seen by then, else the earliest known ──
  const versions = new Map<string, ItemSnapshot[]>();
  for (const s of input.snapshots) {
    if (!s.brief) continue;
    versions.set(s.key, [...(versions.get(s.key) ?? []), s]);
  }
  for (const [key, list] of versions) {
    const dates = itemDates(key, [...snaps.values()], ws.itemMeta);
    const start = dates.launch ?? dates.created;
    if (!start || !inPeriod(/^\d{4}-\d{2}-\d{2}$/.test(start) ? `${start}T00:00:00Z` : start)) continue;
    const startEnd = /^\d{4}-\d{2}-\d{2}$/.test(start) ? Date.parse(`${start}T23:59:59Z`) : Date.parse(start);
    const sorted = [...list].sort((a, b) => a.seenAt.localeCompare(b.seenAt));
    const atStart = sorted.filter((x) => Date.parse(x.seenAt) <= startEnd).pop() ?? sorted[0];
    if (!atStart?.brief) continue;
    const complete = atStart.brief.present >= atStart.brief.total;
    overall.briefs.started++;
    if (complete) overall.briefs.complete++;
    const t = team(metas.get(key)?.teamId);
    if (t) {
      t.measures.briefs.started++;
      if (complete) t.measures.briefs.complete++;
    }
  }

  // ── what we need from you: open dependencies of our items on other teams ──
  for (const d of ws.dependencies) {
    if (d.state === 'done') continue;
    const { waitingKey, waitingTeam, onTeam } = sidesOf(d, metas);
    if (!waitingKey || !onTeam || waitingTeam === onTeam) continue;
    if (d.to.type === 'item' && isDoneStatus(snaps.get(d.to.itemKey)?.status)) continue;
    team(waitingTeam)?.need.push({ type: 'need', ...item(waitingKey), other: onTeam, text: d.reason ?? d.note ?? '', ...(d.due ? { date: d.due } : {}) });
    // The same request, seen from the team asked: others wait on it (how its work affects them).
    if (waitingTeam) team(onTeam)?.affected.push({ type: 'owed', ...item(waitingKey), other: waitingTeam, team: onTeam, text: d.reason ?? d.note ?? '', ...(d.due ? { date: d.due } : {}) });
  }

  const finish = (m: Measures) => {
    const n = m.sla.met + m.sla.missed;
    m.sla.share = n ? m.sla.met / n : null;
    m.briefs.share = m.briefs.started ? m.briefs.complete / m.briefs.started : null;
  };
  finish(overall);
  const order = ws.teams.map((t) => t.id);
  const teams = [...digests.values()].sort((a, b) => order.indexOf(a.teamId) - order.indexOf(b.teamId));
  for (const t of teams) {
    finish(t.measures);
    t.need.sort((a, b) => (a.other ?? '').localeCompare(b.other ?? '') || (a.date ?? '~').localeCompare(b.date ?? '~'));
  }
  return { from, to, teams, overall };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

/** Total length of the union of [start, end) spans (ms); overlaps count once. */
export function unionMs(spans: Array<[number, number]>): number {
  const s = spans.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let cur: [number, number] | undefined;
  for (const [a, b] of s) {
    if (!cur || a > cur[1]) {
      if (cur) total += cur[1] - cur[0];
      cur = [a, b];
    } else cur[1] = Math.max(cur[1], b);
  }
  if (cur) total += cur[1] - cur[0];
  return total;
}

// ───────────────────────────── wording and Markdown ─────────────────────────────

/** Templates for each line type and the headings, in the UI's language. */
export interface DigestStrings {
  title: string; // "Weekly sync — {from} – {to}"
  did: string;
  affected: string;
  need: string;
  nothing: string;
  measures: string; // "SLA hit rate: {sla} · Time blocked: {blocked} · Briefs complete at start: {briefs}"
  noData: string; // "no data"
  lines: Record<LineType, string>;
  fields: Record<'launch' | 'release' | 'end' | 'due', string>;
}

export interface DigestFormat {
  teamName: (id: string) => string;
  date: (isoOrDate: string) => string;
  share: (share: number) => string;
  duration: (ms: number) => string;
  number: (n: number) => string;
}

export type Piece = { text: string } | { item: string; url?: string };

/** Split a line's template into text and the item link, filling the other placeholders. */
export function linePieces(line: DigestLine, s: DigestStrings, f: DigestFormat): Piece[] {
  let tpl = s.lines[line.type];
  const vars: Record<string, string> = {
    team: line.team ? f.teamName(line.team) : '',
    other: line.other ? f.teamName(line.other) : '',
    field: line.field ? s.fields[line.field] : '',
    from: line.from ? fmtValue(line.from, line.type, f) : '',
    to: line.to ? fmtValue(line.to, line.type, f) : '',
    text: line.text ?? '',
    date: line.date ? f.date(line.date) : '',
    count: line.count !== undefined ? f.number(line.count) : '',
  };
  // A trailing clause whose value is absent goes with it (", due {date}" without a date, ": {text}" without text).
  for (;;) {
    const m = /\{(\w+)\}[^{}]*$/.exec(tpl);
    if (!m || m[1] === 'item' || (vars[m[1]!] ?? '') !== '') break;
    const prev = tpl.slice(0, m.index).lastIndexOf('}');
    tpl = prev >= 0 ? tpl.slice(0, prev + 1) : tpl.slice(0, m.index);
  }
  const out: Piece[] = [];
  const re = /\{(\w+)\}/g;
  let last = 0;
  for (let m = re.exec(tpl); m; m = re.exec(tpl)) {
    if (m.index > last) out.push({ text: tpl.slice(last, m.index) });
    const name = m[1]!;
    if (name === 'item') {
      // Only an http(s) link becomes a link (an href in the page, a Markdown link in the copy).
      const url = safeHttpUrl(line.url);
      out.push({ item: line.item ?? '', ...(url ? { url } : {}) });
    }
    else out.push({ text: vars[name] ?? m[0] });
    last = m.index + m[0].length;
  }
  if (last < tpl.length) out.push({ text: tpl.slice(last) });
  // Drop empty trailing clauses like ": " or ", due " left by absent values.
  return tidy(out);
}

function tidy(pieces: Piece[]): Piece[] {
  const out = pieces.filter((p) => !('text' in p) || p.text !== '');
  const lastPiece = out[out.length - 1];
  if (lastPiece && 'text' in lastPiece) {
    const trimmed = lastPiece.text.replace(/[\s:,—–-]+$/u, '');
    if (trimmed) out[out.length - 1] = { text: trimmed };
    else out.pop();
  }
  return out;
}

function fmtValue(v: string, type: LineType, f: DigestFormat): string {
  if (type === 'kpi') {
    const n = Number(v);
    return Number.isFinite(n) ? f.number(n) : v;
  }
  return /^\d{4}-\d{2}-\d{2}/.test(v) ? f.date(v) : v;
}

/** Escape Markdown's inline syntax in host text. */
export function mdEscape(text: string): string {
  return text.replace(/([\\`*_[\]|<>~])/g, '\\$1').replace(/\r?\n/g, ' ');
}

function mdUrl(url: string): string {
  return url.replace(/[()\s<>]/g, (c) => encodeURIComponent(c));
}

export function lineMarkdown(line: DigestLine, s: DigestStrings, f: DigestFormat): string {
  return linePieces(line, s, f)
    .map((p) => ('text' in p ? mdEscape(p.text) : p.url ? `[${mdEscape(p.item)}](${mdUrl(p.url)})` : mdEscape(p.item)))
    .join('');
}

export function measuresText(m: Measures, s: DigestStrings, f: DigestFormat): string {
  const sla = m.sla.share === null ? s.noData : `${f.share(m.sla.share)} (${f.number(m.sla.met)}/${f.number(m.sla.met + m.sla.missed)})`;
  const briefs = m.briefs.share === null ? s.noData : `${f.share(m.briefs.share)} (${f.number(m.briefs.complete)}/${f.number(m.briefs.started)})`;
  return s.measures.replace('{sla}', sla).replace('{blocked}', f.duration(m.blockedMs)).replace('{briefs}', briefs);
}

export function digestMarkdown(d: Digest, s: DigestStrings, f: DigestFormat): string {
  const lines: string[] = [];
  lines.push(`# ${s.title.replace('{from}', f.date(d.from)).replace('{to}', f.date(new Date(Date.parse(d.to) - 1).toISOString()))}`, '');
  lines.push(mdEscape(measuresText(d.overall, s, f)), '');
  for (const t of d.teams) {
    lines.push(`## ${mdEscape(f.teamName(t.teamId))}`, '');
    lines.push(mdEscape(measuresText(t.measures, s, f)), '');
    for (const [heading, list] of [
      [s.did, t.did],
      [s.affected, t.affected],
      [s.need, t.need],
    ] as const) {
      lines.push(`### ${mdEscape(heading)}`, '');
      if (!list.length) lines.push(`- ${mdEscape(s.nothing)}`);
      for (const l of list) lines.push(`- ${lineMarkdown(l, s, f)}`);
      lines.push('');
    }
  }
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

