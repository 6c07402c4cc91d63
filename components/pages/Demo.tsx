/**
 * The demo item page: the sample workspace's spring campaign shown as a Jira issue would show it,
 * with the real Liaison panel below its details — the same component, view model and store as on a
 * host page, fed the item's reading directly (this page is the "host", and an extension page, so no
 * frame or channel is needed). Opening it loads the sample workspace (it only fills gaps); the page
 * says it is a sample and can remove the sample data. Edits in the panel are written to the store
 * under the sample campaign's key and show up in the inbox.
 */
import { useEffect, useRef, useState } from 'react';
import { renderPanel } from '@/components/panel';
import { demoItem, type DemoItem } from '@/lib/demo/demo-item';
import { hasSampleWorkspace, removeSampleWorkspace, sampleKey } from '@/lib/demo/sample-workspace';
import { sendMessage } from '@/lib/messaging';
import { snapshotFromReading } from '@/lib/panel/reading';
import { snapshotBrief } from '@/lib/panel/model';
import { putSnapshot } from '@/lib/store/idb';
import { updateFirstRun } from '@/lib/store/first-run';
import { formatDate } from '@/lib/pages/format';
import { usePagesEnv } from './env';
import { LoadError, Loading, Shell } from './Shell';
import { t, uiLocale } from './t';
import './first-run.css';

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The demo item was seen, as a host page's item is: its snapshot (title, dates, brief check) lets
 * the inbox and the digest name it. Sample keys never count as "seen on a host" (FirstRun.tsx).
 */
async function recordSeen(item: DemoItem, store: ReturnType<typeof usePagesEnv>['store'], now: number): Promise<void> {
  const snap = snapshotFromReading(item.key, item.ref, item.url, item.reading, now);
  if (!snap) return;
  try {
    const [templates, meta] = await Promise.all([store.list('briefTemplates'), store.get('itemMeta', item.key)]);
    const brief = snapshotBrief(item.ref, item.reading, meta?.data, templates.map((x) => x.data));
    if (brief) snap.brief = brief;
  } catch {
    // the snapshot without its brief check
  }
  await putSnapshot(snap).catch(() => undefined);
}

type State = { kind: 'loading' } | { kind: 'ready'; item: DemoItem } | { kind: 'removed'; count: number } | { kind: 'error'; message: string };

function prefersDark(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
}

/** The real panel for the demo item, rendered by the panel's own entry into this page. */
function DemoPanel({ item }: { item: DemoItem }) {
  const env = usePagesEnv();
  const ref = useRef<HTMLDivElement>(null);
  const [dark, setDark] = useState(prefersDark);
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const mq = matchMedia('(prefers-color-scheme: dark)');
    const on = () => setDark(mq.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Other items' titles (the release it waits for, …) from the snapshots host pages recorded.
    const loadSnapshots = async (keys: string[]) => {
      const latest = new Map<string, Awaited<ReturnType<typeof env.snapshots>>[number]>();
      for (const s of await env.snapshots()) {
        if (!keys.includes(s.key)) continue;
        const had = latest.get(s.key);
        if (!had || had.seenAt < s.seenAt) latest.set(s.key, s);
      }
      return [...latest.values()];
    };
    const r = renderPanel(el, { itemKey: item.key, ref: item.ref, url: item.url, reading: item.reading, floating: false, theme: dark ? 'dark' : 'light', store: env.store, loadSnapshots });
    return () => {
      // After this render pass: React may not unmount a root while it renders another.
      queueMicrotask(() => r.unmount());
    };
  }, [item, dark, env]);
  return <div ref={ref} className="demo-panel" data-liaison-panel-root={item.key} />;
}

function Issue({ item }: { item: DemoItem }) {
  const locale = uiLocale();
  const rows: Array<[string, string]> = [
    [t('firstRun.demo.status'), item.status],
    [t('firstRun.demo.assignee'), item.assignee],
    [t('firstRun.demo.labels'), item.labels.join(', ')],
    [t('firstRun.demo.launch'), formatDate(locale, item.launch)],
    ...(item.end ? ([[t('firstRun.demo.end'), formatDate(locale, item.end)]] as Array<[string, string]>) : []),
    [t('firstRun.demo.priority'), item.priority],
    [t('firstRun.demo.reporter'), item.reporter],
  ];
  return (
    <article className="demo-issue" aria-labelledby="demo-title">
      <div className="demo-main">
        <p className="demo-crumbs">
          {item.project} / <span className="demo-key">{item.ref.id}</span>
        </p>
        <h2 id="demo-title">{item.title}</h2>
        <h3>{t('firstRun.demo.description')}</h3>
        <div className="demo-description">
          {item.brief.map((b) => (
            <div key={b.heading}>
              <h4>{b.heading}</h4>
              {b.lines.length > 1 ? (
                <ul>
                  {b.lines.map((l) => (
                    <li key={l}>{l}</li>
                  ))}
                </ul>
              ) : (
                <p>{b.lines[0]}</p>
              )}
            </div>
          ))}
        </div>
      </div>
      <aside className="demo-side" aria-label={t('firstRun.demo.details')}>
        <h3>{t('firstRun.demo.details')}</h3>
        <dl className="demo-details">
          {rows.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
        <DemoPanel item={item} />
      </aside>
    </article>
  );
}

export function DemoView() {
  const env = usePagesEnv();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [busy, setBusy] = useState(false);

  const open = async () => {
    setState({ kind: 'loading' });
    try {
      // The sample only fills gaps: a workspace that already has it (or parts of it) keeps its own.
      if (!(await hasSampleWorkspace(env.store))) await sendMessage('workspace:load-sample', {});
      const meta = await env.store.get('itemMeta', sampleKey('campaign'));
      const now = env.now().getTime();
      const launch = meta?.data.dates.launch ?? isoDay(now + 4 * DAY);
      const locale = uiLocale();
      const item = demoItem(locale, { launch, end: meta?.data.dates.end }, (d) => formatDate(locale, d, { day: 'numeric', month: 'long', year: 'numeric' }));
      setState({ kind: 'ready', item });
      await recordSeen(item, env.store, now);
      await updateFirstRun((s) => (s.demoOpenedAt ? {} : { demoOpenedAt: new Date(now).toISOString() })).catch(() => undefined);
    } catch (err) {
      setState({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  };
  useEffect(() => {
    void open();
  }, []);

  const remove = async () => {
    setBusy(true);
    try {
      const count = await removeSampleWorkspace(env.store);
      setState({ kind: 'removed', count });
    } catch (err) {
      setState({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  if (state.kind === 'error') return <LoadError message={state.message} />;
  if (state.kind === 'loading') return <Loading />;
  if (state.kind === 'removed') {
    return (
      <div className="demo">
        <p role="status" className="status">
          {t('firstRun.demo.removed', [String(state.count)])}
        </p>
        <div className="actions">
          <button type="button" onClick={() => void open()}>
            {t('firstRun.demo.loadAgain')}
          </button>
          <a className="button-link secondary" href="welcome.html">
            {t('firstRun.demo.back')}
          </a>
        </div>
      </div>
    );
  }
  return (
    <div className="demo">
      <div className="sample-banner" role="note" aria-labelledby="sample-banner-title">
        <p>
          <strong id="sample-banner-title" className="sample-tag">
            {t('firstRun.demo.sampleTag')}
          </strong>{' '}
          {t('firstRun.demo.banner')}
        </p>
        <p className="hint">{t('firstRun.demo.tryHint')}</p>
        <div className="actions">
          <a className="button-link secondary" href="welcome.html">
            {t('firstRun.demo.back')}
          </a>
          <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>
            {t('firstRun.demo.remove')}
          </button>
        </div>
      </div>
      <Issue item={state.item} />
    </div>
  );
}

export function DemoPage() {
  return (
    <Shell page="demo" title={t('firstRun.demo.title')}>
      <DemoView />
    </Shell>
  );
}
