/**
 * The panel's page, loaded in an iframe inside the host page's closed shadow root (issue 17.3):
 * an extension page, so React, zod and the store run here — in the extension's process, off the
 * host's main thread — and the page can neither read nor drive it. Only wiring here; the channel
 * is lib/runtime/panel-link.ts, the views components/panel.
 */
import '@/lib/core/zod-config';
import { startPanelFrame } from '@/lib/runtime/panel-frame';

void startPanelFrame(window);
