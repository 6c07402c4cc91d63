import '@/lib/core/holidays'; // public holidays for SLA clocks (extension pages can afford the library)
import { Popup } from '@/components/pages/Inbox';
import { mountPage } from '@/components/pages/mount';

void mountPage(<Popup page="sidepanel" />);
