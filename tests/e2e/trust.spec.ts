/**
 * Issue 16 point 9: no Content-Security-Policy violation on Liaison's extension pages (zod's JIT
 * probe `new Function` would be one: jitless must be set before any schema is built).
 */
import { test, expect } from './harness';

test('extension pages run without a single CSP violation (zod is jitless before any schema exists)', async ({ ext }) => {
  const violations: string[] = [];
  // Installed before any page script runs: every securitypolicyviolation is recorded.
  await ext.context.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  ext.context.on('console', (m) => {
    if (/Content Security Policy|unsafe-eval|Refused to evaluate/i.test(m.text())) violations.push(`console on ${m.page()?.url() ?? 'worker'}: ${m.text()}`);
  });
  for (const path of ['options.html', 'popup.html', 'digest.html', 'calendar.html']) {
    const page = await ext.openExtensionPage(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    // The options page parses with zod on load (settings, every collection); give late probes a moment.
    await page.waitForTimeout(300);
    const seen = await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? ['(listener missing)']);
    violations.push(...seen.map((v) => `${path}: ${v}`));
  }
  expect(violations).toEqual([]);
});
