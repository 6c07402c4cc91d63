import { describe, expect, it } from 'vitest';
import { createStore } from '@/lib/store';
import { loadSampleWorkspace, sampleKey, SAMPLE_URLS } from '@/lib/demo/sample-workspace';
import { parseItemUrl } from '@/lib/core/item-ref';

describe('the sample workspace', () => {
  it('every sample URL names an item of its host', () => {
    for (const url of Object.values(SAMPLE_URLS)) expect(parseItemUrl(url), url).not.toBeNull();
  });

  it('fills an empty workspace with a coherent story, and never overwrites what is there', async () => {
    const store = createStore({ device: 'test-device' });
    await store.put('kpiStatus', { kpiId: 'cac', latest: { kpiId: 'cac', value: 9000, at: '2026-11-01T10:00:00.000Z', source: 'manual' } });
    const written = await loadSampleWorkspace(store, new Date('2026-11-22T10:00:00Z'));
    expect(written).toBeGreaterThan(20);
    expect((await store.get('kpiStatus', 'cac'))!.data.latest!.value).toBe(9000);
    const campaign = sampleKey('campaign');
    const meta = (await store.get('itemMeta', campaign))!.data;
    expect(meta.role).toBe('campaign');
    expect(meta.dates.launch).toBe('2026-11-26');
    const ws = await store.workspace();
    expect(ws.dependencies.some((d) => d.fromKey === campaign && d.state === 'blocked')).toBe(true);
    expect(ws.leadNotes.filter((n) => n.source === 'spring-seo-course').length).toBeGreaterThan(5);
    // A second load writes nothing new.
    expect(await loadSampleWorkspace(store, new Date('2026-11-22T10:00:00Z'))).toBe(0);
    store.close();
  });
});
