import { HOST_MATCHES } from '@/lib/hosts';

export default defineContentScript({
  matches: [...HOST_MATCHES],
  cssInjectionMode: 'ui',
  async main(ctx) {
    const ui = await createShadowRootUi(ctx, {
      name: 'liaison-panel',
      position: 'overlay',
      anchor: 'body',
      onMount(container) {
        container.textContent = 'Liaison';
      },
    });
    ui.mount();
  },
});
