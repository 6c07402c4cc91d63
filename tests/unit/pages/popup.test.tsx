// @vitest-environment happy-dom
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SLA_POLICIES } from '@/lib/core/defaults';
import { getSettings, saveSettings } from '@/lib/store';
import { inboxCount } from '@/lib/pages/badge';
import { Popup } from '@/components/pages/Inbox';
import { harness, snap } from './harness';

const NOW = '2026-05-06T10:00:00.000Z'; // a Wednesday
const CAMPAIGN = 'jira:acme.atlassian.net:issue:MKT-1';
const RELEASE = 'jira:acme.atlassian.net:issue:PROD-7';
const BRIEF = 'jira:acme.atlassian.net:issue:MKT-2';

async function seed(h: Awaited<ReturnType<typeof harness>>) {
  await h.store.put('teams', { id: 'marketing', name: 'Marketing', builtin: true });
  await h.store.put('teams', { id: 'product', name: 'Product', builtin: true });
  // Calendar days (the per-policy setting): these cases were computed in calendar days.
  await h.store.put('slaPolicies', { ...DEFAULT_SLA_POLICIES.find((p) => p.id === 'campaign-notify')!, businessTime: false });
  // Launch in 2 days: "tell product ≥ 5 days before" was due 3 days ago → breached.
  await h.store.put('itemMeta', { key: CAMPAIGN, role: 'campaign', teamId: 'marketing', dates: { launch: '2026-05-08' } });
  await h.store.put('itemMeta', { key: RELEASE, role: 'release', teamId: 'product', dates: { release: '2026-05-20' } });
  await h.store.put('dependencies', { id: 'd1', fromKey: CAMPAIGN, to: { type: 'team', teamId: 'product' }, relation: 'needs', state: 'blocked', reason: 'payment form not ready' });
  await h.snapshot(snap(CAMPAIGN, 'Launch campaign “best SEO course”'));
  await h.snapshot(snap(BRIEF, 'Spring webinar brief', { brief: { templateId: 'marketing-brief', present: 5, total: 8, missing: ['offer', 'channel', 'metrics'] } }));
  await h.store.put('leadNotes', { id: 'n1', itemKey: 'hubspot:123:deal:9', authorTeamId: 'sales', at: '2026-05-05T09:00:00.000Z', verdict: 'rejected', note: 'student, not our segment' });
}

describe('popup inbox', () => {
  it('says honestly that nothing needs the user when the workspace is empty', async () => {
    const h = await harness({ now: NOW });
    h.mount(<Popup />);
    expect(await screen.findByText(/Nothing needs you right now/)).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'What needs you' })).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Liaison pages' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Choose your role and teams in the settings to narrow this list' })).toBeTruthy();
  });

  it('lists breached SLA clocks, blockers, incomplete briefs and lead notes with links to the items', async () => {
    const h = await harness({ now: NOW });
    await seed(h);
    await saveSettings({ teamIds: ['marketing', 'product'], role: 'marketer' });
    h.mount(<Popup />);
    const sla = await screen.findByRole('region', { name: /SLA at risk or breached/ });
    const link = within(sla).getByRole('link', { name: 'Launch campaign “best SEO course”' });
    expect(link.getAttribute('href')).toBe('https://acme.atlassian.net/browse/MKT-1');
    expect(sla.textContent).toContain('Breached 2 days 13 hr ago');
    expect(sla.textContent).toContain('Tell product and analytics before a campaign launch');

    const blocked = screen.getByRole('region', { name: /Waiting on my team/ });
    expect(blocked.textContent).toContain('Waits on Product');
    expect(blocked.textContent).toContain('payment form not ready');

    const briefs = screen.getByRole('region', { name: /Incomplete briefs/ });
    expect(briefs.textContent).toContain('Brief: 5 of 8 fields');
    expect(within(briefs).getByRole('link', { name: 'Spring webinar brief' })).toBeTruthy();

    const leads = screen.getByRole('region', { name: /New lead-quality notes/ });
    expect(leads.textContent).toContain('student, not our segment');

    const ws = await h.store.workspace();
    const count = inboxCount({ ...ws, snapshots: await h.env.snapshots() }, await getSettings(), NOW);
    expect(count).toBe(4);
    expect(screen.getByRole('status').textContent).toContain('Items: 4');
  });

  it('narrows to the role: a product manager sees no lead notes', async () => {
    const h = await harness({ now: NOW });
    await seed(h);
    await saveSettings({ teamIds: ['product'], role: 'product-manager' });
    h.mount(<Popup />);
    await screen.findByRole('region', { name: /Waiting on my team/ });
    expect(screen.queryByRole('region', { name: /New lead-quality notes/ })).toBeNull();
  });

  it('speaks Russian when the browser does', async () => {
    const h = await harness({ now: NOW, lang: 'ru' });
    await seed(h);
    await saveSettings({ teamIds: ['product'] });
    h.mount(<Popup />);
    const blocked = await screen.findByRole('region', { name: /Ждут мою команду/ });
    expect(blocked.textContent).toContain('Ждёт: Продукт');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Что ждёт вас');
  });
});

describe('popup lead quality by source', () => {
  it('shows each source with its rejected share and reasons, and warns when one source brings over half the leads', async () => {
    const h = await harness({ now: NOW });
    await h.store.put('rejectionReasons', { id: 'student', label: 'Student', labelRu: 'Студент' });
    const lead = (id: string, source: string, verdict: 'sql' | 'rejected', reason?: string) =>
      h.store.put('leadNotes', { id, itemKey: `hubspot:123:contact:${id}`, authorTeamId: 'sales', at: '2026-05-05T09:00:00.000Z', verdict, source, rejectionReasonId: reason });
    await lead('1', 'spring-seo-course', 'rejected', 'student');
    await lead('2', 'spring-seo-course', 'rejected', 'student');
    await lead('3', 'spring-seo-course', 'sql');
    await lead('4', 'yandex-direct-brand', 'sql');
    await saveSettings({ role: 'marketer' });
    h.mount(<Popup />);
    const region = await screen.findByRole('region', { name: 'Lead quality by source' });
    const seo = region.querySelector('[data-source="spring-seo-course"]')!;
    expect(seo.textContent).toContain('3 leads · 67% rejected · 75% of all leads');
    expect(seo.textContent).toContain('Rejected for: Student (2)');
    expect(within(region).getByRole('alert').textContent).toBe('spring-seo-course brings 75% of all leads — more than 50%. Spread the channels.');
  });

  it('is not shown when there are no lead notes', async () => {
    const h = await harness({ now: NOW });
    await saveSettings({ role: 'marketer' });
    h.mount(<Popup />);
    await screen.findByText(/Nothing needs you right now/);
    expect(screen.queryByRole('region', { name: 'Lead quality by source' })).toBeNull();
  });
});
