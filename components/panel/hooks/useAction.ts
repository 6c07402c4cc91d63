/** Run one store action from a button, with a busy flag and the error shown next to it. */
import { useCallback, useState } from 'react';
import { errorText } from '../context';

export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback((fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    fn()
      .catch((err: unknown) => setError(errorText(err)))
      .finally(() => setBusy(false));
  }, []);
  return { run, busy, error };
}
