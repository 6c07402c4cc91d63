// @vitest-environment happy-dom
/**
 * Jira's own links as dependencies (issue 11 points 4–5): page links and REST links merged with
 * dependencies entered in Liaison, each fact once; the verdict names an unresolved blocker by key
 * and title; linked items nobody opened are named by the title the host gave.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStore, type Store } from '@/lib/store';
import type { HostLink } from '@/lib/adapters/types';
import type { Dependency, ItemSnapshot } from '@/lib/core/schemas';
import { buildPanelModel } from '@/lib/panel/model';
import { verdictOf } from '@/lib/panel/verdict';
import { linkedSnapshots, mergeHostLinks } from '@/lib/panel/host-links';
import { snapshotFromReading } from '@/lib/panel/reading';
import { mergeLinks } from '@/lib/runtime/controller';
import { COLLECTIONS, type WorkspaceState } from '@/lib/store/types';
import { installI18n, mountPanel, q, reading, refOf, settle, type Mounted } from './helpers';

const KEY = 'jira:acme.atlassian.net:issue:MKT-146';
const PAY88 = 'jira:acme.atlassian.net:issue:PAY-88';
const PAY91 = 'jira:acme.atlassian.net:issue:PAY-91';
const MKT150 = 'jira:acme.atlassian.net:issue:MKT-150';
const LEGAL7 = 'jira:acme.atlassian.net:issue:LEGAL-7';
const URL_ = 'https://acme.atlassian.net/browse/MKT-146';
const NOW = Date.parse('2026-11-02T09:00:00Z');

const pageLinks: HostLink[] = [
  { id: 'PAY-88', rel: 'blocked-by', title: 'Payment form v2', status: 'In Progress', done: false },
  { id: 'PAY-91', rel: 'blocked-by', title: 'Refund flow', status: 'Done', done: true },
  { id: 'MKT-150', rel: 'blocks', title: 'Autumn retargeting wave', status: 'To Do', done: false },
  { id: 'MKT-144', rel: 'child', title: 'Landing page copy', status: 'To Do' },
  { id: 'MKT-100', rel: 'parent' },
];
const apiLinks: HostLink[] = [
  { id: 'PAY-88', rel: 'blocked-by', title: 'Payment form v2: saved cards', status: 'In Progress', done: false },
  { id: 'LEGAL-7', rel: 'blocked-by', title: 'Legal review of the promo terms', status: 'In Review', done: false },
  { id: 'MKT-100', rel: 'parent', title: 'Q4 campaigns', status: 'In Progress', done: false },
];

function ws(deps: Dependency[] = []): WorkspaceState {
  const empty = Object.fromEntries(COLLECTIONS.map((c) => [c, []])) as unknown as WorkspaceState;
  return { ...empty, managed: {}, dependencies: deps, itemMeta: [{ key: KEY, role: 'campaign', dates: {}, notes: [] }] };
}

describe('the model: page links + REST links + stored dependencies', () => {
  const links = mergeLinks(pageLinks, apiLinks);

  it('merges page and API links: the page’s wording first, the API fills the parent and adds what the page lacks', () => {
    expect(links.map((l) => `${l.rel}:${l.id}`)).toEqual(['blocked-by:PAY-88', 'blocked-by:PAY-91', 'blocks:MKT-150', 'child:MKT-144', 'parent:MKT-100', 'blocked-by:LEGAL-7']);
    expect(links[0]!.title).toBe('Payment form v2');
    expect(links[4]).toEqual({ id: 'MKT-100', rel: 'parent', title: 'Q4 campaigns', status: 'In Progress', done: false });
  });

  it('one row per fact: a dependency entered in Liaison for the same pair is kept and the host’s copy dropped', () => {
    const stored: Dependency = { id: 'dep-pay', fromKey: KEY, to: { type: 'item', itemKey: PAY88 }, relation: 'needs', state: 'acknowledged', reason: 'saved cards first' };
    // The same fact said from the other side: "MKT-150 needs MKT-146" is "MKT-146 blocks MKT-150".
    const incoming: Dependency = { id: 'dep-150', fromKey: MKT150, to: { type: 'item', itemKey: KEY }, relation: 'needs', state: 'pending' };
    const m = buildPanelModel({ itemKey: KEY, ref: refOf(KEY), url: URL_, reading: reading({ title: 'Black Friday', links }), ws: ws([stored, incoming]), snapshots: [], now: NOW });
    expect(m.hostDeps.map((r) => `${r.rel}:${r.otherKey.split(':').pop()}:${r.dependency.state}`)).toEqual([
      'blocked-by:PAY-91:done',
      'child:MKT-144:pending',
      'parent:MKT-100:pending',
      'blocked-by:LEGAL-7:blocked',
    ]);
    expect([...m.hostConfirmed.entries()]).toEqual([
      ['dep-pay', 'blocked-by'],
      ['dep-150', 'blocks'],
    ]);
    // The stored row is one linked item; no host row repeats PAY-88 or MKT-150.
    expect(m.linkedItems.filter((r) => r.otherKey === PAY88)).toHaveLength(1);
    expect(m.hostDeps.some((r) => r.otherKey === PAY88 || r.otherKey === MKT150)).toBe(false);
  });

  it('an unresolved "is blocked by" makes the verdict "Blocked by …"; a done one and children do not', () => {
    const m = buildPanelModel({ itemKey: KEY, ref: refOf(KEY), url: URL_, reading: reading({ title: 'Black Friday', links }), ws: ws(), snapshots: [], now: NOW });
    const v = verdictOf(m);
    const blocked = v.parts.find((p) => p.kind === 'blocked-by');
    expect(blocked && 'itemKeys' in blocked ? blocked.itemKeys : []).toEqual([PAY88, LEGAL7]);
    expect(v.tone).toBe('bad');
    expect(m.blockers.map((b) => b.itemKey)).not.toContain(PAY91);
    expect(m.blockers.map((b) => b.itemKey)).not.toContain('jira:acme.atlassian.net:issue:MKT-144');
    // The linked items are named by the host's titles, even though nobody opened them.
    expect(m.snapshots.find((s) => s.key === LEGAL7)?.title).toBe('Legal review of the promo terms');
  });

  it('once Jira shows the blocker done, the Liaison dependency on it stops blocking too', () => {
    const stored: Dependency = { id: 'dep-pay', fromKey: KEY, to: { type: 'item', itemKey: PAY88 }, relation: 'needs', state: 'blocked' };
    const done = [{ id: 'PAY-88', rel: 'blocked-by' as const, title: 'Payment form v2', status: 'Shipped to prod', done: true }];
    const m = buildPanelModel({ itemKey: KEY, ref: refOf(KEY), url: URL_, reading: reading({ links: done }), ws: ws([stored]), snapshots: [], now: NOW });
    expect(m.blockers).toEqual([]);
    expect(verdictOf(m).parts.some((p) => p.kind === 'blocked-by')).toBe(false);
  });

  it('never links outside the open item’s site and ignores ids that are not Jira keys', () => {
    const r = mergeHostLinks({ key: KEY, ref: refOf(KEY), links: [{ id: 'not a key', rel: 'blocked-by' }, { id: 'MKT-146', rel: 'blocks' }], deps: [], snapshots: [], now: NOW });
    expect(r.rows).toEqual([]);
  });

  it('records the linked items’ titles: the snapshot keeps the links, and each becomes a secondhand snapshot', () => {
    const snap = snapshotFromReading(KEY, refOf(KEY), URL_, reading({ title: 'Black Friday', links }), NOW)!;
    expect(snap.links?.find((l) => l.key === LEGAL7)).toEqual({ key: LEGAL7, rel: 'blocked-by', title: 'Legal review of the promo terms', status: 'In Review', done: false });
    const second = linkedSnapshots(snap, NOW);
    expect(second.find((s) => s.key === LEGAL7)).toMatchObject({ title: 'Legal review of the promo terms', status: 'In Review', url: 'https://acme.atlassian.net/browse/LEGAL-7', via: 'link' });
    // Never another site's item, whatever a snapshot claims.
    const forged: ItemSnapshot = { ...snap, links: [{ key: 'jira:evil.atlassian.net:issue:X-1', rel: 'blocks', title: 'x' }] };
    expect(linkedSnapshots(forged, NOW)).toEqual([]);
  });
});

describe('the panel: a blocked-by link as a dependency row', () => {
  let m: Mounted | null = null;
  let store: Store;
  beforeEach(() => {
    installI18n('en');
    store = createStore({ device: 'dev-test' });
  });
  afterEach(() => {
    m?.unmount();
    m = null;
  });

  it('shows the Jira link with the linked issue’s title and state, marked as Jira’s, and the verdict names it', async () => {
    await store.put('itemMeta', { key: KEY, role: 'campaign', dates: {}, notes: [] });
    m = await mountPanel({ itemKey: KEY, url: URL_, reading: reading({ title: 'Black Friday', links: mergeLinks(pageLinks, apiLinks) }), store, snapshots: [] });
    await settle(m.shadow, () => !!m!.shadow.querySelector(`[data-host-link="blocked-by"][data-liaison-dep="${LEGAL7}"]`));
    const row = q(m.shadow, `[data-liaison-dep="${LEGAL7}"]`);
    expect(row.getAttribute('data-state')).toBe('blocked');
    expect(row.textContent).toContain('Blocked by');
    expect(row.textContent).toContain('Legal review of the promo terms');
    expect(row.textContent).toContain('In Review');
    expect(row.textContent).toContain('in Jira');
    expect(q(row, 'a').getAttribute('href')).toBe('https://acme.atlassian.net/browse/LEGAL-7');
    // No state select or remove button: the link is changed in Jira.
    expect(row.querySelector('select, button')).toBeNull();
    expect(q(m.shadow, `[data-liaison-dep="${PAY91}"]`).getAttribute('data-state')).toBe('done');
    expect(q(m.shadow, '[data-liaison-dep="jira:acme.atlassian.net:issue:MKT-100"]').textContent).toContain('Part of');
    expect(q(m.shadow, '[data-liaison-verdict]').textContent).toMatch(/^Blocked by PAY-88 Payment form v2, LEGAL-7 Legal review of the promo/);
  });
});

describe('the panel: the host’s date is the default', () => {
  let m: Mounted | null = null;
  afterEach(() => {
    m?.unmount();
    m = null;
  });

  it('uses Jira’s launch date over a stored one, shows both with their source, and records an explicit choice', async () => {
    installI18n('en');
    const store = createStore({ device: 'dev-test' });
    await store.put('itemMeta', { key: KEY, role: 'campaign', dates: { launch: '2026-11-27', end: '2026-11-20' }, notes: [] });
    m = await mountPanel({ itemKey: KEY, url: URL_, reading: reading({ title: 'Black Friday', dates: { launch: '2026-11-24' } }), store, snapshots: [] });
    await settle(m.shadow, () => !!m!.shadow.querySelector('[data-liaison-date-diff="launch"]'));
    const diff = q(m.shadow, '[data-liaison-date-diff="launch"]');
    expect(diff.getAttribute('data-using')).toBe('host');
    expect(q(diff, '[data-source="host"]').textContent).toMatch(/Jira: .*Nov.*24.*in use/);
    expect(q(diff, '[data-source="liaison"]').textContent).toMatch(/Liaison: .*Nov.*27/);
    expect(q(m.shadow, '[data-liaison-date="launch"]').textContent).toMatch(/24/);
    // The stored end (Nov 20) is before Jira's launch (Nov 24): flagged.
    expect(m.shadow.querySelector('[data-liaison-impossible="launch-end"]')).not.toBeNull();

    const useStored = [...diff.querySelectorAll('button')].find((b) => b.textContent === "Use Liaison's date")!;
    useStored.click();
    await settle(m.shadow, () => m!.shadow.querySelector('[data-liaison-date-diff="launch"]')?.getAttribute('data-using') === 'liaison');
    expect(q(m.shadow, '[data-liaison-date="launch"]').textContent).toMatch(/27/);
    expect((await store.get('itemMeta', KEY))?.data.datesKept).toEqual({ launch: '2026-11-24' });

    const useJira = [...q(m.shadow, '[data-liaison-date-diff="launch"]').querySelectorAll('button')].find((b) => b.textContent === "Use Jira's date")!;
    useJira.click();
    await settle(m.shadow, () => !m!.shadow.querySelector('[data-liaison-date-diff="launch"]'));
    const meta = (await store.get('itemMeta', KEY))?.data;
    expect(meta?.dates.launch).toBeUndefined();
    expect(meta?.datesKept).toBeUndefined();
    expect(q(m.shadow, '[data-liaison-date="launch"]').textContent).toMatch(/24/);
  });
});

describe('core views, one line each where their person needs them', () => {
  const LEAD = 'amocrm:acme:lead:24681357';
  it('the model: attempts from the CRM, LTV < CAC and payback from the KPIs, the calendar warning with SLA clocks', () => {
    const w = ws();
    const lead = buildPanelModel({ itemKey: LEAD, ref: refOf(LEAD), url: 'https://acme.amocrm.ru/leads/detail/24681357', reading: reading({ title: 'Lead', fields: { contactAttempts: '2' } }), ws: w, snapshots: [], now: NOW });
    expect(lead.norms.attempts).toEqual({ count: 2, status: 'below' });
    const v = (kpiId: string, value: number) => ({ kpiId, latest: { kpiId, value, at: '2026-11-01T00:00:00Z', source: 'manual' as const } });
    const econ = { ...w, kpiStatus: [v('ltv', 9000), v('cac', 12000), v('arpu', 1000)] } as unknown as WorkspaceState;
    const camp = buildPanelModel({ itemKey: KEY, ref: refOf(KEY), url: URL_, reading: reading({ title: 'Black Friday' }), ws: econ, snapshots: [], now: NOW });
    expect(camp.norms.economics).toMatchObject({ ltvBelowCac: true, cacPaybackMonths: 12, paybackOutsideTypical: true });
    // No inputs: no line.
    const none = buildPanelModel({ itemKey: KEY, ref: refOf(KEY), url: URL_, reading: reading({ title: 'Black Friday' }), ws: w, snapshots: [], now: NOW });
    expect(none.norms.economics).toBeUndefined();
  });
  it('the production-calendar warning only where the item\'s own deadlines reach a year without a decree in the data', () => {
    const dec = Date.parse('2026-12-05T09:00:00Z');
    const model = (launch: string) => buildPanelModel({ itemKey: KEY, ref: refOf(KEY), url: URL_, reading: reading({ title: 'New year sale', dates: { launch } }), ws: ws(), snapshots: [], now: dec });
    // Launch on 15 January 2027: "tell product 5 working days before" counts back through 2027's
    // January holidays (due at the end of 30 December 2026) — 2027's decree is not in the data.
    const jan = model('2027-01-15');
    expect(jan.sla.find((r) => r.policy.id === 'campaign-notify')?.clock?.dueAt).toBe('2026-12-30T21:00:00.000Z');
    expect(jan.norms.calendar?.years).toEqual([2027]);
    // Launch on 21 December 2026: every deadline is in 2026, whose decree is known — no warning in December.
    const before = model('2026-12-21');
    expect(before.sla.some((r) => r.clock)).toBe(true);
    expect(before.norms.calendar).toBeUndefined();
  });
  it('the panel shows LTV < CAC and payback by the KPI section', async () => {
    installI18n('en');
    const store = createStore({ device: 'dev-test' });
    await store.put('itemMeta', { key: KEY, role: 'campaign', dates: {}, notes: [] });
    for (const [kpiId, value] of [['ltv', 9000], ['cac', 12000], ['arpu', 1000]] as const)
      await store.put('kpiStatus', { kpiId, latest: { kpiId, value, at: '2026-11-01T00:00:00Z', source: 'manual' } });
    const mm = await mountPanel({ itemKey: KEY, url: URL_, reading: reading({ title: 'Black Friday' }), store, snapshots: [] });
    try {
      await settle(mm.shadow, () => !!mm.shadow.querySelector('[data-liaison-ltv-cac]'));
      expect(q(mm.shadow, '[data-liaison-ltv-cac]').textContent).toMatch(/LTV is below CAC \(LTV\/CAC 0\.8\)/);
      expect(q(mm.shadow, '[data-liaison-payback]').textContent).toBe('CAC payback: 12 months (typical 3–9)');
    } finally {
      mm.unmount();
    }
  });
});
