/** Mailboxes: where an organization's inbound mail arrives (docs/api.md "Inbound email"). */
export {
  CreateMailboxBodySchema,
  MailboxListSchema,
  MailboxSchema,
  MailboxWithSecretSchema,
  UpdateMailboxBodySchema,
  type CreateMailboxInput,
  type Mailbox,
  type MailboxList,
  type MailboxWithSecret,
  type UpdateMailboxInput,
} from '../modules/mailboxes/mailboxes.schemas.js';
