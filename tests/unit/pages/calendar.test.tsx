// @vitest-environment happy-dom
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CalendarView } from '@/components/pages/Calendar';
import { harness, snap } from './harness';

const NOW = '2026-05-06T10:00:00.000Z';
const CAMPAIGN = 'jira:acme.atlassian.net:issue:MKT-1';
const RELEASE = 'jira:acme.atlassian.net:issue:PROD-7';

describe('launch calendar', () => {
  it('is honest when there are no dates', async () => {
    const h = await harness({ now: NOW });
    h.mount(<CalendarView timeZone="Europe/Moscow" />);
    expect(await screen.findByText(/No launches, releases or end dates in these 12 weeks yet/)).toBeTruthy();
    expect(screen.getAllByRole('heading', { level: 2, name: /^Week \d+/ })).toHaveLength(12);
  });

  it('places launches and releases in their weeks and highlights a campaign launching before the release it needs', async () => {
    const h = await harness({ now: NOW });
    await h.store.put('teams', { id: 'marketing', name: 'Marketing' });
    await h.store.put('itemMeta', { key: CAMPAIGN, role: 'campaign', teamId: 'marketing', dates: { launch: '2026-05-12' } });
    await h.snapshot(snap(CAMPAIGN, '70% off today'));
    await h.snapshot(snap(RELEASE, 'New payment form', { dates: { release: '2026-05-20' } }));
    await h.store.put('itemMeta', { key: RELEASE, role: 'release' });
    await h.store.put('dependencies', { id: 'd1', fromKey: CAMPAIGN, to: { type: 'item', itemKey: RELEASE }, relation: 'needs', state: 'pending' });
    h.mount(<CalendarView timeZone="Europe/Moscow" />);

    const conflicts = await screen.findByRole('region', { name: 'Conflicts: 1' });
    expect(conflicts.textContent).toContain('“70% off today” launches on May 12, 2026, before “New payment form” on May 20, 2026.');

    const week2 = screen.getByRole('heading', { level: 2, name: /^Week 2: May 11 – May 17/ }).closest('li')!;
    const launch = within(week2).getByRole('link', { name: '70% off today' }).closest('li')!;
    expect(launch.textContent).toContain('Launch');
    expect(launch.className).toContain('conflict-entry');
    expect(within(launch).getByRole('note').textContent).toContain('Conflict:');

    const week3 = screen.getByRole('heading', { level: 2, name: /^Week 3: May 18 – May 24/ }).closest('li')!;
    expect(within(week3).getByRole('link', { name: 'New payment form' }).closest('li')!.textContent).toContain('Release');
  });

  it('shows no conflict once the launch moves after the release', async () => {
    const h = await harness({ now: NOW });
    await h.store.put('itemMeta', { key: CAMPAIGN, role: 'campaign', dates: { launch: '2026-05-25' } });
    await h.store.put('itemMeta', { key: RELEASE, role: 'release', dates: { release: '2026-05-20' } });
    await h.store.put('dependencies', { id: 'd1', fromKey: CAMPAIGN, to: { type: 'item', itemKey: RELEASE }, relation: 'needs', state: 'pending' });
    h.mount(<CalendarView timeZone="Europe/Moscow" />);
    expect(await screen.findByText(/No conflicts/)).toBeTruthy();
  });

  it('formats dates in Russian', async () => {
    const h = await harness({ now: NOW, lang: 'ru' });
    await h.store.put('itemMeta', { key: CAMPAIGN, role: 'campaign', dates: { launch: '2026-05-12' } });
    h.mount(<CalendarView timeZone="Europe/Moscow" />);
    expect(await screen.findByRole('heading', { level: 2, name: /^Неделя 2: 11 мая – 17 мая/ })).toBeTruthy();
  });
});
