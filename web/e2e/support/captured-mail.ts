/**
 * Mail the server under test captured instead of sending it (no SMTP_URL: each message is a JSON
 * file under DATA_DIR/mail, docs/product.md "Notifications"), for browser tests that follow a
 * link from a mail.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One captured mail (the fields the tests read). */
export interface CapturedMail {
  kind: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * Waits (20 s at most) for a mail captured under `dataDir` (the server's DATA_DIR) matching
 * `match`: the server's workers send it after the change that causes it.
 * @throws when none arrives in time
 */
export async function waitForCapturedMail(
  dataDir: string,
  match: (mail: CapturedMail) => boolean,
): Promise<CapturedMail> {
  const dir = path.join(dataDir, 'mail');
  const deadline = Date.now() + 20_000;
  for (;;) {
    const mail = (existsSync(dir) ? readdirSync(dir) : [])
      .filter((name) => name.endsWith('.json'))
      .map((name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as CapturedMail)
      .find(match);
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error('no such mail was captured within 20 s');
    await new Promise((r) => setTimeout(r, 200));
  }
}
