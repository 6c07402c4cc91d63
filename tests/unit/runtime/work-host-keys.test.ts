// @vitest-environment happy-dom
/**
 * The key contract when a ClickUp URL lacks the team id (issue 15): the controller mounts under the key the
 * page names (`clickup:<team>:task:<id>`) once the app's sidebar renders, and nothing is read or recorded
 * under the `app` placeholder while it has not.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createController, type Controller, type PanelState } from '@/lib/runtime/controller';
import { clickupAdapter } from '@/lib/adapters/clickup';

const FIXTURE = readFileSync(join(__dirname, '../../fixtures/clickup/task-over-list-en.html'), 'utf8');

describe('ClickUp key refined by the page', () => {
  let c: Controller;
  let mounted: PanelState[];
  let seen: PanelState[];

  beforeEach(() => {
    vi.useFakeTimers();
    (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL('https://app.clickup.com/t/86b3xdnyf');
    const parsed = new DOMParser().parseFromString(FIXTURE, 'text/html');
    document.body.replaceChildren(...Array.from(parsed.body.childNodes).map((n) => document.importNode(n, true)));
    mounted = [];
    seen = [];
    c = createController({
      win: window,
      adapter: clickupAdapter,
      customHosts: () => ({}),
      graceMs: 1000,
      log: () => undefined,
      mount: async (spec, state) => {
        const host = document.createElement('liaison-panel');
        if (spec) spec.anchor.after(host);
        else document.body.append(host);
        mounted.push(state);
        return { host, remove: () => host.remove() };
      },
      update: () => undefined,
      seen: (state) => seen.push(state),
    });
  });
  afterEach(() => {
    c.stop();
    vi.useRealTimers();
  });

  it('mounts under the team key at once when the sidebar is there', async () => {
    c.checkNow();
    await vi.advanceTimersByTimeAsync(50);
    expect(c.current?.key).toBe('clickup:9012345678:task:86b3xdnyf');
    expect(mounted.map((m) => m.itemKey)).toEqual(['clickup:9012345678:task:86b3xdnyf']);
    expect(seen.map((s) => s.itemKey)).toEqual(['clickup:9012345678:task:86b3xdnyf']);
  });

  it('renders the task view before the sidebar: nothing recorded under `app`, then the team key', async () => {
    const chrome = Array.from(document.querySelectorAll('nav, .cu-dashboard, [data-test="task-view-header__breadcrumbs"]'));
    const parents = chrome.map((el) => [el, el.parentElement!, el.nextSibling] as const);
    for (const el of chrome) el.remove();
    c.checkNow();
    await vi.advanceTimersByTimeAsync(300);
    expect(c.current?.key).toBe('clickup:app:task:86b3xdnyf');
    expect(seen).toEqual([]);
    expect(mounted).toEqual([]);
    // The app's chrome renders: the key becomes the team's, and the panel mounts under it only.
    for (const [el, parent, next] of parents) parent.insertBefore(el, next && next.parentNode === parent ? next : null);
    await vi.advanceTimersByTimeAsync(300);
    expect(c.current?.key).toBe('clickup:9012345678:task:86b3xdnyf');
    expect(mounted.map((m) => m.itemKey)).toEqual(['clickup:9012345678:task:86b3xdnyf']);
    expect(new Set(seen.map((s) => s.itemKey))).toEqual(new Set(['clickup:9012345678:task:86b3xdnyf']));
    expect(c.current?.floating).toBe(false);
  });
});
