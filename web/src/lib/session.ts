/**
 * The signed-in session: the API's bearer token, kept in localStorage under `docket.session`
 * so a reload or a second tab stays signed in. Components subscribe through `useSessionToken`,
 * so clearing the session anywhere (sign-out, a 401 from the API, another tab) re-renders the
 * guarded routes, which then send the person to the sign-in page.
 * The access token is short-lived (15 minutes by default); the server's session lives on in an
 * httpOnly refresh cookie this code never sees, which lib/api-client.ts `refreshSession`
 * exchanges for the next access token (docs/api.md "Auth").
 */
import { useSyncExternalStore } from 'react';

export const SESSION_STORAGE_KEY = 'docket.session';

type StoredSession = { accessToken: string; expiresAt: number };

const listeners = new Set<() => void>();

function notify() {
  for (const listener of listeners) listener();
}

function read(): StoredSession | null {
  let raw: string | null;
  try {
    raw = window.localStorage.getItem(SESSION_STORAGE_KEY);
  } catch {
    return null; // storage disabled (private mode, policy): behave as signed out
  }
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<StoredSession>;
    if (typeof parsed.accessToken !== 'string' || typeof parsed.expiresAt !== 'number') return null;
    return { accessToken: parsed.accessToken, expiresAt: parsed.expiresAt };
  } catch {
    return null;
  }
}

/** The bearer token, or null when signed out or when the token has expired. */
export function getSessionToken(): string | null {
  const session = read();
  if (!session) return null;
  return session.expiresAt > Date.now() ? session.accessToken : null;
}

/** When the stored access token expires (ms since the epoch), or null when none is stored. */
export function getSessionExpiresAt(): number | null {
  return read()?.expiresAt ?? null;
}

export function setSession(accessToken: string, expiresInSeconds: number): void {
  const session: StoredSession = { accessToken, expiresAt: Date.now() + expiresInSeconds * 1000 };
  window.localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
  notify();
}

export function clearSession(): void {
  try {
    window.localStorage.removeItem(SESSION_STORAGE_KEY);
  } catch {
    // nothing stored, nothing to clear
  }
  notify();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Signing in or out in another tab changes this one too.
  const onStorage = (event: StorageEvent) => {
    if (event.key === SESSION_STORAGE_KEY || event.key === null) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

export function useSessionToken(): string | null {
  return useSyncExternalStore(subscribe, getSessionToken, () => null);
}
