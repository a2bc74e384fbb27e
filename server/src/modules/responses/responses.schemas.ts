/**
 * Responses (public replies and internal notes): requests and whitelisted answers (docs/api.md "Response").
 */
import { examples } from '../../lib/openapi-examples.js';
import { z } from 'zod';
import { RESPONSE_AUTHOR_TYPES, RESPONSE_FORMATS } from '../../lib/domain.js';
import { Timestamp, pageOf } from '../../lib/common.schemas.js';
import { AttachmentSchema } from '../attachments/attachments.schemas.js';

export const TicketResponseSchema = z
  .object({
    id: z.uuid(),
    ticketId: z.uuid(),
    content: z.string(),
    format: z
      .enum(RESPONSE_FORMATS)
      .describe(
        '`markdown` (staff replies and notes: render with raw HTML off, then sanitize) or `text` (show as typed, line breaks kept)',
      ),
    isInternal: z.boolean(),
    authorType: z.enum(RESPONSE_AUTHOR_TYPES),
    author: z.object({
      id: z.uuid().nullable(),
      name: z.string(),
      email: z.string().optional(),
    }),
    attachments: z.array(AttachmentSchema).describe('Files sent with the response'),
    email: z
      .object({
        messageId: z.string().nullable().describe('The Message-ID header of the mail'),
        inboundEmailId: z
          .uuid()
          .describe('The inbound log entry: GET /api/inbound-emails/{id}/original is the .eml'),
      })
      .optional()
      .describe('For agents, on a reply received by mail: where its full original is'),
    createdAt: Timestamp,
  })
  .meta({ id: 'TicketResponse', examples: [examples.response] });
export type TicketResponse = z.output<typeof TicketResponseSchema>;

export const TicketResponseListSchema = pageOf(TicketResponseSchema).meta({
  id: 'TicketResponseList',
});
export type TicketResponseList = z.output<typeof TicketResponseListSchema>;

/** The statuses a reply may set in the same request ("send and set status"). */
export const REPLY_STATUSES = ['RESOLVED', 'WAITING_ON_CUSTOMER', 'ON_HOLD'] as const;

/**
 * POST /api/tickets/:id/responses body (docs/api.md "Response"):
 * - `isInternal` (an internal note) is for agents only;
 * - `format`: staff default to `markdown` and may send `text`; customers write `text` only
 *   (`markdown` from a customer → 400 naming `format`);
 * - `status`: staff only (400 naming `status` for a customer), applied with the reply in one
 *   transaction, by the lifecycle's rules (409 `invalid_transition`);
 * - `appendSignature`: a signed-in staff member's public reply gets their signature appended
 *   (a blank line, then the signature); ignored for notes, customers and API keys.
 */
export const CreateResponseBodySchema = z
  .strictObject({
    content: z.string().trim().min(1).max(20000),
    isInternal: z.boolean().default(false),
    format: z
      .enum(RESPONSE_FORMATS)
      .optional()
      .describe('Staff: `markdown` (the default) or `text`; customers: `text` only'),
    status: z
      .enum(REPLY_STATUSES)
      .optional()
      .describe(
        'Staff only: the status the ticket takes with this response, in the same transaction (send and resolve)',
      ),
    appendSignature: z
      .boolean()
      .default(false)
      .describe(
        "Append the signed-in staff member's signature to a public reply (the dashboard's composer sends true)",
      ),
  })
  .meta({ id: 'CreateResponseBody', examples: [examples.createResponse] });
export type CreateResponseBody = z.input<typeof CreateResponseBodySchema>;
export type CreateResponseInput = z.output<typeof CreateResponseBodySchema>;
