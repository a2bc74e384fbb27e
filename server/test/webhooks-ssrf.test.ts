/**
 * The SSRF guard of webhooks: every non-public address form is refused, at save
 * time when the URL holds a literal address, and at connection time always, before any socket
 * connects. The connection tests use a stubbed DNS (names resolve to what the test says) and
 * spy on net/tls.connect, so that "before any connection" is observed, not assumed; the only
 * real traffic goes to a receiver on 127.0.0.1.
 */
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createWebhookHttpClient } from '../src/modules/webhooks/webhook-http.js';
import {
  addressPolicyFrom,
  checkAddress,
  validateWebhookUrl,
  type ResolveHost,
} from '../src/modules/webhooks/webhook-ssrf.js';
import { startReceiver, type Receiver } from './helpers/webhooks.js';

const strict = addressPolicyFrom({ allowedHosts: [], allowPrivateNetworks: false });
const loopbackAllowed = addressPolicyFrom({
  allowedHosts: ['127.0.0.1'],
  allowPrivateNetworks: false,
});

/** Every non-public address form the issue names, with the range it belongs to. */
const REFUSED_ADDRESSES: [string, RegExp][] = [
  ['127.0.0.1', /loopback/],
  ['127.255.255.254', /loopback/],
  ['10.0.0.1', /private/],
  ['172.16.5.4', /private/],
  ['172.31.255.255', /private/],
  ['192.168.1.1', /private/],
  ['169.254.169.254', /link-local/], // cloud metadata
  ['100.64.0.1', /carrier-grade NAT/],
  ['0.0.0.0', /unspecified/],
  ['224.0.0.251', /multicast/],
  ['239.255.255.250', /multicast/],
  ['255.255.255.255', /broadcast/],
  ['198.18.0.1', /reserved/], // benchmarking (RFC 2544)
  ['192.0.2.10', /reserved/], // documentation
  ['240.0.0.1', /reserved/],
  ['::1', /loopback/],
  ['::', /unspecified/],
  ['fe80::1', /link-local/],
  ['fe80::1%eth0', /link-local/],
  ['fc00::1', /unique-local/],
  ['fd12:3456:789a::1', /unique-local/],
  ['ff02::1', /multicast/],
  ['::ffff:127.0.0.1', /127\.0\.0\.1 is a loopback/], // IPv4-mapped IPv6
  ['::ffff:7f00:1', /127\.0\.0\.1 is a loopback/],
  ['::ffff:10.1.2.3', /private/],
  ['::ffff:169.254.169.254', /link-local/],
  ['64:ff9b::a9fe:a9fe', /rfc6052/], // NAT64 of 169.254.169.254
  ['2002:7f00:1::1', /6to4/], // 6to4 of 127.0.0.1
  ['2001:db8::1', /reserved/],
  ['::127.0.0.1', /loopback|IPv4-compatible/], // IPv4-compatible IPv6 (::/96)
  ['::7f00:1', /IPv4-compatible/], // the same, as URL parsers spell it
  ['::a9fe:a9fe', /IPv4-compatible/], // 169.254.169.254
];

describe('address policy', () => {
  it.each(REFUSED_ADDRESSES)('refuses %s', (address, reason) => {
    const check = checkAddress(address, strict);
    expect(check.allowed).toBe(false);
    expect(check.allowed === false && check.reason).toMatch(reason);
  });

  it('allows public unicast addresses', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
      expect(checkAddress(address, strict), address).toEqual({ allowed: true });
    }
  });

  it('refuses what is not an address', () => {
    expect(checkAddress('localhost', strict).allowed).toBe(false);
    expect(checkAddress('', strict).allowed).toBe(false);
  });

  it('opens exactly what WEBHOOK_ALLOWED_HOSTS names', () => {
    const policy = addressPolicyFrom({
      allowedHosts: ['127.0.0.1', '10.20.0.0/16', 'hooks.internal', '::ffff:192.168.7.7'],
      allowPrivateNetworks: false,
    });
    expect(checkAddress('127.0.0.1', policy).allowed).toBe(true);
    expect(checkAddress('::ffff:127.0.0.1', policy).allowed).toBe(true); // the same address
    expect(checkAddress('127.0.0.2', policy).allowed).toBe(false);
    expect(checkAddress('::1', policy).allowed).toBe(false);
    expect(checkAddress('10.20.3.4', policy).allowed).toBe(true);
    expect(checkAddress('10.21.3.4', policy).allowed).toBe(false);
    expect(checkAddress('192.168.7.7', policy).allowed).toBe(true);
    expect(checkAddress('10.9.9.9', policy, 'hooks.internal').allowed).toBe(true);
    expect(checkAddress('10.9.9.9', policy, 'other.internal').allowed).toBe(false);
    const open = addressPolicyFrom({ allowedHosts: [], allowPrivateNetworks: true });
    expect(checkAddress('10.9.9.9', open).allowed).toBe(true);
  });
});

describe('URL checks when an admin saves an endpoint', () => {
  it.each([
    ['http://127.0.0.1/hook', /loopback/],
    ['http://[::127.0.0.1]/hook', /IPv4-compatible/],
    ['http://2130706433/hook', /127\.0\.0\.1 is a loopback/], // decimal
    ['http://0177.0.0.1/hook', /127\.0\.0\.1 is a loopback/], // octal
    ['http://0x7f.0.0.1/hook', /127\.0\.0\.1 is a loopback/], // hex
    ['http://0x7f000001/hook', /127\.0\.0\.1 is a loopback/],
    ['http://017700000001/hook', /127\.0\.0\.1 is a loopback/], // octal, one number
    ['http://127.1/hook', /127\.0\.0\.1 is a loopback/], // short form
    ['http://0/hook', /unspecified/],
    ['http://[::1]/hook', /loopback/],
    ['http://[::ffff:127.0.0.1]/hook', /127\.0\.0\.1 is a loopback/],
    ['http://[0:0:0:0:0:ffff:7f00:1]/hook', /127\.0\.0\.1 is a loopback/],
    ['http://169.254.169.254/latest/meta-data/', /link-local/],
    ['http://0251.0376.0251.0376/', /link-local/], // octal 169.254.169.254
    ['http://10.0.0.1:8080/hook', /private/],
    ['https://[fd00::1]/hook', /unique-local/],
    ['ftp://example.com/hook', /http or https/],
    ['file:///etc/passwd', /http or https/],
    ['javascript:alert(1)', /http or https/],
    ['https://user:pass@example.com/hook', /user name or password/],
    ['not a url', /not a valid absolute URL/],
  ])('refuses %s', (url, message) => {
    const result = validateWebhookUrl(url, strict);
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.message).toMatch(message);
  });

  it('normalises the URL it keeps, and accepts public hosts and allowed addresses', () => {
    expect(validateWebhookUrl('HTTPS://Hooks.Example.COM/a#frag', strict)).toEqual({
      ok: true,
      url: 'https://hooks.example.com/a',
    });
    expect(validateWebhookUrl('http://2130706433:8080/x', loopbackAllowed)).toEqual({
      ok: true,
      url: 'http://127.0.0.1:8080/x',
    });
    // Host names are checked where it counts: at each connection (below).
    expect(validateWebhookUrl('http://localhost.example/x', strict).ok).toBe(true);
  });
});

describe('connection-time guard', () => {
  let receiver: Receiver;
  let connects: ReturnType<typeof vi.spyOn>[];
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => receiver.close());
  afterEach(() => vi.restoreAllMocks());

  /** A stubbed DNS: names resolve to the addresses given; every call is recorded. */
  function stubDns(table: Record<string, string[]>) {
    const calls: string[] = [];
    const resolve: ResolveHost = async (hostname) => {
      calls.push(hostname);
      const addresses = table[hostname];
      if (!addresses)
        throw Object.assign(new Error(`no such host ${hostname}`), { code: 'ENOTFOUND' });
      return addresses.map((address) => ({ address, family: net.isIPv6(address) ? 6 : 4 }));
    };
    return { resolve, calls };
  }

  function spyOnConnections() {
    connects = [vi.spyOn(net, 'connect'), vi.spyOn(tls, 'connect')];
    return () => connects.reduce((n, spy) => n + spy.mock.calls.length, 0);
  }

  async function send(url: string, policy = strict, resolve?: ResolveHost) {
    const client = createWebhookHttpClient({
      policy,
      timeoutMs: 2000,
      userAgent: 'test',
      ...(resolve ? { resolve } : {}),
    });
    try {
      return await client.send({ url, headers: {}, body: '{}' });
    } finally {
      await client.close();
    }
  }

  it.each([
    ['127.0.0.1'],
    ['10.0.0.7'],
    ['169.254.169.254'],
    ['100.100.100.200'],
    ['0.0.0.0'],
    ['::1'],
    ['::ffff:127.0.0.1'],
    ['fe80::a'],
    ['fd00::5'],
  ])('refuses a host name resolving to %s before connecting', async (address) => {
    const dns = stubDns({ 'rebind.example': [address] });
    const connections = spyOnConnections();
    const before = receiver.connections;
    const result = await send(`http://rebind.example:${receiver.port}/hook`, strict, dns.resolve);
    expect(result.ok).toBe(false);
    expect(result.statusCode).toBeNull();
    expect(result.error).toMatch(/address refused by the SSRF guard: rebind\.example resolves to/);
    expect(dns.calls).toEqual(['rebind.example']);
    // One socket was made, and its lookup (the guard) refused the address before it connected.
    expect(connections()).toBe(1);
    expect(receiver.connections).toBe(before);
  });

  it('refuses a name whose addresses mix public and private (any refused address refuses)', async () => {
    const dns = stubDns({ 'mixed.example': ['93.184.216.34', '127.0.0.1'] });
    const before = receiver.connections;
    const result = await send(`http://mixed.example:${receiver.port}/hook`, strict, dns.resolve);
    expect(result.error).toMatch(/mixed\.example resolves to 127\.0\.0\.1 is a loopback/);
    expect(receiver.connections).toBe(before);
  });

  it.each([
    ['http://127.0.0.1:PORT/hook'],
    ['http://2130706433:PORT/hook'],
    ['http://0177.0.0.1:PORT/hook'],
    ['http://0x7f.1:PORT/hook'],
    ['http://[::ffff:127.0.0.1]:PORT/hook'],
    ['http://[::1]:PORT/hook'],
  ])('refuses the literal address of %s without any socket', async (template) => {
    const url = template.replace('PORT', String(receiver.port));
    const dns = stubDns({});
    const connections = spyOnConnections();
    const before = receiver.connections;
    const result = await send(url, strict, dns.resolve);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/address refused by the SSRF guard/);
    expect(connections()).toBe(0);
    expect(dns.calls).toEqual([]);
    expect(receiver.connections).toBe(before);
  });

  it('connects when the allow-list permits the address, through a name or literally', async () => {
    receiver.mode = 'ok';
    const connections = spyOnConnections();
    const dns = stubDns({ 'receiver.test': ['127.0.0.1'] });
    const byName = await send(
      `http://receiver.test:${receiver.port}/hook`,
      loopbackAllowed,
      dns.resolve,
    );
    expect(byName).toMatchObject({ ok: true, statusCode: 200, responseExcerpt: 'thanks' });
    const byDecimal = await send(`http://2130706433:${receiver.port}/hook`, loopbackAllowed);
    expect(byDecimal).toMatchObject({ ok: true, statusCode: 200 });
    expect(connections()).toBe(2); // the spies see real connections
  });

  it('does not follow redirects: a 3xx is a failed attempt, the target is never called', async () => {
    receiver.mode = 'redirect';
    const before = receiver.requests.length;
    const result = await send(`http://127.0.0.1:${receiver.port}/hook`, loopbackAllowed);
    expect(result.ok).toBe(false);
    expect(result.statusCode).toBe(302);
    expect(result.error).toMatch(/redirect to .*-moved not followed/);
    expect(receiver.requests.slice(before).map((r) => r.path)).toEqual(['/hook']);
    receiver.mode = 'ok';
  });
});
