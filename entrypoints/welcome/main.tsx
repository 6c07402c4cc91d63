/** The welcome page, opened on install (lib/background/welcome.ts). Only wiring here. */
import { WelcomePage } from '@/components/pages/Welcome';
import { mountPage } from '@/components/pages/mount';

void mountPage(<WelcomePage />);
