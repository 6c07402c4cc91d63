/**
 * Playwright fixtures over Ext (ext.ts): every spec imports { test, expect } from here.
 *
 *   test('panel on a Jira issue', async ({ ext }) => {
 *     const page = await ext.openItem('https://acme.atlassian.net/browse/MKT-1', 'jira/issue-en.html');
 *     await expect(ext.panel(page)).toHaveAttribute('data-liaison-item', 'jira:acme.atlassian.net:issue:MKT-1');
 *   });
 */
import { test as base, expect } from '@playwright/test';
import { Ext, type LaunchOptions } from './ext';

export const test = base.extend<{ ext: Ext; launch: (opts?: LaunchOptions) => Promise<Ext> }>({
  // A fresh profile per test; after the test, no error from our code may have reached a host page.
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  ext: async ({}, use) => {
    const ext = await Ext.launch();
    await use(ext);
    const errors = [...ext.errors];
    await ext.close();
    expect(errors, 'errors from Liaison on host or extension pages').toEqual([]);
  },
  // For tests that need options (Russian UI, dark scheme): launch(...) and it is closed afterwards.
  // eslint-disable-next-line no-empty-pattern
  launch: async ({}, use) => {
    const opened: Ext[] = [];
    await use(async (opts) => {
      const e = await Ext.launch(opts);
      opened.push(e);
      return e;
    });
    const errors = opened.flatMap((e) => e.errors);
    for (const e of opened) await e.close();
    expect(errors, 'errors from Liaison on host or extension pages').toEqual([]);
  },
});

export { expect };
export { Ext };
export type { LaunchOptions };
export type { Page, Locator } from 'playwright-core';
