/**
 * Macros and canned replies (docs/api.md "Macros"; docs/product.md "Macros"): the actions, the
 * macro as agents see it, its create and update bodies, and the preview of one on a ticket.
 */
import { z } from 'zod';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../../lib/domain.js';
import { Timestamp } from '../../lib/common.schemas.js';
import { tagSchema } from '../tickets/tickets.schemas.js';

const Reply = z.strictObject({
  type: z.literal('reply'),
  content: z
    .string()
    .trim()
    .min(1)
    .max(20_000)
    .describe('Text with placeholders such as {{ticket.reference}} and {{requester.firstName}}'),
  isInternal: z.boolean().default(false).describe('An internal note rather than a public reply'),
});

/** One action of a macro; the actions run in their order (docs/product.md "Macros"). */
export const MacroActionSchema = z
  .discriminatedUnion('type', [
    Reply,
    z.strictObject({ type: z.literal('set_status'), value: z.enum(TICKET_STATUSES) }),
    z.strictObject({ type: z.literal('set_priority'), value: z.enum(TICKET_PRIORITIES) }),
    z.strictObject({
      type: z.literal('set_category'),
      value: z.string().trim().min(1).max(100).nullable().describe('A category name; null clears'),
    }),
    z.strictObject({ type: z.literal('add_tags'), value: z.array(tagSchema).min(1).max(20) }),
    z.strictObject({ type: z.literal('remove_tags'), value: z.array(tagSchema).min(1).max(20) }),
    z.strictObject({
      type: z.literal('assign'),
      value: z
        .union([z.literal('me'), z.uuid()])
        .nullable()
        .describe('"me" (whoever applies it), a user id, or null (nobody)'),
    }),
    z.strictObject({
      type: z.literal('set_group'),
      value: z
        .uuid()
        .nullable()
        .describe(
          'A group (team) of the organization, or null (none); the assignee must be a member',
        ),
    }),
    z.strictObject({
      type: z.literal('set_custom_field'),
      key: z.string().trim().min(1).max(100),
      value: z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]),
    }),
  ])
  .meta({ id: 'MacroAction' });
export type MacroAction = z.output<typeof MacroActionSchema>;

/** 1–20 actions, at most one reply or note. */
const Actions = z
  .array(MacroActionSchema)
  .min(1)
  .max(20)
  .refine((actions) => actions.filter((a) => a.type === 'reply').length <= 1, {
    message: 'at most one reply or internal note per macro',
  });

/** A macro as agents see it. */
export const MacroSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    shared: z.boolean().describe('Every agent of the organization may apply it (admins manage it)'),
    owner: z.object({ id: z.uuid(), name: z.string() }),
    actions: z.array(MacroActionSchema),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Macro' });
export type Macro = z.output<typeof MacroSchema>;

export const MacroListSchema = z.object({ data: z.array(MacroSchema) }).meta({ id: 'MacroList' });

/** POST /api/macros. */
export const CreateMacroBodySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    shared: z.boolean().default(false),
    actions: Actions,
  })
  .meta({ id: 'CreateMacroBody' });
export type CreateMacroInput = z.output<typeof CreateMacroBodySchema>;

/** PATCH /api/macros/:id: any field; `actions` replaces the list. */
export const UpdateMacroBodySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    shared: z.boolean().optional(),
    actions: Actions.optional(),
  })
  .meta({ id: 'UpdateMacroBody' });
export type UpdateMacroInput = z.output<typeof UpdateMacroBodySchema>;

/** What applying a macro to a ticket would do (preview) or did (apply). */
export const MacroPreviewSchema = z
  .object({
    macro: z.object({ id: z.uuid(), name: z.string() }),
    changes: z
      .record(z.string(), z.object({ before: z.unknown(), after: z.unknown() }))
      .describe(
        'Each field the macro changes: status, priority, category, tags, assignee, customFields',
      ),
    reply: z
      .object({ content: z.string(), isInternal: z.boolean() })
      .nullable()
      .describe('The reply or note as it is written, placeholders filled in'),
  })
  .meta({ id: 'MacroPreview' });
export type MacroPreview = z.output<typeof MacroPreviewSchema>;

/** `:id` and `:macroId` params. */
export const MacroIdParamsSchema = z.object({ id: z.string().min(1).max(64) });
export const TicketMacroParamsSchema = z.object({
  id: z.string().min(1).max(64).describe('The ticket: uuid, number or reference'),
  macroId: z.string().min(1).max(64),
});
