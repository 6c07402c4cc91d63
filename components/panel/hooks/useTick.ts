/**
 * The panel's one timer: it fires at the soonest clock change (nextChangeAt from the SLA
 * engine) or the next whole minute for the countdown display, whichever comes first.
 * No polling loop: each render schedules exactly one timeout and clears the previous one.
 */
import { useEffect, useState } from 'react';
import { nextMinute } from '@/lib/panel/format';

export function useTick(nextChangeAt: number | null, active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    // A change already passed (the model has not caught up yet) never schedules a busy loop.
    const change = nextChangeAt !== null && nextChangeAt > now ? nextChangeAt : Number.POSITIVE_INFINITY;
    const target = Math.min(nextMinute(now), change);
    const id = setTimeout(() => setNow(Date.now()), Math.max(0, target - Date.now()) + 1);
    return () => clearTimeout(id);
  }, [now, nextChangeAt, active]);
  return now;
}
