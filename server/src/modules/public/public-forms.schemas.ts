/**
 * The public tracker's request bodies (docs/api.md "Public"): the look-up by reference and email,
 * and a requester's reply through a tracking link. In a module of their own, apart from the
 * public view of a ticket (public.schemas.ts, which builds on the staff ticket schema), so that
 * the tracker's forms load these two small schemas and not the ticket contract
 * (`@docket/server/contract/public`).
 */
import { z } from 'zod';
import { CreateResponseBodySchema } from '../responses/responses.schemas.js';

/**
 * POST /api/public/track body. Both fields are free text up to a length: a reference that is not
 * a ticket reference, like an email that is not the requester's, is answered with the same 404
 * as every other miss rather than a 400 that would tell them apart.
 */
export const TrackTicketBodySchema = z
  .strictObject({
    reference: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .describe('The ticket reference, e.g. TKT-00042 (any case, leading zeros optional)'),
    email: z.string().trim().min(1).max(254).describe("The requester's email (any case)"),
  })
  .meta({ id: 'TrackTicketBody' });
export type TrackTicketBody = z.output<typeof TrackTicketBodySchema>;

/** POST /api/public/tickets/:token/responses body: a public reply; no internal notes here. */
export const PublicReplyBodySchema = z
  .strictObject({ content: CreateResponseBodySchema.shape.content })
  .meta({ id: 'PublicReplyBody' });
export type PublicReplyBody = z.output<typeof PublicReplyBodySchema>;
