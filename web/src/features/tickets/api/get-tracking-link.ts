import type { TrackingLink } from '@docket/server/contract/public';
import { api } from '@/lib/api-client';

/**
 * GET /api/tickets/:id/tracking-link — a fresh signed link the requester opens without signing
 * in (`url`, valid until `expiresAt`), and `requesterLocale`, the language to write to them in.
 * Asked for when the agent shares, never cached: each share gets a link valid for the full time.
 */
export function getTrackingLink(ticketId: string): Promise<TrackingLink> {
  return api.get<TrackingLink>(`/tickets/${encodeURIComponent(ticketId)}/tracking-link`);
}
