/**
 * A real SMTP server in the test process (`smtp-server`, no TLS, no auth, 127.0.0.1, a free
 * port) whose received mails are parsed with `mailparser` (an implementation independent of
 * nodemailer). It can be stopped and started again on the same port (an outage), and can refuse
 * every mail with 550 (a refusing server).
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** The SMTP envelope's recipients. */
  rcptTo: string[];
  raw: string;
  parsed: ParsedMail;
}

export interface TestSmtpServer {
  port: number;
  url: string;
  /** `accept` (250) or `reject` (550 after DATA). */
  mode: 'accept' | 'reject';
  mails: ReceivedMail[];
  /** Mails sent to `address` (envelope). */
  to(address: string): ReceivedMail[];
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startSmtpServer(): Promise<TestSmtpServer> {
  let server: SMTPServer | undefined;
  const smtp: TestSmtpServer = {
    port: 0,
    url: '',
    mode: 'accept',
    mails: [],
    to: (address) => smtp.mails.filter((m) => m.rcptTo.includes(address.toLowerCase())),
    async stop() {
      const current = server;
      server = undefined;
      if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
    },
    async start() {
      server = new SMTPServer({
        secure: false,
        authOptional: true,
        disabledCommands: ['STARTTLS', 'AUTH'],
        logger: false,
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            if (smtp.mode === 'reject') {
              const error = Object.assign(new Error('5.1.1 Mailbox unavailable'), {
                responseCode: 550,
              });
              return callback(error);
            }
            const raw = Buffer.concat(chunks).toString('utf8');
            simpleParser(raw)
              .then((parsed) => {
                smtp.mails.push({
                  rcptTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
                  raw,
                  parsed,
                });
                callback();
              })
              .catch((err: Error) => callback(err));
          });
        },
      });
      const current = server;
      await new Promise<void>((resolve, reject) => {
        current.once('error', reject);
        current.listen(smtp.port, '127.0.0.1', () => resolve());
      });
      smtp.port = (current.server.address() as AddressInfo).port;
      smtp.url = `smtp://127.0.0.1:${smtp.port}`;
    },
  };
  await smtp.start();
  return smtp;
}
