/**
 * The SSRF guard of webhooks (OWASP "Server-Side Request Forgery Prevention"):
 * a webhook URL is chosen by an admin of a tenant, so without a guard any tenant could make
 * Docket's server call its own network (cloud metadata at 169.254.169.254, databases, admin
 * consoles on localhost).
 * - URLs must be http(s) without credentials (`validateWebhookUrl`, at save time). WHATWG URL
 *   parsing normalises every spelling of an IPv4 address (decimal `2130706433`, octal `0177.0.0.1`,
 *   hex `0x7f.1`, short `127.1`) to dotted decimal, and IPv6 to its compressed form, so the
 *   checks below see one spelling only.
 * - The address actually connected to is checked at connection time (`createGuardedConnector`,
 *   undici's `connect` hook): literal IPs before connecting, host names through a `lookup` that
 *   resolves them and refuses the connection when ANY resolved address is refused. Checking the
 *   same addresses the socket then uses defeats DNS rebinding (a name that resolves to a public
 *   address when saved and to 127.0.0.1 when called).
 * - Only global unicast addresses are allowed (`checkAddress`, ipaddr.js's ranges): private
 *   (RFC 1918), loopback, link-local, multicast, broadcast, unspecified, carrier-grade NAT
 *   (RFC 6598), benchmarking, documentation and other reserved ranges, IPv6 unique-local, and
 *   IPv6 forms embedding an IPv4 address (NAT64, 6to4, Teredo) are refused; IPv4-mapped IPv6
 *   (`::ffff:127.0.0.1`) is judged as the IPv4 address it maps, and IPv4-compatible IPv6
 *   (`::127.0.0.1`, ::/96) is refused.
 * - WEBHOOK_ALLOWED_HOSTS (addresses, CIDR ranges, host names) and WEBHOOK_ALLOW_PRIVATE_NETWORKS
 *   open exceptions (development and tests allow 127.0.0.1 explicitly).
 */
import dns from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { buildConnector } from 'undici';
import type { WebhooksConfig } from '../../config.js';
import { WEBHOOK_URL_MAX_LENGTH } from './webhooks.schemas.js';

/** What the guard allows beyond public addresses (from WEBHOOK_ALLOWED_HOSTS / _PRIVATE_NETWORKS). */
export interface AddressPolicy {
  allowPrivateNetworks: boolean;
  /** Host names allowed whatever they resolve to (lower case). */
  hostnames: ReadonlySet<string>;
  /** Address ranges allowed although not public. */
  ranges: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

/** Compiles the configuration's allow-list (entries were validated by config.ts). */
export function addressPolicyFrom(
  config: Pick<WebhooksConfig, 'allowedHosts' | 'allowPrivateNetworks'>,
): AddressPolicy {
  const hostnames = new Set<string>();
  const ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const entry of config.allowedHosts) {
    if (entry.includes('/')) ranges.push(normalizeRange(ipaddr.parseCIDR(entry)));
    else if (ipaddr.isValid(entry)) {
      const address = unmap(ipaddr.parse(entry));
      ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else hostnames.add(entry.toLowerCase());
  }
  return { allowPrivateNetworks: config.allowPrivateNetworks, hostnames, ranges };
}

/** The outcome of checking one address. */
export type AddressCheck = { allowed: true } | { allowed: false; reason: string };

/** Raised when the guard refuses a destination; `code` is stable for the delivery log. */
export class WebhookAddressRefusedError extends Error {
  readonly code = 'WEBHOOK_ADDRESS_REFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'WebhookAddressRefusedError';
  }
}

const RANGE_NAMES: Record<string, string> = {
  private: 'a private network address',
  loopback: 'a loopback address',
  linkLocal: 'a link-local address',
  multicast: 'a multicast address',
  unspecified: 'an unspecified address',
  broadcast: 'a broadcast address',
  carrierGradeNat: 'a carrier-grade NAT address',
  uniqueLocal: 'a unique-local (private) IPv6 address',
  benchmarking: 'a benchmarking address',
  reserved: 'a reserved address',
};

/**
 * Whether Docket may connect to `address` (an IPv4 or IPv6 literal, brackets and zone id
 * tolerated), optionally reached through the URL host name `hostname`: allowed when the policy
 * allows private networks, names the host, or covers the address; otherwise only for global
 * unicast addresses. Unparseable input is refused.
 */
export function checkAddress(
  address: string,
  policy: AddressPolicy,
  hostname?: string,
): AddressCheck {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = unmap(ipaddr.parse(address.replace(/^\[|\]$/g, '').replace(/%.*$/, '')));
  } catch {
    return { allowed: false, reason: `"${address}" is not an IP address` };
  }
  if (policy.allowPrivateNetworks) return { allowed: true };
  if (hostname && policy.hostnames.has(hostname.toLowerCase())) return { allowed: true };
  if (
    policy.ranges.some(([base, bits]) => base.kind() === parsed.kind() && parsed.match(base, bits))
  ) {
    return { allowed: true };
  }
  // IPv4-compatible IPv6 (`::a.b.c.d`, ::/96, deprecated by RFC 4291 §2.5.5.1): URL parsers
  // spell `[::127.0.0.1]` as `[::7f00:1]`, which no special range covers; some stacks still route
  // it to the IPv4 address, so it is never public.
  if (
    parsed.kind() === 'ipv6' &&
    (parsed as ipaddr.IPv6).parts.slice(0, 6).every((part) => part === 0) &&
    !['loopback', 'unspecified'].includes(parsed.range())
  ) {
    return {
      allowed: false,
      reason: `${parsed.toString()} is an IPv4-compatible IPv6 address (deprecated, never public)`,
    };
  }
  const range = parsed.range();
  if (range === 'unicast') return { allowed: true };
  return {
    allowed: false,
    reason: `${parsed.toString()} is ${RANGE_NAMES[range] ?? `not a public address (${range})`}`,
  };
}

/** IPv4-mapped IPv6 (`::ffff:a.b.c.d`) → the IPv4 address; anything else unchanged. */
function unmap(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;
}

function normalizeRange([base, bits]: [ipaddr.IPv4 | ipaddr.IPv6, number]): [
  ipaddr.IPv4 | ipaddr.IPv6,
  number,
] {
  if (base.kind() === 'ipv6' && (base as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
    return [(base as ipaddr.IPv6).toIPv4Address(), bits - 96];
  }
  return [base, bits];
}

/**
 * Checks a webhook URL when an admin saves it and returns its normalised form (WHATWG
 * serialisation: the one that will be called; decimal/octal/hex IPv4 spellings become dotted
 * decimal). Refuses, with a message for the admin: unparseable URLs, schemes other than http and
 * https, user names or passwords in the URL, and literal IP addresses the policy refuses. Host
 * names are not resolved here: their addresses are checked at every connection.
 * @returns `{ok: true, url}` or `{ok: false, message}`.
 */
export function validateWebhookUrl(
  input: string,
  policy: AddressPolicy,
): { ok: true; url: string } | { ok: false; message: string } {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { ok: false, message: 'not a valid absolute URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: 'must be an http or https URL' };
  }
  if (url.username || url.password) {
    return { ok: false, message: 'must not hold a user name or password; webhooks are signed' };
  }
  if (!url.hostname) return { ok: false, message: 'must name a host' };
  url.hash = '';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    const check = checkAddress(host, policy, host);
    if (!check.allowed) {
      return { ok: false, message: `refused: ${check.reason} (only public addresses are allowed)` };
    }
  }
  const normalized = url.toString();
  if (normalized.length > WEBHOOK_URL_MAX_LENGTH) {
    return { ok: false, message: `must be at most ${WEBHOOK_URL_MAX_LENGTH} characters` };
  }
  return { ok: true, url: normalized };
}

/** Resolves a host name to all its addresses (as `dns.lookup` with `all: true`). */
export type ResolveHost = (hostname: string) => Promise<{ address: string; family: number }[]>;

const systemResolve: ResolveHost = (hostname) =>
  dns.promises.lookup(hostname, { all: true, verbatim: true });

/**
 * A `lookup` for net/tls.connect that resolves `hostname` with `resolve`, refuses (with
 * WebhookAddressRefusedError, before any socket connects) when any address is refused by
 * `policy`, and otherwise answers as `dns.lookup` would (one address, or all with `all: true`).
 */
export function createGuardedLookup(policy: AddressPolicy, resolve: ResolveHost): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        if (addresses.length === 0) {
          callback(
            Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }),
            '',
            0,
          );
          return;
        }
        for (const { address } of addresses) {
          const check = checkAddress(address, policy, hostname);
          if (!check.allowed) {
            callback(
              new WebhookAddressRefusedError(`${hostname} resolves to ${check.reason}`),
              '',
              0,
            );
            return;
          }
        }
        const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = wanted ? addresses.filter((a) => a.family === wanted) : addresses;
        if (options.all) {
          (callback as unknown as (e: null, a: typeof addresses) => void)(null, usable);
        } else if (usable[0]) {
          callback(null, usable[0].address, usable[0].family);
        } else {
          callback(
            Object.assign(new Error(`${hostname} has no IPv${wanted} address`), {
              code: 'ENOTFOUND',
            }),
            '',
            0,
          );
        }
      },
      (error: unknown) => callback(error as NodeJS.ErrnoException, '', 0),
    );
  };
}

/**
 * undici's `connect` hook with the guard: a literal IP host is checked before connecting; a host
 * name is resolved by the guarded lookup inside net/tls.connect, so the checked address is the
 * one connected to. `timeoutMs` bounds the TCP/TLS handshake.
 */
export function createGuardedConnector(
  policy: AddressPolicy,
  options: { timeoutMs: number; resolve?: ResolveHost },
): buildConnector.connector {
  const connect = buildConnector({
    timeout: options.timeoutMs,
    lookup: createGuardedLookup(policy, options.resolve ?? systemResolve),
  });
  return (connectOptions, callback) => {
    const host = connectOptions.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) {
      const check = checkAddress(host, policy, host);
      if (!check.allowed) {
        callback(new WebhookAddressRefusedError(`refused: ${check.reason}`), null);
        return;
      }
    }
    connect({ ...connectOptions, hostname: host }, callback);
  };
}
