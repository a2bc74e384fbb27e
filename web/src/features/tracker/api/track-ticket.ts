import { useMutation } from '@tanstack/react-query';
import type { PublicTicket, TrackTicketBody } from '@docket/server/contract/public';
import { api } from '@/lib/api-client';

/**
 * POST /api/public/track (docs/api.md "Public"): the public view of the ticket with this reference
 * whose requester has this email. Fails with an ApiError: 404 `not_found` for an unknown
 * reference and a wrong email alike, 400 naming a missing field, 429 `rate_limited` with
 * `retryAfterSeconds` (from Retry-After).
 */
export function trackTicket(body: TrackTicketBody): Promise<PublicTicket> {
  return api.post<PublicTicket>('/public/track', body);
}

/**
 * The tracker's look-up. A mutation, not a query: it is a POST the person submits, the answer is
 * shown once, and nothing caches a pair of reference and email.
 */
export function useTrackTicket() {
  return useMutation({ mutationFn: trackTicket });
}
