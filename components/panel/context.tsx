/**
 * What every section needs besides the model: the store, who writes, the locale for Intl,
 * the user's custom hosts, and one way to run an action that reports its error.
 */
import { createContext, useContext } from 'react';
import type { Store } from '@/lib/store/api';
import type { CustomHosts } from '@/lib/core/item-ref';
import type { Author } from '@/lib/panel/actions';

export interface PanelEnv {
  store: Store;
  author: Author;
  /** The browser's locale for dates and numbers (undefined = the runtime default). */
  locale: string | undefined;
  custom: CustomHosts;
  itemKey: string;
  now: number;
  /** The host page's origin (links to items nobody opened yet keep the host's own domain). */
  origin?: string;
}

export const PanelEnvContext = createContext<PanelEnv | null>(null);

export function usePanelEnv(): PanelEnv {
  const env = useContext(PanelEnvContext);
  if (!env) throw new Error('Liaison panel sections must render inside <Panel>');
  return env;
}

/** A store error as a short message for the user. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
