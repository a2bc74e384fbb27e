/**
 * The security headers of every answer (Helmet), in one place: Helmet's options for this
 * deployment, the headers they make as a fixed list, set on every routed answer by one hook
 * (`securityHeaders`) and on the answers Fastify sends before any route or hook runs (malformed
 * URLs, over-long path parameters, unparsable requests: plugins/http-protocol.ts).
 *
 * Content-Security-Policy: scripts, styles, images and connections from the app's own origin
 * only (styles also inline, images also `data:`/`blob:` for previews), never framed. The CSP's
 * `upgrade-insecure-requests` and Strict-Transport-Security (HSTS, RFC 6797) are sent only when
 * the site is served over TLS (`config.httpsOnly`): on plain http from any host but localhost,
 * they would make the browser fetch every script over https, which fails (a blank page).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
import type { Config } from '../config.js';

/** Helmet's options for this deployment (see the file's comment for the rules). */
export function helmetOptions(config: Pick<Config, 'httpsOnly'>): HelmetOptions {
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
 * nonces they are the same on every answer.
 */
export function securityHeaderList(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name];
    },
  };
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, () => undefined);
  return headers;
}

/**
 * Sets `headers` (securityHeaderList) on every answer, as `@fastify/helmet` did: on the raw
 * response in an `onRequest` hook, so that errors, 404s and hijacked answers (the live stream)
 * carry them too. What it buys over that plugin (bench/README.md "Reads at the baseline's
 * speed, 2026-12-05 (night)"): it built Helmet's middleware again for every request, parsing
 * the CSP directives each time, in two hooks (7–11 µs and 13.8 KB of heap per request).
 */
async function securityHeadersPlugin(
  app: FastifyInstance,
  options: { headers: Record<string, string> },
): Promise<void> {
  const list = Object.entries(options.headers);
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of list) reply.raw.setHeader(name, value);
    done();
  });
}

export const securityHeaders = fp(securityHeadersPlugin, {
  name: 'security-headers',
  fastify: '5.x',
});
