import { Popup } from '@/components/pages/Inbox';
import { mountPage } from '@/components/pages/mount';

void mountPage(<Popup />);
