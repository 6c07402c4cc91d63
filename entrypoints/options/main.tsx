import { OptionsPage } from '@/components/pages/Options';
import { mountPage } from '@/components/pages/mount';

void mountPage(<OptionsPage />);
