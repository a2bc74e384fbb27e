/**
 * Responses (public replies and internal notes): requests and whitelisted answers (docs/api.md "Response").
 */
import { examples } from '../../lib/openapi-examples.js';
import { z } from 'zod';
import { RESPONSE_AUTHOR_TYPES } from '../../lib/domain.js';
import { Timestamp, pageOf } from '../../lib/common.schemas.js';
import { AttachmentSchema } from '../attachments/attachments.schemas.js';

export const TicketResponseSchema = z
  .object({
    id: z.uuid(),
    ticketId: z.uuid(),
    content: z.string(),
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

/** POST /api/tickets/:id/responses body; `isInternal` (an internal note) is for agents only. */
export const CreateResponseBodySchema = z
  .strictObject({
    content: z.string().trim().min(1).max(20000),
    isInternal: z.boolean().default(false),
  })
  .meta({ id: 'CreateResponseBody', examples: [examples.createResponse] });
export type CreateResponseBody = z.input<typeof CreateResponseBodySchema>;
