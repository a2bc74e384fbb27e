import { useCallback, useState } from 'react';

/** How the inbox shows its tickets: today's cards, or the dense table (docs/product.md "Inbox"). */
export type ListLayout = 'cards' | 'table';

const STORAGE_KEY = 'docket.ticketList.layout';

function storedLayout(): ListLayout {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'table' ? 'table' : 'cards';
  } catch {
    return 'cards'; // storage refused (private mode, policy): the default
  }
}

/**
 * The list's layout and its setter, remembered in this browser (localStorage, per browser not
 * per account); cards until the agent picks the table.
 */
export function useListLayout(): [ListLayout, (layout: ListLayout) => void] {
  const [layout, setLayout] = useState<ListLayout>(storedLayout);
  const choose = useCallback((next: ListLayout) => {
    setLayout(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // not remembered, still applied
    }
  }, []);
  return [layout, choose];
}
