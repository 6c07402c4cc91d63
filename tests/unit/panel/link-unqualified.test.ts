/**
 * Linking an item by a ClickUp/Asana URL that lacks the workspace (issue 15): the link is stored under the
 * key the panel uses for that task (`clickup:<team>:task:<id>`) once Liaison knows it, so the dependency
 * shows on the task's panel; the task's own bare URL is "self".
 */
import { describe, expect, it } from 'vitest';
import { createStore } from '@/lib/store';
import { linkItemByUrl } from '@/lib/panel/actions';

const AUTHOR = { name: 'Maria', teamId: 'marketing' };
const DEP = { relation: 'needs', state: 'pending' } as const;

describe('linkItemByUrl with a workspace-less ClickUp/Asana URL', () => {
  it('resolves to the qualified key Liaison already knows, and is self on that task', async () => {
    const store = createStore({ device: 'dev-test' });
    await store.put('itemMeta', { key: 'clickup:9012345678:task:86b3xdnyf', role: 'release', dates: {} });
    const r = await linkItemByUrl(store, 'jira:acme.atlassian.net:issue:MKT-1', 'https://app.clickup.com/t/86b3xdnyf', DEP, AUTHOR);
    expect(r).toEqual({ ok: true, key: 'clickup:9012345678:task:86b3xdnyf' });
    const self = await linkItemByUrl(store, 'clickup:9012345678:task:86b3xdnyf', 'https://app.clickup.com/t/86b3xdnyf', DEP, AUTHOR);
    expect(self).toEqual({ ok: false, error: 'self' });
    const dup = await linkItemByUrl(store, 'jira:acme.atlassian.net:issue:MKT-1', 'https://app.clickup.com/t/9012345678/86b3xdnyf', DEP, AUTHOR);
    expect(dup).toEqual({ ok: false, error: 'duplicate' });
  });
  it('keeps the `app` key when no qualified key is known', async () => {
    const store = createStore({ device: 'dev-test' });
    const r = await linkItemByUrl(store, 'jira:acme.atlassian.net:issue:MKT-1', 'https://app.asana.com/0/1209876543210987/1211122233344455/f', DEP, AUTHOR);
    expect(r).toEqual({ ok: true, key: 'asana:app:task:1211122233344455' });
  });
});
