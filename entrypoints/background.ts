/**
 * The background only wires services from lib/background/*; each service owns its listeners.
 * Everything registers synchronously so a message or alarm that woke the worker is handled.
 */
import '@/lib/core/zod-config'; // jitless before any schema
import '@/lib/core/holidays'; // the holiday library: affordable here, not in content scripts
import { startHolidayCache } from '@/lib/background/holiday-cache';
import { startStoreService } from '@/lib/background/store-service';
import { startKpiSources } from '@/lib/background/kpi-sources';
import { startSlaNotifier } from '@/lib/background/sla-notifier';
import { startNavRelay } from '@/lib/background/nav-relay';
import { startCommands } from '@/lib/background/commands';
import { startCustomHosts } from '@/lib/background/custom-hosts';
import { startSampleLoader } from '@/lib/background/sample';
import { startBadge } from '@/lib/background/badge';
import { startTeamSync } from '@/lib/background/team-sync';
import { startInjector } from '@/lib/background/injector';
import { startWelcome } from '@/lib/background/welcome';

export default defineBackground(() => {
  const service = startStoreService();
  const store = service.then((s) => s.store);
  startKpiSources();
  startSlaNotifier();
  startNavRelay();
  startInjector();
  startCommands();
  startCustomHosts();
  startSampleLoader(store);
  startHolidayCache(store);
  startBadge(store);
  startTeamSync(store);
  startWelcome(); // first run: the welcome page on install (issue 13)
});
