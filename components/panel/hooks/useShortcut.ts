/**
 * The keyboard shortcut that shows or hides the panel, as the browser has it now (the user may have
 * changed it in chrome://extensions/shortcuts). Content scripts cannot read commands: there the
 * manifest's suggested key is shown.
 */
import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';

export const DEFAULT_SHORTCUT = 'Alt+Shift+L';

export function useShortcut(): { label: string; aria: string } {
  const [keys, setKeys] = useState(DEFAULT_SHORTCUT);
  useEffect(() => {
    let alive = true;
    const commands = (browser as unknown as { commands?: { getAll?: () => Promise<{ name?: string; shortcut?: string }[]> } }).commands;
    let asked: Promise<{ name?: string; shortcut?: string }[]> | undefined;
    try {
      asked = commands?.getAll?.();
    } catch {
      asked = undefined; // not available in this context (a content script): keep the manifest's key
    }
    asked
      ?.then((all) => {
        const c = all.find((x) => x.name === 'toggle-panel');
        if (alive && c) setKeys(c.shortcut ?? '');
      })
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, []);
  return { label: keys, aria: keys.replace(/\\+/g, '+') };
}
