// @vitest-environment happy-dom
/**
 * The funnel planner's SQL → deal default when the workspace has SQL but Liaison never saw a CRM
 * record in a won status (its own file: its store must not share storage with the sample's tests).
 */
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LeadsView } from '@/components/pages/Leads';
import { harness } from './harness';

const NOW = '2026-12-02T11:00:00.000Z';

describe('lead quality page: planner defaults without won deals', () => {
  it('with SQL but no won deal seen, SQL → deal stays the articles’ and says why', async () => {
    const h = await harness({ now: NOW });
    for (let i = 0; i < 25; i++) {
      await h.store.put('leadNotes', { id: `n${i}`, itemKey: `hubspot:1:contact:${i}`, criteria: {}, verdict: i < 10 ? 'sql' : 'mql', source: 'webinar', authorTeamId: 'sales', at: '2026-11-20T10:00:00.000Z' });
    }
    h.mount(<LeadsView />);
    const planner = await screen.findByRole('region', { name: 'Plan from the funnel' });
    await screen.findByRole('table', { name: 'Lead quality by source' });
    expect((within(planner).getByLabelText('SQL → deal conversion') as HTMLInputElement).value).toBe('20');
    expect(within(planner).getByText(/No CRM record of these leads was seen in a won status yet/)).toBeTruthy();
    expect((within(planner).getByLabelText('MQL → SQL conversion') as HTMLInputElement).value).toBe('40');
  });

});
