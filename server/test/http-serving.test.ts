/**
 * How the server answers over HTTP, apart from errors (test/http-errors.test.ts):
 * - security headers: HSTS and the CSP's upgrade-insecure-requests only when the site is served
 *   over TLS (PUBLIC_URL https, or HTTPS_ONLY), never on plain http;
 * - compression: JSON over 1 KB as brotli or gzip when asked (Accept-Encoding), plain otherwise;
 *   the SSE stream and attachment bytes never;
 * - the built SPA: pre-compressed files (`.br`/`.gz` beside them) for clients that accept them,
 *   real /robots.txt and /favicon.ico, client routes answered with index.html, and a 404
 *   problem (never the HTML page) for a missing path that looks like a file.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import type { Config } from '../src/config.js';
import { createTestApp, testConfig, type TestApp } from './helpers/app.js';
import { authHeader, signIn } from './helpers/auth.js';
import { createTicket, createUser } from './helpers/factories.js';

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes as sent (not decoded). */
  bytes: Buffer;
}

/** One GET (or `method`) through node:http, which decodes nothing: the bytes as sent. */
function get(
  port: number,
  urlPath: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: urlPath, method, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            bytes: Buffer.concat(chunks),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function listen(app: { listen(o: object): Promise<string>; server: http.Server }) {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as AddressInfo).port;
}

let t: TestApp;
let port: number;
let agent: string;

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  port = await listen(t.app);
  const user = await createUser(t.prisma, { role: 'AGENT' });
  agent = await signIn(t, user);
  // A list worth compressing: well over 1 KiB of tickets.
  for (let i = 0; i < 20; i++)
    await createTicket(t.prisma, { organizationId: user.organizationId });
});

afterAll(async () => {
  await t?.close();
});

describe('security headers', () => {
  /** The headers of GET /api/health from an app built with `overrides`. */
  async function headersWith(overrides: Record<string, string>) {
    const app = await buildApp(testConfig(overrides), {
      prisma: t.prisma,
      ownsPrisma: false,
      logger: false,
    });
    try {
      return (await get(await listen(app), '/api/health')).headers;
    } finally {
      await app.close();
    }
  }

  it('sends neither HSTS nor upgrade-insecure-requests for an http PUBLIC_URL', async () => {
    const headers = await headersWith({ PUBLIC_URL: 'http://192.168.1.20:3000' });
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(headers['strict-transport-security']).toBeUndefined();
  });

  it('sends both for an https PUBLIC_URL, and HTTPS_ONLY decides over it', async () => {
    const https = await headersWith({ PUBLIC_URL: 'https://help.example.com' });
    expect(https['content-security-policy']).toContain('upgrade-insecure-requests');
    expect(https['strict-transport-security']).toMatch(/^max-age=\d+/);
    const off = await headersWith({ PUBLIC_URL: 'https://help.example.com', HTTPS_ONLY: 'false' });
    expect(off['strict-transport-security']).toBeUndefined();
    const on = await headersWith({ PUBLIC_URL: 'http://docket.lan', HTTPS_ONLY: 'true' });
    expect(on['content-security-policy']).toContain('upgrade-insecure-requests');
  });
});

describe('compression of API answers', () => {
  it('gzips a JSON list when the client accepts gzip', async () => {
    const res = await get(port, '/api/tickets?limit=50', {
      ...authHeader(agent),
      'Accept-Encoding': 'gzip',
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    const list = JSON.parse(gunzipSync(res.bytes).toString('utf8')) as { data: unknown[] };
    expect(list.data.length).toBeGreaterThan(0);
    expect(gunzipSync(res.bytes).length).toBeGreaterThan(1024);
  });

  it('prefers brotli, and sends plain JSON when no encoding is accepted', async () => {
    const br = await get(port, '/api/tickets?limit=50', {
      ...authHeader(agent),
      'Accept-Encoding': 'gzip, deflate, br',
    });
    expect(br.headers['content-encoding']).toBe('br');
    const fromBr = JSON.parse(brotliDecompressSync(br.bytes).toString('utf8')) as {
      data: unknown[];
    };
    const plain = await get(port, '/api/tickets?limit=50', authHeader(agent));
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(Number(plain.headers['content-length'])).toBe(plain.bytes.length);
    expect(JSON.parse(plain.bytes.toString('utf8'))).toEqual(fromBr);
  });

  it('leaves small answers alone', async () => {
    const res = await get(port, '/api/health', { 'Accept-Encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
  });

  it('streams Server-Sent Events uncompressed even when the client accepts gzip', async () => {
    const text = await new Promise<{ headers: http.IncomingHttpHeaders; text: string }>(
      (resolve, reject) => {
        const req = http.get(
          {
            host: '127.0.0.1',
            port,
            path: '/api/live',
            agent: false,
            headers: {
              ...authHeader(agent),
              Accept: 'text/event-stream',
              'Accept-Encoding': 'gzip, br',
            },
          },
          (res) => {
            let received = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              received += chunk;
              if (received.includes('event: ready')) {
                resolve({ headers: res.headers, text: received });
                req.destroy();
              }
            });
          },
        );
        req.on('error', reject);
      },
    );
    expect(text.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(text.headers['content-encoding']).toBeUndefined();
    expect(text.text).toContain('event: ready');
  });

  it('sends attachment bytes as stored, with their Content-Length', async () => {
    const tickets = await get(port, '/api/tickets?limit=1', authHeader(agent));
    const ticketId = (JSON.parse(tickets.bytes.toString('utf8')) as { data: { id: string }[] })
      .data[0]!.id;
    const photo = await sharp({
      create: {
        width: 200,
        height: 200,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    })
      .jpeg()
      .toBuffer();
    expect(photo.length).toBeGreaterThan(1024);
    const uploaded = await t
      .http()
      .post(`/api/tickets/${ticketId}/attachments`)
      .set(authHeader(agent))
      .attach('files', photo, { filename: 'photo.jpg', contentType: 'image/jpeg' });
    expect(uploaded.status).toBe(201);
    const res = await get(port, `/api/attachments/${uploaded.body.data[0].id}/content`, {
      ...authHeader(agent),
      'Accept-Encoding': 'gzip, br',
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(Number(res.headers['content-length'])).toBe(photo.length);
    expect(res.bytes.equals(photo)).toBe(true);
  });
});

describe('the built SPA', () => {
  let dist: string;
  let spa: Awaited<ReturnType<typeof buildApp>>;
  let spaPort: number;
  const indexHtml = `<!doctype html><html><head><title>Docket</title><script type="module" src="/assets/app.js"></script></head><body>${'<div></div>'.repeat(100)}</body></html>`;
  const appJs = `export const words = ${JSON.stringify('docket '.repeat(500))};\n`;

  beforeAll(async () => {
    dist = mkdtempSync(path.join(tmpdir(), 'docket-web-dist-'));
    mkdirSync(path.join(dist, 'assets'));
    const files: Record<string, string | Buffer> = {
      'index.html': indexHtml,
      'assets/app.js': appJs,
      'robots.txt': readFileSync(path.join(t.config.repoRoot, 'web', 'public', 'robots.txt')),
      'favicon.ico': readFileSync(path.join(t.config.repoRoot, 'web', 'public', 'favicon.ico')),
    };
    for (const [name, content] of Object.entries(files)) {
      writeFileSync(path.join(dist, name), content);
    }
    // What web/scripts/precompress.mjs makes at build time.
    for (const name of ['index.html', 'assets/app.js']) {
      const bytes = readFileSync(path.join(dist, name));
      writeFileSync(path.join(dist, `${name}.br`), brotliCompressSync(bytes));
      writeFileSync(path.join(dist, `${name}.gz`), gzipSync(bytes));
    }
    const config: Config = { ...testConfig(), serveWeb: true, webDistDir: dist };
    spa = await buildApp(config, { prisma: t.prisma, ownsPrisma: false, logger: false });
    spaPort = await listen(spa);
  });

  afterAll(async () => {
    await spa?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves the pre-compressed JavaScript to a client that accepts brotli or gzip', async () => {
    const br = await get(spaPort, '/assets/app.js', { 'Accept-Encoding': 'gzip, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.bytes).toString('utf8')).toBe(appJs);
    expect(br.bytes.length).toBeLessThan(Buffer.byteLength(appJs) / 4);

    const gz = await get(spaPort, '/assets/app.js', { 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.bytes).toString('utf8')).toBe(appJs);

    const plain = await get(spaPort, '/assets/app.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.bytes.toString('utf8')).toBe(appJs);
  });

  it('serves index.html pre-compressed, for / and for client routes', async () => {
    for (const route of [
      '/',
      '/tickets',
      '/t/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB',
    ]) {
      const res = await get(spaPort, route, { 'Accept-Encoding': 'br' });
      expect(res.status, route).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(res.bytes).toString('utf8')).toBe(indexHtml);
    }
  });

  it('does not serve the compressed siblings as files of their own', async () => {
    const res = await get(spaPort, '/assets/app.js.br');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('serves robots.txt and favicon.ico as themselves', async () => {
    const robots = await get(spaPort, '/robots.txt');
    expect(robots.status).toBe(200);
    expect(robots.headers['content-type']).toMatch(/^text\/plain/);
    const text = robots.bytes.toString('utf8');
    expect(text).toMatch(/^User-agent: \*$/m);
    expect(text).toMatch(/^Disallow: \/api\/$/m);
    expect(text).toMatch(/^Disallow: \/t\/$/m);

    const icon = await get(spaPort, '/favicon.ico');
    expect(icon.status).toBe(200);
    expect(icon.headers['content-type']).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
    // An ICO file: reserved 0, type 1 (icon), at least one image.
    expect(icon.bytes.readUInt16LE(0)).toBe(0);
    expect(icon.bytes.readUInt16LE(2)).toBe(1);
    expect(icon.bytes.readUInt16LE(4)).toBeGreaterThan(0);
  });

  it('answers a missing path that looks like a file with a 404 problem, never the HTML page', async () => {
    for (const missing of ['/apple-touch-icon.png', '/assets/old-chunk.js', '/sitemap.xml']) {
      const res = await get(spaPort, missing);
      expect(res.status, missing).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(res.bytes.toString('utf8'))).toMatchObject({ code: 'not_found' });
    }
  });

  it('answers TRACE on a client route with 405 allowing GET and HEAD', async () => {
    const res = await get(spaPort, '/tickets', {}, 'TRACE');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });
});
