/**
 * The weekly sync agenda page (digest.html): per team the three questions of DOMAIN.md §6 for the
 * chosen week, the sync's decisions (owner, deadline, SLA clock; recorded, edited and marked done
 * here), the coordination measures against their norms over the last 8 weeks, copy as Markdown and
 * a print view. Logic: lib/pages/agenda.ts, lib/pages/measures.ts, lib/core/decision.ts.
 */
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { Decision, DecisionOwner } from '@/lib/core/decision';
import type { Person, Team } from '@/lib/core/schemas';
import { agendaMarkdown, agendaWeeks, buildAgenda, ownerName, type Agenda, type AgendaDecision, type AgendaStrings, type AgendaTeam } from '@/lib/pages/agenda';
import { teamTimeZone } from '@/lib/pages/calendar';
import { newDecisionId, parseDecision } from '@/lib/pages/decisions';
import { linePieces, type DigestFormat, type DigestLine, type DigestStrings } from '@/lib/pages/digest';
import { formatDate, formatDuration, formatNumber, formatShare } from '@/lib/pages/format';
import { againstNorm, NORMS, weeklyMeasures, type Ratio, type WeekMeasures } from '@/lib/pages/measures';
import type { AuditEntry } from '@/lib/store';
import { TrendChart, type TrendRow } from './AgendaChart';
import { usePagesData, usePagesEnv, type Loaded } from './env';
import { Empty, LoadError, Loading, Shell } from './Shell';
import { t, teamName, template, uiLocale } from './t';
import './agenda.css';
import { dateTimeFormat, relativeTimeFormat } from '@/lib/core/intl';

export function agendaStrings(): AgendaStrings {
  const s: DigestStrings = {
    title: template('agenda.mdTitle'),
    did: t('pages.digest.did'),
    affected: t('pages.digest.affected'),
    need: t('pages.digest.need'),
    nothing: t('pages.digest.nothing'),
    measures: template('pages.digest.measuresLine'),
    noData: t('agenda.noData'),
    lines: {
      delivered: template('pages.digest.lines.delivered'),
      'blocked-by-us': template('pages.digest.lines.blockedByUs'),
      asked: template('pages.digest.lines.asked'),
      'date-moved': template('pages.digest.lines.dateMoved'),
      'date-set': template('pages.digest.lines.dateSet'),
      noted: template('pages.digest.lines.noted'),
      'lead-notes': template('pages.digest.lines.leadNotes'),
      kpi: template('pages.digest.lines.kpi'),
      'sla-met': template('pages.digest.lines.slaMet'),
      'sla-missed': template('pages.digest.lines.slaMissed'),
      'unblocked-them': template('pages.digest.lines.unblockedThem'),
      'moved-affects': template('pages.digest.lines.movedAffects'),
      need: template('pages.digest.lines.need'),
      'item-done': template('agenda.lines.itemDone'),
      owed: template('agenda.lines.owed'),
      'decision-done': template('agenda.lines.decisionDone'),
    },
    fields: { launch: t('pages.calendar.launch'), release: t('pages.calendar.release'), end: t('pages.calendar.end'), due: t('pages.digest.dueField') },
  };
  return {
    ...s,
    agendaTitle: template('agenda.mdTitle'),
    nothingToReport: t('agenda.nothingToReportHeading'),
    decisions: t('agenda.decisions'),
    noDecisions: t('agenda.noDecisions'),
    decisionLine: template('agenda.decisionLine'),
    measuresHeading: t('agenda.measures'),
  };
}

function Line({ line, s, f }: { line: DigestLine; s: DigestStrings; f: DigestFormat }) {
  return (
    <>
      {linePieces(line, s, f).map((p, i) =>
        'text' in p ? (
          <span key={i}>{p.text}</span>
        ) : p.url ? (
          <a key={i} href={p.url} target="_blank" rel="noreferrer">
            {p.item}
          </a>
        ) : (
          <strong key={i}>{p.item}</strong>
        ),
      )}
    </>
  );
}

function Questions({ team, s, f }: { team: AgendaTeam; s: DigestStrings; f: DigestFormat }) {
  return (
    <>
      {(
        [
          ['did', s.did, team.did],
          ['affected', s.affected, team.affected],
          ['need', s.need, team.need],
        ] as const
      ).map(([key, heading, list]) => (
        <div key={key} className="question">
          <h4>{heading}</h4>
          {list.length === 0 ? (
            <p className="muted">{s.nothing}</p>
          ) : (
            <ul>
              {list.map((l, i) => (
                <li key={i}>
                  <Line line={l} s={s} f={f} />
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </>
  );
}

// ───────────────────────────── decisions ─────────────────────────────

/** Whole days from `from` to `to` (YYYY-MM-DD). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * A decision's clock in words. The state is the SLA clock's (working time in the owner's calendar);
 * the words count calendar days to or since the deadline day, as people say it ("due tomorrow").
 */
function clockText(d: AgendaDecision, locale: string, today: string): string {
  const c = d.clock;
  if (c.metAt) return c.state === 'met' ? t('agenda.clockMet', [formatDate(locale, c.metAt)]) : t('agenda.clockMetLate', [formatDate(locale, c.metAt)]);
  const rel = relativeTimeFormat(locale, { numeric: 'auto' });
  const days = daysBetween(today, d.decision.due);
  if (c.state === 'breached') return t('agenda.clockBreached', [rel.format(Math.min(-1, days), 'day')]);
  const when = rel.format(Math.max(0, days), 'day');
  return c.state === 'at-risk' ? t('agenda.clockAtRisk', [when]) : t('agenda.clockOnTrack', [when]);
}

/** `team:<id>`, `person:<id>` or `other` in the owner select. */
function ownerValue(owner: DecisionOwner | undefined): string {
  if (!owner) return '';
  if (owner.type === 'team') return `team:${owner.teamId}`;
  return owner.personId ? `person:${owner.personId}` : 'other';
}

interface FormProps {
  teams: Team[];
  people: Person[];
  initial?: Decision;
  defaultDue: string;
  defaultTeam?: string | undefined;
  submitLabel: string;
  onSubmit: (fields: { text: string; owner: DecisionOwner | undefined; due: string; teamId?: string | undefined }) => Promise<Partial<Record<'text' | 'owner' | 'due', string>> | null>;
  onCancel?: () => void;
  autoFocus?: boolean;
}

function DecisionForm({ teams, people, initial, defaultDue, defaultTeam, submitLabel, onSubmit, onCancel, autoFocus }: FormProps) {
  const uid = useId();
  const [text, setText] = useState(initial?.text ?? '');
  const [owner, setOwner] = useState(ownerValue(initial?.owner));
  const [otherName, setOtherName] = useState(initial?.owner.type === 'person' && !initial.owner.personId ? initial.owner.name : '');
  const [due, setDue] = useState(initial?.due ?? defaultDue);
  const [teamId, setTeamId] = useState(initial?.teamId ?? defaultTeam ?? '');
  const [errors, setErrors] = useState<Partial<Record<'text' | 'owner' | 'due', string>>>({});
  const [busy, setBusy] = useState(false);
  const refs = { text: useRef<HTMLTextAreaElement>(null), owner: useRef<HTMLSelectElement>(null), due: useRef<HTMLInputElement>(null) };
  useEffect(() => {
    if (autoFocus) refs.text.current?.focus();
  }, [autoFocus, refs.text]);
  const resolveOwner = (): DecisionOwner | undefined => {
    if (owner.startsWith('team:')) return { type: 'team', teamId: owner.slice(5) };
    if (owner.startsWith('person:')) {
      const p = people.find((x) => x.id === owner.slice(7));
      return p ? { type: 'person', name: p.name, personId: p.id } : undefined;
    }
    if (owner === 'other' && otherName.trim()) return { type: 'person', name: otherName.trim() };
    return undefined;
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Partial<Record<'text' | 'owner' | 'due', string>> = {};
    if (!text.trim()) found.text = t('agenda.textRequired');
    const o = resolveOwner();
    if (!o) found.owner = t('agenda.ownerRequired');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(due)) found.due = t('agenda.dueRequired');
    if (!Object.keys(found).length) {
      setBusy(true);
      const res = await onSubmit({ text: text.trim(), owner: o, due, teamId: teamId || undefined });
      setBusy(false);
      if (res) Object.assign(found, res);
      else if (!initial) {
        setText('');
        setOwner('');
        setOtherName('');
        setDue(defaultDue);
      }
    }
    setErrors(found);
    const first = (['text', 'owner', 'due'] as const).find((k) => found[k]);
    if (first) refs[first].current?.focus();
  };
  const err = (k: 'text' | 'owner' | 'due') =>
    errors[k] ? (
      <p className="field-error" id={`${uid}-${k}-err`}>
        {errors[k]}
      </p>
    ) : null;
  const invalid = (k: 'text' | 'owner' | 'due') => (errors[k] ? { 'aria-invalid': true, 'aria-describedby': `${uid}-${k}-err` } : {});
  return (
    <form className="decision-form no-print" onSubmit={(e) => void submit(e)} noValidate>
      <div className="field field-wide">
        <label htmlFor={`${uid}-text`}>{t('agenda.text')}</label>
        <textarea id={`${uid}-text`} ref={refs.text} rows={2} maxLength={1000} value={text} onChange={(e) => setText(e.target.value)} {...invalid('text')} aria-describedby={errors.text ? `${uid}-text-err` : `${uid}-text-hint`} />
        <p className="hint" id={`${uid}-text-hint`}>
          {t('agenda.textHint')}
        </p>
        {err('text')}
      </div>
      <div className="field">
        <label htmlFor={`${uid}-owner`}>{t('agenda.owner')}</label>
        <select id={`${uid}-owner`} ref={refs.owner} value={owner} onChange={(e) => setOwner(e.target.value)} {...invalid('owner')}>
          <option value="">{t('pages.common.none')}</option>
          <optgroup label={t('agenda.ownerTeams')}>
            {teams.map((tm) => (
              <option key={tm.id} value={`team:${tm.id}`}>
                {teamName(teams, tm.id)}
              </option>
            ))}
          </optgroup>
          {people.length > 0 && (
            <optgroup label={t('agenda.ownerPeople')}>
              {people.map((p) => (
                <option key={p.id} value={`person:${p.id}`}>
                  {p.name}
                </option>
              ))}
            </optgroup>
          )}
          <option value="other">{t('agenda.ownerOther')}</option>
        </select>
        {err('owner')}
      </div>
      {owner === 'other' && (
        <div className="field">
          <label htmlFor={`${uid}-other`}>{t('agenda.ownerName')}</label>
          <input id={`${uid}-other`} type="text" maxLength={120} value={otherName} onChange={(e) => setOtherName(e.target.value)} />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${uid}-due`}>{t('agenda.due')}</label>
        <input id={`${uid}-due`} ref={refs.due} type="date" value={due} onChange={(e) => setDue(e.target.value)} {...invalid('due')} />
        {err('due')}
      </div>
      <div className="field">
        <label htmlFor={`${uid}-team`}>{t('agenda.raisedBy')}</label>
        <select id={`${uid}-team`} value={teamId} onChange={(e) => setTeamId(e.target.value)}>
          <option value="">{t('agenda.noTeam')}</option>
          {teams.map((tm) => (
            <option key={tm.id} value={tm.id}>
              {teamName(teams, tm.id)}
            </option>
          ))}
        </select>
      </div>
      <div className="actions field-wide">
        <button type="submit" disabled={busy}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            {t('agenda.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

function Decisions({ agenda, data, locale, onStatus, weekMonday, defaultDue, today }: { agenda: Agenda; data: Loaded; locale: string; onStatus: (s: string) => void; weekMonday: string; defaultDue: string; today: string }) {
  const env = usePagesEnv();
  const [editing, setEditing] = useState<string | null>(null);
  // After an edit closes, focus returns to that decision's Edit button (not lost to the page).
  const [refocus, setRefocus] = useState<string | null>(null);
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (!refocus || editing) return;
    const button = list.current?.querySelector<HTMLButtonElement>(`[data-decision="${CSS.escape(refocus)}"] button[data-edit]`);
    if (button) {
      button.focus();
      setRefocus(null);
    }
  }, [refocus, editing, agenda]);
  const teams = data.ws.teams;
  const people = data.ws.people;
  const by = data.settings.personName ? { person: data.settings.personName } : undefined;
  const save = async (d: Decision, message: string) => {
    try {
      await env.store.put('decisions', d, by);
      onStatus(message);
      return null;
    } catch (e) {
      onStatus(e instanceof Error ? e.message : String(e));
      return { text: e instanceof Error ? e.message : String(e) };
    }
  };
  const toggle = async (d: Decision) => {
    const { doneAt: _omit, ...rest } = d;
    const next: Decision = d.state === 'done' ? { ...rest, state: 'open' } : { ...rest, state: 'done', doneAt: env.now().toISOString() };
    await save(next, d.state === 'done' ? t('agenda.reopened', [d.text]) : t('agenda.markedDone', [d.text]));
  };
  return (
    <section aria-labelledby="agenda-decisions" className="agenda-decisions">
      <h2 id="agenda-decisions">{t('agenda.decisions')}</h2>
      <p className="hint">{t('agenda.decisionsHint')}</p>
      {agenda.decisions.length === 0 ? (
        <Empty>{t('agenda.noDecisions')}</Empty>
      ) : (
        <ul className="plain decision-list" ref={list}>
          {agenda.decisions.map((ad) => {
            const d = ad.decision;
            if (editing === d.id) {
              return (
                <li key={d.id} className="decision">
                  <DecisionForm
                    teams={teams}
                    people={people}
                    initial={d}
                    defaultDue={d.due}
                    submitLabel={t('agenda.save')}
                    autoFocus
                    onCancel={() => {
                      setEditing(null);
                      setRefocus(d.id);
                    }}
                    onSubmit={async (fields) => {
                      const parsed = parseDecision({ ...d, ...fields, teamId: fields.teamId });
                      if (!parsed.ok) return { text: t('agenda.textRequired') };
                      const res = await save(parsed.decision, t('agenda.updated', [parsed.decision.text]));
                      if (!res) {
                        setEditing(null);
                        setRefocus(d.id);
                      }
                      return res;
                    }}
                  />
                </li>
              );
            }
            return (
              <li key={d.id} className={`decision decision-${d.state}`} data-decision={d.id}>
                <p className="decision-text">
                  <span className="decision-mark" aria-hidden="true">
                    {d.state === 'done' ? '☑' : '☐'}
                  </span>{' '}
                  <strong>{d.text}</strong>
                </p>
                <p className="detail">
                  {t('agenda.ownerIs', [ownerName(d, (id) => teamName(teams, id), people)])} · {t('agenda.dueOn', [formatDate(locale, d.due)])} ·{' '}
                  <span className={`state-${ad.clock.state}`} data-clock={ad.clock.state}>
                    {clockText(ad, locale, today)}
                  </span>
                  {d.teamId && <> · {t('agenda.raisedByTeam', [teamName(teams, d.teamId)])}</>}
                </p>
                <div className="actions no-print">
                  <button type="button" className="secondary" aria-label={d.state === 'done' ? t('agenda.reopenNamed', [d.text]) : t('agenda.markDoneNamed', [d.text])} onClick={() => void toggle(d)}>
                    {d.state === 'done' ? t('agenda.reopen') : t('agenda.markDone')}
                  </button>
                  <button type="button" className="secondary" data-edit aria-label={t('agenda.editNamed', [d.text])} onClick={() => setEditing(d.id)}>
                    {t('agenda.edit')}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <h3 className="no-print">{t('agenda.newDecision')}</h3>
      <DecisionForm
        teams={teams}
        people={people}
        defaultDue={defaultDue}
        defaultTeam={data.settings.teamIds[0]}
        submitLabel={t('agenda.record')}
        onSubmit={async (fields) => {
          const now = env.now();
          const parsed = parseDecision({
            id: newDecisionId(now.getTime()),
            ...fields,
            createdAt: now.toISOString(),
            week: weekMonday,
            by: data.settings.personName,
          });
          if (!parsed.ok) return Object.fromEntries(Object.keys(parsed.fields).map((k) => [k, k === 'text' ? t('agenda.textRequired') : k === 'owner' ? t('agenda.ownerRequired') : t('agenda.dueRequired')]));
          return save(parsed.decision, t('agenda.recorded', [parsed.decision.text]));
        }}
      />
    </section>
  );
}

// ───────────────────────────── measures ─────────────────────────────

type MeasureId = 'sla' | 'deadlines' | 'blocked' | 'briefs' | 'rework';
const MEASURE_IDS: MeasureId[] = ['sla', 'deadlines', 'blocked', 'briefs', 'rework'];
const PERCENT_NORMS: Partial<Record<MeasureId, { min: number; max?: number }>> = {
  sla: { min: NORMS.sla.min * 100 },
  deadlines: { min: NORMS.deadlines.min * 100, max: NORMS.deadlines.max * 100 },
  rework: { min: NORMS.rework.min * 100, max: NORMS.rework.max * 100 },
};
const SHARE_NORMS: Partial<Record<MeasureId, { min: number; max?: number }>> = { sla: NORMS.sla, deadlines: NORMS.deadlines, rework: NORMS.rework };
/** How a week is judged: deadline adherence above its band is flagged (padded deadlines); more work without rework is never bad. */
const JUDGE: Partial<Record<MeasureId, { min: number; max?: number }>> = { sla: NORMS.sla, deadlines: NORMS.deadlines, rework: { min: NORMS.rework.min } };

function measureTitle(id: MeasureId): string {
  return t(`agenda.${id}` as 'agenda.sla');
}

function normText(id: MeasureId, locale: string): string {
  const n = SHARE_NORMS[id];
  if (!n) return t('agenda.noNorm');
  return n.max !== undefined ? t('agenda.normBand', [formatShare(locale, n.min), formatShare(locale, n.max)]) : t('agenda.normMin', [formatShare(locale, n.min)]);
}

function ratioOf(w: WeekMeasures, id: Exclude<MeasureId, 'blocked'>): Ratio {
  return w[id];
}

/** A week's value of a measure in words, and its basis. */
function valueText(w: WeekMeasures, id: MeasureId, locale: string): { text: string; basis: string; value: number | null } {
  if (id === 'blocked') {
    if (!w.blocked) return { text: t('agenda.noData'), basis: '', value: null };
    return { text: formatDuration(locale, w.blocked.ms), basis: t('agenda.blockedItems', [formatNumber(locale, w.blocked.items)]), value: Math.round((w.blocked.ms / 86_400_000) * 10) / 10 };
  }
  const r = ratioOf(w, id);
  const basis = t('agenda.ratioDetail', [formatNumber(locale, r.ok), formatNumber(locale, r.total)]);
  if (r.share === null) return { text: t('agenda.noData'), basis, value: null };
  const state = JUDGE[id] ? againstNorm(r.share, JUDGE[id]!) : null;
  const stateText = state === 'ok' ? t('agenda.stateOk') : state === 'below' ? t('agenda.stateBelow') : state === 'above' ? t('agenda.stateAbove') : '';
  return { text: formatShare(locale, r.share) + (stateText ? ` — ${stateText}` : ''), basis, value: Math.round(r.share * 1000) / 10 };
}

function Measures({ trend, selected, locale }: { trend: WeekMeasures[]; selected: string; locale: string }) {
  const charts = useMemo(
    () =>
      MEASURE_IDS.map((id) => {
        const rows: TrendRow[] = trend.map((w) => {
          const v = valueText(w, id, locale);
          return { label: formatDate(locale, w.monday, { day: 'numeric', month: 'short' }), value: v.value, text: v.text, basis: v.basis };
        });
        const cur = trend.find((w) => w.monday === selected);
        const curText = cur ? valueText(cur, id, locale).text : t('agenda.noData');
        const series = rows.map((r) => `${r.label} ${r.value === null ? t('agenda.noData') : r.text}`).join('; ');
        return { id, rows, curText, summary: t('agenda.chartSummary', [measureTitle(id), normText(id, locale), series]) };
      }),
    [trend, selected, locale],
  );
  return (
    <section aria-labelledby="agenda-measures" className="agenda-measures">
      <h2 id="agenda-measures">{t('agenda.measures')}</h2>
      <p className="hint">{t('agenda.measuresHint')}</p>
      <div className="trends">
        {charts.map((c) => (
          <div key={c.id} className="trend-card" data-measure={c.id}>
            <TrendChart
              id={`trend-${c.id}`}
              title={measureTitle(c.id)}
              rows={c.rows}
              {...(PERCENT_NORMS[c.id] ? { norm: PERCENT_NORMS[c.id]! } : {})}
              percent={c.id !== 'blocked'}
              unit={c.id === 'blocked' ? t('agenda.days') : '%'}
              summary={c.summary}
              labels={{ week: t('agenda.tableWeek'), value: t('agenda.tableValue'), basis: t('agenda.tableBasis') }}
            />
            <p className="trend-now">
              {t('agenda.thisWeekValue', [c.curText])} <span className="muted">· {normText(c.id, locale)}</span>
            </p>
          </div>
        ))}
      </div>
    </section>
  );
}

// ───────────────────────────── the page ─────────────────────────────

export function AgendaView() {
  const env = usePagesEnv();
  const { data, error } = usePagesData();
  const [audit, setAudit] = useState<AuditEntry[] | null>(null);
  const [monday, setMonday] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  useEffect(() => {
    let live = true;
    env
      .audit()
      .catch(() => [] as AuditEntry[])
      .then((a) => live && setAudit(a));
    return () => {
      live = false;
    };
  }, [env, data]);
  const locale = uiLocale();
  const now = env.now();
  const nowIso = now.toISOString();
  const timeZone = data ? teamTimeZone(data.ws, data.settings.teamIds) : 'UTC';
  const weeks = useMemo(() => agendaWeeks(nowIso, timeZone), [nowIso, timeZone]);
  const week = weeks.find((w) => w.monday === monday) ?? weeks[0]!;
  const f: DigestFormat | null = useMemo(
    () =>
      data
        ? {
            teamName: (id) => teamName(data.ws.teams, id),
            date: (v) => formatDate(locale, v),
            share: (x) => formatShare(locale, x),
            duration: (ms) => formatDuration(locale, ms),
            number: (n) => formatNumber(locale, n),
          }
        : null,
    [data, locale],
  );
  const agenda = useMemo(() => {
    if (!data || !audit) return null;
    return buildAgenda({
      workspace: data.ws,
      snapshots: data.snapshots,
      audit,
      now: nowIso,
      week,
      decisions: data.ws.decisions ?? [],
      calendars: data.ws.calendars,
      teams: data.ws.teams,
    });
  }, [data, audit, nowIso, week]);
  const trend = useMemo(() => {
    if (!data || !audit) return null;
    return weeklyMeasures({ workspace: data.ws, snapshots: data.snapshots, audit, now: nowIso, timeZone }, [...weeks].reverse());
  }, [data, audit, nowIso, timeZone, weeks]);
  if (error) return <LoadError message={error} />;
  if (!data || !agenda || !f || !trend) return <Loading />;
  const s = agendaStrings();
  const teams = data.ws.teams;
  const weekLabel = (w: { monday: string }) => [formatDate(locale, w.monday), formatDate(locale, addDay(w.monday, 6))] as [string, string];
  // A new decision's default deadline: the next sync, a week after today (a weekend: the Friday before).
  const today = isoDate(now, timeZone);
  const defaultDue = nextSyncDay(today);
  const markdown = agendaMarkdown(agenda, s, f, {
    clockText: (d) => clockText(d, locale, today),
    ownerName: (d) => ownerName(d, (id) => teamName(teams, id), data.ws.people),
    measures: MEASURE_IDS.map((id) => {
      const w = trend.find((x) => x.monday === week.monday);
      const v = w ? valueText(w, id, locale) : { text: t('agenda.noData'), basis: '' };
      const basis = w && id !== 'blocked' && w[id].total === 0 ? '' : v.basis;
      return t('agenda.mdMeasure', [measureTitle(id), v.text + (basis ? `, ${basis}` : ''), normText(id, locale)]);
    }),
  });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(markdown);
      setStatus(t('agenda.copied'));
    } catch (e) {
      setStatus(t('agenda.copyFailed', [e instanceof Error ? e.message : String(e)]));
    }
  };
  const withNews = agenda.teams.filter((x) => x.hasNews);
  const quiet = agenda.teams.filter((x) => !x.hasNews);
  const [from, to] = weekLabel(week);
  return (
    <>
      <div className="actions agenda-toolbar no-print">
        <label htmlFor="agenda-week">{t('agenda.week')}</label>
        <select id="agenda-week" value={week.monday} onChange={(e) => setMonday(e.target.value)}>
          {weeks.map((w, i) => {
            const [a, b] = weekLabel(w);
            return (
              <option key={w.monday} value={w.monday}>
                {i === 0 ? t('agenda.weekOptionCurrent', [a, b]) : t('agenda.weekOption', [a, b])}
              </option>
            );
          })}
        </select>
        <button type="button" onClick={() => void copy()}>
          {t('agenda.copy')}
        </button>
        <button type="button" className="secondary" onClick={() => window.print()}>
          {t('agenda.print')}
        </button>
      </div>
      <p className="status no-print" role="status" aria-live="polite">
        {status}
      </p>
      <p className="agenda-week">{t('agenda.weekHeading', [from, to, timeZone])}</p>
      <section aria-labelledby="agenda-teams" className="agenda-teams">
        <h2 id="agenda-teams">{t('agenda.teamsHeading')}</h2>
        {teams.length === 0 && <Empty>{t('agenda.noTeams')}</Empty>}
        {withNews.map((team) => (
          <section key={team.teamId} aria-labelledby={`team-${team.teamId}`} className="digest-team" data-team={team.teamId}>
            <h3 id={`team-${team.teamId}`}>{f.teamName(team.teamId)}</h3>
            <Questions team={team} s={s} f={f} />
          </section>
        ))}
        {quiet.length > 0 && (
          <details className="quiet-teams" data-quiet>
            <summary>{t('agenda.nothingToReport', [quiet.map((x) => f.teamName(x.teamId)).join(', ')])}</summary>
            {quiet.map((team) => (
              <section key={team.teamId} aria-labelledby={`team-${team.teamId}`} className="digest-team" data-team={team.teamId}>
                <h3 id={`team-${team.teamId}`}>{f.teamName(team.teamId)}</h3>
                <Questions team={team} s={s} f={f} />
              </section>
            ))}
          </details>
        )}
      </section>
      <Decisions agenda={agenda} data={data} locale={locale} onStatus={setStatus} weekMonday={week.monday} defaultDue={defaultDue} today={today} />
      <Measures trend={trend} selected={week.monday} locale={locale} />
      <details className="no-print">
        <summary>{t('agenda.showMarkdown')}</summary>
        <label htmlFor="agenda-md" className="hint">
          {t('agenda.markdownLabel')}
        </label>
        <textarea id="agenda-md" className="markdown" readOnly value={markdown} />
      </details>
    </>
  );
}

function addDay(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A week after `today`; on a Saturday or Sunday, the Friday before it. */
export function nextSyncDay(today: string): string {
  const d = addDay(today, 7);
  const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
  return wd === 6 ? addDay(d, -1) : wd === 0 ? addDay(d, -2) : d;
}

function isoDate(now: Date, timeZone: string): string {
  const parts = dateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (x: string) => parts.find((p) => p.type === x)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function AgendaPage() {
  return (
    <Shell page="digest" title={t('agenda.title')}>
      <AgendaView />
    </Shell>
  );
}
