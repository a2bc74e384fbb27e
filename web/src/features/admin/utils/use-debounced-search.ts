import { useEffect, useState } from 'react';

/**
 * A search box's text, its setter, and the same text once typing has paused for `delayMs`
 * (what is sent to the server): `[query, setQuery, debounced]`.
 */
export function useDebouncedSearch(delayMs = 300): [string, (q: string) => void, string] {
  const [query, setQuery] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(query), delayMs);
    return () => clearTimeout(timer);
  }, [query, delayMs]);
  return [query, setQuery, debounced];
}
