/**
 * The development mailbox: without SMTP_URL, mails are captured in
 * DATA_DIR/mail (mail-transport.ts) and these server-rendered pages show them, so a newcomer can
 * read what customers would receive. Registered only outside production and without SMTP_URL
 * (app.ts): elsewhere the paths do not exist.
 *
 * - GET /dev/mail — the captured mails, newest first;
 * - GET /dev/mail/:id — one mail: headers, the HTML part in a sandboxed iframe, the text part;
 * - GET /dev/mail/:id/html — the HTML part alone, under a CSP that allows no script, no network
 *   and no navigation (`sandbox`), framable by this site only;
 * - GET /dev/mail/:id/eml — the raw RFC 5322 message, as an MTA would receive it.
 * Unknown ids are 404 problem+json, and so is every request from another machine than this one.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../lib/errors.js';
import { escapeHtml } from './email-templates.js';
import { listCapturedMails, readCapturedMail, type CapturedMail } from './mail-transport.js';

/** The HTML part's own policy: inline styles and data: images, nothing else (no script, no fetch). */
const MAIL_HTML_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox";

const Params = z.object({ id: z.string().min(1).max(64) });

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Docket development mailbox</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;padding:16px;color:#1f2933;background:#f4f5f7}
main{max-width:960px;margin:0 auto;background:#fff;padding:16px;border-radius:8px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e4e7eb;vertical-align:top}
iframe{width:100%;height:520px;border:1px solid #cbd2d9;border-radius:6px;background:#fff}
pre{white-space:pre-wrap;word-break:break-word;background:#f1f3f9;padding:12px;border-radius:6px}
a{color:#3b5bdb}.note{color:#52606d;font-size:14px}
@media (max-width:600px){.wide{display:none}}
</style>
</head>
<body><main>${body}</main></body>
</html>
`;
}

/** The text of "Reply as the recipient". */
const DEV_REPLY = 'Thank you, that answers my question.';

/** 127.0.0.0/8, ::1 and their IPv4-mapped form. */
function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** The reply of "Reply as the recipient": the outcome and the ticket, or null (no Reply-To). */
type ReplyAsRecipient = (
  mail: CapturedMail,
  reply: string,
) => Promise<{ outcome: string; reference: string | null } | null>;

/**
 * Registers the pages; `captureDir` is config.mail.captureDir; `replyAsRecipient` (the inbound
 * pipeline's, inbound/dev-reply.ts) adds "Reply as the recipient" to mails with a Reply-To.
 */
export const devMailRoutes: FastifyPluginAsyncZod<{
  captureDir: string;
  replyAsRecipient?: ReplyAsRecipient;
}> = async (app, { captureDir, replyAsRecipient }) => {
  const hidden = { hide: true } as const;

  // The page's "Reply as the recipient" form posts no fields: its body is read and dropped.
  app.addContentTypeParser('application/x-www-form-urlencoded', (_request, payload, done) => {
    payload.resume();
    payload.on('end', () => done(null, {}));
    payload.on('error', (error) => done(error));
  });

  // Mails hold customers' tracking links: answer only this machine (the socket's own address,
  // whatever TRUST_PROXY says), so a development server reachable from a network shows nothing.
  app.addHook('onRequest', async (request) => {
    if (!isLoopback(request.socket.remoteAddress)) throw new NotFoundError('Page');
  });

  /** GET /dev/mail — HTML list of the captured mails, newest first. */
  app.get('/dev/mail', { schema: hidden }, async (_request, reply) => {
    const mails = await listCapturedMails(captureDir);
    const rows = mails
      .map(
        (m) =>
          `<tr><td class="wide">${escapeHtml(new Date(m.capturedAt).toLocaleString('en-CA'))}</td><td>${escapeHtml(m.to)}</td><td><a href="/dev/mail/${m.id}">${escapeHtml(m.subject)}</a></td><td class="wide">${escapeHtml(m.kind)}</td></tr>`,
      )
      .join('');
    const body = `<h1>Development mailbox</h1>
<p class="note">SMTP_URL is not set: Docket writes its emails to <code>${escapeHtml(captureDir)}</code> instead of sending them. ${mails.length} mail${mails.length === 1 ? '' : 's'}.</p>
${
  mails.length
    ? `<table><thead><tr><th class="wide" scope="col">Captured</th><th scope="col">To</th><th scope="col">Subject</th><th class="wide" scope="col">Kind</th></tr></thead><tbody>${rows}</tbody></table>`
    : '<p>No mail yet: create a ticket and run the workers.</p>'
}`;
    return reply
      .type('text/html; charset=utf-8')
      .header('Cache-Control', 'no-store')
      .send(page('Mails', body));
  });

  /** GET /dev/mail/:id — one mail: headers, HTML part (sandboxed iframe), text part. 404. */
  app.get('/dev/mail/:id', { schema: { ...hidden, params: Params } }, async (request, reply) => {
    const mail = await readCapturedMail(captureDir, request.params.id);
    if (!mail) throw new NotFoundError('Captured mail');
    const outcome = (request.query as { replied?: unknown }).replied;
    const replied = typeof outcome === 'string' ? `Replied: ${outcome.slice(0, 100)}` : null;
    const header = (name: string, value: string) =>
      `<tr><th scope="row">${name}</th><td>${escapeHtml(value)}</td></tr>`;
    const body = `<p><a href="/dev/mail">← All mails</a></p>
<h1>${escapeHtml(mail.subject)}</h1>
<table>${header('From', mail.from)}${header('To', mail.to)}${header('Date', mail.date)}${header('Message-ID', mail.messageId)}${header('Kind', mail.kind)}${mail.attachments.length ? header('Attachments', mail.attachments.join(', ')) : ''}</table>
<p><a href="/dev/mail/${mail.id}/eml">Raw message (.eml)</a></p>
${
  replyAsRecipient && mail.replyTo
    ? `<form method="post" action="/dev/mail/${mail.id}/reply"><button type="submit">Reply as the recipient</button> <span class="note">Sends “${escapeHtml(DEV_REPLY)}” from ${escapeHtml(mail.to)} to ${escapeHtml(mail.replyTo)}, quoting this mail, as a mail client would.</span></form>`
    : ''
}${replied ? `<p class="note" role="status">${escapeHtml(replied)}</p>` : ''}
<h2>HTML part</h2>
<iframe title="HTML part of the mail" sandbox="" referrerpolicy="no-referrer" src="/dev/mail/${mail.id}/html"></iframe>
<h2>Text part</h2>
<pre>${escapeHtml(mail.text)}</pre>`;
    return reply
      .type('text/html; charset=utf-8')
      .header('Cache-Control', 'no-store')
      .send(page(mail.subject, body));
  });

  /**
   * POST /dev/mail/:id/reply — the recipient's reply to this mail, through the inbound
   * pipeline (see `replyAsRecipient`); then back to the mail's page with the outcome. 404.
   */
  app.post(
    '/dev/mail/:id/reply',
    { schema: { ...hidden, params: Params } },
    async (request, reply) => {
      const mail = await readCapturedMail(captureDir, request.params.id);
      const result = mail && replyAsRecipient ? await replyAsRecipient(mail, DEV_REPLY) : null;
      if (!mail || !result) throw new NotFoundError('Captured mail with a Reply-To');
      const outcome = `${result.outcome}${result.reference ? ` ${result.reference}` : ''}`;
      return reply.redirect(`/dev/mail/${mail.id}?replied=${encodeURIComponent(outcome)}`, 303);
    },
  );

  /** GET /dev/mail/:id/html — the HTML part alone, under MAIL_HTML_CSP. 404. */
  app.get(
    '/dev/mail/:id/html',
    { schema: { ...hidden, params: Params } },
    async (request, reply) => {
      const mail = await readCapturedMail(captureDir, request.params.id);
      if (!mail) throw new NotFoundError('Captured mail');
      return reply
        .type('text/html; charset=utf-8')
        .header('Content-Security-Policy', MAIL_HTML_CSP)
        .header('X-Frame-Options', 'SAMEORIGIN')
        .header('Cache-Control', 'no-store')
        .send(mail.html);
    },
  );

  /** GET /dev/mail/:id/eml — the raw message (message/rfc822). 404. */
  app.get(
    '/dev/mail/:id/eml',
    { schema: { ...hidden, params: Params } },
    async (request, reply) => {
      const mail = await readCapturedMail(captureDir, request.params.id);
      if (!mail) throw new NotFoundError('Captured mail');
      const raw = await readFile(path.join(captureDir, `${mail.id}.eml`));
      return reply
        .type('message/rfc822')
        .header('Content-Disposition', `attachment; filename="${mail.id}.eml"`)
        .header('Cache-Control', 'no-store')
        .send(raw);
    },
  );
};
