/**
 * Options → "Team workspace": connect this browser to the team's CouchDB database, test the
 * connection with a precise message for each failure, preview and merge local data when joining,
 * follow the replication status live, and sign out (keeping a local copy or not).
 *
 * Self-contained: reads team:config / team:status from storage.local itself and talks to the
 * background through TeamApi (components/sync/api.ts). The password lives only in this
 * component's state until it is sent to the background; it is cleared after connecting.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { DbNameSchema, ServerUrlSchema, isLoopback, type MergePreview, type SyncError, type TestResult } from '@/lib/sync/contract';
import { backgroundTeamApi, serverOriginPattern, type Credentials, type TeamApi } from '../sync/api';
import { clockTime, errorWithStatus, relativeTime, serverHost, statusWords, useNow, useTeamState } from '../sync/status';
import { i18n } from '#i18n';
import type { AuditEntry } from '@/lib/store';
import { recentAudit } from '@/lib/store/idb';
import './team.css';

type FieldName = 'url' | 'db' | 'user' | 'password';
type Outcome = { kind: 'ok' | 'error' | 'info'; text: string } | null;

const COLLECTION_KEYS: Record<string, string> = {
  teams: 'team.collections.teams',
  people: 'team.collections.people',
  kpis: 'team.collections.kpis',
  kpiLinks: 'team.collections.kpiLinks',
  dependencies: 'team.collections.dependencies',
  leadNotes: 'team.collections.leadNotes',
  itemMeta: 'team.collections.itemMeta',
  slaPolicies: 'team.collections.slaPolicies',
  calendars: 'team.collections.calendars',
  briefTemplates: 'team.collections.briefTemplates',
  rejectionReasons: 'team.collections.rejectionReasons',
  slaEvents: 'team.collections.slaEvents',
  kpiStatus: 'team.collections.kpiStatus',
};

function collectionLabel(c: string): string {
  const key = COLLECTION_KEYS[c];
  return key ? (i18n.t as unknown as (k: string) => string)(key) || c : c;
}

/** "http://couch.example.com" is refused with its own message; other URL problems get the general one. */
function urlProblem(url: string): string | null {
  const s = url.trim();
  if (!s) return i18n.t('team.form.required');
  if (ServerUrlSchema.safeParse(s).success) return null;
  try {
    const u = new URL(s);
    if (u.username || u.password) return i18n.t('team.form.urlCredentials');
    if (u.protocol === 'http:' && !isLoopback(u.hostname)) return i18n.t('team.error.insecure');
  } catch {
    /* falls through */
  }
  return i18n.t('team.form.urlInvalid');
}

function normaliseUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

const defaultAudit = () => recentAudit(5000);

export function TeamWorkspaceSection({ api = backgroundTeamApi, audit = defaultAudit }: { api?: TeamApi; audit?: () => Promise<AuditEntry[]> }) {
  const team = useTeamState();
  const now = useNow();
  const [notice, setNotice] = useState('');
  if (!team.loaded) {
    return (
      <section id="team" aria-labelledby="team-heading" className="settings-section team-section">
        <h2 id="team-heading">{i18n.t('team.heading')}</h2>
        <p role="status">{i18n.t('team.loading')}</p>
      </section>
    );
  }
  return (
    <section id="team" aria-labelledby="team-heading" className="settings-section team-section">
      <h2 id="team-heading">{i18n.t('team.heading')}</h2>
      {team.config ? (
        <Connected api={api} team={team} now={now} onSignedOut={(db, keepLocal) => setNotice(i18n.t(keepLocal ? 'team.signout.doneKept' : 'team.signout.doneRemoved', { db }))} />
      ) : (
        <ConnectForm api={api} invalid={team.invalid} notice={notice} />
      )}
      <Conflicts audit={audit} refresh={team.status?.lastSyncedAt ?? team.status?.updatedAt ?? ''} now={now} />
    </section>
  );
}

// ───────────────────────────── not connected: the form ─────────────────────────────

function ConnectForm({ api, invalid, notice }: { api: TeamApi; invalid: boolean; notice: string }) {
  const idp = useId().replace(/:/g, '');
  const [values, setValues] = useState({ url: '', db: '', user: '', password: '' });
  const [auth, setAuth] = useState<'cookie' | 'basic'>('cookie');
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [busy, setBusy] = useState<null | 'test' | 'connect'>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [preview, setPreview] = useState<{ creds: Credentials; data: MergePreview } | null>(null);
  const refs = { url: useRef<HTMLInputElement>(null), db: useRef<HTMLInputElement>(null), user: useRef<HTMLInputElement>(null), password: useRef<HTMLInputElement>(null) };
  const previewRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (preview) previewRef.current?.focus();
  }, [preview]);

  const set = (k: FieldName) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [k]: e.target.value }));

  /** Validates the form; focuses the first bad field. */
  const check = (): Credentials | null => {
    const next: Partial<Record<FieldName, string>> = {};
    const url = normaliseUrl(values.url);
    const u = urlProblem(url);
    if (u) next.url = u;
    const db = values.db.trim();
    if (!db) next.db = i18n.t('team.form.required');
    else if (!DbNameSchema.safeParse(db).success) next.db = i18n.t('team.form.dbInvalid');
    const user = values.user.trim();
    if (!user) next.user = i18n.t('team.form.required');
    if (!values.password) next.password = i18n.t('team.form.required');
    setErrors(next);
    const first = (['url', 'db', 'user', 'password'] as const).find((k) => next[k]);
    if (first) {
      refs[first].current?.focus();
      return null;
    }
    return { url, db, user, password: values.password };
  };

  const failure = (error: SyncError, creds: Credentials) => setOutcome({ kind: 'error', text: errorWithStatus(error, { db: creds.db, server: serverHost(creds.url) }) });
  const thrown = (err: unknown) => setOutcome({ kind: 'error', text: i18n.t('team.error.background', { message: err instanceof Error ? err.message : String(err) }) });

  /**
   * Starts the permission request synchronously (inside the click), then runs `after`.
   * Returns false when the URL is not valid yet (nothing asked).
   */
  const withPermission = (creds: Credentials, after: () => Promise<void>) => {
    const pattern = serverOriginPattern(creds.url);
    if (!pattern) return;
    const asked = api.requestOrigin(pattern); // no await before this line: the prompt needs the gesture
    void asked
      .then(
        (granted) => {
          if (!granted) {
            setOutcome({ kind: 'error', text: i18n.t('team.error.permission', { server: serverHost(creds.url) }) });
            return;
          }
          return after();
        },
        (err: unknown) => thrown(err),
      )
      .finally(() => setBusy(null));
  };

  const onTest = () => {
    setOutcome(null);
    setPreview(null);
    const creds = check();
    if (!creds) return;
    setBusy('test');
    withPermission(creds, async () => {
      setOutcome({ kind: 'info', text: i18n.t('team.test.running', { server: serverHost(creds.url) }) });
      let r: TestResult;
      try {
        r = await api.test(creds);
      } catch (err) {
        thrown(err);
        return;
      }
      if (r.ok) {
        const docs = r.docCount === undefined ? '' : ' ' + i18n.t('team.test.docs', { count: String(r.docCount) });
        setOutcome({ kind: 'ok', text: i18n.t('team.test.ok', { db: creds.db, vendor: r.server.vendor, version: r.server.version }) + docs });
      } else failure(r.error, creds);
    });
  };

  const connect = async (creds: Credentials) => {
    setOutcome({ kind: 'info', text: i18n.t('team.connect.running', { db: creds.db }) });
    try {
      const r = await api.connect({ ...creds, auth });
      if (!r.ok) {
        failure(r.error, creds);
        return;
      }
      setValues((v) => ({ ...v, password: '' }));
      setPreview(null);
      setOutcome({ kind: 'ok', text: i18n.t('team.connect.done', { db: creds.db }) });
    } catch (err) {
      thrown(err);
    }
  };

  const onConnect = (e: FormEvent) => {
    e.preventDefault();
    setOutcome(null);
    setPreview(null);
    const creds = check();
    if (!creds) return;
    setBusy('connect');
    withPermission(creds, async () => {
      setOutcome({ kind: 'info', text: i18n.t('team.preview.running') });
      let p: Awaited<ReturnType<TeamApi['preview']>>;
      try {
        p = await api.preview(creds);
      } catch (err) {
        thrown(err);
        return;
      }
      if (!p.ok) {
        failure(p.error, creds);
        return;
      }
      const localTotal = Object.values(p.preview.local).reduce((a, b) => a + b, 0);
      if (localTotal === 0) {
        await connect(creds);
        return;
      }
      setOutcome(null);
      setPreview({ creds, data: p.preview });
    });
  };

  const onMerge = () => {
    if (!preview) return;
    setBusy('connect');
    void connect(preview.creds).finally(() => setBusy(null));
  };

  const field = (k: FieldName, label: string, opts: { type?: string; hint?: string; autoComplete?: string; placeholder?: string }) => {
    const id = `${idp}-${k}`;
    const described = [opts.hint ? `${id}-hint` : '', errors[k] ? `${id}-error` : ''].filter(Boolean).join(' ');
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          ref={refs[k]}
          type={opts.type ?? 'text'}
          value={values[k]}
          onChange={set(k)}
          autoComplete={opts.autoComplete ?? 'off'}
          spellCheck={false}
          placeholder={opts.placeholder}
          aria-invalid={errors[k] ? true : undefined}
          aria-describedby={described || undefined}
        />
        {opts.hint && (
          <p id={`${id}-hint`} className="hint">
            {opts.hint}
          </p>
        )}
        {errors[k] && (
          <p id={`${id}-error`} className="error">
            {errors[k]}
          </p>
        )}
      </div>
    );
  };

  return (
    <>
      {notice && (
        <p className="team-notice" role="status">
          {notice}
        </p>
      )}
      <p className="muted">{i18n.t('team.intro')}</p>
      {invalid && (
        <p className="error" role="alert">
          {i18n.t('team.invalidStored')}
        </p>
      )}
      <form onSubmit={onConnect} noValidate aria-label={i18n.t('team.form.label')}>
        {field('url', i18n.t('team.form.url'), { hint: i18n.t('team.form.urlHint'), placeholder: 'https://couch.example.com', type: 'url' })}
        {field('db', i18n.t('team.form.db'), { hint: i18n.t('team.form.dbHint'), placeholder: 'acme-workspace' })}
        {field('user', i18n.t('team.form.user'), { autoComplete: 'username' })}
        {field('password', i18n.t('team.form.password'), { type: 'password', autoComplete: 'current-password', hint: i18n.t('team.form.passwordHint') })}
        <fieldset className="field">
          <legend>{i18n.t('team.form.auth')}</legend>
          <label className="check">
            <input type="radio" name={`${idp}-auth`} checked={auth === 'cookie'} onChange={() => setAuth('cookie')} />
            {i18n.t('team.form.authCookie')}
          </label>
          <label className="check">
            <input type="radio" name={`${idp}-auth`} checked={auth === 'basic'} onChange={() => setAuth('basic')} />
            {i18n.t('team.form.authBasic')}
          </label>
          <p className="hint">{auth === 'cookie' ? i18n.t('team.form.authCookieHint') : i18n.t('team.form.authBasicHint')}</p>
        </fieldset>
        <div className="actions">
          <button type="button" className="secondary" onClick={onTest} disabled={busy !== null}>
            {i18n.t('team.test.button')}
          </button>
          <button type="submit" disabled={busy !== null || preview !== null}>
            {i18n.t('team.connect.button')}
          </button>
        </div>
      </form>
      {preview && (
        <div className="team-preview" role="group" aria-labelledby={`${idp}-preview`}>
          <h3 id={`${idp}-preview`} tabIndex={-1} ref={previewRef}>
            {i18n.t('team.preview.heading')}
          </h3>
          <p>{i18n.t('team.preview.intro', { db: preview.creds.db })}</p>
          <PreviewTable data={preview.data} />
          <p className="hint">{i18n.t('team.preview.both', { count: String(preview.data.both) })}</p>
          <div className="actions">
            <button type="button" onClick={onMerge} disabled={busy !== null}>
              {i18n.t('team.preview.merge')}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setPreview(null);
                setOutcome({ kind: 'info', text: i18n.t('team.preview.cancelled') });
              }}
            >
              {i18n.t('team.common.cancel')}
            </button>
          </div>
        </div>
      )}
      <Outcome outcome={outcome} />
    </>
  );
}

function PreviewTable({ data }: { data: MergePreview }) {
  const names = [...new Set([...Object.keys(data.local), ...Object.keys(data.remote)])].filter((c) => (data.local[c] ?? 0) + (data.remote[c] ?? 0) > 0);
  const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  return (
    <table className="team-preview-table">
      <thead>
        <tr>
          <th scope="col">{i18n.t('team.preview.collection')}</th>
          <th scope="col">{i18n.t('team.preview.local')}</th>
          <th scope="col">{i18n.t('team.preview.remote')}</th>
        </tr>
      </thead>
      <tbody>
        {names.map((c) => (
          <tr key={c}>
            <th scope="row">{collectionLabel(c)}</th>
            <td>{data.local[c] ?? 0}</td>
            <td>{data.remote[c] ?? 0}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{i18n.t('team.preview.total')}</th>
          <td>{sum(data.local)}</td>
          <td>{sum(data.remote)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

function Outcome({ outcome }: { outcome: Outcome }) {
  // Two live regions that always exist, so screen readers announce what lands in them.
  return (
    <>
      <p className="status team-outcome" role="status" data-team-outcome={outcome && outcome.kind !== 'error' ? outcome.kind : undefined}>
        {outcome && outcome.kind !== 'error' ? outcome.text : ''}
      </p>
      <div role="alert" className="team-outcome-error">
        {outcome?.kind === 'error' && <p className="error">{outcome.text}</p>}
      </div>
    </>
  );
}

// ───────────────────────────── connected: status and sign-out ─────────────────────────────

function Connected({
  api,
  team,
  now,
  onSignedOut,
}: {
  api: TeamApi;
  team: ReturnType<typeof useTeamState>;
  now: number;
  onSignedOut: (db: string, keepLocal: boolean) => void;
}) {
  const config = team.config!;
  const status = team.status;
  const idp = useId().replace(/:/g, '');
  const words = statusWords(status, config, now);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [password, setPassword] = useState('');
  const questionRef = useRef<HTMLParagraphElement>(null);
  const signOutRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) questionRef.current?.focus();
  }, [confirming]);
  const server = serverHost(config.url);
  const err = status?.lastError;
  const needsPassword = status?.state === 'error' && err?.code === 'unauthorized';

  const run = (fn: () => Promise<void>) => {
    setBusy(true);
    setOutcome(null);
    fn()
      .catch((e: unknown) => setOutcome({ kind: 'error', text: i18n.t('team.error.background', { message: e instanceof Error ? e.message : String(e) }) }))
      .finally(() => setBusy(false));
  };
  const signOut = (keepLocal: boolean) =>
    run(async () => {
      await api.disconnect(keepLocal);
      setConfirming(false);
      onSignedOut(config.db, keepLocal);
    });
  const syncNow = () =>
    run(async () => {
      await api.syncNow();
      setOutcome({ kind: 'info', text: i18n.t('team.connected.syncRequested') });
    });
  const signInAgain = (e: FormEvent) => {
    e.preventDefault();
    if (!password) {
      setOutcome({ kind: 'error', text: i18n.t('team.form.passwordRequired') });
      return;
    }
    const creds = { url: config.url, db: config.db, user: config.user, password };
    const pattern = serverOriginPattern(config.url);
    if (!pattern) return;
    const asked = api.requestOrigin(pattern); // inside the gesture
    run(async () => {
      if (!(await asked)) {
        setOutcome({ kind: 'error', text: i18n.t('team.error.permission', { server }) });
        return;
      }
      const r = await api.connect({ ...creds, auth: config.auth });
      if (!r.ok) setOutcome({ kind: 'error', text: errorWithStatus(r.error, { db: config.db, server }) });
      else {
        setPassword('');
        setOutcome({ kind: 'ok', text: i18n.t('team.connect.done', { db: config.db }) });
      }
    });
  };

  return (
    <>
      <p className={`team-state team-tone-${words.tone}`} role="status" data-team-state={status?.state ?? 'unknown'}>
        <span className="team-dot" aria-hidden="true" /> <strong>{words.label}</strong>
      </p>
      <dl className="team-facts">
        <div>
          <dt>{i18n.t('team.connected.workspace')}</dt>
          <dd>
            <code>{config.db}</code> · {config.url}
          </dd>
        </div>
        <div>
          <dt>{i18n.t('team.connected.user')}</dt>
          <dd>
            {config.user} · {config.auth === 'cookie' ? i18n.t('team.form.authCookie') : i18n.t('team.form.authBasic')}
          </dd>
        </div>
        <div>
          <dt>{i18n.t('team.connected.lastSynced')}</dt>
          <dd>{status?.lastSyncedAt ? `${relativeTime(status.lastSyncedAt, now)} (${clockTime(status.lastSyncedAt, now)})` : i18n.t('team.connected.never')}</dd>
        </div>
        {status?.state === 'offline' && status.offlineSince && (
          <div>
            <dt>{i18n.t('team.connected.offlineSince')}</dt>
            <dd>
              {clockTime(status.offlineSince, now)} · {i18n.t('team.connected.retrying')}
            </dd>
          </div>
        )}
        {status?.pending !== undefined && (
          <div>
            <dt>{i18n.t('team.connected.pending')}</dt>
            <dd>{status.pending}</dd>
          </div>
        )}
        {status?.docs !== undefined && (
          <div>
            <dt>{i18n.t('team.connected.docs')}</dt>
            <dd>{status.docs}</dd>
          </div>
        )}
        {!!status?.quarantined && (
          <div>
            <dt>{i18n.t('team.connected.quarantined')}</dt>
            <dd>
              <a href="#quarantine">{i18n.t('team.connected.quarantinedCount', { count: String(status.quarantined) })}</a>
            </dd>
          </div>
        )}
        {err && (
          <div>
            <dt>{i18n.t('team.connected.lastError')}</dt>
            <dd className={status?.state === 'error' ? 'error' : undefined}>
              {errorWithStatus(err, { db: config.db, server })} · {clockTime(err.at, now)}
            </dd>
          </div>
        )}
      </dl>
      {needsPassword && (
        <form onSubmit={signInAgain} noValidate aria-label={i18n.t('team.connected.signInAgain')} className="team-reauth">
          <div className="field">
            <label htmlFor={`${idp}-password`}>{i18n.t('team.form.password')}</label>
            <input id={`${idp}-password`} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          </div>
          <button type="submit" disabled={busy}>
            {i18n.t('team.connected.signInAgain')}
          </button>
        </form>
      )}
      {!confirming ? (
        <div className="actions">
          <button type="button" className="secondary" onClick={syncNow} disabled={busy}>
            {i18n.t('team.connected.syncNow')}
          </button>
          <button type="button" className="danger" ref={signOutRef} onClick={() => setConfirming(true)} disabled={busy}>
            {i18n.t('team.signout.button')}
          </button>
        </div>
      ) : (
        <div className="team-confirm" role="group" aria-labelledby={`${idp}-q`} aria-describedby={`${idp}-qh`}>
          <p id={`${idp}-q`} tabIndex={-1} ref={questionRef}>
            <strong>{i18n.t('team.signout.question')}</strong>
          </p>
          <p id={`${idp}-qh`} className="hint">
            {i18n.t('team.signout.hint', { db: config.db })}
          </p>
          <div className="actions">
            <button type="button" onClick={() => signOut(true)} disabled={busy}>
              {i18n.t('team.signout.keep')}
            </button>
            <button type="button" className="danger" onClick={() => signOut(false)} disabled={busy}>
              {i18n.t('team.signout.remove')}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setConfirming(false);
                setTimeout(() => signOutRef.current?.focus(), 0);
              }}
            >
              {i18n.t('team.common.cancel')}
            </button>
          </div>
        </div>
      )}
      <Outcome outcome={outcome} />
    </>
  );
}

// ───────────────────────────── conflicts: the values that lost ─────────────────────────────

function valueText(v: unknown): string {
  if (v === undefined || v === null || v === '') return i18n.t('team.conflicts.empty');
  const s = typeof v === 'string' ? `“${v}”` : JSON.stringify(v);
  return s.length > 240 ? `${s.slice(0, 240)}…` : s;
}

/**
 * Every value that lost a conflict (the same field edited in two places, e.g. while offline) is in
 * the audit log; the newest are listed here so nobody's edit disappears silently.
 */
function Conflicts({ audit, refresh, now }: { audit: () => Promise<AuditEntry[]>; refresh: string; now: number }) {
  const [list, setList] = useState<AuditEntry[] | null>(null);
  useEffect(() => {
    let alive = true;
    audit()
      .then((all) => alive && setList(all.filter((e) => e.kind === 'conflict').sort((a, b) => b.at.localeCompare(a.at))))
      .catch(() => alive && setList([]));
    return () => {
      alive = false;
    };
  }, [audit, refresh]);
  if (!list || list.length === 0) return null;
  const shown = list.slice(0, 50);
  return (
    <div className="team-conflicts" data-team-conflicts={list.length}>
      <h3>{i18n.t('team.conflicts.heading', { count: String(list.length) })}</h3>
      <p className="hint">{i18n.t('team.conflicts.intro')}</p>
      <ul className="plain">
        {shown.map((e, i) => (
          <li key={`${e.doc}:${e.field}:${e.hlc}:${i}`} className="entry" data-team-conflict={`${e.doc}#${e.field}`}>
            <code>{e.doc}</code> · {e.field} · {clockTime(e.at, now)}
            <p className="detail">
              {i18n.t('team.conflicts.lost', { value: valueText(e.before), who: e.by.person ?? e.by.device })}
              {e.after !== undefined && <> {i18n.t('team.conflicts.kept', { value: valueText(e.after) })}</>}
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
