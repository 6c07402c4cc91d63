import { CalendarPage } from '@/components/pages/Calendar';
import { mountPage } from '@/components/pages/mount';

void mountPage(<CalendarPage />);
