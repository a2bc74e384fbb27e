import { useEffect, useState } from 'react';

/**
 * `value` once it has stopped changing for `delayMs` milliseconds: a search box asks the server
 * when the person pauses, not at every key.
 */
export function useDebouncedValue<T>(value: T, delayMs = 300): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}
