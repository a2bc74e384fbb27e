/**
 * The security headers of every answer (Helmet), in one place: the options `@fastify/helmet`
 * applies to routed requests, and the same headers as a fixed list for the answers Fastify sends
 * before any route or hook runs (malformed URLs, over-long path parameters, unparsable requests:
 * plugins/http-protocol.ts).
 *
 * Content-Security-Policy: scripts, styles, images and connections from the app's own origin
 * only (styles also inline, images also `data:`/`blob:` for previews), never framed. The CSP's
 * `upgrade-insecure-requests` and Strict-Transport-Security (HSTS, RFC 6797) are sent only when
 * the site is served over TLS (`config.httpsOnly`): on plain http from any host but localhost,
 * they would make the browser fetch every script over https, which fails (a blank page).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyHelmetOptions } from '@fastify/helmet';
import helmet from 'helmet';
import type { Config } from '../config.js';

/** Helmet's options for this deployment (see the file's comment for the rules). */
export function helmetOptions(config: Pick<Config, 'httpsOnly'>): FastifyHelmetOptions {
  return {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        // Helmet adds it by default; null removes it.
        upgradeInsecureRequests: config.httpsOnly ? [] : null,
      },
    },
    strictTransportSecurity: config.httpsOnly,
  };
}

/**
 * The headers Helmet sets with `options`, as a name → value list, computed once: with no CSP
 * nonces they are the same on every answer. For raw answers that no Fastify hook sees.
 */
export function securityHeaderList(options: FastifyHelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name];
    },
  };
  // @fastify/helmet's own keys (`global`, `enableCSPNonces`) mean nothing to helmet itself.
  // (The cast: @fastify/helmet's types come from helmet's CommonJS declarations, these from its
  // ES module ones; the shapes are the same.)
  const { global: _global, enableCSPNonces: _nonces, ...helmetConfig } = options;
  helmet(helmetConfig as Parameters<typeof helmet>[0])(
    {} as IncomingMessage,
    res as unknown as ServerResponse,
    () => undefined,
  );
  return headers;
}
