/** The panel's view preferences (lib/panel/prefs.ts) from storage.local, live across tabs. */
import { useCallback, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { DEFAULT_PREFS, PANEL_PREFS_KEY, parsePrefs, type PanelPrefs } from '@/lib/panel/prefs';

/** `initial`: the prefs as the caller already read them (the panel frame does, before its first render). */
export function usePanelPrefs(initial?: PanelPrefs): { prefs: PanelPrefs; loaded: boolean; update(fn: (p: PanelPrefs) => PanelPrefs): void } {
  const [state, setState] = useState<{ prefs: PanelPrefs; loaded: boolean }>(() => (initial ? { prefs: initial, loaded: true } : { prefs: DEFAULT_PREFS, loaded: false }));
  const given = !!initial;
  useEffect(() => {
    let alive = true;
    if (!given)
      browser.storage.local
        .get(PANEL_PREFS_KEY)
        .then((got) => alive && setState({ prefs: parsePrefs((got as Record<string, unknown>)[PANEL_PREFS_KEY]), loaded: true }))
        .catch(() => alive && setState((s) => ({ ...s, loaded: true })));
    const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area === 'local' && PANEL_PREFS_KEY in changes && alive) setState({ prefs: parsePrefs(changes[PANEL_PREFS_KEY]?.newValue), loaded: true });
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => {
      alive = false;
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, [given]);
  const update = useCallback((fn: (p: PanelPrefs) => PanelPrefs) => {
    setState((s) => {
      const next = fn(s.prefs);
      browser.storage.local.set({ [PANEL_PREFS_KEY]: next }).catch(() => undefined);
      return { prefs: next, loaded: true };
    });
  }, []);
  return { ...state, update };
}
