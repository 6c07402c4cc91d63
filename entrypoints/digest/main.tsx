import { DigestPage } from '@/components/pages/Digest';
import { mountPage } from '@/components/pages/mount';

void mountPage(<DigestPage />);
