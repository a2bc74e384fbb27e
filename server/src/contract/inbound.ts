/** Inbound email: the endpoint's answer and the inbound log (docs/api.md "Inbound email"). */
export {
  INBOUND_LOG_OUTCOMES,
  INBOUND_OUTCOMES,
  InboundEmailListSchema,
  InboundEmailSchema,
  InboundResultSchema,
  ListInboundEmailsQuerySchema,
  SUSPEND_CAUSES,
  type InboundEmail,
  type InboundEmailList,
  type InboundResultBody,
  type ListInboundEmailsQuery,
} from '../modules/inbound/inbound.schemas.js';
