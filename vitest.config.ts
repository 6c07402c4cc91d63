import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}'],
    environment: 'node',
    setupFiles: ['tests/unit/setup.ts'],
    env: { BROWSER: 'chrome', MANIFEST_VERSION: '3' },
    reporters: ['default', './tests/unit/summary-reporter.ts'],
    testTimeout: 20000,
  },
});
