/**
 * The inbox of the popup and the side panel: one card per item that needs the user, with all its
 * problems worst first (lib/pages/inbox.ts), grouped by severity and capped (long groups show
 * "Show N more"); each card can be opened, marked done, snoozed until a date, and every action can be
 * undone from the bar that appears (focus moves to its Undo; the change is announced politely).
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { browser } from 'wxt/browser';
import { buildInbox, groupCards, SEVERITY, type Inbox, type InboxCard, type Problem, type Severity } from '@/lib/pages/inbox';
import { dayAfter, EMPTY_INBOX_STATE, snoozeChoices, snoozeUntilDate, type InboxState } from '@/lib/pages/inbox-state';
import { markDone, snoozeCard, undo, unsnooze, type InboxActionDeps, type UndoRecord } from '@/lib/pages/inbox-actions';
import { readInboxState, updateInboxState, watchInboxState, watchSnapshotSignal } from '@/lib/store/inbox-state';
import { formatDate, formatDateTime, formatDuration, viewerTimeZone } from '@/lib/pages/format';
import { formatKpiValue } from '@/lib/panel/format';
import type { BriefTemplate, Team } from '@/lib/core/schemas';
import { sendMessage } from '@/lib/messaging';
import { usePagesData, usePagesEnv, type Loaded } from './env';
import { LoadError, Loading, pageUrl, Shell, type PageId } from './Shell';
import { t, teamName, uiLocale } from './t';
import { SyncStatusLine } from '../sync/SyncStatusLine';
import './inbox.css';

/** Cards shown per severity group before "Show more"; each press shows this many more. */
export const GROUP_PAGE = 5;
/** Problem lines shown per card before "N more". */
export const CARD_LINES = 3;

function severityHeading(s: Severity): string {
  switch (s) {
    case SEVERITY.overdue:
      return t('inboxCards.group.overdue');
    case SEVERITY.blocked:
      return t('inboxCards.group.blocked');
    case SEVERITY.atRisk:
      return t('inboxCards.group.atRisk');
    case SEVERITY.gap:
      return t('inboxCards.group.gap');
    default:
      return t('inboxCards.group.note');
  }
}

const SEVERITY_CLASS: Record<Severity, string> = { 0: 'sev-overdue', 1: 'sev-blocked', 2: 'sev-risk', 3: 'sev-gap', 4: 'sev-note' };

interface Ctx {
  teams: Team[];
  templates: BriefTemplate[];
  locale: string;
  nowMs: number;
}

function briefLabels(missing: readonly string[], templates: readonly BriefTemplate[]): string[] {
  const tpl = templates.find((x) => x.fields.some((f) => missing.includes(f.id)));
  return missing.map((id) => tpl?.fields.find((f) => f.id === id)?.label ?? id);
}

/** One problem in one line, in the UI's language. Host text stays text. */
export function problemText(p: Problem, ctx: Ctx): string {
  const { locale } = ctx;
  switch (p.kind) {
    case 'sla': {
      const left = formatDuration(locale, Math.abs(p.clock.remainingMs));
      return p.clock.state === 'breached' ? t('inboxCards.p.slaBreached', [p.policy.name, left]) : t('inboxCards.p.slaAtRisk', [p.policy.name, left]);
    }
    case 'dependency': {
      const d = p.dependency;
      const who = p.otherTitle ? `“${p.otherTitle}”` : p.teamId ? teamName(ctx.teams, p.teamId) : '—';
      let head: string;
      if (p.onMyTeam) head = d.state === 'blocked' ? t('inboxCards.p.blockedOnYou', [teamName(ctx.teams, p.teamId!)]) : t('inboxCards.p.waitsOnYou', [teamName(ctx.teams, p.teamId!)]);
      else head = d.state === 'blocked' ? t('inboxCards.p.blockedBy', [who]) : t('inboxCards.p.waitingOn', [who]);
      const why = d.reason ?? d.note;
      const due = d.due ? (p.overdue ? t('inboxCards.p.dueOverdue', [formatDate(locale, d.due)]) : t('inboxCards.p.due', [formatDate(locale, d.due)])) : '';
      const late = p.afterLaunch ? t('inboxCards.p.afterLaunch', [formatDate(locale, p.afterLaunch)]) : '';
      return [head + (why ? `: ${why}` : ''), due, late].filter(Boolean).join(' · ');
    }
    case 'conflict': {
      const c = p.conflict;
      return t('inboxCards.p.conflict', [formatDate(locale, c.launch), p.otherTitle ?? t('inboxCards.p.itsDependency'), formatDate(locale, c.blockingDate)]);
    }
    case 'kpi': {
      const cur = p.result.current;
      return t('inboxCards.p.kpiOff', [p.kpi.name, cur === null ? '—' : formatKpiValue(cur, p.kpi, locale), formatKpiValue(p.kpi.target, p.kpi, locale)]);
    }
    case 'brief': {
      const labels = briefLabels(p.missing, ctx.templates);
      return t('inboxCards.p.brief', [String(p.present), String(p.total)]) + (labels.length ? ` — ${t('inboxCards.p.missing', [labels.join(', ')])}` : '');
    }
    case 'lead': {
      const n = p.note;
      const verdict = n.verdict === 'sql' ? t('pages.verdict.sql') : n.verdict === 'mql' ? t('pages.verdict.mql') : n.verdict === 'rejected' ? t('pages.verdict.rejected') : '';
      return [t('inboxCards.p.note', [teamName(ctx.teams, n.authorTeamId), formatDateTime(locale, n.at)]), verdict, n.note].filter(Boolean).join(' · ');
    }
  }
}

/** What "Done" will do on this card, said before it is pressed. */
function doneHint(card: InboxCard): string {
  const sla = card.problems.filter((p) => p.kind === 'sla');
  const rest = card.problems.length - sla.length;
  if (sla.length && rest) return t('inboxCards.doneHintBoth', [sla.map((p) => (p.kind === 'sla' ? p.policy.name : '')).join(', ')]);
  if (sla.length) return t('inboxCards.doneHintSla', [sla.map((p) => (p.kind === 'sla' ? p.policy.name : '')).join(', ')]);
  return t('inboxCards.doneHintDismiss');
}

interface CardProps {
  card: InboxCard;
  ctx: Ctx;
  busy: boolean;
  onDone: (card: InboxCard) => void;
  onSnooze: (card: InboxCard, until: string) => void;
  onOpen: (card: InboxCard) => void;
  onUnsnooze?: (card: InboxCard) => void;
}

const Card = memo(function Card({ card, ctx, busy, onDone, onSnooze, onOpen, onUnsnooze }: CardProps) {
  const [allLines, setAllLines] = useState(false);
  const [snoozing, setSnoozing] = useState(false);
  const id = useMemo(() => `c-${hash(card.itemKey)}`, [card.itemKey]);
  const lines = allLines ? card.problems : card.problems.slice(0, CARD_LINES);
  const hidden = card.problems.length - lines.length;
  const snoozeBtn = useRef<HTMLButtonElement>(null);
  const closeSnooze = useCallback(() => {
    setSnoozing(false);
    snoozeBtn.current?.focus();
  }, []);
  return (
    <li className={`card ${SEVERITY_CLASS[card.severity]}`} data-card={card.itemKey} aria-labelledby={`${id}-t`} tabIndex={-1}>
      <h3 id={`${id}-t`} className="card-title">
        <span className="title-text">{card.title}</span>
        {card.toolName && !card.title.startsWith(card.toolName) && <span className="tool"> · {card.toolName}</span>}
      </h3>
      <ul className="problems" aria-label={t('inboxCards.problemsOf', [card.title])}>
        {lines.map((p) => (
          <li key={p.id} data-entry={p.id} className={`problem ${SEVERITY_CLASS[p.severity]}`}>
            {problemText(p, ctx)}
          </li>
        ))}
      </ul>
      {card.problems.length > CARD_LINES && (
        <button type="button" className="link" aria-expanded={allLines} onClick={() => setAllLines((v) => !v)}>
          {allLines ? t('inboxCards.fewerProblems') : t('inboxCards.moreProblems', [String(hidden)])}
        </button>
      )}
      {card.snoozedUntil && <p className="hint">{t('inboxCards.snoozedUntil', [formatDateTime(ctx.locale, card.snoozedUntil)])}</p>}
      <div className="card-actions">
        {card.url && (
          <a
            className="btn secondary"
            href={card.url}
            target="_blank"
            rel="noreferrer"
            aria-label={t('inboxCards.openIn', [card.title, card.toolName || '—'])}
            onClick={(e) => {
              e.preventDefault();
              onOpen(card);
            }}
          >
            {t('inboxCards.open')}
          </a>
        )}
        {onUnsnooze ? (
          <button type="button" className="secondary" disabled={busy} aria-label={t('inboxCards.unsnoozeOf', [card.title])} onClick={() => onUnsnooze(card)}>
            {t('inboxCards.unsnooze')}
          </button>
        ) : (
          <>
            <button type="button" disabled={busy} aria-label={t('inboxCards.doneOf', [card.title])} aria-describedby={`${id}-dh`} onClick={() => onDone(card)}>
              {t('inboxCards.done')}
            </button>
            <span id={`${id}-dh`} hidden>
              {doneHint(card)}
            </span>
            <button
              ref={snoozeBtn}
              type="button"
              className="secondary"
              disabled={busy}
              aria-expanded={snoozing}
              aria-controls={`${id}-sz`}
              aria-label={t('inboxCards.snoozeOf', [card.title])}
              onClick={() => setSnoozing((v) => !v)}
            >
              {t('inboxCards.snooze')}
            </button>
          </>
        )}
      </div>
      {snoozing && !onUnsnooze && <SnoozeForm id={`${id}-sz`} card={card} ctx={ctx} onPick={(until) => onSnooze(card, until)} onClose={closeSnooze} />}
    </li>
  );
});

function SnoozeForm({ id, card, ctx, onPick, onClose }: { id: string; card: InboxCard; ctx: Ctx; onPick: (until: string) => void; onClose: () => void }) {
  const tz = viewerTimeZone();
  const choices = useMemo(() => snoozeChoices(ctx.nowMs, tz), [ctx.nowMs, tz]);
  const min = useMemo(() => dayAfter(ctx.nowMs, tz, 1), [ctx.nowMs, tz]);
  const [day, setDay] = useState(choices[0]?.day ?? min);
  const [error, setError] = useState('');
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  const label = (c: (typeof choices)[number]) => {
    const when = formatDate(ctx.locale, c.day, { weekday: 'short', day: 'numeric', month: 'short' });
    if (c.id === 'tomorrow') return t('inboxCards.tomorrow', [when]);
    if (c.id === 'next-monday') return t('inboxCards.nextMonday', [when]);
    return t('inboxCards.nextWeek', [when]);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
    }
  };
  return (
    <form
      id={id}
      className="snooze"
      aria-label={t('inboxCards.snoozeOf', [card.title])}
      onKeyDown={onKey}
      onSubmit={(e) => {
        e.preventDefault();
        const until = snoozeUntilDate(day, tz);
        if (!until || Date.parse(until) <= ctx.nowMs) return setError(t('inboxCards.snoozePast'));
        onPick(until);
      }}
    >
      <p className="hint">{t('inboxCards.snoozeHint', [tz])}</p>
      <div className="choices">
        {choices.map((c, i) => (
          <button key={c.id} ref={i === 0 ? first : undefined} type="button" className="secondary" onClick={() => onPick(c.until)}>
            {label(c)}
          </button>
        ))}
      </div>
      <label className="date">
        {t('inboxCards.snoozeDate')}
        <input
          type="date"
          value={day}
          min={min}
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-err` : undefined}
          onChange={(e) => {
            setDay(e.target.value);
            setError('');
          }}
        />
      </label>
      <div className="choices">
        <button type="submit">{t('inboxCards.snoozeSubmit')}</button>
        <button type="button" className="secondary" onClick={onClose}>
          {t('inboxCards.cancel')}
        </button>
      </div>
      {error && (
        <p id={`${id}-err`} className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function Group({ severity, cards, ...rest }: { severity: Severity; cards: InboxCard[] } & Omit<CardProps, 'card'>) {
  const [shown, setShown] = useState(GROUP_PAGE);
  const visible = cards.slice(0, shown);
  const more = cards.length - visible.length;
  const hid = `g-${severity}`;
  return (
    <section aria-labelledby={hid} className="group" data-severity={severity}>
      <h2 id={hid}>
        {severityHeading(severity)} <span className="muted">({cards.length})</span>
      </h2>
      <ul className="cards">
        {visible.map((c) => (
          <Card key={c.itemKey} card={c} {...rest} />
        ))}
      </ul>
      {more > 0 && (
        <button type="button" className="link more" onClick={() => setShown((n) => n + Math.max(GROUP_PAGE, 20))}>
          {t('inboxCards.showMore', [String(Math.min(more, Math.max(GROUP_PAGE, 20))), String(more)])}
        </button>
      )}
      {shown > GROUP_PAGE && (
        <button type="button" className="link more" onClick={() => setShown(GROUP_PAGE)}>
          {t('inboxCards.showFewer')}
        </button>
      )}
    </section>
  );
}

function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

/** The person's inbox state, kept current across contexts; and a tick when a snapshot changed. */
function useInboxState(reload: () => void): InboxState | null {
  const [state, setState] = useState<InboxState | null>(null);
  useEffect(() => {
    let alive = true;
    readInboxState()
      .then((s) => alive && setState(s))
      .catch(() => alive && setState(EMPTY_INBOX_STATE));
    const off1 = watchInboxState((s) => alive && setState(s));
    const off2 = watchSnapshotSignal(() => reload());
    return () => {
      alive = false;
      off1();
      off2();
    };
  }, [reload]);
  return state;
}

function isEmptyWorkspace(data: Loaded): boolean {
  const ws = data.ws;
  return ws.itemMeta.length === 0 && ws.dependencies.length === 0 && ws.leadNotes.length === 0 && ws.slaEvents.length === 0 && data.snapshots.length === 0;
}

export function InboxView({ page = 'popup' }: { page?: Extract<PageId, 'popup' | 'sidepanel'> }) {
  const env = usePagesEnv();
  const { data, error, reload } = usePagesData();
  const state = useInboxState(reload);
  const [tick, setTick] = useState(0);
  const [busy, setBusy] = useState(false);
  const [lastUndo, setLastUndo] = useState<UndoRecord | null>(null);
  const [announce, setAnnounce] = useState('');
  const [actionError, setActionError] = useState('');
  const [showSnoozed, setShowSnoozed] = useState(false);
  const [focusCard, setFocusCard] = useState<string | null>(null);
  const undoBtn = useRef<HTMLButtonElement>(null);
  const inbox: Inbox | null = useMemo(
    () => (data && state ? buildInbox({ ...data.ws, snapshots: data.snapshots }, data.settings, env.now(), state) : null),
    // tick: recompute when a snooze ends or a clock changes state while the page stays open
    [data, state, env, tick],
  );
  // Re-evaluate when the next snooze ends or clock changes (bounded to a minute: the badge's own rhythm).
  useEffect(() => {
    if (!inbox?.nextChangeAt) return;
    const wait = Math.min(Math.max(inbox.nextChangeAt - env.now().getTime() + 500, 1000), 60_000);
    const h = setTimeout(() => setTick((n) => n + 1), wait);
    return () => clearTimeout(h);
  }, [inbox, env]);
  useEffect(() => {
    if (!focusCard) return;
    const el = document.querySelector<HTMLElement>(`[data-card="${CSS.escape(focusCard)}"]`);
    if (el) {
      el.focus();
      setFocusCard(null);
    }
  }, [focusCard, inbox]);

  // A message with nothing to undo ("… is back") clears itself after a while.
  useEffect(() => {
    if (!announce || lastUndo) return;
    const h = setTimeout(() => setAnnounce(''), 8000);
    return () => clearTimeout(h);
  }, [announce, lastUndo]);
  // After done/snooze the card is gone: focus goes to the Undo button that replaced it.
  useEffect(() => {
    if (lastUndo) undoBtn.current?.focus();
  }, [lastUndo]);

  const deps = useMemo((): InboxActionDeps | null => {
    if (!data) return null;
    return {
      store: env.store,
      update: updateInboxState,
      author: { name: data.settings.personName ?? '', teamId: data.settings.teamIds[0] ?? '' },
      now: () => env.now(),
    };
  }, [data, env]);

  const run = useCallback(
    async (fn: () => Promise<UndoRecord | null>, say: (r: UndoRecord) => string) => {
      setBusy(true);
      setActionError('');
      try {
        const rec = await fn();
        if (rec) {
          setLastUndo(rec);
          setAnnounce(say(rec));
        }
      } catch (e) {
        setActionError(t('inboxCards.actionFailed', [e instanceof Error ? e.message : String(e)]));
      } finally {
        setBusy(false);
      }
    },
    [],
  );
  const onDone = useCallback(
    (card: InboxCard) => {
      if (deps) void run(() => markDone(deps, card), (r) => t('inboxCards.didDone', [r.title]));
    },
    [deps, run],
  );
  const onSnooze = useCallback(
    (card: InboxCard, until: string) => {
      if (deps) void run(() => snoozeCard(deps, card, until), (r) => t('inboxCards.didSnooze', [r.title, formatDateTime(uiLocale(), (r as Extract<UndoRecord, { kind: 'snooze' }>).until)]));
    },
    [deps, run],
  );
  const onUnsnooze = useCallback(
    (card: InboxCard) => {
      if (!deps) return;
      void unsnooze(deps, card.itemKey).then(() => {
        setAnnounce(t('inboxCards.didUnsnooze', [card.title]));
        setFocusCard(card.itemKey);
      });
    },
    [deps],
  );
  const onOpen = useCallback(
    (card: InboxCard) => {
      if (!card.url) return;
      void browser.tabs
        .create({ url: card.url })
        .then(() => {
          if (page === 'popup') window.close();
        })
        .catch(() => window.open(card.url, '_blank', 'noopener'));
    },
    [page],
  );
  const onUndo = useCallback(() => {
    if (!deps || !lastUndo) return;
    const rec = lastUndo;
    setBusy(true);
    undo(deps, rec)
      .then(() => {
        setLastUndo(null);
        setAnnounce(t('inboxCards.didUndo', [rec.title]));
        setFocusCard(rec.itemKey);
      })
      .catch((e: unknown) => setActionError(t('inboxCards.actionFailed', [e instanceof Error ? e.message : String(e)])))
      .finally(() => setBusy(false));
  }, [deps, lastUndo]);

  const ctx = useMemo((): Ctx | null => (data ? { teams: data.ws.teams, templates: data.ws.briefTemplates, locale: uiLocale(), nowMs: env.now().getTime() } : null), [data, env]);
  const groups = useMemo(() => (inbox ? groupCards(inbox.cards) : []), [inbox]);

  if (error) return <LoadError message={error} />;
  if (!data || !inbox || !ctx) return <Loading />;
  const teams = data.ws.teams;
  const scope = data.settings.teamIds.length ? t('pages.inbox.scopeTeams', [data.settings.teamIds.map((id) => teamName(teams, id)).join(', ')]) : t('pages.inbox.scopeAll');
  const n = inbox.cards.length;
  const snoozedN = inbox.snoozed.length;
  return (
    <div className="inbox">
      <p className="muted summary" data-inbox-count={n}>
        {t('inboxCards.count', [String(n)])} · {scope}
        {snoozedN > 0 && <> · {t('inboxCards.snoozedCount', [String(snoozedN)])}</>}
      </p>
      {data.settings.teamIds.length === 0 && (
        <p className="hint">
          <a href={pageUrl('options') + '#profile'} target="_blank" rel="noreferrer">
            {t('pages.inbox.chooseTeams')}
          </a>
        </p>
      )}
      <div className="undo-bar" role="status" aria-live="polite">
        {announce && <span>{announce}</span>}
        {lastUndo && (
          <>
            {' '}
            <button ref={undoBtn} type="button" className="secondary" disabled={busy} aria-label={t('inboxCards.undoOf', [lastUndo.title])} onClick={onUndo}>
              {t('inboxCards.undo')}
            </button>
          </>
        )}
      </div>
      {actionError && (
        <p className="error" role="alert">
          {actionError}
        </p>
      )}
      {n === 0 && <EmptyState data={data} snoozed={snoozedN} dismissed={inbox.dismissedProblems} onShowSnoozed={() => setShowSnoozed(true)} />}
      {groups.map((g) => (
        <Group key={g.severity} severity={g.severity} cards={g.cards} ctx={ctx} busy={busy} onDone={onDone} onSnooze={onSnooze} onOpen={onOpen} />
      ))}
      {snoozedN > 0 && (
        <section aria-labelledby="inbox-snoozed" className="group snoozed">
          <h2 id="inbox-snoozed">
            <button type="button" className="link" aria-expanded={showSnoozed} onClick={() => setShowSnoozed((v) => !v)}>
              {t('inboxCards.snoozedHeading', [String(snoozedN)])}
            </button>
          </h2>
          {showSnoozed && (
            <ul className="cards">
              {inbox.snoozed.slice(0, 50).map((c) => (
                <Card key={c.itemKey} card={c} ctx={ctx} busy={busy} onDone={onDone} onSnooze={onSnooze} onOpen={onOpen} onUnsnooze={onUnsnooze} />
              ))}
            </ul>
          )}
        </section>
      )}
      {inbox.dismissedProblems > 0 && n > 0 && <p className="hint">{t('inboxCards.dismissedHint', [String(inbox.dismissedProblems)])}</p>}
    </div>
  );
}

function EmptyState({ data, snoozed, dismissed, onShowSnoozed }: { data: Loaded; snoozed: number; dismissed: number; onShowSnoozed: () => void }) {
  const [status, setStatus] = useState('');
  if (isEmptyWorkspace(data)) {
    const load = () => {
      setStatus(t('inboxCards.loadingSample'));
      sendMessage('workspace:load-sample', {})
        .then(({ written }) => setStatus(t('pages.transfer.sampleLoaded', [String(written)])))
        .catch((e: unknown) => setStatus(t('inboxCards.actionFailed', [e instanceof Error ? e.message : String(e)])));
    };
    return (
      <div className="empty-state" data-empty="workspace">
        <p>{t('inboxCards.emptyWorkspace')}</p>
        <div className="choices">
          <button type="button" onClick={load}>
            {t('inboxCards.loadSample')}
          </button>
          <a className="btn secondary" href={pageUrl('options')} target="_blank" rel="noreferrer">
            {t('inboxCards.openSettings')}
          </a>
        </div>
        {status && <p className="hint">{status}</p>}
      </div>
    );
  }
  if (snoozed > 0) {
    return (
      <div className="empty-state" data-empty="snoozed">
        <p>{t('inboxCards.emptySnoozed', [String(snoozed)])}</p>
        <button type="button" className="secondary" onClick={onShowSnoozed}>
          {t('inboxCards.showSnoozed')}
        </button>
      </div>
    );
  }
  return (
    <div className="empty-state" data-empty="clear">
      <p>{t('inboxCards.allClear')}</p>
      {dismissed > 0 && <p className="hint">{t('inboxCards.dismissedHint', [String(dismissed)])}</p>}
    </div>
  );
}

export function Popup({ page = 'popup' }: { page?: Extract<PageId, 'popup' | 'sidepanel'> }) {
  return (
    <Shell page={page} title={t('pages.inbox.title')} compact>
      <SyncStatusLine />
      <InboxView page={page} />
    </Shell>
  );
}
