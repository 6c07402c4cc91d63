/** Loads the sample workspace when an extension page asks (the options page's "try it" button, the demo). */
import { onValidated } from '../messaging';
import { loadSampleWorkspace } from '../demo/sample-workspace';
import type { Store } from '../store';

export function startSampleLoader(storeP: Promise<Store>): () => void {
  return onValidated('workspace:load-sample', async (data, sender) => {
    if (!sender.fromExtensionPage) throw new Error('Only Liaison pages may load the sample workspace.');
    const written = await loadSampleWorkspace(await storeP, data.now ? new Date(data.now) : new Date());
    return { written };
  });
}
