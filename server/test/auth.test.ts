import { createSigner } from 'fast-jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('POST /api/auth/login', () => {
  it('signs in a demo agent and returns a bearer token with the user', async () => {
    const res = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'Agent@Acme.test', password: 'docket-demo' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 15 * 60,
      user: { email: 'agent@acme.test', role: 'AGENT', name: 'Alex Agent' },
    });
    expect(res.body.accessToken.split('.')).toHaveLength(3);
    expect(res.body.user).not.toHaveProperty('passwordHash');
  });

  it('answers a wrong password and an unknown email with the same 401 problem', async () => {
    const wrong = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'agent@acme.test', password: 'nope' });
    const unknown = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'ghost@acme.test', password: 'nope' });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 401, code: 'unauthorized', title: 'Unauthorized' });
    }
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });

  it('refuses a deactivated user', async () => {
    await t.prisma.user.update({
      where: { email: 'customer2@acme.test' },
      data: { isActive: false },
    });
    const res = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'customer2@acme.test', password: 'docket-demo' });
    expect(res.status).toBe(401);
    await t.prisma.user.update({
      where: { email: 'customer2@acme.test' },
      data: { isActive: true },
    });
  });

  it('names the fields at fault on bad input', async () => {
    const res = await t.http().post('/api/auth/login').send({ email: 'not-an-email', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['email', 'password', 'extra']));
  });
});

describe('GET /api/auth/me', () => {
  it('returns the signed-in user', async () => {
    const token = await t.login('admin@globex.test');
    const res = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ email: 'admin@globex.test', role: 'ADMIN' });
  });

  it('answers 401 without a token, with a malformed one, and with a tampered one', async () => {
    const token = await t.login('agent@acme.test');
    const [header, payload] = token.split('.');
    const forged = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    forged.role = 'ADMIN';
    const tampered = `${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${token.split('.')[2]}`;
    for (const auth of [
      undefined,
      'Bearer',
      'Bearer not.a.jwt',
      `Bearer ${tampered}`,
      `Basic ${token}`,
    ]) {
      const req = t.http().get('/api/auth/me');
      const res = await (auth ? req.set('Authorization', auth) : req);
      expect(res.status, String(auth)).toBe(401);
      expect(res.body.code).toBe('unauthorized');
    }
  });

  it('refuses tokens signed with another algorithm, issuer or audience, or expired', async () => {
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: 'agent@acme.test' } });
    const claims = { sub: user.id, org: user.organizationId, role: user.role };
    const secret = t.config.jwt.secret;
    const tokens = [
      createSigner({ algorithm: 'none' })(claims),
      createSigner({ key: secret, algorithm: 'HS512', iss: 'docket', aud: 'docket-api' })(claims),
      createSigner({ key: secret, algorithm: 'HS256', iss: 'someone-else', aud: 'docket-api' })(
        claims,
      ),
      createSigner({ key: secret, algorithm: 'HS256', iss: 'docket', aud: 'other' })(claims),
      createSigner({
        key: secret,
        algorithm: 'HS256',
        iss: 'docket',
        aud: 'docket-api',
        expiresIn: 1,
      })({
        ...claims,
        iat: Math.floor(Date.now() / 1000) - 3600,
      }),
    ];
    const good = createSigner({
      key: secret,
      algorithm: 'HS256',
      iss: 'docket',
      aud: 'docket-api',
      expiresIn: 60_000,
    })(claims);
    expect((await t.http().get('/api/auth/me').set('Authorization', `Bearer ${good}`)).status).toBe(
      200,
    );
    for (const token of tokens) {
      const res = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(401);
    }
  });
});
