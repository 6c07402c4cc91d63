// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SLA_POLICIES } from '@/lib/core/defaults';
import type { AuditEntry } from '@/lib/store';
import { DigestView } from '@/components/pages/Digest';
import { harness, snap } from './harness';

const NOW = '2026-05-06T10:00:00.000Z'; // period: Apr 29 10:00 – May 6 10:00 UTC
const MKT1 = 'jira:acme.atlassian.net:issue:MKT-1';
const MKT3 = 'jira:acme.atlassian.net:issue:MKT-3';
const REL = 'jira:acme.atlassian.net:issue:PROD-7';

function audit(e: Partial<AuditEntry> & Pick<AuditEntry, 'collection' | 'docId' | 'field' | 'at'>): AuditEntry {
  return { doc: `${e.collection}:${e.docId}`, kind: 'change', by: { device: 'd', person: 'ann' }, hlc: `${Date.parse(e.at)}.00000.d`, ...e };
}

async function seed(h: Awaited<ReturnType<typeof harness>>) {
  await h.store.put('teams', { id: 'marketing', name: 'Marketing', builtin: true });
  await h.store.put('teams', { id: 'product', name: 'Product', builtin: true });
  // Calendar days (the per-policy setting): these cases were computed in calendar days.
  await h.store.put('slaPolicies', { ...DEFAULT_SLA_POLICIES.find((p) => p.id === 'campaign-notify')!, businessTime: false });
  await h.store.put('itemMeta', { key: MKT1, role: 'campaign', teamId: 'marketing', dates: { launch: '2026-05-08' } });
  await h.store.put('itemMeta', { key: MKT3, role: 'campaign', teamId: 'marketing', dates: { launch: '2026-05-05' } });
  await h.store.put('itemMeta', { key: REL, role: 'release', teamId: 'product', dates: { release: '2026-05-27' } });
  await h.store.put('slaEvents', { itemKey: MKT3, events: [{ itemKey: MKT3, policyId: 'campaign-notify', type: 'stop', at: '2026-04-29T12:00:00.000Z' }] });
  await h.store.put('dependencies', { id: 'd1', fromKey: MKT1, to: { type: 'team', teamId: 'product' }, relation: 'needs', state: 'done', note: 'payment form' });
  await h.store.put('dependencies', { id: 'd2', fromKey: MKT1, to: { type: 'item', itemKey: REL }, relation: 'needs', state: 'pending', reason: 'final price list', due: '2026-05-15' });
  await h.snapshot(snap(MKT1, '70% off today'));
  await h.snapshot(snap(MKT3, 'Webinar *promo*', { brief: { templateId: 'marketing-brief', present: 6, total: 8, missing: ['offer', 'metrics'] } }));
  await h.snapshot(snap(REL, 'New payment form'));
  await h.audit([
    audit({ collection: 'dependencies', docId: 'd1', field: 'state', before: 'pending', after: 'blocked', at: '2026-04-20T10:00:00.000Z' }),
    audit({ collection: 'dependencies', docId: 'd1', field: 'state', before: 'blocked', after: 'done', at: '2026-05-01T10:00:00.000Z' }),
    audit({ collection: 'itemMeta', docId: REL, field: 'dates.release', before: '2026-05-20', after: '2026-05-27', at: '2026-05-04T09:00:00.000Z' }),
  ]);
}

describe('weekly digest', () => {
  it('says there are no teams when there are none', async () => {
    const h = await harness({ now: NOW });
    h.mount(<DigestView />);
    expect(await screen.findByText('No teams yet. Add teams in the settings.')).toBeTruthy();
  });

  it('assembles per team what we did, how it affected the others and what we need, with the measures', async () => {
    const h = await harness({ now: NOW });
    await seed(h);
    h.mount(<DigestView />);
    const product = await screen.findByRole('region', { name: 'Product' });
    expect(product.textContent).toContain('Delivered what 70% off today (Marketing) needed');
    expect(product.textContent).toContain('Release of New payment form moved from May 20, 2026 to May 27, 2026');
    expect(product.textContent).toContain('Release of New payment form moved to May 27, 2026: affects “70% off today” (Marketing)');
    const marketing = screen.getByRole('region', { name: 'Marketing' });
    expect(marketing.textContent).toContain('From Product for 70% off today: final price list, due May 15, 2026');
    expect(marketing.textContent).toContain('Met “Tell product and analytics before a campaign launch” on Webinar *promo*');
    expect(marketing.textContent).toContain('Missed “Tell product and analytics before a campaign launch” on 70% off today');
    for (const a of within(marketing).getAllByRole('link', { name: '70% off today' })) expect(a.getAttribute('href')).toBe('https://acme.atlassian.net/browse/MKT-1');

    // Overall: 1 of 2 deadlines met; MKT-1 blocked from the period start (Apr 29 10:00) to May 1 10:00; the one brief started was incomplete.
    const dl = document.querySelector('dl.measures')!;
    expect(dl.textContent).toContain('SLA hit rate50%1 of 2 deadlines met');
    expect(dl.textContent).toContain('Time items spent blocked2 days');
    expect(dl.textContent).toContain('Briefs complete at start0%0 of 1 briefs');
  });

  it('copies the digest as Markdown, links and escaped host text included', async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const h = await harness({ now: NOW });
    await seed(h);
    h.mount(<DigestView />);
    await screen.findByRole('region', { name: 'Product' });
    fireEvent.click(screen.getByRole('button', { name: 'Copy as Markdown' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(1));
    const md = (writeText.mock.calls[0] as unknown as [string])[0];
    expect(md).toContain('# Weekly sync: Apr 29, 2026 – May 6, 2026\n');
    expect(md).toContain('SLA hit rate: 50% (1/2) · Time blocked: 2 days · Briefs complete at start: 0% (0/1)');
    expect(md).toContain('## Marketing\n');
    expect(md).toContain('### What we need from you\n\n- From Product for [70% off today](https://acme.atlassian.net/browse/MKT-1): final price list, due May 15, 2026');
    expect(md).toContain('on [Webinar \\*promo\\*](https://acme.atlassian.net/browse/MKT-3)');
    expect(md).toContain('### How it affected the others\n\n- Marketing can move on with [70% off today](https://acme.atlassian.net/browse/MKT-1)\n- Release of [New payment form](https://acme.atlassian.net/browse/PROD-7) moved to May 27, 2026: affects “70% off today” (Marketing)');
    expect(await screen.findByText('Copied the digest as Markdown.')).toBeTruthy();
  });
});
