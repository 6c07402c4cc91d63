/**
 * The panel's entry for the content-script runtime: render into a container inside our
 * shadow root, update with new page state, unmount. The runtime sets data-liaison-panel and
 * data-liaison-item on the shadow host; everything inside the shadow root is the panel's.
 * `panelCss` is the panel's stylesheet as text (the runtime puts it into the shadow root).
 */
import { createRoot } from 'react-dom/client';
import panelCss from './panel.css?inline';
import { Panel, type PanelHostProps } from './Panel';

export type { PanelHostProps, LiaisonStore } from './Panel';
export { Panel } from './Panel';
export { panelCss };

const KEY_EVENTS = ['keydown', 'keyup', 'keypress'] as const;
const STYLE_MARK = 'data-liaison-panel-css';

/**
 * The panel brings its own stylesheet: into the shadow root or the document (the panel's extension
 * frame) that holds the container, once.
 */
function ensureStyles(container: HTMLElement): void {
  const root = container.getRootNode();
  const doc = container.ownerDocument;
  const target: ParentNode | null = root instanceof ShadowRoot ? root : (doc.head ?? doc.documentElement);
  if (!target || target.querySelector(`style[${STYLE_MARK}]`)) return;
  const style = doc.createElement('style');
  style.setAttribute(STYLE_MARK, '');
  style.textContent = panelCss;
  target.insertBefore(style, target.firstChild);
}

export function renderPanel(container: HTMLElement, props: PanelHostProps): { update(p: PanelHostProps): void; unmount(): void } {
  // Host shortcuts (Jira's "c", Trello's keys) must not fire while typing in the panel.
  const stop = (e: Event) => e.stopPropagation();
  for (const t of KEY_EVENTS) container.addEventListener(t, stop);
  container.setAttribute('data-no-focus-lock', 'true');
  ensureStyles(container);
  const root = createRoot(container);
  // Keyed by item: another item starts with closed forms and fresh state.
  const render = (p: PanelHostProps) => root.render(<Panel key={p.itemKey} {...p} />);
  render(props);
  return {
    update: render,
    unmount() {
      root.unmount();
      for (const t of KEY_EVENTS) container.removeEventListener(t, stop);
    },
  };
}
