/**
 * The content script: wires the adapter for this host, the controller (which item is open,
 * where the panel goes) and the React panel inside a shadow root. All logic lives in lib/.
 */
import { HOST_MATCHES } from '@/lib/hosts';
import { adapterFor } from '@/lib/adapters/registry';
import { createController, type MountedUi, type PanelState } from '@/lib/runtime/controller';
import { snapshotFromState } from '@/lib/runtime/snapshot';
import { onMessage, sendMessage } from '@/lib/messaging';
import { createStore, deviceId, getSettings, watchSettings } from '@/lib/store';
import type { CustomHosts } from '@/lib/core/item-ref';
import { renderPanel, panelCss } from '@/components/panel';
import { installHolidayCache } from '@/lib/runtime/holiday-cache';

/** Placement of the shadow host: in the host's flow, or floating at the page's edge; hidden by the toggle command. */
const HOST_CSS = `
:host { display: block !important; margin: 8px 0 !important; }
:host([data-liaison-floating]) {
  position: fixed !important; right: 16px !important; bottom: 16px !important; margin: 0 !important;
  z-index: 2147483000 !important; max-height: calc(100vh - 32px) !important; overflow: auto !important;
}
:host([data-liaison-floating="left"]) { right: auto !important; left: 16px !important; width: 340px !important; }
:host([data-liaison-hidden]) { display: none !important; }
`;

export default defineContentScript({
  matches: [...HOST_MATCHES],
  // Styles are bundled as text and put into our shadow root, so the panel also works on
  // self-hosted domains registered at run time (no web-accessible CSS file needed).
  cssInjectionMode: 'manual',
  async main(ctx) {
    const url = new URL(location.href);
    let custom: CustomHosts = {};
    let adapter = adapterFor(url);
    if (!adapter) {
      // Not a declared host: a self-hosted Jira or Bitrix24 domain the user added (only there is
      // the script registered at run time), so only there do we read the settings.
      custom = (await getSettings().catch(() => null))?.customHosts ?? {};
      adapter = adapterFor(url, custom);
      if (!adapter) return; // not a page we serve: nothing else runs
      ctx.onInvalidated(watchSettings((s) => (custom = s.customHosts)));
    }

    // The store and the holiday cache load on the first open item, not on every page of the host.
    let storeP: Promise<ReturnType<typeof createStore>> | null = null;
    const getStore = () =>
      (storeP ??= (async () => {
        ctx.onInvalidated(await installHolidayCache());
        const s = createStore({ device: await deviceId() });
        ctx.onInvalidated(() => s.close());
        return s;
      })());
    const renderers = new WeakMap<HTMLElement, ReturnType<typeof renderPanel>>();

    const mount = async (spec: Parameters<Parameters<typeof createController>[0]['mount']>[0], state: PanelState): Promise<MountedUi> => {
      const store = await getStore();
      const ui = await createShadowRootUi(ctx, {
        name: 'liaison-panel',
        // WXT resets the host with `:host{all:initial !important}` (host pages cannot restyle it);
        // our own placement therefore also lives in the shadow root, as !important :host rules —
        // inline styles on the host would lose to that reset.
        css: `${panelCss}\n${HOST_CSS}`,
        // 'inline' for both: WXT's 'overlay' adds a zero-size positioned wrapper we do not want.
        position: 'inline',
        anchor: spec ? spec.anchor : 'body',
        append: spec ? spec.append : 'last',
        onMount(container, _shadow, host) {
          host.setAttribute('data-liaison-panel', '');
          host.setAttribute('data-liaison-item', state.itemKey);
          host.setAttribute('data-no-focus-lock', 'true');
          if (!spec) host.setAttribute('data-liaison-floating', '');
          else if (spec.float) host.setAttribute('data-liaison-floating', spec.float);
          const r = renderPanel(container, { ...state, store });
          renderers.set(host, r);
          return r;
        },
        onRemove(r) {
          r?.unmount();
        },
      });
      ui.mount();
      return {
        host: ui.shadowHost,
        remove: () => ui.remove(),
      };
    };

    const controller = createController({
      win: window,
      adapter,
      customHosts: () => custom,
      mount,
      update(ui, state) {
        ui.host.setAttribute('data-liaison-item', state.itemKey);
        void getStore().then((store) => renderers.get(ui.host)?.update({ ...state, store }));
      },
      seen(state) {
        void getStore()
          .then(async (store) => {
            const [templates, meta] = await Promise.all([store.list('briefTemplates'), store.get('itemMeta', state.itemKey)]);
            const snap = snapshotFromState(state, { templates: templates.map((t) => t.data), meta: meta?.data });
            if (snap) await sendMessage('item:seen', snap);
          })
          .catch(() => undefined);
      },
    });
    ctx.onInvalidated(() => controller.stop());

    const offToggle = onMessage('panel:toggle', () => controller.toggleHidden());
    const offNav = onMessage('nav:changed', () => controller.watcher.request('url'));
    ctx.onInvalidated(() => {
      offToggle();
      offNav();
    });

    controller.checkNow();
  },
});
