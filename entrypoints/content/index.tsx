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

export default defineContentScript({
  matches: [...HOST_MATCHES],
  // Styles are bundled as text and put into our shadow root, so the panel also works on
  // self-hosted domains registered at run time (no web-accessible CSS file needed).
  cssInjectionMode: 'manual',
  async main(ctx) {
    let custom: CustomHosts = {};
    const settings = await getSettings().catch(() => null);
    if (settings) custom = settings.customHosts;
    const adapter = adapterFor(new URL(location.href), custom);
    if (!adapter) return; // not a page we serve: nothing else runs

    const unwatchSettings = watchSettings((s) => {
      custom = s.customHosts;
    });
    ctx.onInvalidated(unwatchSettings);

    const store = createStore({ device: await deviceId() });
    ctx.onInvalidated(() => store.close());
    const renderers = new WeakMap<HTMLElement, ReturnType<typeof renderPanel>>();

    const mount = async (spec: Parameters<Parameters<typeof createController>[0]['mount']>[0], state: PanelState): Promise<MountedUi> => {
      const ui = await createShadowRootUi(ctx, {
        name: 'liaison-panel',
        css: panelCss,
        position: spec ? 'inline' : 'overlay',
        anchor: spec ? spec.anchor : 'body',
        append: spec ? spec.append : 'last',
        // Keys typed in our panel never reach the host's shortcuts (Jira "c", Trello keys).
        isolateEvents: ['keydown', 'keyup', 'keypress'],
        onMount(container, _shadow, host) {
          host.setAttribute('data-liaison-panel', '');
          host.setAttribute('data-liaison-item', state.itemKey);
          host.setAttribute('data-no-focus-lock', 'true');
          if (!spec) {
            host.setAttribute('data-liaison-floating', '');
            Object.assign(host.style, { position: 'fixed', right: '16px', bottom: '16px', zIndex: '2147483000', width: 'auto', height: 'auto' });
          } else {
            Object.assign(host.style, { display: 'block', margin: '8px 0' });
          }
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
        renderers.get(ui.host)?.update({ ...state, store });
      },
      seen(state) {
        const snap = snapshotFromState(state);
        if (snap) sendMessage('item:seen', snap).catch(() => undefined);
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
