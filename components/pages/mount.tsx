/** Mounts a page component with its env (entrypoints call this and nothing else). */
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { createPagesEnv, PagesEnvProvider } from './env';

export async function mountPage(node: ReactNode): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  const env = await createPagesEnv();
  root.render(
    <StrictMode>
      <PagesEnvProvider value={env}>{node}</PagesEnvProvider>
    </StrictMode>,
  );
}
