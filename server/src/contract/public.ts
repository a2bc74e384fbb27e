/**
 * The public tracker and signed tracking links (docs/api.md "Public"). The request bodies come
 * from their own module (public-forms.schemas.ts): a tracker page that imports them does not
 * load the public ticket view's schemas, which build on the staff ticket schema.
 */
export {
  PublicReplyBodySchema,
  TrackTicketBodySchema,
  type PublicReplyBody,
  type TrackTicketBody,
} from '../modules/public/public-forms.schemas.js';
export type {
  PublicTicket,
  PublicTimelineItem,
  TrackingLink,
} from '../modules/public/public.schemas.js';
