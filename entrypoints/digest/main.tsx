import '@/lib/core/holidays'; // public holidays for SLA clocks (extension pages can afford the library)
import { DigestPage } from '@/components/pages/Digest';
import { mountPage } from '@/components/pages/mount';

void mountPage(<DigestPage />);
