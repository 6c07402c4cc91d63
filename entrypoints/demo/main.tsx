/** The demo item page: a sample campaign with the real panel (components/pages/Demo.tsx). Only wiring here. */
import '@/lib/core/holidays'; // public holidays for the panel's SLA clocks, as on the options page
import { DemoPage } from '@/components/pages/Demo';
import { mountPage } from '@/components/pages/mount';

void mountPage(<DemoPage />);
