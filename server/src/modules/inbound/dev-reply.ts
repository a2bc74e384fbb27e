/**
 * Development only: "Reply as the recipient" on the captured-mail page (/dev/mail). Writes the
 * reply a mail client would send to a captured notification — `Re:` subject, In-Reply-To and
 * References naming it, the new text above the quoted original — and runs it through the
 * inbound pipeline, so the whole round trip is seen without a mail server.
 */
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import { findActiveMailboxesByAddress, mailboxAddressOf } from '../mailboxes/index.js';
import type { InboundPipeline, InboundResult } from './process-inbound-email.js';

/** What the reply needs of a captured mail (notifications/mail-transport.ts CapturedMail). */
export interface RepliedMail {
  to: string;
  replyTo?: string | null;
  subject: string;
  messageId: string;
  date: string;
  text: string;
}

/** The text a mail client writes: the reply, then "On …, … wrote:" and the quoted original. */
function replyText(mail: RepliedMail, reply: string): string {
  const quoted = mail.text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  return `${reply}\n\nOn ${new Date(mail.date).toUTCString()}, ${mail.replyTo} wrote:\n${quoted}\n`;
}

/**
 * @returns a function that sends `reply` as the recipient of `mail` into the pipeline; null
 * when the mail has no Reply-To of an active mailbox (nothing to reply to).
 */
export function createDevReply(deps: { prisma: PrismaClient; pipeline: InboundPipeline }) {
  return async (mail: RepliedMail, reply: string): Promise<InboundResult | null> => {
    if (!mail.replyTo) return null;
    const [mailbox] = await findActiveMailboxesByAddress(deps.prisma, [
      mailboxAddressOf(mail.replyTo),
    ]);
    if (!mailbox) return null;
    const raw = await new MailComposer({
      from: mail.to,
      to: mail.replyTo,
      subject: mail.subject.startsWith('Re:') ? mail.subject : `Re: ${mail.subject}`,
      inReplyTo: mail.messageId,
      references: [mail.messageId],
      text: replyText(mail, reply),
      date: new Date(),
    })
      .compile()
      .build();
    return deps.pipeline.process({
      organizationId: mailbox.organizationId,
      mailbox,
      raw,
      sizeBytes: raw.length,
      source: 'endpoint',
    });
  };
}
