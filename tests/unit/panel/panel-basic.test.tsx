// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installI18n, mountPanel, reading, settle, type Mounted } from './helpers';

const KEY = 'jira:acme.atlassian.net:issue:MKT-1';

let m: Mounted | null = null;
beforeEach(() => installI18n('en'));
afterEach(() => {
  m?.unmount();
  m = null;
});

describe('panel basics', () => {
  it('renders in a shadow root with the empty states', async () => {
    m = await mountPanel({ itemKey: KEY, reading: reading({ title: 'Spring sale' }) });
    await settle(m.shadow);
    const text = m.shadow.textContent ?? '';
    expect(text).toContain('Spring sale');
    expect(text).toContain('No KPIs linked yet — Link a KPI');
  });
});
