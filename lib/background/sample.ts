/** Loads the sample workspace when an extension page asks (the options page's "try it" button, the demo). */
import { onValidated } from '../messaging';
import { loadSampleWorkspace } from '../demo/sample-workspace';
import { writeSampleLeadSnapshots } from '../demo/sample-leads';
import { putSnapshot } from '../store/idb';
import type { Store } from '../store';

export function startSampleLoader(storeP: Promise<Store>): () => void {
  return onValidated('workspace:load-sample', async (data, sender) => {
    if (!sender.fromExtensionPage) throw new Error('Only Liaison pages may load the sample workspace.');
    const now = data.now ? new Date(data.now) : new Date();
    const written = await loadSampleWorkspace(await storeP, now);
    await writeSampleLeadSnapshots((s) => putSnapshot(s), now); // the sample leads' CRM records (won deals), for the lead quality page
    return { written };
  });
}
