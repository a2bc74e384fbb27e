/**
 * The one place where Docket counts for its limits: request rates (sign-in, tracker, tracking
 * links), upload rates (files and bytes per account and per organization) and concurrent live
 * streams per user all go through a `LimitStore`. The store here keeps its counts in this
 * process's memory, which is right for one instance; several instances behind a load balancer
 * need a shared store with the same interface (e.g. Redis), and nothing else changes.
 *
 * Counters use fixed windows: a counter starts at the first hit and resets `windowMs` later.
 * Slots (concurrency) are taken and given back; a slot is never held longer than its lease, so a
 * crashed holder cannot keep one forever.
 */

/** What a counter says after a hit. */
export interface CounterState {
  /** The counter's total in the current window, this hit included. */
  total: number;
  /** Milliseconds until the window ends and the counter starts again from zero. */
  resetInMs: number;
}

export interface LimitStore {
  /**
   * Adds `amount` (default 1) to the counter `key` in its current window of `windowMs`
   * milliseconds and answers the new total.
   */
  increment(key: string, windowMs: number, amount?: number): Promise<CounterState>;
  /** The counter `key`'s current total without adding to it (0 when absent or expired). */
  peek(key: string): Promise<CounterState>;
  /**
   * Takes one of at most `max` concurrent slots under `key` for at most `leaseMs`; answers false
   * (taking nothing) when all are held. Give it back with `release`.
   */
  acquire(key: string, max: number, leaseMs: number): Promise<{ acquired: boolean; held: number }>;
  /** Gives back one slot taken under `key` (no-op when none is held). */
  release(key: string): Promise<void>;
}

/** Keys a memory store keeps at most; past it, expired entries go first, then the oldest. */
const DEFAULT_MAX_KEYS = 100_000;

/**
 * A LimitStore in this process's memory, bounded to `maxKeys` counters and as many slot keys
 * (a flood of distinct keys evicts the oldest rather than growing the heap). `now` is the clock
 * (milliseconds), injectable for tests.
 */
export function createMemoryLimitStore(
  options: { maxKeys?: number; now?: () => number } = {},
): LimitStore {
  const maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
  const now = options.now ?? Date.now;
  const counters = new Map<string, { total: number; endsAt: number }>();
  const slots = new Map<string, number[]>(); // key → lease expiry of each held slot

  /** Makes room for one more key: expired entries first, then the oldest (insertion order). */
  function makeRoom<V>(map: Map<string, V>, expired: (value: V) => boolean) {
    if (map.size < maxKeys) return;
    for (const [key, value] of map) if (expired(value)) map.delete(key);
    while (map.size >= maxKeys) map.delete(map.keys().next().value as string);
  }

  return {
    async increment(key, windowMs, amount = 1) {
      const at = now();
      let entry = counters.get(key);
      if (!entry || entry.endsAt <= at) {
        if (!entry) makeRoom(counters, (e) => e.endsAt <= at);
        entry = { total: 0, endsAt: at + windowMs };
        counters.delete(key);
        counters.set(key, entry);
      }
      entry.total += amount;
      return { total: entry.total, resetInMs: entry.endsAt - at };
    },
    async peek(key) {
      const at = now();
      const entry = counters.get(key);
      if (!entry || entry.endsAt <= at) return { total: 0, resetInMs: 0 };
      return { total: entry.total, resetInMs: entry.endsAt - at };
    },
    async acquire(key, max, leaseMs) {
      const at = now();
      const held = (slots.get(key) ?? []).filter((expiry) => expiry > at);
      if (held.length >= max) {
        slots.set(key, held);
        return { acquired: false, held: held.length };
      }
      if (!slots.has(key)) makeRoom(slots, (leases) => leases.every((e) => e <= at));
      held.push(at + leaseMs);
      slots.set(key, held);
      return { acquired: true, held: held.length };
    },
    async release(key) {
      const held = slots.get(key);
      if (!held) return;
      // Give back the slot whose lease ends first: the oldest holder.
      held.sort((a, b) => a - b).shift();
      if (held.length) slots.set(key, held);
      else slots.delete(key);
    },
  };
}
