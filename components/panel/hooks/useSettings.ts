/** The user's settings (storage.sync), kept current across contexts. */
import { useEffect, useState } from 'react';
import { SettingsSchema, type Settings } from '@/lib/core/schemas';
import { getSettings, watchSettings } from '@/lib/store/settings';

export function useSettings(): Settings {
  const [settings, setSettings] = useState<Settings>(() => SettingsSchema.parse({}));
  useEffect(() => {
    let alive = true;
    getSettings()
      .then((s) => alive && setSettings(s))
      .catch(() => undefined);
    const off = watchSettings((s) => alive && setSettings(s));
    return () => {
      alive = false;
      off();
    };
  }, []);
  return settings;
}
