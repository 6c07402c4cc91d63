import '@/lib/core/holidays'; // public holidays for SLA clocks (extension pages can afford the library)
import { AgendaPage } from '@/components/pages/Agenda';
import { mountPage } from '@/components/pages/mount';

void mountPage(<AgendaPage />);
