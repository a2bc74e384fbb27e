import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TICKET_LIST_FILTERS,
  filtersFromSearchParams,
  searchParamsFromFilters,
} from './list-search-params';

describe('ticket list search params', () => {
  it('reads a bookmarked view, in a canonical order', () => {
    const filters = filtersFromSearchParams(
      new URLSearchParams(
        'status=OPEN,NEW&priority=critical,URGENT&assigneeId=me&sortBy=priority&sortOrder=asc',
      ),
    );
    expect(filters).toEqual({
      status: ['NEW', 'OPEN'],
      priority: ['URGENT', 'CRITICAL'],
      assigneeId: 'me',
      sortBy: 'priority',
      sortOrder: 'asc',
    });
  });

  it('ignores values it does not know', () => {
    const filters = filtersFromSearchParams(
      new URLSearchParams(
        'status=OPEN,BOGUS&priority=&assigneeId=someone&sortBy=drop table&sortOrder=up',
      ),
    );
    expect(filters).toEqual({ ...DEFAULT_TICKET_LIST_FILTERS, status: ['OPEN'] });
  });

  it('writes only what differs from the default view', () => {
    expect(searchParamsFromFilters(DEFAULT_TICKET_LIST_FILTERS).toString()).toBe('');
    const params = searchParamsFromFilters({
      ...DEFAULT_TICKET_LIST_FILTERS,
      status: ['NEW', 'OPEN'],
      sortOrder: 'asc',
    });
    expect(params.get('status')).toBe('NEW,OPEN');
    expect(params.get('sortOrder')).toBe('asc');
    expect(params.has('sortBy')).toBe(false);
  });

  it('round-trips', () => {
    const filters = {
      status: ['IN_PROGRESS' as const],
      priority: ['CRITICAL' as const],
      assigneeId: 'none',
      sortBy: 'createdAt' as const,
      sortOrder: 'asc' as const,
    };
    expect(filtersFromSearchParams(searchParamsFromFilters(filters))).toEqual(filters);
  });
});
