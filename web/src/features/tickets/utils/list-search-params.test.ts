import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TICKET_LIST_FILTERS,
  apiFiltersFromFilters,
  countMoreFilters,
  filtersFromApiFilters,
  filtersFromSearchParams,
  hasActiveFilters,
  listStatuses,
  normalizeTags,
  sameFilters,
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

  it('reads search, category, tags, channel and day ranges, ignoring malformed ones', () => {
    const filters = filtersFromSearchParams(
      new URLSearchParams(
        'q=%20refund%20&category=Billing&tags=VIP,bad tag,vip,billing&channel=chat&createdFrom=2026-11-01&createdTo=yesterday&updatedTo=2026-11-30',
      ),
    );
    expect(filters).toEqual({
      ...DEFAULT_TICKET_LIST_FILTERS,
      q: 'refund',
      category: 'Billing',
      tags: ['vip', 'billing'],
      channel: 'chat',
      createdFrom: '2026-11-01',
      updatedTo: '2026-11-30',
    });
    expect(hasActiveFilters(filters)).toBe(true);
    expect(countMoreFilters(filters)).toBe(5);
    expect(filtersFromSearchParams(new URLSearchParams('channel=fax')).channel).toBeUndefined();
  });

  it('gives the API instants for day ranges, the end day included, and reads them back', () => {
    const filters = {
      ...DEFAULT_TICKET_LIST_FILTERS,
      status: ['OPEN' as const],
      tags: ['vip'],
      createdFrom: '2026-11-01',
      createdTo: '2026-11-30',
      sortBy: 'priority' as const,
    };
    const api = apiFiltersFromFilters(filters);
    expect(api).toEqual({
      status: 'OPEN',
      tags: 'vip',
      createdFrom: new Date('2026-11-01T00:00:00').toISOString(),
      createdTo: new Date('2026-12-01T00:00:00').toISOString(),
      sortBy: 'priority',
    });
    expect(filtersFromApiFilters(api)).toEqual(filters);
    expect(sameFilters(filtersFromApiFilters(api), filters)).toBe(true);
    expect(sameFilters(filters, { ...filters, sortOrder: 'asc' })).toBe(false);
  });

  it('shows the unsolved tickets by default, and any status chosen explicitly', () => {
    const plain = filtersFromSearchParams(new URLSearchParams(''));
    expect(plain.status).toEqual([]);
    expect(hasActiveFilters(plain)).toBe(false);
    expect(listStatuses(plain)).toEqual([
      'NEW',
      'OPEN',
      'IN_PROGRESS',
      'WAITING_ON_CUSTOMER',
      'ON_HOLD',
    ]);
    expect(listStatuses(plain)).not.toContain('RESOLVED');
    expect(listStatuses(plain)).not.toContain('CLOSED');
    // The default list is the bare address, and a saved view of it stores no status.
    expect(searchParamsFromFilters(plain).toString()).toBe('');
    expect(apiFiltersFromFilters(plain)).toEqual({});

    const solved = filtersFromSearchParams(new URLSearchParams('status=CLOSED,RESOLVED'));
    expect(listStatuses(solved)).toEqual(['RESOLVED', 'CLOSED']);
    expect(hasActiveFilters(solved)).toBe(true);
    expect(searchParamsFromFilters(solved).get('status')).toBe('RESOLVED,CLOSED');
  });

  it('normalizes tags as the API stores them', () => {
    expect(normalizeTags([' VIP ', 'vip', 'not valid', '', 'a:b.c-d_e'])).toEqual([
      'vip',
      'a:b.c-d_e',
    ]);
  });

  it('reads and writes one cf.<key> filter, ignoring malformed ones', () => {
    const filters = filtersFromSearchParams(new URLSearchParams('cf.plan=pro&cf.Bad-Key=x'));
    expect(filters.customField).toEqual({ key: 'plan', value: 'pro' });
    expect(hasActiveFilters(filters)).toBe(true);
    expect(countMoreFilters(filters)).toBe(1);
    expect(searchParamsFromFilters(filters).toString()).toBe('cf.plan=pro');
    expect(apiFiltersFromFilters(filters)).toEqual({ 'cf.plan': 'pro' });
    expect(filtersFromApiFilters({ 'cf.plan': 'pro' }).customField).toEqual({
      key: 'plan',
      value: 'pro',
    });
    for (const query of ['cf.Plan=x', 'cf.plan=', `cf.plan=${'x'.repeat(201)}`, 'cfplan=x']) {
      expect(
        filtersFromSearchParams(new URLSearchParams(query)).customField,
        query,
      ).toBeUndefined();
    }
  });
});
