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
  i18n: { localesDir: resolve(import.meta.dirname, 'lib/i18n/locales') },
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
      ? { browser_specific_settings: { gecko: { id: 'liaison@liaison.app', strict_min_version: '128.0', data_collection_permissions: { required: ['none'] } } } }
      : {}),
  }),
});
