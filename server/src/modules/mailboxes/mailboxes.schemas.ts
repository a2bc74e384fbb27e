/**
 * Mailboxes: an organization's support addresses, where inbound mail arrives (docs/product.md
 * "Inbound email"). Requests and the whitelisted answers; the IMAP password is write-only.
 */
import { z } from 'zod';
import { Timestamp } from '../../lib/common.schemas.js';

const Address = z
  .email()
  .max(254)
  .transform((value) => value.toLowerCase())
  .refine((value) => !value.split('@')[0]!.includes('+'), {
    message: 'give the address without a +tag: support+anything@… reaches support@… already',
  });

/** A mailbox as admins see it (never the IMAP password, never the inbound secret). */
export const MailboxSchema = z
  .object({
    id: z.uuid(),
    address: z.string().describe('Mail to it, or to local+anything@domain, reaches the mailbox'),
    displayName: z.string(),
    isActive: z.boolean(),
    imap: z
      .object({
        host: z.string(),
        port: z.int(),
        tls: z.boolean(),
        user: z.string(),
        folder: z.string(),
        hasPassword: z.boolean(),
      })
      .nullable()
      .describe('The IMAP account mail is fetched from; null: mail arrives by the endpoint only'),
    state: z.object({
      lastPollAt: Timestamp.nullable(),
      lastError: z.string().nullable(),
      mailsProcessed: z.int(),
    }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Mailbox' });
export type Mailbox = z.output<typeof MailboxSchema>;

/** A mailbox just created (or its secret rotated): the inbound secret, shown this once. */
export const MailboxWithSecretSchema = MailboxSchema.extend({
  inboundSecret: z
    .string()
    .describe(
      'HTTP Basic password of POST /api/inbound/email (user name: the mailbox id); shown once',
    ),
}).meta({ id: 'MailboxWithSecret' });
export type MailboxWithSecret = z.output<typeof MailboxWithSecretSchema>;

export const MailboxListSchema = z
  .object({ data: z.array(MailboxSchema) })
  .meta({ id: 'MailboxList' });
export type MailboxList = z.output<typeof MailboxListSchema>;

const ImapAccountSchema = z.strictObject({
  host: z.string().trim().min(1).max(253),
  port: z.int().min(1).max(65_535).default(993),
  tls: z.boolean().default(true),
  user: z.string().min(1).max(320),
  password: z.string().min(1).max(1000).describe('Write-only; stored encrypted'),
  folder: z.string().trim().min(1).max(200).default('INBOX'),
});

/** POST /api/mailboxes body. */
export const CreateMailboxBodySchema = z
  .strictObject({
    address: Address,
    displayName: z.string().trim().min(1).max(100),
    imap: ImapAccountSchema.optional(),
  })
  .meta({ id: 'CreateMailboxBody' });
export type CreateMailboxInput = z.output<typeof CreateMailboxBodySchema>;

/**
 * PATCH /api/mailboxes/:id body: at least one field. `imap: null` removes the IMAP account;
 * an `imap` without `password` keeps the stored one.
 */
export const UpdateMailboxBodySchema = z
  .strictObject({
    displayName: z.string().trim().min(1).max(100).optional(),
    isActive: z.boolean().optional(),
    imap: ImapAccountSchema.extend({ password: ImapAccountSchema.shape.password.optional() })
      .nullable()
      .optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: 'give at least one field to change',
  })
  .meta({ id: 'UpdateMailboxBody' });
export type UpdateMailboxInput = z.output<typeof UpdateMailboxBodySchema>;

export const MailboxIdParamsSchema = z.strictObject({ id: z.uuid() });
