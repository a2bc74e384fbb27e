/**
 * Our Standard Webhooks signing (node:crypto) checked against an independent implementation, the
 * `standardwebhooks` npm package; the retry schedule; Retry-After parsing; secrets at rest.
 */
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { backoffMs, nominalBackoffMs } from '../src/lib/backoff.js';
import { createSecretBox } from '../src/lib/secret-box.js';
import { WEBHOOK_MAX_ATTEMPTS, WEBHOOK_RETRY } from '../src/modules/webhooks/webhook-deliveries.js';
import { parseRetryAfter } from '../src/modules/webhooks/webhook-http.js';
import {
  generateWebhookSecret,
  signWebhook,
  webhookHeaders,
} from '../src/modules/webhooks/webhook-signature.js';

describe('signatures', () => {
  const body = JSON.stringify({
    id: 'e1',
    type: 'ticket.created',
    data: { subject: 'Caf\u00e9 ☕' },
  });

  it('makes whsec_ secrets of 32 random bytes', () => {
    const a = generateWebhookSecret();
    const b = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(32);
    expect(a).not.toBe(b);
  });

  it('signs as standardwebhooks verifies, and as it signs itself', () => {
    const secret = generateWebhookSecret();
    const at = new Date();
    const headers = webhookHeaders([secret], 'msg_1', at, body);
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(at.getTime() / 1000)));
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(headers['webhook-signature']).toBe(new Webhook(secret).sign('msg_1', at, body));
  });

  it('is refused for another body, id, timestamp or secret', () => {
    const secret = generateWebhookSecret();
    const headers = webhookHeaders([secret], 'msg_1', new Date(), body);
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers, 'webhook-id': 'msg_2' })).toThrow();
    expect(() =>
      new Webhook(secret).verify(body, {
        ...headers,
        'webhook-timestamp': String(Number(headers['webhook-timestamp']) - 1),
      }),
    ).toThrow();
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow();
  });

  it('sends one signature per secret during a rotation; either secret verifies', () => {
    const current = generateWebhookSecret();
    const previous = generateWebhookSecret();
    const headers = webhookHeaders([current, previous], 'msg_9', new Date(), body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(current).verify(body, headers)).toBeTruthy();
    expect(new Webhook(previous).verify(body, headers)).toBeTruthy();
    expect(signWebhook(current, 'msg_9', Number(headers['webhook-timestamp']), body)).toBe(
      headers['webhook-signature'].split(' ')[0],
    );
  });
});

describe('retry schedule', () => {
  it('doubles from 10 s up to 6 h, and spans about a day over its attempts', () => {
    expect(nominalBackoffMs(1, WEBHOOK_RETRY)).toBe(10_000);
    expect(nominalBackoffMs(2, WEBHOOK_RETRY)).toBe(20_000);
    expect(nominalBackoffMs(12, WEBHOOK_RETRY)).toBe(20_480_000);
    expect(nominalBackoffMs(13, WEBHOOK_RETRY)).toBe(6 * 3600_000);
    let total = 0;
    for (let attempt = 1; attempt < WEBHOOK_MAX_ATTEMPTS; attempt++) {
      total += nominalBackoffMs(attempt, WEBHOOK_RETRY);
    }
    expect(total / 3600_000).toBeGreaterThan(20);
    expect(total / 3600_000).toBeLessThan(28);
  });

  it('jitters within ±25 %', () => {
    expect(backoffMs(3, { ...WEBHOOK_RETRY, random: () => 0 })).toBe(30_000);
    expect(backoffMs(3, { ...WEBHOOK_RETRY, random: () => 0.5 })).toBe(40_000);
    expect(backoffMs(3, { ...WEBHOOK_RETRY, random: () => 0.999999 })).toBe(50_000);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = new Date('2026-11-21T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sat, 21 Nov 2026 10:05:00 GMT', now)).toBe(300_000);
    expect(parseRetryAfter('Sat, 21 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

describe('secrets at rest', () => {
  const box = createSecretBox('a-key-of-at-least-thirty-two-characters!!');

  it('seals and opens for the same row only', () => {
    const sealed = box.seal('whsec_abc', 'row-1');
    expect(sealed).not.toContain('whsec_abc');
    expect(box.open(sealed, 'row-1')).toBe('whsec_abc');
    expect(() => box.open(sealed, 'row-2')).toThrow();
    expect(() =>
      createSecretBox('another-key-of-at-least-thirty-two-chars').open(sealed, 'row-1'),
    ).toThrow();
    const parts = sealed.split('.');
    parts[2] = Buffer.from('tampered').toString('base64url');
    expect(() => box.open(parts.join('.'), 'row-1')).toThrow();
  });
});
