/** The user's settings (storage.sync), kept current across contexts. */
import { useEffect, useState } from 'react';
import { SettingsSchema, type Settings } from '@/lib/core/schemas';
import { getSettings, watchSettings } from '@/lib/store/settings';

/** `initial`: the settings as the caller already read them (the panel frame does, before its first render). */
export function useSettings(initial?: Settings): Settings {
  const [settings, setSettings] = useState<Settings>(() => initial ?? SettingsSchema.parse({}));
  const given = !!initial;
  useEffect(() => {
    let alive = true;
    if (!given)
      getSettings()
        .then((s) => alive && setSettings(s))
        .catch(() => undefined);
    const off = watchSettings((s) => alive && setSettings(s));
    return () => {
      alive = false;
      off();
    };
  }, [given]);
  return settings;
}
