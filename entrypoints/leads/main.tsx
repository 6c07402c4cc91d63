import '@/lib/core/holidays'; // public holidays for the first-contact clocks (extension pages can afford the library)
import { LeadsPage } from '@/components/pages/Leads';
import { mountPage } from '@/components/pages/mount';

void mountPage(<LeadsPage />);
