/** The public tracker and signed tracking links (docs/api.md "Public"). */
export {
  PublicReplyBodySchema,
  TrackTicketBodySchema,
  type PublicReplyBody,
  type PublicTicket,
  type PublicTimelineItem,
  type TrackTicketBody,
  type TrackingLink,
} from '../modules/public/public.schemas.js';
