import '@/lib/core/holidays'; // public holidays for SLA clocks (extension pages can afford the library)
import { OptionsPage } from '@/components/pages/Options';
import { mountPage } from '@/components/pages/mount';

void mountPage(<OptionsPage />);
