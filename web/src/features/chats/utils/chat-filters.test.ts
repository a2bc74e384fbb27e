import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CHAT_FILTERS,
  filtersFromSearchParams,
  filtersToParams,
  filtersToSearchParams,
} from './chat-filters';

describe('chat filters', () => {
  it('reads the defaults from an empty address and writes none back', () => {
    const filters = filtersFromSearchParams(new URLSearchParams());
    expect(filters).toEqual(DEFAULT_CHAT_FILTERS);
    expect(filtersToSearchParams(filters).toString()).toBe('');
  });

  it('round-trips every filter through the address', () => {
    const filters = { status: 'all', escalated: true, agent: 'none' } as const;
    const search = filtersToSearchParams(filters);
    expect(search.toString()).toBe('status=all&escalated=true&agent=none');
    expect(filtersFromSearchParams(search)).toEqual(filters);
  });

  it('drops values the API would refuse', () => {
    expect(
      filtersFromSearchParams(new URLSearchParams('status=PENDING&agent=bob&escalated=yes')),
    ).toEqual(DEFAULT_CHAT_FILTERS);
  });

  it('maps the filters to the API query', () => {
    expect(filtersToParams(DEFAULT_CHAT_FILTERS)).toEqual({
      status: 'OPEN',
      escalated: undefined,
      agentId: undefined,
    });
    expect(filtersToParams({ status: 'all', escalated: true, agent: 'me' })).toEqual({
      status: undefined,
      escalated: 'true',
      agentId: 'me',
    });
  });
});
