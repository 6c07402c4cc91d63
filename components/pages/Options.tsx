import { Fragment, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { browser } from 'wxt/browser';
import { z } from 'zod';
import {
  BusinessCalendarSchema,
  KpiSchema,
  LEAD_CRITERIA,
  PersonSchema,
  RejectionReasonSchema,
  RoleSchema,
  SettingsSchema,
  SlaPolicySchema,
  TeamSchema,
  type Kpi,
  type Settings,
} from '@/lib/core/schemas';
import { readSettings, type QuarantineEntry, type WorkspaceState } from '@/lib/store';
import { applyImport, exportWorkspace, parseImport, previewImport, type ImportError, type ImportPreview, type WorkspaceFile } from '@/lib/store/transfer';
import { hasSourcePermission, requestSourcePermission } from '@/lib/background/kpi-sources';
import { originPatterns } from '@/lib/background/custom-hosts';
import { BriefTemplatesSection } from './BriefTemplates';
import { usePagesData, usePagesEnv } from './env';
import { EntitySection } from './EntitySection';
import { Field, mapIssues, type FieldSpec, type Values } from './form';
import { Empty, LoadError, Loading, Shell } from './Shell';
import { roleLabel, t, teamName, uiLocale } from './t';
import { formatDateTime } from '@/lib/pages/format';
import { sendMessage } from '@/lib/messaging';
import { TeamWorkspaceSection } from './TeamWorkspace';
import { FirstRunChecklist } from './FirstRun';
import './first-run.css';
import { dateTimeFormat, numberFormat } from '@/lib/core/intl';
import { lazySchema } from '@/lib/core/lazy-schema';

const ROLES = RoleSchema.options;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

function weekdayName(locale: string, d: number): string {
  // 2024-01-01 was a Monday.
  return dateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, d)));
}

function validTimeZone(tz: string): boolean {
  try {
    dateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The origin pattern a permission request names for a URL or a bare host. */
export function originPattern(urlOrHost: string): string | null {
  try {
    const u = new URL(/^https?:\/\//i.test(urlOrHost) ? urlOrHost : `https://${urlOrHost}`);
    return `${u.protocol}//${u.host}/*`;
  } catch {
    return null;
  }
}

// ───────────────────────────── profile ─────────────────────────────

function ProfileSection({ ws, settings }: { ws: WorkspaceState; settings: Settings }) {
  const env = usePagesEnv();
  const idPrefix = useId().replace(/:/g, '');
  const fields: FieldSpec[] = [
    { path: 'personName', label: t('pages.profile.name'), kind: 'text', optional: true },
    { path: 'role', label: t('pages.profile.role'), kind: 'select', optional: true, options: ROLES.map((r) => ({ value: r, label: roleLabel(r) })) },
    { path: 'teamIds', label: t('pages.profile.teams'), kind: 'multi', options: ws.teams.map((x) => ({ value: x.id, label: teamName(ws.teams, x.id) })), hint: t('pages.profile.teamsHint') },
    { path: 'maxClockSkewMinutes', label: t('trust.clockSkew'), kind: 'number', hint: t('trust.clockSkewHint') },
  ];
  const fromSettings = (s: Settings): Values => ({ personName: s.personName ?? '', role: s.role ?? '', teamIds: s.teamIds, maxClockSkewMinutes: String(s.maxClockSkewMinutes) });
  const [values, setValues] = useState<Values>(() => fromSettings(settings));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  // "Saved" (or the save's error) stays until the next change in this form.
  const [status, setStatus] = useState('');
  const dirty = useRef(false);
  // Settings changed elsewhere (another tab, the welcome page, sync) show here unless this form has unsaved edits.
  const settingsJson = JSON.stringify(fromSettings(settings));
  useEffect(() => {
    if (!dirty.current) setValues(JSON.parse(settingsJson) as Values);
  }, [settingsJson]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const skew = Number(String(values.maxClockSkewMinutes ?? '').trim().replace(',', '.'));
    const draft = { ...settings, personName: (values.personName as string).trim() || undefined, role: (values.role as string) || undefined, teamIds: values.teamIds, maxClockSkewMinutes: String(values.maxClockSkewMinutes ?? '').trim() === '' ? settings.maxClockSkewMinutes : skew };
    const parsed = SettingsSchema.safeParse(draft);
    if (!parsed.success) {
      setErrors(mapIssues(fields, parsed.error, values).byField);
      return;
    }
    setErrors({});
    try {
      await env.saveSettings({ personName: parsed.data.personName, role: parsed.data.role, teamIds: parsed.data.teamIds, maxClockSkewMinutes: parsed.data.maxClockSkewMinutes });
      dirty.current = false;
      setStatus(t('pages.profile.saved'));
    } catch (err) {
      setStatus(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <section id="profile" aria-labelledby="profile-heading" className="settings-section">
      <h2 id="profile-heading">{t('pages.profile.heading')}</h2>
      <form onSubmit={submit} noValidate aria-labelledby="profile-heading">
        {fields.map((f) => (
          <Field
            key={f.path}
            spec={f}
            idPrefix={idPrefix}
            value={values[f.path] ?? ''}
            errors={errors[f.path]}
            onChange={(v) => {
              dirty.current = true;
              setStatus('');
              setValues((o) => ({ ...o, [f.path]: v }));
            }}
          />
        ))}
        <div className="actions">
          <button type="submit">{t('pages.common.save')}</button>
        </div>
        <p className="status" role="status">
          {status}
        </p>
      </form>
    </section>
  );
}

// ───────────────────────────── self-hosted domains ─────────────────────────────

const HostSchema = /* @__PURE__ */ lazySchema(() => z
  .string()
  .min(1)
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(:\d{1,5})?$/));

function HostsSection({ settings }: { settings: Settings }) {
  const env = usePagesEnv();
  const [tool, setTool] = useState<'jira' | 'bitrix24'>('jira');
  const [host, setHost] = useState('');
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const add = async (e: FormEvent) => {
    e.preventDefault();
    const clean = host
      .trim()
      .toLowerCase()
      .replace(/^https?:\/\//, '')
      .replace(/\/.*$/, '');
    const parsed = HostSchema.safeParse(clean);
    if (!parsed.success) {
      setError(clean ? t('pages.hosts.invalid') : t('pages.errors.required'));
      return;
    }
    if (settings.customHosts[tool].includes(clean)) {
      setError(t('pages.hosts.duplicate'));
      return;
    }
    setError('');
    // Must be the first await of the click: the permission prompt needs the user gesture.
    let granted: boolean;
    try {
      granted = await browser.permissions.request({ origins: originPatterns(clean) });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      return;
    }
    if (!granted) {
      setStatus(t('pages.hosts.denied', [clean]));
      return;
    }
    await env.saveSettings({ customHosts: { ...settings.customHosts, [tool]: [...settings.customHosts[tool], clean] } });
    setHost('');
    setStatus(t('pages.hosts.added', [clean]));
  };
  const remove = async (which: 'jira' | 'bitrix24', h: string) => {
    const customHosts = { ...settings.customHosts, [which]: settings.customHosts[which].filter((x) => x !== h) };
    await env.saveSettings({ customHosts });
    // Firefox's pattern has no port: keep it while another listed host still needs it.
    const origins = originPatterns(h);
    const shared = [...customHosts.jira, ...customHosts.bitrix24].some((x) => originPatterns(x)[0] === origins[0]);
    if (!shared) await browser.permissions.remove({ origins }).catch(() => false);
    setStatus(t('pages.hosts.removed', [h]));
  };
  const all = (['jira', 'bitrix24'] as const).flatMap((w) => settings.customHosts[w].map((h) => ({ w, h })));
  return (
    <section id="hosts" aria-labelledby="hosts-heading" className="settings-section">
      <h2 id="hosts-heading">{t('pages.hosts.heading')}</h2>
      <p className="muted">{t('pages.hosts.intro')}</p>
      {all.length === 0 ? (
        <Empty>{t('pages.hosts.empty')}</Empty>
      ) : (
        <ul>
          {all.map(({ w, h }) => (
            <li key={`${w}:${h}`}>
              {w === 'jira' ? 'Jira' : 'Bitrix24'}: {h}{' '}
              <button type="button" className="danger" onClick={() => void remove(w, h)} aria-label={t('pages.common.deleteNamed', [h])}>
                {t('pages.common.delete')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(e) => void add(e)} noValidate aria-label={t('pages.hosts.add')}>
        <div className="field">
          <label htmlFor="host-tool">{t('pages.hosts.tool')}</label>
          <select id="host-tool" value={tool} onChange={(e) => setTool(e.target.value as 'jira' | 'bitrix24')}>
            <option value="jira">Jira Server / Data Center</option>
            <option value="bitrix24">Bitrix24</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="host-name">{t('pages.hosts.domain')}</label>
          <input
            id="host-name"
            value={host}
            onChange={(e) => setHost(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'host-name-error host-name-hint' : 'host-name-hint'}
            placeholder="jira.example.com"
            autoComplete="off"
          />
          <p id="host-name-hint" className="hint">
            {t('pages.hosts.hint')}
          </p>
          {error && (
            <p id="host-name-error" className="error" role="alert">
              {error}
            </p>
          )}
        </div>
        <button type="submit">{t('pages.hosts.add')}</button>
      </form>
      <p className="status" role="status">
        {status}
      </p>
    </section>
  );
}

// ───────────────────────────── import / export ─────────────────────────────

function TransferSection() {
  const env = usePagesEnv();
  const [errors, setErrors] = useState<ImportError[]>([]);
  const [file, setFile] = useState<WorkspaceFile | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');
  const [status, setStatus] = useState('');
  const onFile = async (f: File | undefined) => {
    setErrors([]);
    setFile(null);
    setPreview(null);
    setStatus('');
    if (!f) return;
    const text = await f.text();
    const parsed = parseImport(text);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setFile(parsed.file);
    setPreview(await previewImport(env.store, parsed.file, { mode }));
  };
  useEffect(() => {
    if (file) void previewImport(env.store, file, { mode }).then(setPreview);
  }, [mode, file, env]);
  const apply = async () => {
    if (!file) return;
    const done = await applyImport(env.store, file, { mode });
    setStatus(t('pages.transfer.applied', [String(done.total.added), String(done.total.changed), String(done.total.removed)]));
    setFile(null);
    setPreview(null);
  };
  // The sample workspace (lib/demo/sample-workspace.ts), written by the background like any edit.
  const loadSample = async () => {
    try {
      const { written } = await sendMessage('workspace:load-sample', {});
      setStatus(t('pages.transfer.sampleLoaded', [String(written)]));
    } catch (err) {
      setStatus(err instanceof Error ? err.message : String(err));
    }
  };
  const download = async (scope: 'all' | 'policy') => {
    const data = await exportWorkspace(env.store, { scope });
    const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `liaison-${scope}-${new Date().toISOString().slice(0, 10)}.json`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    setStatus(t('pages.transfer.exported'));
  };
  return (
    <section id="transfer" aria-labelledby="transfer-heading" className="settings-section">
      <h2 id="transfer-heading">{t('pages.transfer.heading')}</h2>
      <div className="actions">
        <button type="button" onClick={() => void download('all')}>
          {t('pages.transfer.exportAll')}
        </button>
        <button type="button" className="secondary" onClick={() => void download('policy')}>
          {t('pages.transfer.exportPolicy')}
        </button>
        <button type="button" className="secondary" aria-describedby="sample-hint" onClick={() => void loadSample()}>
          {t('pages.transfer.sample')}
        </button>
      </div>
      <p id="sample-hint" className="hint">
        {t('pages.transfer.sampleHint')}
      </p>
      <div className="field">
        <label htmlFor="import-file">{t('pages.transfer.file')}</label>
        <input
          id="import-file"
          type="file"
          accept="application/json,.json"
          aria-invalid={errors.length ? true : undefined}
          aria-describedby={errors.length ? 'import-errors' : undefined}
          onChange={(e) => void onFile(e.target.files?.[0])}
        />
      </div>
      <fieldset className="field">
        <legend>{t('pages.transfer.mode')}</legend>
        <label className="check">
          <input type="radio" name="import-mode" checked={mode === 'merge'} onChange={() => setMode('merge')} />
          {t('pages.transfer.merge')}
        </label>
        <label className="check">
          <input type="radio" name="import-mode" checked={mode === 'replace'} onChange={() => setMode('replace')} />
          {t('pages.transfer.replace')}
        </label>
      </fieldset>
      {errors.length > 0 && (
        <div id="import-errors" role="alert">
          <p className="error">{t('pages.transfer.invalid', [String(errors.length)])}</p>
          <ul className="error">
            {errors.map((e, i) => (
              <li key={i}>
                <code>{e.path}</code>: {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {preview && (
        <div aria-labelledby="preview-heading">
          <h3 id="preview-heading">{t('pages.transfer.preview', [String(preview.total.added), String(preview.total.changed), String(preview.total.removed)])}</h3>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('pages.transfer.collection')}</th>
                <th scope="col">{t('pages.transfer.added')}</th>
                <th scope="col">{t('pages.transfer.changed')}</th>
                <th scope="col">{t('pages.transfer.removed')}</th>
                <th scope="col">{t('pages.transfer.unchanged')}</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(preview.collections).map(([c, v]) => (
                <tr key={c}>
                  <th scope="row">{c}</th>
                  <td>{v.added.join(', ') || '—'}</td>
                  <td>{v.changed.join(', ') || '—'}</td>
                  <td>{v.removed.join(', ') || '—'}</td>
                  <td>{v.unchanged}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="actions">
            <button type="button" onClick={() => void apply()}>
              {t('pages.transfer.apply')}
            </button>
            <button type="button" className="secondary" onClick={() => (setFile(null), setPreview(null))}>
              {t('pages.common.cancel')}
            </button>
          </div>
        </div>
      )}
      <p className="status" role="status">
        {status}
      </p>
    </section>
  );
}

// ───────────────────────────── quarantine ─────────────────────────────

function QuarantineSection() {
  const env = usePagesEnv();
  const [list, setList] = useState<QuarantineEntry[] | null>(null);
  const load = () => void env.store.quarantine().then(setList, () => setList([]));
  useEffect(load, [env]);
  return (
    <section id="quarantine" aria-labelledby="quarantine-heading" className="settings-section">
      <h2 id="quarantine-heading">{t('pages.quarantine.heading')}</h2>
      <p className="muted">{t('pages.quarantine.intro')}</p>
      {list === null ? (
        <Loading />
      ) : list.length === 0 ? (
        <Empty>{t('pages.quarantine.empty')}</Empty>
      ) : (
        <ul className="plain">
          {list.map((q) => (
            <li key={q.key} className="entry">
              <code>{q.key}</code> · {formatDateTime(uiLocale(), q.at)}
              <p className="error">{q.reason}</p>
              <details>
                <summary>{t('pages.quarantine.value')}</summary>
                <pre>{JSON.stringify(q.value, null, 2)}</pre>
              </details>
              <button type="button" className="danger" onClick={() => void env.store.discardQuarantined(q.key).then(load)} aria-label={t('pages.common.deleteNamed', [q.key])}>
                {t('pages.quarantine.discard')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

// ───────────────────────────── KPI source access ─────────────────────────────

function SourceAccess({ kpi }: { kpi: Kpi }) {
  const [state, setState] = useState<'unknown' | 'granted' | 'denied'>('unknown');
  const origin = kpi.source ? originPattern(kpi.source.url) : null;
  useEffect(() => {
    if (origin && kpi.source) void hasSourcePermission(kpi.source.url).then((ok) => setState(ok ? 'granted' : 'unknown'));
  }, [origin, kpi.source]);
  if (!origin) return null;
  if (state === 'granted') return <span className="tag">{t('pages.kpis.accessGranted')}</span>;
  return (
    <button
      type="button"
      className="secondary"
      aria-label={t('pages.kpis.allowNamed', [kpi.name])}
      onClick={() => {
        // Called directly in the click handler: the permission prompt needs the user gesture.
        if (kpi.source) void requestSourcePermission(kpi.source.url).then((ok) => setState(ok ? 'granted' : 'denied'), () => setState('denied'));
      }}
    >
      {state === 'denied' ? t('pages.kpis.accessDenied') : t('pages.kpis.allow')}
    </button>
  );
}

// ───────────────────────────── storage problems (issue 16) ─────────────────────────────

/** Settings that could not be read completely, storage written by a newer Liaison: said at the top, nothing is saved over them. */
function StorageProblems() {
  const env = usePagesEnv();
  const [problems, setProblems] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    void Promise.all([readSettings().catch(() => ({ problem: undefined })), env.store.ready().then(() => env.store.readOnly())]).then(([read, ro]) => {
      if (!live) return;
      const out: string[] = [];
      if (ro) out.push(t('trust.storageNewer', [String(ro.stored), String(ro.known)]));
      if (read.problem) out.push(t('trust.settingsUnreadable', [read.problem]));
      setProblems(out);
    });
    return () => {
      live = false;
    };
  }, [env]);
  if (!problems.length) return null;
  return (
    <div className="storage-problems" data-testid="storage-problems">
      {problems.map((p) => (
        <p key={p} className="error" role="alert">
          {p}
        </p>
      ))}
    </div>
  );
}

// ───────────────────────────── sections and their navigation (issue 13) ─────────────────────────────

export const SECTION_IDS = ['profile', 'team', 'teams', 'people', 'kpis', 'sla', 'calendars', 'briefs', 'leads', 'hosts', 'transfer', 'quarantine'] as const;
export type SectionId = (typeof SECTION_IDS)[number];
/** Anchors inside a section that deep links may name (options.html#reasons opens "Lead quality"). */
const INNER_ANCHORS: Record<string, SectionId> = { reasons: 'leads' };

/** `#all`: every section on one page (to search the settings with the browser's Find). */
export type SectionView = SectionId | 'all';

export function sectionOf(hash: string): SectionView {
  let id = hash.replace(/^#/, '');
  try {
    id = decodeURIComponent(id);
  } catch {
    // a malformed escape names no section
  }
  if (id === 'all' || (SECTION_IDS as readonly string[]).includes(id)) return id as SectionView;
  return INNER_ANCHORS[id] ?? 'profile';
}

/** The section the URL's hash names; follows the back and forward buttons and the side nav. */
function useSectionHash(): SectionView {
  const [current, setCurrent] = useState<SectionView>(() => sectionOf(location.hash));
  useEffect(() => {
    const onHash = () => {
      const next = sectionOf(location.hash);
      setCurrent(next);
      // After a change the person asked for, land on the section's heading (screen readers read it).
      requestAnimationFrame(() => {
        const target = document.getElementById(location.hash.slice(1)) ?? document.getElementById(next);
        const heading = target?.matches('h2') ? target : target?.querySelector('h2');
        if (heading instanceof HTMLElement) {
          heading.tabIndex = -1;
          heading.focus();
        }
        target?.scrollIntoView?.({ block: 'start' });
      });
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return current;
}

/** The settings' own navigation: links with anchors (keyboard, deep links, history), the current one marked. */
function SectionNav({ sections, current }: { sections: ReadonlyArray<readonly [SectionView, string]>; current: SectionView }) {
  return (
    <nav aria-label={t('pages.options.sections')} className="section-nav">
      <ul>
        {[...sections, ['all', t('firstRun.sectionsAll')] as const].map(([id, label]) => (
          <li key={id}>
            <a href={`#${id}`} aria-current={id === current ? 'location' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

// ───────────────────────────── the page ─────────────────────────────

export function OptionsView() {
  const { data, error } = usePagesData();
  const current = useSectionHash();
  if (error) return <LoadError message={error} />;
  if (!data) return <Loading />;
  const { ws, settings } = data;
  const locale = uiLocale();
  const teamOptions = ws.teams.map((x) => ({ value: x.id, label: teamName(ws.teams, x.id) }));
  const calendarOptions = ws.calendars.map((c) => ({ value: c.id, label: c.name }));
  const idField = (hint?: string): FieldSpec => ({ path: 'id', label: t('pages.fields.id'), kind: 'text', lockOnEdit: true, format: t('pages.errors.id'), hint: hint ?? t('pages.fields.idHint') });
  const itemRoles = (['campaign', 'release', 'brief', 'gtm', 'lead', 'other'] as const).map((r) => ({ value: r, label: r }));
  const sections: ReadonlyArray<readonly [SectionId, string]> = [
    ['profile', t('pages.profile.heading')],
    ['team', t('team.heading')],
    ['teams', t('pages.teams.heading')],
    ['people', t('pages.people.heading')],
    ['kpis', t('pages.kpis.heading')],
    ['sla', t('pages.sla.heading')],
    ['calendars', t('pages.calendars.heading')],
    ['briefs', t('pages.briefs.heading')],
    ['leads', t('pages.leads.heading')],
    ['hosts', t('pages.hosts.heading')],
    ['transfer', t('pages.transfer.heading')],
    ['quarantine', t('pages.quarantine.heading')],
  ];
  // One section at a time (issue 13): the hash names it (options.html#team), the side nav marks it.
  const content: Record<SectionId, ReactNode> = {
    profile: (
      <>
        <ProfileSection ws={ws} settings={settings} />
      </>
    ),
    team: (
      <>
        <TeamWorkspaceSection />
      </>
    ),
    teams: (
      <>
        <EntitySection
          id="teams"
          collection="teams"
          heading={t('pages.teams.heading')}
          emptyText={t('pages.teams.empty')}
          addLabel={t('pages.teams.add')}
          ws={ws}
          schema={TeamSchema}
          idOf={(e) => e.id}
          label={(e) => teamName([e], e.id)}
          summary={(e) => [e.country, ws.calendars.find((c) => c.id === e.calendarId)?.name].filter(Boolean).join(' · ')}
          fields={[
            idField(),
            { path: 'name', label: t('pages.fields.name'), kind: 'text' },
            { path: 'color', label: t('pages.teams.color'), kind: 'text', optional: true, format: t('pages.errors.color') },
            { path: 'country', label: t('pages.fields.country'), kind: 'text', optional: true, format: t('pages.errors.country') },
            { path: 'calendarId', label: t('pages.teams.calendar'), kind: 'select', optional: true, options: calendarOptions },
          ]}
        />
      </>
    ),
    people: (
      <>
        <EntitySection
          id="people"
          collection="people"
          heading={t('pages.people.heading')}
          emptyText={t('pages.people.empty')}
          addLabel={t('pages.people.add')}
          ws={ws}
          schema={PersonSchema}
          idOf={(e) => e.id}
          label={(e) => e.name}
          summary={(e) => [roleLabel(e.role), e.teamIds.map((id) => teamName(ws.teams, id)).join(', ')].filter(Boolean).join(' · ')}
          fields={[
            idField(),
            { path: 'name', label: t('pages.fields.name'), kind: 'text' },
            { path: 'email', label: t('pages.people.email'), kind: 'text', optional: true },
            { path: 'role', label: t('pages.profile.role'), kind: 'select', options: ROLES.map((r) => ({ value: r, label: roleLabel(r) })) },
            { path: 'teamIds', label: t('pages.profile.teams'), kind: 'multi', options: teamOptions },
          ]}
        />
      </>
    ),
    kpis: (
      <>
        <EntitySection
          id="kpis"
          collection="kpis"
          heading={t('pages.kpis.heading')}
          intro={t('pages.kpis.intro')}
          emptyText={t('pages.kpis.empty')}
          addLabel={t('pages.kpis.add')}
          ws={ws}
          schema={KpiSchema}
          idOf={(e) => e.id}
          label={(e) => e.name}
          summary={(e) =>
            [
              t('pages.kpis.targetIs', [numberFormat(locale).format(e.target), e.direction === 'higher' ? t('pages.kpis.higher') : t('pages.kpis.lower')]),
              e.ownerTeamIds.map((id) => teamName(ws.teams, id)).join(', '),
              e.source ? e.source.url : t('pages.kpis.manual'),
            ].join(' · ')
          }
          rowActions={(e) => <SourceAccess kpi={e} />}
          prepare={(d) => {
            const src = d.source as Record<string, unknown> | undefined;
            if (src && !src.url && !src.valueField && !src.dateField) delete d.source;
            return d;
          }}
          fields={[
            idField(),
            { path: 'name', label: t('pages.fields.name'), kind: 'text' },
            { path: 'unit', label: t('pages.kpis.unit'), kind: 'select', options: ['percent', 'currency', 'count', 'ratio', 'days', 'months', 'hours', 'score'].map((u) => ({ value: u, label: u })) },
            { path: 'currency', label: t('pages.kpis.currency'), kind: 'text', optional: true, format: t('pages.errors.currency') },
            { path: 'direction', label: t('pages.kpis.direction'), kind: 'select', options: [{ value: 'higher', label: t('pages.kpis.higher') }, { value: 'lower', label: t('pages.kpis.lower') }] },
            { path: 'target', label: t('pages.kpis.target'), kind: 'number' },
            { path: 'ownerTeamIds', label: t('pages.kpis.owners'), kind: 'multi', options: teamOptions },
            { path: 'thresholds.atRisk', label: t('pages.kpis.atRisk'), kind: 'number', hint: t('pages.kpis.atRiskHint') },
            { path: 'formula', label: t('pages.kpis.formula'), kind: 'text', optional: true, hint: t('pages.kpis.formulaHint') },
            { path: 'staleAfterDays', label: t('pages.kpis.stale'), kind: 'number' },
            { path: 'source.url', label: t('pages.kpis.sourceUrl'), kind: 'text', optional: true, hint: t('pages.kpis.sourceHint') },
            { path: 'source.format', label: t('pages.kpis.sourceFormat'), kind: 'select', optional: true, options: [{ value: 'csv', label: 'CSV' }, { value: 'json', label: 'JSON' }] },
            { path: 'source.valueField', label: t('pages.kpis.valueField'), kind: 'text', optional: true },
            { path: 'source.dateField', label: t('pages.kpis.dateField'), kind: 'text', optional: true },
            { path: 'source.refreshMinutes', label: t('pages.kpis.refresh'), kind: 'number', optional: true },
          ]}
        />
      </>
    ),
    sla: (
      <>
        <EntitySection
          id="sla"
          collection="slaPolicies"
          heading={t('pages.sla.heading')}
          intro={t('pages.sla.intro')}
          emptyText={t('pages.sla.empty')}
          addLabel={t('pages.sla.add')}
          ws={ws}
          schema={SlaPolicySchema}
          idOf={(e) => e.id}
          label={(e) => e.name}
          summary={(e) => [teamName(ws.teams, e.ownerTeamId), e.kind, e.days !== undefined ? t('pages.sla.days', [String(e.days)]) : '', e.targets ? Object.entries(e.targets).map(([k, v]) => `${k}: ${v} min`).join(', ') : ''].filter(Boolean).join(' · ')}
          extraCheck={(p) => {
            const out: Record<string, string> = {};
            if ((p.kind === 'before' || p.kind === 'after') && !p.anchor) out.anchor = t('pages.sla.needAnchor');
            if ((p.kind === 'before' || p.kind === 'after') && p.days === undefined) out.days = t('pages.sla.needDays');
            if (p.kind === 'elapsed' && (!p.targets || Object.keys(p.targets).length === 0)) out.targets = t('pages.sla.needTargets');
            return out;
          }}
          fields={[
            idField(),
            { path: 'name', label: t('pages.fields.name'), kind: 'text' },
            { path: 'ownerTeamId', label: t('pages.sla.owner'), kind: 'select', options: teamOptions },
            { path: 'involvedTeamIds', label: t('pages.sla.involved'), kind: 'multi', options: teamOptions },
            { path: 'kind', label: t('pages.sla.kind'), kind: 'select', options: ['elapsed', 'before', 'after', 'weekly'].map((k) => ({ value: k, label: k })), hint: t('pages.sla.kindHint') },
            { path: 'anchor', label: t('pages.sla.anchor'), kind: 'select', optional: true, options: ['launch', 'end', 'release', 'due', 'created'].map((k) => ({ value: k, label: k })) },
            { path: 'days', label: t('pages.sla.daysLabel'), kind: 'number', optional: true },
            { path: 'targets', label: t('pages.sla.targets'), kind: 'pairs', optional: true, hint: t('pages.sla.targetsHint') },
            { path: 'weekday', label: t('pages.sla.weekday'), kind: 'select', optional: true, options: WEEKDAYS.map((d) => ({ value: String(d), label: weekdayName(locale, d) })) },
            { path: 'atRiskShare', label: t('pages.sla.atRisk'), kind: 'number', hint: t('pages.sla.atRiskHint') },
            { path: 'businessTime', label: t('pages.sla.businessTime'), kind: 'checkbox' },
            { path: 'calendarId', label: t('pages.teams.calendar'), kind: 'select', optional: true, options: calendarOptions },
            { path: 'appliesTo', label: t('pages.sla.appliesTo'), kind: 'multi', options: itemRoles },
          ]}
          prepare={(d) => (typeof d.weekday === 'string' ? { ...d, weekday: Number(d.weekday) } : d)}
        />
      </>
    ),
    calendars: (
      <>
        <EntitySection
          id="calendars"
          collection="calendars"
          heading={t('pages.calendars.heading')}
          emptyText={t('pages.calendars.empty')}
          addLabel={t('pages.calendars.add')}
          ws={ws}
          schema={BusinessCalendarSchema}
          idOf={(e) => e.id}
          label={(e) => e.name}
          summary={(e) => [e.timeZone, `${e.start}–${e.end}`, e.workingDays.map((d) => weekdayName(locale, d).slice(0, 3)).join(' '), e.country].filter(Boolean).join(' · ')}
          prepare={(d) => ({ ...d, workingDays: Array.isArray(d.workingDays) ? (d.workingDays as string[]).map(Number).sort() : d.workingDays })}
          extraCheck={(c): Record<string, string> => (validTimeZone(c.timeZone) ? {} : { timeZone: t('pages.calendars.badZone', [c.timeZone]) })}
          fields={[
            idField(),
            { path: 'name', label: t('pages.fields.name'), kind: 'text' },
            { path: 'timeZone', label: t('pages.calendars.timeZone'), kind: 'text', hint: t('pages.calendars.timeZoneHint') },
            { path: 'workingDays', label: t('pages.calendars.workingDays'), kind: 'multi', options: WEEKDAYS.map((d) => ({ value: String(d), label: weekdayName(locale, d) })) },
            { path: 'start', label: t('pages.calendars.start'), kind: 'time', format: t('pages.errors.time') },
            { path: 'end', label: t('pages.calendars.end'), kind: 'time', format: t('pages.errors.time') },
            { path: 'country', label: t('pages.calendars.country'), kind: 'text', optional: true, format: t('pages.errors.country') },
            { path: 'region', label: t('pages.calendars.region'), kind: 'text', optional: true },
            { path: 'extraDaysOff', label: t('pages.calendars.daysOff'), kind: 'list', hint: t('pages.calendars.datesHint'), format: t('pages.errors.date') },
            { path: 'extraWorkingDays', label: t('pages.calendars.workingWeekends'), kind: 'list', hint: t('pages.calendars.datesHint'), format: t('pages.errors.date') },
          ]}
        />
      </>
    ),
    briefs: (
      <>
        <BriefTemplatesSection ws={ws} />
      </>
    ),
    leads: (
      <>
        <section id="leads" aria-labelledby="leads-heading" className="settings-section">
          <h2 id="leads-heading">{t('pages.leads.heading')}</h2>
          <h3>{t('pages.leads.criteria')}</h3>
          <dl>
            {LEAD_CRITERIA.map((c) => (
              <div key={c}>
                <dt>
                  <strong>{criterionLabel(c)}</strong>
                </dt>
                <dd>{criterionHint(c)}</dd>
              </div>
            ))}
          </dl>
        </section>
        <EntitySection
          id="reasons"
          collection="rejectionReasons"
          heading={t('pages.leads.reasons')}
          emptyText={t('pages.leads.empty')}
          addLabel={t('pages.leads.add')}
          ws={ws}
          schema={RejectionReasonSchema}
          idOf={(e) => e.id}
          label={(e) => (locale === 'ru' && e.labelRu ? e.labelRu : e.label)}
          summary={(e) => (locale === 'ru' ? e.label : (e.labelRu ?? ''))}
          fields={[
            idField(),
            { path: 'label', label: t('pages.leads.label'), kind: 'text' },
            { path: 'labelRu', label: t('pages.leads.labelRu'), kind: 'text', optional: true },
          ]}
        />
      </>
    ),
    hosts: (
      <>
        <HostsSection settings={settings} />
      </>
    ),
    transfer: (
      <>
        <TransferSection />
      </>
    ),
    quarantine: (
      <>
        <QuarantineSection />
      </>
    ),
  };
  return (
    <div className="options-layout">
      <SectionNav sections={sections} current={current} />
      <div>
        <StorageProblems />
        <FirstRunChecklist settings={settings} where="options" />
        <div key={current} className="options-section" data-section={current}>
          {current === 'all' ? SECTION_IDS.map((id) => <Fragment key={id}>{content[id]}</Fragment>) : content[current]}
        </div>
      </div>
    </div>
  );
}

function criterionLabel(c: (typeof LEAD_CRITERIA)[number]): string {
  switch (c) {
    case 'segment':
      return t('pages.leads.segment');
    case 'need':
      return t('pages.leads.need');
    case 'contactable':
      return t('pages.leads.contactable');
    case 'intent':
      return t('pages.leads.intent');
    default:
      return t('pages.leads.exclusions');
  }
}

function criterionHint(c: (typeof LEAD_CRITERIA)[number]): string {
  switch (c) {
    case 'segment':
      return t('pages.leads.segmentHint');
    case 'need':
      return t('pages.leads.needHint');
    case 'contactable':
      return t('pages.leads.contactableHint');
    case 'intent':
      return t('pages.leads.intentHint');
    default:
      return t('pages.leads.exclusionsHint');
  }
}

export function OptionsPage() {
  return (
    <Shell page="options" title={t('pages.options.title')}>
      <OptionsView />
    </Shell>
  );
}
