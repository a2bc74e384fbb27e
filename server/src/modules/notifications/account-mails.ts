/**
 * The account mails (docs/product.md "Accounts"): a password-reset link and an invitation to join
 * an organization. They are not the answer to a domain event (an event would carry the link's
 * token to webhooks and the event feed): the service that makes the token writes the mail's
 * `email_notifications` row in the same transaction, and the mail worker sends it like any other
 * (retries, lease, capture). `eventId` is the token's id, so the unique key (eventId,
 * recipientEmail, kind) holds one mail per token.
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../../config.js';
import type { Db } from '../../lib/db.js';
import { insertEmailNotifications } from './email-notifications.repository.js';
import { emailLocaleOf, renderEmail, type Block } from './email-templates.js';
import { messageIdHost } from './mail-context.js';

/** One account mail to write. */
export interface AccountMail {
  kind: 'password_reset' | 'invitation';
  organizationId: string;
  /** The account token's id (the row's `eventId`). */
  tokenId: string;
  recipient: { email: string; name: string | null; userId: string | null; locale: string };
  /** Interpolation values of the subject and texts: `organization`, `name`, `minutes`, `days`. */
  vars: Record<string, string | number>;
  /** The link with the token: `<PUBLIC_URL>/reset-password?token=…` or `/accept-invitation?token=…`. */
  url: string;
}

/**
 * Renders `mail` in the recipient's language (en or fr-CA; anything else en) and writes its
 * PENDING row with `db` (the caller's transaction).
 */
export async function queueAccountMail(
  db: Db,
  config: Pick<Config, 'publicUrl' | 'mail'>,
  mail: AccountMail,
): Promise<void> {
  const locale = emailLocaleOf(mail.recipient.locale);
  const { kind, vars } = mail;
  const blocks: Block[] = [
    {
      type: 'paragraph',
      text: mail.recipient.name
        ? { key: 'greeting', vars: { name: mail.recipient.name } }
        : { key: 'greetingAnonymous' },
    },
    { type: 'paragraph', text: { key: `${kind}.intro`, vars } },
    { type: 'link', label: { key: `${kind}.link` }, url: mail.url },
    { type: 'paragraph', text: { key: `${kind}.expiry`, vars } },
    { type: 'footer', text: { key: `${kind}.footer`, vars } },
  ];
  const content = renderEmail(locale, { key: `${kind}.subject`, vars }, blocks);
  const id = randomUUID();
  await insertEmailNotifications(db, [
    {
      id,
      organizationId: mail.organizationId,
      eventId: mail.tokenId,
      ticketId: null,
      kind,
      recipientEmail: mail.recipient.email.toLowerCase(),
      recipientName: mail.recipient.name,
      recipientUserId: mail.recipient.userId,
      locale,
      subject: content.subject,
      text: content.text,
      html: content.html,
      messageId: `<${id}@${messageIdHost(config.publicUrl)}>`,
      threadId: null,
      replyTo: null,
      maxAttempts: config.mail.maxAttempts,
    },
  ]);
}
