/**
 * The dashboard's colour scheme (docs/product.md "Profile": theme system, light or dark). The
 * choice is the profile's (`PATCH /api/me`); this tab keeps a copy in localStorage so the next
 * page load paints in it before the profile arrives. `system` follows the device
 * (`prefers-color-scheme`). The scheme is `data-theme="light|dark"` on `<html>`: styles/index.css
 * gives each colour variable its dark value under `:root[data-theme='dark']`.
 */
import { useEffect, useSyncExternalStore } from 'react';
import type { Theme } from '@docket/server/contract/me';

const STORAGE_KEY = 'docket.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

function isTheme(value: unknown): value is Theme {
  return value === 'system' || value === 'light' || value === 'dark';
}

function storedTheme(): Theme {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isTheme(value) ? value : 'system';
  } catch {
    return 'system';
  }
}

function systemPrefersDark(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(DARK_QUERY).matches;
}

let preference: Theme = typeof window === 'undefined' ? 'system' : storedTheme();
const listeners = new Set<() => void>();

/** `light` or `dark`: the preference, with `system` resolved by the device's setting. */
export function resolveTheme(theme: Theme, prefersDark = systemPrefersDark()): 'light' | 'dark' {
  if (theme === 'system') return prefersDark ? 'dark' : 'light';
  return theme;
}

function paint(): void {
  document.documentElement.dataset.theme = resolveTheme(preference);
  for (const listener of listeners) listener();
}

/** Applies `theme` at once and remembers it for the next page load of this browser. */
export function setThemePreference(theme: Theme): void {
  preference = theme;
  try {
    window.localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // Private mode: the theme still applies to this page.
  }
  paint();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The scheme shown now (`light` or `dark`), re-rendering when it changes. */
export function useResolvedTheme(): 'light' | 'dark' {
  return useSyncExternalStore(
    subscribe,
    () => resolveTheme(preference),
    () => 'light' as const,
  );
}

/**
 * Keeps `<html data-theme>` in step: paints the stored preference, then `theme` (the profile's,
 * once known), and follows the device while the preference is `system`.
 */
export function useThemeSync(theme: Theme | undefined): void {
  useEffect(() => {
    if (theme && theme !== preference) setThemePreference(theme);
    else paint();
  }, [theme]);
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const media = window.matchMedia(DARK_QUERY);
    const onChange = () => {
      if (preference === 'system') paint();
    };
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, []);
}
