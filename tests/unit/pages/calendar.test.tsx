// @vitest-environment happy-dom
import { fireEvent, screen, within } from '@testing-library/react';
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
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByText(/Nothing scheduled/)).toBeNull();
    expect((screen.getByRole('button', { name: 'Download .ics' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('draws bars in a 12-week grid by team and lists a conflict once, naming both items', async () => {
    const h = await harness({ now: NOW });
    await h.store.put('teams', { id: 'marketing', name: 'Marketing' });
    await h.store.put('itemMeta', { key: CAMPAIGN, role: 'campaign', teamId: 'marketing', dates: { launch: '2026-05-12', end: '2026-05-26' } });
    await h.snapshot(snap(CAMPAIGN, '70% off today'));
    await h.snapshot(snap(RELEASE, 'New payment form', { dates: { release: '2026-05-20' } }));
    await h.store.put('itemMeta', { key: RELEASE, role: 'release' });
    await h.store.put('dependencies', { id: 'd1', fromKey: CAMPAIGN, to: { type: 'item', itemKey: RELEASE }, relation: 'needs', state: 'pending' });
    h.mount(<CalendarView timeZone="Europe/Moscow" />);

    const table = await screen.findByRole('table');
    const cols = within(table).getAllByRole('columnheader');
    expect(cols).toHaveLength(13);
    expect(cols[1]!.getAttribute('aria-label')).toBe('Week May 4 – May 10');
    expect(cols[12]!.getAttribute('aria-label')).toBe('Week Jul 20 – Jul 26');

    // the campaign spans weeks 2–4 (May 11 – May 31): one cell over three columns
    const link = within(table).getByRole('link', { name: '70% off today' });
    expect(link.getAttribute('href')).toBe('https://acme.atlassian.net/browse/MKT-1');
    const cell = link.closest('td')!;
    expect(cell.colSpan).toBe(3);
    expect(cell.textContent).toContain('Launch May 12 → End May 26');
    expect(within(cell).getByRole('link', { name: 'Conflict 1' }).getAttribute('href')).toBe('#cal-conflict-1');
    // rows: the team, then items without a team
    expect(within(table).getByRole('rowheader', { name: 'Marketing' })).toBeTruthy();
    const release = within(table).getByRole('link', { name: 'New payment form' }).closest('td')!;
    expect(release.colSpan).toBe(1);
    expect(release.textContent).toContain('Release May 20');
    expect(within(release).getByRole('link', { name: 'Conflict 1' })).toBeTruthy();

    const conflicts = screen.getByRole('region', { name: 'Conflicts: 1' });
    const items = within(conflicts).getAllByRole('listitem');
    expect(items).toHaveLength(1);
    expect(items[0]!.textContent).toContain('“70% off today” launches on May 12, 2026, before “New payment form” on May 20, 2026.');
    // the conflict sentence is written once on the page
    expect(document.body.textContent!.split('launches on May 12, 2026').length - 1).toBe(1);

    // rows by kind of work
    fireEvent.click(screen.getByRole('radio', { name: 'Kinds of work' }));
    expect(within(table).getByRole('rowheader', { name: 'Campaigns' })).toBeTruthy();
    expect(within(table).getByRole('rowheader', { name: 'Releases' })).toBeTruthy();
    expect(within(table).getByRole('columnheader', { name: 'Kind of work' })).toBeTruthy();
  });

  it('shows no conflict once the launch moves after the release', async () => {
    const h = await harness({ now: NOW });
    await h.store.put('itemMeta', { key: CAMPAIGN, role: 'campaign', dates: { launch: '2026-05-25' } });
    await h.store.put('itemMeta', { key: RELEASE, role: 'release', dates: { release: '2026-05-20' } });
    await h.store.put('dependencies', { id: 'd1', fromKey: CAMPAIGN, to: { type: 'item', itemKey: RELEASE }, relation: 'needs', state: 'pending' });
    h.mount(<CalendarView timeZone="Europe/Moscow" />);
    expect(await screen.findByText(/No conflicts/)).toBeTruthy();
    expect(screen.queryByRole('link', { name: /Conflict/ })).toBeNull();
  });

  it('uses the team calendar time zone, not UTC, when none is given', async () => {
    const h = await harness({ now: '2026-03-25T10:00:00.000Z' });
    await h.snapshot(snap(CAMPAIGN, 'Spring sale', { dates: { launch: '2026-03-29T21:30:00.000Z' } }));
    h.mount(<CalendarView />);
    expect(await screen.findByText(/^Mar 23, 2026 – Jun 14, 2026, dates in Europe\/Moscow$/)).toBeTruthy();
    const cell = screen.getByRole('link', { name: 'Spring sale' }).closest('td')!;
    // Mar 30 00:30 in Moscow: the second week column (Mar 30 – Apr 5), after the row header and one empty week
    const cells = [...cell.closest('tr')!.children];
    expect(cells.indexOf(cell)).toBe(2);
    expect(cell.textContent).toContain('Launch Mar 30');
  });

  it('formats dates in Russian', async () => {
    const h = await harness({ now: NOW, lang: 'ru' });
    await h.store.put('itemMeta', { key: CAMPAIGN, role: 'campaign', dates: { launch: '2026-05-12' } });
    h.mount(<CalendarView timeZone="Europe/Moscow" />);
    const table = await screen.findByRole('table');
    expect(within(table).getAllByRole('columnheader')[2]!.getAttribute('aria-label')).toBe('Неделя 11 мая – 17 мая');
    expect(within(table).getByRole('rowheader', { name: 'Без команды' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Скачать .ics' })).toBeTruthy();
  });
});
