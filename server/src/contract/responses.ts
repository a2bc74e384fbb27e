/** Replies and internal notes on a ticket (docs/api.md "Response"). */
export {
  CreateResponseBodySchema,
  REPLY_STATUSES,
  type CreateResponseBody,
  type TicketResponse,
  type TicketResponseList,
} from '../modules/responses/responses.schemas.js';
