/**
 * The chat inbox's filters and their place in the address (`/chats?status=OPEN&agent=me`), so a
 * filtered inbox can be bookmarked and the back button restores it. Values the API would refuse
 * are dropped rather than sent.
 */
import type { QueryParams } from '@/lib/api-client';

export const CHAT_STATUS_FILTERS = ['OPEN', 'CLOSED', 'all'] as const;
export const CHAT_AGENT_FILTERS = ['all', 'me', 'none'] as const;

export type ChatFilters = {
  /** OPEN (the default: chats still going on), CLOSED, or all. */
  status: (typeof CHAT_STATUS_FILTERS)[number];
  /** Escalated chats only. */
  escalated: boolean;
  /** Everyone's (`all`), mine (`me`) or nobody's yet (`none`). */
  agent: (typeof CHAT_AGENT_FILTERS)[number];
};

export const DEFAULT_CHAT_FILTERS: ChatFilters = { status: 'OPEN', escalated: false, agent: 'all' };

function oneOf<T extends string>(values: readonly T[], value: string | null, fallback: T): T {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** The filters from the address; unknown values fall back to the defaults. */
export function filtersFromSearchParams(search: URLSearchParams): ChatFilters {
  return {
    status: oneOf(CHAT_STATUS_FILTERS, search.get('status'), DEFAULT_CHAT_FILTERS.status),
    escalated: search.get('escalated') === 'true',
    agent: oneOf(CHAT_AGENT_FILTERS, search.get('agent'), DEFAULT_CHAT_FILTERS.agent),
  };
}

/** The address's query for these filters; defaults are left out (a clean `/chats`). */
export function filtersToSearchParams(filters: ChatFilters): URLSearchParams {
  const search = new URLSearchParams();
  if (filters.status !== DEFAULT_CHAT_FILTERS.status) search.set('status', filters.status);
  if (filters.escalated) search.set('escalated', 'true');
  if (filters.agent !== DEFAULT_CHAT_FILTERS.agent) search.set('agent', filters.agent);
  return search;
}

/** The `GET /api/chats` query for these filters (`status`, `escalated`, `agentId`). */
export function filtersToParams(filters: ChatFilters): QueryParams {
  return {
    status: filters.status === 'all' ? undefined : filters.status,
    escalated: filters.escalated ? 'true' : undefined,
    agentId: filters.agent === 'all' ? undefined : filters.agent,
  };
}
