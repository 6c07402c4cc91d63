import '@/lib/core/holidays'; // public holidays for SLA clocks (extension pages can afford the library)
import { CalendarPage } from '@/components/pages/Calendar';
import { mountPage } from '@/components/pages/mount';

void mountPage(<CalendarPage />);
