/**
 * The sample workspace: a small, coherent story from shared/DOMAIN.md that a new user (or the
 * demo) can load into an empty Liaison to see every part working. Marketing's spring SEO-course
 * campaign depends on product's payment-form rework that ships after the launch; analytics has not
 * been asked yet; leads from the campaign arrive in the CRMs with sales' quality notes.
 *
 * Dates are relative to `now`, so the clocks always show something live.
 * Written through the store (validated like any user edit); never presented as the user's data
 * unless they chose to load it.
 */
import { itemKey, parseItemUrl } from '../core/item-ref';
import { defaultWorkspace } from '../core/defaults';
import type { Store } from '../store';
import { ID_FIELD } from '../store/types';
import { loadSampleLeads, sampleLeadKeys } from './sample-leads';

/** The demo's items, by the real URL they live at (the demo serves fixtures there). */
export const SAMPLE_URLS = {
  campaign: 'https://acme.atlassian.net/browse/MKT-142',
  release: 'https://acme.atlassian.net/jira/software/projects/PAY/boards/12?selectedIssue=PAY-88',
  landing: 'https://trello.com/c/Kx7pQ2aB/42-spring-campaign-best-seo-course',
  gtm: 'https://www.notion.so/acme/Spring-campaign-best-SEO-course-3f1c2a9b7d4e4f60a1b2c3d4e5f60718',
  hubspotLead: 'https://app.hubspot.com/contacts/4471234/record/0-1/90112233',
  salesforceLead: 'https://acme.lightning.force.com/lightning/r/Lead/00Q5g00000AbCdEEAZ/view',
  pipedriveDeal: 'https://acme.pipedrive.com/deal/1842',
  amocrmLead: 'https://acme.amocrm.ru/leads/detail/24681357',
  bitrixDeal: 'https://acme.bitrix24.ru/crm/deal/details/42/',
} as const;

export type SampleItem = keyof typeof SAMPLE_URLS;

export function sampleKey(item: SampleItem): string {
  const ref = parseItemUrl(SAMPLE_URLS[item]);
  if (!ref) throw new Error(`sample URL is not an item: ${SAMPLE_URLS[item]}`);
  return itemKey(ref);
}

const DAY = 86_400_000;
const MIN = 60_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
const iso = (t: number) => new Date(t).toISOString();

/** Writes the sample workspace; returns how many documents were written. */
export async function loadSampleWorkspace(store: Store, nowInput: Date = new Date()): Promise<number> {
  const now = nowInput.getTime();
  const by = { person: 'sample' };
  let written = 0;
  // Never overwrite what the workspace already has: the sample only fills gaps.
  const put = async (...args: Parameters<Store['put']>) => {
    const [collection, data] = args;
    const id = (data as Record<string, unknown>)[ID_FIELD[collection]];
    if (typeof id === 'string' && (await store.get(collection, id))) return;
    await store.put(...args);
    written++;
  };

  // Policies a team starts from (teams, calendars, SLA policies, templates, reasons, KPIs).
  for (const [collection, list] of Object.entries(defaultWorkspace()) as [keyof ReturnType<typeof defaultWorkspace>, object[]][]) {
    for (const doc of list) await put(collection, doc as never, by);
  }

  await put('people', { id: 'anna', name: 'Anna Petrova', role: 'marketer', teamIds: ['marketing'] }, by);
  await put('people', { id: 'igor', name: 'Igor Sokolov', role: 'product-manager', teamIds: ['product'] }, by);
  await put('people', { id: 'maria', name: 'Maria Ivanova', role: 'sales-rep', teamIds: ['sales'] }, by);
  await put('people', { id: 'oleg', name: 'Oleg Kuznetsov', role: 'analyst', teamIds: ['analytics'] }, by);

  // Current KPI values, as a dashboard export would bring them.
  const values: [string, number, number][] = [
    ['cac', 11800, 12500],
    ['conversion-paid', 1.6, 1.7],
    ['ltv', 31000, 30500],
    ['mql-sql', 27, 24],
    ['lead-deal-days', 34, 36],
  ];
  for (const [kpiId, v, prev] of values) {
    await put('kpiStatus', {
      kpiId,
      latest: { kpiId, value: v, at: iso(now - 2 * DAY), source: 'import' },
      previous: { kpiId, value: prev, at: iso(now - 9 * DAY), source: 'import' },
    }, by);
  }

  const campaign = sampleKey('campaign');
  const release = sampleKey('release');
  const landing = sampleKey('landing');
  const gtm = sampleKey('gtm');

  // The campaign: launches in 4 days — product and analytics should have been told already.
  await put('itemMeta', {
    key: campaign,
    role: 'campaign',
    teamId: 'marketing',
    source: 'spring-seo-course',
    dates: { launch: isoDay(now + 4 * DAY), end: isoDay(now + 25 * DAY) },
    notes: [{ text: 'CTR is 12% but conversion is low — risk. Landing page copy goes through Trello.', by: 'Oleg Kuznetsov', at: iso(now - 1 * DAY) }],
  }, by);
  await put('kpiLinks', { id: 'mkt1-cac', itemKey: campaign, kpiId: 'cac', effect: 'decrease', note: 'Cheaper leads from organic search' }, by);
  await put('kpiLinks', { id: 'mkt1-conv', itemKey: campaign, kpiId: 'conversion-paid', effect: 'increase' }, by);
  await put('kpiLinks', { id: 'mkt1-ltvcac', itemKey: campaign, kpiId: 'ltv-cac', effect: 'increase' }, by);
  await put('dependencies', {
    id: 'mkt1-needs-prod7',
    fromKey: campaign,
    to: { type: 'item', itemKey: release, teamId: 'product' },
    relation: 'needs',
    state: 'blocked',
    reason: 'Payment form not ready — launch postponed until the rework ships',
    due: isoDay(now + 3 * DAY),
  }, by);
  await put('dependencies', {
    id: 'mkt1-needs-analytics',
    fromKey: campaign,
    to: { type: 'team', teamId: 'analytics' },
    relation: 'needs',
    state: 'pending',
    note: 'Campaign analytics request: set up UTM tracking and the conversion dashboard',
    due: isoDay(now - 3 * DAY),
  }, by);
  await put('dependencies', {
    id: 'mkt1-informs-sales',
    fromKey: campaign,
    to: { type: 'team', teamId: 'sales' },
    relation: 'informs',
    state: 'acknowledged',
    note: 'Expect a lead spike from the SEO course landing',
  }, by);
  await put('dependencies', {
    id: 'mkt1-needs-landing',
    fromKey: campaign,
    to: { type: 'item', itemKey: landing, teamId: 'marketing' },
    relation: 'needs',
    state: 'pending',
    note: 'Landing page copy and design',
    due: isoDay(now + 2 * DAY),
  }, by);

  // The product release the campaign waits for: ships after the launch (a conflict).
  await put('itemMeta', { key: release, role: 'release', teamId: 'product', dates: { release: isoDay(now + 9 * DAY) }, notes: [] }, by);
  await put('kpiLinks', { id: 'prod7-conv', itemKey: release, kpiId: 'conversion-paid', effect: 'increase', note: 'Fewer drop-offs at payment' }, by);
  await put('dependencies', {
    id: 'prod7-informs-marketing',
    fromKey: release,
    to: { type: 'team', teamId: 'marketing' },
    relation: 'informs',
    state: 'pending',
    note: 'Release notice with the new payment flow screenshots',
  }, by);

  await put('itemMeta', { key: landing, role: 'brief', teamId: 'marketing', dates: { due: isoDay(now + 2 * DAY) }, notes: [] }, by);
  await put('itemMeta', { key: gtm, role: 'gtm', teamId: 'product', dates: { release: isoDay(now + 9 * DAY), launch: isoDay(now + 11 * DAY) }, notes: [] }, by);
  await put('dependencies', {
    id: 'gtm-needs-analytics',
    fromKey: gtm,
    to: { type: 'team', teamId: 'analytics' },
    relation: 'needs',
    state: 'acknowledged',
    note: 'Measurement plan review',
  }, by);

  // Leads from the campaign, with sales' verdicts (the quality loop back to marketing).
  const leads: { item: SampleItem; minutesAgo: number; verdict: 'mql' | 'sql' | 'rejected' | 'open'; reason?: string; intent: 'high' | 'normal'; note?: string; source: string; firstContact?: number }[] = [
    { item: 'hubspotLead', minutesAgo: 22, verdict: 'open', intent: 'high', source: 'spring-seo-course', note: 'Requested a demo from the course landing page' },
    { item: 'salesforceLead', minutesAgo: 300, verdict: 'sql', intent: 'high', source: 'spring-seo-course', firstContact: 18 },
    { item: 'pipedriveDeal', minutesAgo: 2000, verdict: 'mql', intent: 'normal', source: 'yandex-direct-brand', firstContact: 150 },
    { item: 'amocrmLead', minutesAgo: 900, verdict: 'rejected', reason: 'student', intent: 'normal', source: 'spring-seo-course', note: 'Студент, ищет бесплатный курс', firstContact: 95 },
    { item: 'bitrixDeal', minutesAgo: 4000, verdict: 'rejected', reason: 'not-target-segment', intent: 'normal', source: 'spring-seo-course', firstContact: 200 },
  ];
  for (const l of leads) {
    const key = sampleKey(l.item);
    const created = now - l.minutesAgo * MIN;
    await put('itemMeta', { key, role: 'lead', teamId: 'sales', source: l.source, dates: { created: iso(created) }, notes: [] }, by);
    await put('leadNotes', {
      id: `sample-${l.item}`,
      itemKey: key,
      criteria: l.verdict === 'rejected' ? { segment: false, intent: true } : l.verdict === 'open' ? { intent: true } : { segment: true, intent: true, need: true, contactable: true, exclusions: true },
      intent: l.intent,
      verdict: l.verdict,
      rejectionReasonId: l.reason,
      note: l.note,
      source: l.source,
      campaign: l.source,
      authorTeamId: 'sales',
      at: iso(created + 30 * MIN),
      firstContactAt: l.firstContact !== undefined ? iso(created + l.firstContact * MIN) : undefined,
    }, by);
  }
  // Older leads of the same campaign, for the per-source quality numbers.
  const older: [string, 'mql' | 'sql' | 'rejected', string | undefined][] = [
    ['o1', 'rejected', 'student'],
    ['o2', 'rejected', 'wrong-contact-data'],
    ['o3', 'sql', undefined],
    ['o4', 'mql', undefined],
    ['o5', 'rejected', 'student'],
    ['o6', 'sql', undefined],
  ];
  for (const [id, verdict, reason] of older) {
    await put('leadNotes', {
      id: `sample-${id}`,
      itemKey: `hubspot:4471234:contact:9510${id.slice(1)}00`,
      criteria: {},
      verdict,
      rejectionReasonId: reason,
      source: 'spring-seo-course',
      campaign: 'spring-seo-course',
      authorTeamId: 'sales',
      at: iso(now - (3 + Number(id.slice(1))) * DAY),
    }, by);
  }

  // --- weekly sync decisions (issue 13, the agenda page): one taken at last week's sync and done, one open ---
  await put('decisions', {
    id: 'sample-decision-analytics',
    text: 'Analytics sets up UTM tracking and the conversion dashboard for the SEO-course campaign',
    owner: { type: 'team', teamId: 'analytics' },
    due: isoDay(now - 3 * DAY),
    state: 'done',
    createdAt: iso(now - 7 * DAY),
    doneAt: iso(now - 4 * DAY),
    teamId: 'marketing',
    by: 'Anna Petrova',
  }, by);
  await put('decisions', {
    id: 'sample-decision-launch',
    text: 'Move the SEO-course launch after the payment-form release, or ship the rework first — Igor confirms the release date',
    owner: { type: 'person', name: 'Igor Sokolov', personId: 'igor' },
    due: isoDay(now + 6 * DAY),
    state: 'open',
    createdAt: iso(now - 1 * DAY),
    teamId: 'product',
    by: 'Anna Petrova',
  }, by);
  // --- end weekly sync decisions ---
  await loadSampleLeads(put, new Date(now), by); // four months of leads from five sources, for the lead quality page
  return written;
}

/** The sample's own people (the demo's cast); never a user's. */
const SAMPLE_PEOPLE = ['anna', 'igor', 'maria', 'oleg'] as const;
/** KPI values the sample writes (kept when someone else has written the value since). */
const SAMPLE_KPI_VALUES = ['cac', 'conversion-paid', 'ltv', 'mql-sql', 'lead-deal-days'] as const;

/** Every item key the sample speaks about (its items and its older leads). */
export function isSampleItemKey(key: string): boolean {
  return (Object.keys(SAMPLE_URLS) as SampleItem[]).some((i) => sampleKey(i) === key) || /^hubspot:4471234:contact:9510\d00$/.test(key) || sampleLeadKeys().has(key);
}

/** Whether the sample workspace is (still) loaded: its campaign is in the store. */
export async function hasSampleWorkspace(store: Store): Promise<boolean> {
  return !!(await store.get('itemMeta', sampleKey('campaign')));
}

/**
 * Removes what the sample added: its items and everything attached to them (links, dependencies,
 * lead notes, SLA events — also what a person added on a sample item while trying it), its people,
 * and the KPI values nobody has written since. The shared policies (teams, SLA policies, templates,
 * calendars, reasons, KPIs) stay: they are the workspace's defaults, seeded on install anyway.
 * Returns how many documents were removed.
 */
export async function removeSampleWorkspace(store: Store): Promise<number> {
  const ws = await store.workspace();
  const writes: { collection: Parameters<Store['remove']>[0]; id: string }[] = [];
  for (const m of ws.itemMeta) if (isSampleItemKey(m.key)) writes.push({ collection: 'itemMeta', id: m.key });
  for (const l of ws.kpiLinks) if (isSampleItemKey(l.itemKey)) writes.push({ collection: 'kpiLinks', id: l.id });
  for (const d of ws.dependencies) if (isSampleItemKey(d.fromKey) || (d.to.type === 'item' && d.to.itemKey && isSampleItemKey(d.to.itemKey))) writes.push({ collection: 'dependencies', id: d.id });
  for (const n of ws.leadNotes) if (isSampleItemKey(n.itemKey) || n.id.startsWith('sample-')) writes.push({ collection: 'leadNotes', id: n.id });
  for (const e of ws.slaEvents) if (isSampleItemKey(e.itemKey)) writes.push({ collection: 'slaEvents', id: e.itemKey });
  for (const p of ws.people) if ((SAMPLE_PEOPLE as readonly string[]).includes(p.id)) writes.push({ collection: 'people', id: p.id });
  for (const id of SAMPLE_KPI_VALUES) {
    const doc = await store.get('kpiStatus', id);
    if (doc && doc.updatedBy.person === 'sample') writes.push({ collection: 'kpiStatus', id });
  }
  const managed = ws.managed;
  const own = writes.filter((w) => !(managed[w.collection] ?? []).includes(w.id));
  if (own.length) await store.batch(own.map((w) => ({ type: 'remove' as const, ...w })));
  return own.length;
}
