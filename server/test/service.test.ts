import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testConfig, type TestApp } from './helpers/app.js';

let t: TestApp;
let spa: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: false });
  const webDist = mkdtempSync(path.join(tmpdir(), 'docket-web-'));
  writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>Docket SPA</title>');
  const config = { ...testConfig(), serveWeb: true, webDistDir: webDist };
  spa = await createTestApp({ seed: false, config });
});
afterAll(async () => {
  await t?.close();
  await spa?.close();
});

describe('GET /api/health', () => {
  it('reports the database as ok', async () => {
    const res = await t.http().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'ok' });
    expect(res.headers['x-request-id']).toBeTruthy();
  });
});

describe('errors are RFC 9457 problems, never 500s', () => {
  it('answers an unknown API route with a 404 problem', async () => {
    const res = await t.http().get('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, code: 'not_found', type: '/problems/not-found' });
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const res = await t
      .http()
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email": ');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('malformed_json');
  });

  it('answers an unsupported content type with a 415 problem', async () => {
    const res = await t
      .http()
      .post('/api/auth/login')
      .set('Content-Type', 'application/xml')
      .send('<a/>');
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('unsupported_media_type');
  });

  it('answers a body over the limit with a 413 problem', async () => {
    const res = await t
      .http()
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(2 * 1024 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('payload_too_large');
  });

  it('sets security headers', async () => {
    const res = await t.http().get('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});

describe('the built SPA on the same port', () => {
  it('serves index.html for client routes, and problems for /api', async () => {
    const page = await spa.http().get('/tickets/TKT-00001');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Docket SPA');
    const api = await spa.http().get('/api/unknown');
    expect(api.status).toBe(404);
    expect(api.body.code).toBe('not_found');
  });
});

describe('JSON bodies', () => {
  it('takes an empty body with a JSON content type as no body', async () => {
    const res = await t
      .http()
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
  });

  it('refuses prototype poisoning', async () => {
    const res = await t
      .http()
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email":"a@b.co","password":"x","__proto__":{"admin":true}}');
    expect(res.status).toBe(400);
  });
});
