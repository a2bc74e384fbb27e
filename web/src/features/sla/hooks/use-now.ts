import { useEffect, useState } from 'react';

/** How often SLA countdowns re-render: twice a minute is enough for minute-precision text. */
export const SLA_TICK_MS = 30_000;

/**
 * The current time (milliseconds since the epoch), refreshed every `intervalMs` (default 30 s)
 * while the component is mounted, so SLA countdowns move without a timer per second.
 */
export function useNow(intervalMs: number = SLA_TICK_MS): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}
