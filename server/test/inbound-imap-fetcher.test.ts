// fetchNewMail and watchMailbox against a real Dovecot (test/helpers/dovecot.ts). Every test has
// its own Dovecot user, so mailboxes do not interfere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fetchNewMail,
  ImapUnavailableError,
  watchMailbox,
  type ImapAccount,
  type ImapCursor,
  type ImapSavedCursor,
} from '../src/modules/inbound/imap-fetcher.js';
import { startDovecot, type TestDovecot } from './helpers/dovecot.js';

let dovecot: TestDovecot;

beforeAll(async () => {
  dovecot = await startDovecot();
});

afterAll(async () => {
  await dovecot?.stop();
});

function account(user: string, folder = 'INBOX'): ImapAccount {
  const password = dovecot.users[user];
  if (!password) throw new Error(`no test user ${user}`);
  return { host: dovecot.host, port: dovecot.port, tls: false, user, password, folder };
}

function message(subject: string, body = 'Hello'): string {
  const id = `<${subject.replace(/\W+/g, '-')}.${Date.now()}@example.test>`;
  return [
    'From: Customer <customer@example.test>',
    'To: support@example.test',
    `Subject: ${subject}`,
    `Message-ID: ${id}`,
    'Date: Thu, 03 Dec 2026 08:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}

function subjectOf(raw: Buffer): string | undefined {
  return /^Subject: (.*)$/m.exec(raw.toString('utf8'))?.[1]?.trim();
}

/** Runs fetchNewMail, recording handled messages, saved cursors and too-large reports. */
async function run(
  acc: ImapAccount,
  cursor: ImapCursor,
  options: { failOnUid?: number; maxBytes?: number } = {},
) {
  const handled: { uid: number; subject: string | undefined }[] = [];
  const saved: ImapSavedCursor[] = [];
  const tooLarge: { uid: number; size: number }[] = [];
  const outcome = await fetchNewMail(
    acc,
    cursor,
    async (raw, uid) => {
      if (uid === options.failOnUid) throw new Error(`handler failed on ${uid}`);
      handled.push({ uid, subject: subjectOf(raw) });
    },
    {
      saveCursor: async (c) => void saved.push(c),
      onTooLarge: (uid, size) => void tooLarge.push({ uid, size }),
      maxBytes: options.maxBytes,
    },
  ).then(
    (result) => ({ result, error: undefined }),
    (error: unknown) => ({ result: undefined, error }),
  );
  return { ...outcome, handled, saved, tooLarge };
}

const fresh: ImapCursor = { uidValidity: null, lastUid: null };

describe('fetchNewMail', () => {
  it('hands over new mail in UID order, including mail another client already read, then flags it \\Seen', async () => {
    const acc = account('alice');
    const u1 = await dovecot.append('alice', 'INBOX', message('first'));
    const u2 = await dovecot.append('alice', 'INBOX', message('second'), ['\\Seen']);
    const u3 = await dovecot.append('alice', 'INBOX', message('third'));
    const before = await dovecot.flags('alice', 'INBOX');
    expect([before.get(u1), before.get(u2), before.get(u3)]).toEqual([[], ['\\Seen'], []]);

    const first = await run(acc, fresh);

    expect(first.error).toBeUndefined();
    expect(first.handled).toEqual([
      { uid: u1, subject: 'first' },
      { uid: u2, subject: 'second' },
      { uid: u3, subject: 'third' },
    ]);
    expect(first.result).toMatchObject({ lastUid: BigInt(u3), fetched: 3, tooLarge: 0 });
    expect(typeof first.result?.uidValidity).toBe('bigint');
    expect(first.saved.map((c) => c.lastUid)).toEqual([BigInt(u1), BigInt(u2), BigInt(u3)]);
    expect(first.saved.every((c) => c.uidValidity === first.result?.uidValidity)).toBe(true);
    const after = await dovecot.flags('alice', 'INBOX');
    expect([...after.values()]).toEqual([['\\Seen'], ['\\Seen'], ['\\Seen']]);
  });

  it('a second run fetches nothing, and a later run only what arrived since', async () => {
    const acc = account('bob');
    await dovecot.append('bob', 'INBOX', message('one'));
    await dovecot.append('bob', 'INBOX', message('two'));
    const first = await run(acc, fresh);
    expect(first.result?.fetched).toBe(2);

    const second = await run(acc, first.result!);
    expect(second.error).toBeUndefined();
    expect(second.handled).toEqual([]);
    expect(second.saved).toEqual([]);
    expect(second.result).toEqual({ ...first.result, fetched: 0, tooLarge: 0 });

    const u3 = await dovecot.append('bob', 'INBOX', message('three'));
    const third = await run(acc, second.result!);
    expect(third.handled).toEqual([{ uid: u3, subject: 'three' }]);
    expect(third.result?.lastUid).toBe(BigInt(u3));
  });

  it('a failing handler leaves the cursor after the last completed message; the next run resumes at the failed one', async () => {
    const acc = account('carol', 'Support');
    const u1 = await dovecot.append('carol', 'Support', message('a'));
    const u2 = await dovecot.append('carol', 'Support', message('b'));
    const u3 = await dovecot.append('carol', 'Support', message('c'));

    const failing = await run(acc, fresh, { failOnUid: u2 });

    expect(failing.result).toBeUndefined();
    expect((failing.error as Error).message).toBe(`handler failed on ${u2}`);
    expect(failing.error).not.toBeInstanceOf(ImapUnavailableError);
    expect(failing.handled.map((h) => h.uid)).toEqual([u1]);
    expect(failing.saved.map((c) => c.lastUid)).toEqual([BigInt(u1)]);
    // Downloading did not mark anything read (BODY.PEEK); only the completed message is \Seen.
    const flags = await dovecot.flags('carol', 'Support');
    expect([flags.get(u1), flags.get(u2), flags.get(u3)]).toEqual([['\\Seen'], [], []]);

    const resumed = await run(acc, failing.saved.at(-1)!);
    expect(resumed.error).toBeUndefined();
    expect(resumed.handled.map((h) => h.uid)).toEqual([u2, u3]);
    expect(resumed.result).toMatchObject({ lastUid: BigInt(u3), fetched: 2 });
  });

  it('a different UIDVALIDITY starts again from the first message', async () => {
    const acc = account('dave');
    const u1 = await dovecot.append('dave', 'INBOX', message('x'));
    const u2 = await dovecot.append('dave', 'INBOX', message('y'));
    const first = await run(acc, fresh);
    const real = first.result!.uidValidity;

    const again = await run(acc, { uidValidity: real + 1n, lastUid: BigInt(u2) });

    expect(again.handled.map((h) => h.uid)).toEqual([u1, u2]);
    expect(again.result).toMatchObject({ uidValidity: real, lastUid: BigInt(u2), fetched: 2 });
    expect(again.saved[0]).toEqual({ uidValidity: real, lastUid: BigInt(u1) });
  });

  it('a message over maxBytes goes to onTooLarge, is not downloaded and stays unread', async () => {
    const acc = account('erin');
    const big = message('big', 'x'.repeat(76).concat('\r\n').repeat(200));
    const u1 = await dovecot.append('erin', 'INBOX', message('small 1'));
    const u2 = await dovecot.append('erin', 'INBOX', big);
    const u3 = await dovecot.append('erin', 'INBOX', message('small 2'));

    const outcome = await run(acc, fresh, { maxBytes: 4096 });

    expect(outcome.tooLarge).toEqual([{ uid: u2, size: Buffer.byteLength(big) }]);
    expect(outcome.handled.map((h) => h.uid)).toEqual([u1, u3]);
    expect(outcome.result).toMatchObject({ lastUid: BigInt(u3), fetched: 2, tooLarge: 1 });
    expect(outcome.saved.map((c) => c.lastUid)).toEqual([BigInt(u1), BigInt(u2), BigInt(u3)]);
    const flags = await dovecot.flags('erin', 'INBOX');
    expect([flags.get(u1), flags.get(u2), flags.get(u3)]).toEqual([['\\Seen'], [], ['\\Seen']]);
  });

  it('a wrong password, a closed port or a missing folder throws ImapUnavailableError', async () => {
    const wrong = await run({ ...account('frank'), password: 'not-the-password' }, fresh);
    expect(wrong.error).toBeInstanceOf(ImapUnavailableError);
    expect((wrong.error as Error).message).toMatch(/login .*frank@127\.0\.0\.1.*authentication/);

    const closed = await run({ ...account('frank'), port: 1 }, fresh);
    expect(closed.error).toBeInstanceOf(ImapUnavailableError);
    expect((closed.error as Error).message).toMatch(/ECONNREFUSED/);

    const missing = await run(account('frank', 'No-Such-Folder'), fresh);
    expect(missing.error).toBeInstanceOf(ImapUnavailableError);
    expect((missing.error as Error).message).toMatch(/open No-Such-Folder/);
    expect(wrong.handled.length + closed.handled.length + missing.handled.length).toBe(0);
  });
});

describe('watchMailbox', () => {
  /** Resolves with the ms from `since` to the first callback; rejects after `limitMs`. */
  function firstCall(limitMs: number) {
    let resolve!: () => void;
    const called = new Promise<void>((r) => (resolve = r));
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no callback within ${limitMs} ms`)), limitMs),
    );
    return { onNewMail: () => resolve(), wait: () => Promise.race([called, timeout]) };
  }

  it('calls back within seconds after an APPEND, pushed by IDLE', async () => {
    const call = firstCall(5_000);
    const errors: Error[] = [];
    const watch = await watchMailbox(account('grace'), call.onNewMail, {
      pollMs: 600_000,
      onError: (e) => errors.push(e),
    });
    try {
      expect(watch.mode).toBe('idle');
      const started = Date.now();
      const uid = await dovecot.append('grace', 'INBOX', message('pushed'));
      await call.wait();
      expect(Date.now() - started).toBeLessThan(5_000);
      const fetched = await run(account('grace'), fresh);
      expect(fetched.handled).toEqual([{ uid, subject: 'pushed' }]);
      expect(errors).toEqual([]);
    } finally {
      await watch.stop();
    }
  });

  it('polls with NOOP every pollMs when IDLE is not used', async () => {
    const call = firstCall(5_000);
    const watch = await watchMailbox(account('heidi'), call.onNewMail, {
      idle: false,
      pollMs: 300,
    });
    try {
      expect(watch.mode).toBe('poll');
      await dovecot.append('heidi', 'INBOX', message('polled'));
      await call.wait();
    } finally {
      await watch.stop();
    }
  });

  it('throws ImapUnavailableError when the first connection fails', async () => {
    const attempt = watchMailbox({ ...account('heidi'), password: 'wrong' }, () => undefined);
    await expect(attempt).rejects.toBeInstanceOf(ImapUnavailableError);
  });
});
