// Hostile and malformed mail through POST /api/inbound/email (docs/product.md "Inbound email":
// nothing lost, never a 5xx): 1,000 generated messages — broken MIME, huge headers, 10,000
// parts, deep nesting, bad charsets, NUL bytes, script in HTML, binary noise. Each is answered
// 202 and recorded in the inbound log; no ticket ever holds markup or a NUL.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signInAll } from './helpers/auth.js';
import { createOrganizationWithUsers } from './helpers/factories.js';

let t: TestApp;
let acmeId: string;
let auth: { Authorization: string };
let address: string;

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  const acme = await createOrganizationWithUsers(t.prisma, { admin: { role: 'ADMIN' } });
  const { admin } = await signInAll(t, acme.users);
  acmeId = acme.organization.id;
  address = `fuzz-${acmeId.slice(0, 8)}@acme.test`;
  const box = await t
    .http()
    .post('/api/mailboxes')
    .set(authHeader(admin))
    .send({ address, displayName: 'Fuzz' });
  auth = {
    Authorization: `Basic ${Buffer.from(`${box.body.id}:${box.body.inboundSecret}`).toString('base64')}`,
  };
});
afterAll(async () => t?.close());

/** A deterministic generator (mulberry32), so a failure can be replayed by its index. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS = [
  'broken-boundary',
  'huge-header',
  'many-parts',
  'deep-nesting',
  'bad-charset',
  'nul-bytes',
  'script-html',
  'binary-noise',
  'no-from',
  'bad-base64',
  'long-subject',
  'headers-only',
] as const;

function hostile(i: number): Buffer {
  const r = rng(i + 1);
  const kind = KINDS[i % KINDS.length]!;
  const from = `fuzz${i % 97}@example.net`;
  const head = (extra = '') =>
    `From: ${from}\r\nTo: ${address}\r\nSubject: Fuzz ${i} ${kind}\r\nMessage-ID: <fuzz-${i}-${Date.now()}@x>\r\n${extra}`;
  switch (kind) {
    case 'broken-boundary':
      return Buffer.from(
        `${head('MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b1"\r\n')}\r\n--b1\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b2--\r\n--b1\r\nContent-Type: multipart/alternative; boundary=\r\n\r\n--\r\n`,
      );
    case 'huge-header':
      return Buffer.from(
        `${head(`X-Huge: ${'a'.repeat(100_000 + Math.floor(r() * 50_000))}\r\n`)}\r\nbody\r\n`,
      );
    case 'many-parts': {
      const parts = Array.from(
        { length: 10_000 },
        (_v, k) => `--p\r\nContent-Type: text/plain\r\n\r\npart ${k}\r\n`,
      ).join('');
      return Buffer.from(
        `${head('MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="p"\r\n')}\r\n${parts}--p--\r\n`,
      );
    }
    case 'deep-nesting': {
      let body = 'Content-Type: text/plain\r\n\r\ndeep\r\n';
      for (let d = 0; d < 60 + Math.floor(r() * 40); d++) {
        body = `Content-Type: multipart/mixed; boundary="d${d}"\r\n\r\n--d${d}\r\n${body}--d${d}--\r\n`;
      }
      return Buffer.from(`${head('MIME-Version: 1.0\r\n')}${body}`);
    }
    case 'bad-charset':
      return Buffer.concat([
        Buffer.from(
          `${head('Content-Type: text/plain; charset="x-no-such-charset"\r\nContent-Transfer-Encoding: 8bit\r\n')}\r\n`,
        ),
        Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc]),
        Buffer.from('\r\n'),
      ]);
    case 'nul-bytes':
      return Buffer.from(`${head()}\r\nHello\u0000world\u0000 and more text here\r\n`);
    case 'script-html':
      return Buffer.from(
        `${head('Content-Type: text/html; charset=utf-8\r\n')}\r\n<html><body><p>Hi</p><script>alert(${i})</script><img src=x onerror=alert(1)><p>please help with my order</p></body></html>\r\n`,
      );
    case 'binary-noise':
      return randomBytes(200 + Math.floor(r() * 4000));
    case 'no-from':
      return Buffer.from(`To: ${address}\r\nSubject: nobody ${i}\r\n\r\nwho am I\r\n`);
    case 'bad-base64':
      return Buffer.from(
        `${head('Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n')}\r\n!!!not*base64@@@\r\n====\r\n`,
      );
    case 'long-subject':
      return Buffer.from(
        `From: ${from}\r\nTo: ${address}\r\nSubject: ${'S'.repeat(10_000)}\r\nMessage-ID: <long-${i}-${Date.now()}@x>\r\n\r\nlong subject body text\r\n`,
      );
    case 'headers-only':
      return Buffer.from(head());
  }
}

describe('1,000 hostile messages', () => {
  it('are each answered 202 and logged; none makes a 5xx, markup or a NUL in a ticket', async () => {
    const statuses = new Map<number, number>();
    const outcomes = new Map<string, number>();
    const ids = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const res = await t
        .http()
        .post('/api/inbound/email')
        .set(auth)
        .set('Content-Type', 'message/rfc822')
        .send(hostile(i));
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status !== 202)
        throw new Error(`message ${i}: ${res.status} ${res.text.slice(0, 300)}`);
      const key = `${res.body.outcome}:${res.body.cause ?? ''}`;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      ids.add(res.body.id);
    }
    expect([...statuses.keys()]).toEqual([202]);
    const logged = await t.prisma.inboundEmail.count({
      where: { organizationId: acmeId, id: { in: [...ids] } },
    });
    expect(logged).toBe(ids.size);
    // The hostile shapes are suspended with their cause, never parsed.
    expect(outcomes.get('suspended:too_many_parts')).toBeGreaterThan(0);
    expect(outcomes.get('suspended:too_deeply_nested')).toBeGreaterThan(0);
    expect(outcomes.get('suspended:no_sender')).toBeGreaterThan(0);
    const tickets = await t.prisma.ticket.findMany({
      where: { organizationId: acmeId },
      select: { subject: true, description: true },
    });
    for (const ticket of tickets) {
      expect(ticket.description).not.toMatch(/<script|onerror/i);
      expect(ticket.description.includes('\u0000')).toBe(false);
      expect(ticket.subject.length).toBeLessThanOrEqual(200);
    }
    // 1,000 requests in a row: minutes on a loaded two-core machine, not the default 30 s.
  }, 300_000);
});
