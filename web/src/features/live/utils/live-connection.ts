/**
 * The state of this tab's live connection, for the header's indicator: `connecting` (first
 * attempt), `live` (the stream is open), `reconnecting` (lost; trying again with backoff).
 * A tiny external store, read with `useLiveConnection()`.
 */
import { useSyncExternalStore } from 'react';

export type LiveConnectionState = 'connecting' | 'live' | 'reconnecting';

let state: LiveConnectionState = 'connecting';
const listeners = new Set<() => void>();

/** Sets the state (use-live-updates.ts) and re-renders the components that show it. */
export function setLiveConnection(next: LiveConnectionState): void {
  if (next === state) return;
  state = next;
  for (const listener of listeners) listener();
}

/** The current state, outside React. */
export function getLiveConnection(): LiveConnectionState {
  return state;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current state, re-rendering on change (the header's LiveIndicator). */
export function useLiveConnection(): LiveConnectionState {
  return useSyncExternalStore(subscribe, getLiveConnection, () => 'connecting' as const);
}

/**
 * Delay before reconnection attempt `attempt` (1 for the first retry), in ms: 1 s doubling to
 * 30 s, with "full jitter" (a random share of it, at least half) so that many tabs cut off by one
 * server restart do not come back all at once.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
