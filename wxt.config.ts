import { resolve } from 'node:path';
import { defineConfig } from 'wxt';
import { HOST_MATCHES } from './lib/hosts';
import { buildPageScripts, DETECTOR_PATH } from './build/page-scripts';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  srcDir: '.',
  publicDir: 'public',
  outDir: '.output',
  // Manifest V3 for Firefox too (.output/firefox-mv3): the MV2 build loses optional_host_permissions,
  // so self-hosted domains and KPI sources could never be granted there (README, "Firefox").
  manifestVersion: 3,
  i18n: { localesDir: resolve(import.meta.dirname, 'lib/i18n/locales') },
  // Trust (issue 16): every `import … from 'zod'` gets lib/core/zod.ts, which sets jitless mode
  // before any schema is built (no CSP eval violation on extension pages).
  vite: () => ({ resolve: { alias: [{ find: /^zod$/, replacement: resolve(import.meta.dirname, 'lib/core/zod.ts') }] } }),
  hooks: {
    // The page-side scripts (detector, one script per host adapter) are plain esbuild bundles.
    'build:publicAssets': async (wxt, files) => {
      files.push(...(await buildPageScripts(resolve(import.meta.dirname), wxt.config.browser)));
    },
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'alarms', 'notifications', 'scripting', 'unlimitedStorage', ...(browser === 'chrome' ? ['sidePanel'] : [])],
    // Hosts with a content script; KPI source URLs and self-hosted domains are asked for at run time.
    host_permissions: [...HOST_MATCHES],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    commands: {
      'toggle-panel': {
        suggested_key: { default: 'Alt+Shift+L' },
        description: '__MSG_commandTogglePanel__',
      },
    },
    storage: { managed_schema: 'managed-schema.json' },
    // Issue 17: the only declared content script is the URL-only micro-detector (build/page-scripts.ts);
    // the host's own script is injected by the background, the panel is this web-accessible frame.
    content_scripts: [{ matches: [...HOST_MATCHES], js: [DETECTOR_PATH], run_at: 'document_idle' }],
    web_accessible_resources: [{ resources: ['panel-frame.html'], matches: ['https://*/*'], use_dynamic_url: true }],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: { id: 'liaison@liaison.app', strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
            // data_collection_permissions came to Firefox for Android in 142.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
