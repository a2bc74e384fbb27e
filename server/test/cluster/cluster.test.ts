/**
 * The cluster test (docs/scaling.md "Cluster test"): on the loopback address, one PostgreSQL (the
 * test run's, one empty database), a private Redis, an S3-compatible server (s3rver), an SMTP
 * capture, a webhook receiver, two instances of the BUILT server (`node server/dist/server.js`,
 * NODE_ENV=production) and a real load balancer in front of them (nginx). It needs `pnpm build`
 * first: the root `pnpm test` runs it after the build (`pnpm --filter @docket/server test:cluster`).
 *
 * Every wait is bounded. The fault cases print their figures (`console.info`): requests,
 * acknowledged, found, lost, duplicated, failed.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRepoRoot } from '../../src/config.js';
import { authHeader } from '../helpers/auth.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { sampleImage } from '../helpers/sample-files.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';
import { openLiveStream, type LiveStream } from '../helpers/sse.js';
import { startReceiver, type Receiver } from '../helpers/webhooks.js';
import {
  docketInstance,
  requestFrom,
  startBalancer,
  type Balancer,
  type DocketInstance,
} from './cluster-kit.js';
import { freePort } from '../helpers/net.js';

const BUCKET = 'docket-cluster';
const PASSWORD = 'docket-demo';
const LOGIN_PER_IP = 10;

let folder: string;
let db: TestDatabase;
let redis: TestRedis;
let s3: S3rver;
let smtp: TestSmtpServer;
let receiver: Receiver;
let a: DocketInstance;
let b: DocketInstance;
let balancer: Balancer;
const tokens: Record<'admin' | 'agent' | 'customer', string> = {
  admin: '',
  agent: '',
  customer: '',
};
let acmeId: string;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A JSON request with a bearer token; never throws (a network error is status 0). */
async function call(
  base: string,
  method: string,
  url: string,
  token: string,
  body?: unknown,
  headers: Record<string, string> = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read the JSON loosely
): Promise<{ status: number; body: any }> {
  try {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: {
        ...authHeader(token),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed };
  } catch {
    return { status: 0, body: null };
  }
}

async function signIn(email: string): Promise<string> {
  const res = await fetch(`${balancer.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in ${email}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** Polls `check` every 50 ms until it returns true, `timeoutMs` at most. */
async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out (${timeoutMs} ms): ${what}`);
    await sleep(50);
  }
}

/** `{502: 3, 0: 1}`-like summary of the statuses of `outcomes` (0: no answer). */
function byStatus(outcomes: { status: number }[]): string {
  const counts = new Map<number, number>();
  for (const { status } of outcomes) counts.set(status, (counts.get(status) ?? 0) + 1);
  return JSON.stringify(Object.fromEntries(counts));
}

function newTicket(subject: string) {
  return { subject, description: `Written by the cluster test: ${subject}.` };
}

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'docket-cluster-'));
  s3 = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: path.join(folder, 's3'),
  });
  let s3Port: number;
  [db, redis, smtp, receiver, { port: s3Port }] = await Promise.all([
    createTestDatabase({ migrate: false }),
    startRedis(),
    startSmtpServer(),
    startReceiver(),
    s3.run(),
  ]);
  const s3Endpoint = `http://127.0.0.1:${s3Port}`;
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: s3Endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  client.destroy();

  const shared = {
    NODE_ENV: 'production',
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: '6',
    JWT_SECRET: randomBytes(32).toString('base64url'),
    SEED_DEMO_DATA: 'true',
    SERVE_WEB: 'false',
    LOG_LEVEL: 'info',
    TRUST_PROXY: '127.0.0.1',
    REDIS_URL: redis.url,
    RATE_LIMIT_WINDOW_SECONDS: '60',
    RATE_LIMIT_LOGIN_PER_IP: String(LOGIN_PER_IP),
    RATE_LIMIT_LOGIN_PER_ACCOUNT: '1000',
    OUTBOX_WORKERS: 'true',
    OUTBOX_POLL_INTERVAL_MS: '200',
    SHED_LOAD_EVENT_LOOP_DELAY_MS: '0',
    SMTP_URL: smtp.url,
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    WEBHOOK_TIMEOUT_MS: '3000',
    ATTACHMENT_STORAGE: 's3',
    ATTACHMENT_S3_BUCKET: BUCKET,
    ATTACHMENT_S3_ENDPOINT: s3Endpoint,
    ATTACHMENT_S3_FORCE_PATH_STYLE: 'true',
    ATTACHMENT_S3_ACCESS_KEY_ID: 'S3RVER',
    ATTACHMENT_S3_SECRET_ACCESS_KEY: 'S3RVER',
    ATTACHMENT_CLEANUP_INTERVAL_MINUTES: '0',
    SHUTDOWN_TIMEOUT_MS: '15000',
  };
  const [portA, portB] = [await freePort(), await freePort()];
  a = docketInstance('A', portA, { ...shared, DATA_DIR: path.join(folder, 'a') });
  b = docketInstance('B', portB, { ...shared, DATA_DIR: path.join(folder, 'b') });
  // Both at the same instant, on the empty database (the last case checks what that did).
  a.start();
  b.start();
  await Promise.all([a.ready(90_000), b.ready(90_000)]);
  balancer = await startBalancer([portA, portB]);

  tokens.admin = await signIn('admin@acme.test');
  tokens.agent = await signIn('agent@acme.test');
  tokens.customer = await signIn('customer@acme.test');
  acmeId = (await db.prisma.organization.findUniqueOrThrow({ where: { slug: 'acme' } })).id;
}, 180_000);

afterAll(async () => {
  await balancer?.stop();
  await Promise.all([a?.stop('SIGTERM'), b?.stop('SIGTERM')]);
  await Promise.all([redis?.stop(), smtp?.stop(), receiver?.close(), s3?.close()]);
  await db?.drop();
  if (folder) rmSync(folder, { recursive: true, force: true });
}, 60_000);

describe('two instances behind nginx', () => {
  it('started at the same instant on an empty database: one migration run, one seed', async () => {
    const migrations = readdirSync(path.join(findRepoRoot(), 'prisma', 'migrations'), {
      withFileTypes: true,
    }).filter((entry) => entry.isDirectory()).length;
    const rows = await db.prisma.$queryRaw<{ migration_name: string; runs: bigint }[]>`
      SELECT migration_name, count(*) AS runs FROM _prisma_migrations
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL GROUP BY migration_name`;
    expect(rows).toHaveLength(migrations);
    expect(rows.every((row) => Number(row.runs) === 1)).toBe(true);
    // Each instance logs what its seed created: one created the users and tickets, the other
    // found them there (zeros).
    const seeded = [a, b].map((instance) => {
      const line = instance
        .output()
        .split('\n')
        .find((l) => l.includes('"demo data ready"'));
      expect(line, `${instance.name} logged its seed`).toBeDefined();
      return JSON.parse(line!) as { createdUsers: number; createdTickets: number };
    });
    const creators = seeded.filter((s) => s.createdUsers > 0 || s.createdTickets > 0);
    expect(creators).toHaveLength(1);
    expect(seeded.map((s) => s.createdUsers + s.createdTickets)).toContain(0);
    expect(await db.prisma.organization.count({ where: { slug: 'acme' } })).toBe(1);
    expect(await db.prisma.user.count()).toBe(creators[0]!.createdUsers);
    console.info(
      `[cluster] simultaneous start: migrations ${rows.length}/${migrations} applied once each; ` +
        `seed runs that created rows: ${creators.length} (users ${creators[0]!.createdUsers}, tickets ${creators[0]!.createdTickets})`,
    );
  });

  it('enforces a per-IP limit of 10/min across instances: the 11th sign-in gets 429', async () => {
    // From 127.0.0.2: a client address of its own (the other cases sign in from 127.0.0.1).
    const answered: { status: number; upstream: string }[] = [];
    for (let n = 1; n <= LOGIN_PER_IP + 1; n++) {
      const res = await requestFrom('127.0.0.2', `${balancer.url}/api/auth/login`, {
        method: 'POST',
        body: { email: `nobody${n}@example.com`, password: 'wrong-password' },
      });
      answered.push({ status: res.status, upstream: String(res.headers['x-upstream'] ?? '') });
    }
    expect(answered.slice(0, LOGIN_PER_IP).map((r) => r.status)).toEqual(
      Array(LOGIN_PER_IP).fill(401),
    );
    expect(answered[LOGIN_PER_IP]!.status).toBe(429);
    // Both instances answered some of them (the balancer's round robin).
    const upstreams = new Set(answered.map((r) => r.upstream));
    expect(upstreams).toEqual(new Set([`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`]));
    // One more to each instance directly through the balancer's round robin: both refuse.
    for (let n = 0; n < 2; n++) {
      const res = await requestFrom('127.0.0.2', `${balancer.url}/api/auth/login`, {
        method: 'POST',
        body: { email: `again${n}@example.com`, password: 'wrong-password' },
      });
      expect(res.status).toBe(429);
    }
  });

  it('a live stream on A hears a change made through B within 1 s; presence likewise', async () => {
    const list = await call(b.url, 'GET', '/api/tickets?limit=3', tokens.admin);
    expect(list.status).toBe(200);
    const ticket = list.body.data[0] as { id: string };
    let stream: LiveStream | undefined;
    try {
      stream = await openLiveStream(a.url, tokens.agent);
      const delays: number[] = [];
      for (const [i, priority] of ['URGENT', 'LOW', 'HIGH'].entries()) {
        const started = performance.now();
        const res = await call(b.url, 'PATCH', `/api/tickets/${ticket.id}`, tokens.admin, {
          priority,
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        const seenBefore = i;
        await Promise.race([
          stream.next(
            (e) =>
              e.event === 'ticket' &&
              e.data.ticketId === ticket.id &&
              stream!.events.filter((x) => x.event === 'ticket' && x.data.ticketId === ticket.id)
                .length > seenBefore,
          ),
          sleep(1_000).then(() => {
            throw new Error(`no ticket notice on A within 1 s (change ${i + 1})`);
          }),
        ]);
        delays.push(Math.round(performance.now() - started));
      }
      const presenceStarted = performance.now();
      const put = await call(b.url, 'PUT', `/api/tickets/${ticket.id}/presence`, tokens.admin, {
        state: 'viewing',
      });
      expect(put.status).toBe(200);
      await Promise.race([
        stream.next((e) => e.event === 'presence' && e.data.state === 'viewing'),
        sleep(1_000).then(() => {
          throw new Error('no presence notice on A within 1 s');
        }),
      ]);
      const presenceMs = Math.round(performance.now() - presenceStarted);
      // A's own presence list (in its memory, built from the notice) names the admin.
      const others = await call(a.url, 'GET', `/api/tickets/${ticket.id}/presence`, tokens.agent);
      expect(others.status).toBe(200);
      expect(others.body.data.map((p: { state: string }) => p.state)).toEqual(['viewing']);
      console.info(
        `[cluster] live: change through B heard on A after ${delays.join(', ')} ms; presence after ${presenceMs} ms`,
      );
    } finally {
      stream?.close();
    }
  });

  it('delivers every webhook once and sends every email once although both instances dispatch', async () => {
    const endpoint = await call(balancer.url, 'POST', '/api/webhooks', tokens.admin, {
      url: receiver.url,
      eventTypes: ['ticket.created', 'ticket.updated', 'ticket.status_changed'],
      description: 'cluster test',
    });
    expect(endpoint.status, JSON.stringify(endpoint.body)).toBe(201);
    receiver.secrets = [endpoint.body.secret as string];
    const created: string[] = [];
    // Through the balancer: the writes land on both instances, both run the workers.
    await Promise.all(
      Array.from({ length: 4 }, async (_, worker) => {
        for (let i = 0; i < 5; i++) {
          const subject = `hooks ${worker}-${i} ${randomUUID().slice(0, 8)}`;
          const res = await call(
            balancer.url,
            'POST',
            '/api/tickets',
            tokens.customer,
            newTicket(subject),
          );
          expect(res.status, JSON.stringify(res.body)).toBe(201);
          created.push(res.body.id as string);
        }
      }),
    );
    const ticketIds = new Set(created);
    await until(
      async () =>
        (await db.prisma.webhookDelivery.count({
          where: { endpointId: endpoint.body.id, status: { not: 'SUCCEEDED' } },
        })) === 0 &&
        receiver
          .accepted()
          .filter(
            (r) => r.event.type === 'ticket.created' && ticketIds.has(r.event.data?.ticket?.id),
          ).length >= created.length,
      20_000,
      'every ticket.created delivered',
    );
    const mailsFor = () =>
      db.prisma.emailNotification.findMany({
        where: { ticketId: { in: created }, kind: 'ticket_created' },
        select: { messageId: true, status: true },
      });
    await until(
      async () => {
        const rows = await mailsFor();
        return rows.length === created.length && rows.every((r) => r.status === 'SENT');
      },
      20_000,
      'every ticket_created mail sent',
    );
    // Time for a second, duplicate delivery to show up, were there one.
    await sleep(1_500);

    const deliveries = await db.prisma.webhookDelivery.findMany({
      where: { endpointId: endpoint.body.id },
      select: { eventId: true, status: true },
    });
    const received = receiver.requests.filter((r) => r.path === '/hooks/docket');
    const receivedIds = received.map((r) => r.id);
    const duplicatedHooks = receivedIds.length - new Set(receivedIds).size;
    expect(received.every((r) => r.verified && r.answered === 200)).toBe(true);
    expect(duplicatedHooks).toBe(0);
    expect(new Set(receivedIds)).toEqual(new Set(deliveries.map((d) => d.eventId)));
    const createdHooks = received.filter(
      (r) => r.event.type === 'ticket.created' && ticketIds.has(r.event.data?.ticket?.id),
    );
    expect(createdHooks).toHaveLength(created.length);

    const rows = await mailsFor();
    const sentIds = rows.map((r) => r.messageId);
    const capturedIds = smtp.mails.map((m) => m.parsed.messageId);
    const capturedOfTest = capturedIds.filter((id) => id && sentIds.includes(id));
    const duplicatedMails = capturedOfTest.length - new Set(capturedOfTest).size;
    expect(duplicatedMails).toBe(0);
    expect(new Set(capturedOfTest)).toEqual(new Set(sentIds));
    // No mail at all was sent twice (the demo data's own mails included).
    expect(capturedIds.length).toBe(new Set(capturedIds).size);
    console.info(
      `[cluster] webhooks: events ${deliveries.length}, requests received ${received.length}, ` +
        `duplicated ${duplicatedHooks}; emails: rows ${rows.length}, received ${capturedOfTest.length}, duplicated ${duplicatedMails}`,
    );
  });

  it('an attachment uploaded through A downloads through B (S3)', async () => {
    const ticket = await call(
      a.url,
      'POST',
      '/api/tickets',
      tokens.customer,
      newTicket('attachment across instances'),
    );
    expect(ticket.status).toBe(201);
    const png = await sampleImage('png', 80, 60);
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'cluster.png');
    const upload = await fetch(`${a.url}/api/tickets/${ticket.body.id}/attachments`, {
      method: 'POST',
      headers: authHeader(tokens.customer),
      body: form,
    });
    expect(upload.status, await upload.clone().text()).toBe(201);
    const [attachment] = ((await upload.json()) as { data: { id: string }[] }).data;
    const download = await fetch(`${b.url}/api/attachments/${attachment!.id}/content`, {
      headers: authHeader(tokens.agent),
    });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(png)).toBe(true);
  });

  it('kill -9 of B during a write load: every acknowledged create is stored, numbers gap-free, none half-written', async () => {
    const run = randomUUID().slice(0, 8);
    const outcomes: { subject: string; status: number }[] = [];
    let killed = false;
    const deadline = Date.now() + 20_000;
    const writer = async (worker: number) => {
      for (let i = 0; outcomes.length < 80 && Date.now() < deadline; i++) {
        const subject = `kill ${run} ${worker}-${i}`;
        const res = await call(
          balancer.url,
          'POST',
          '/api/tickets',
          tokens.customer,
          newTicket(subject),
          { 'Idempotency-Key': subject.replaceAll(' ', '-') },
        );
        outcomes.push({ subject, status: res.status });
      }
    };
    const killer = (async () => {
      await until(() => outcomes.length >= 20, 15_000, '20 creates before the kill');
      await b.stop('SIGKILL');
      killed = true;
    })();
    await Promise.all([writer(0), writer(1), writer(2), writer(3), killer]);
    expect(killed).toBe(true);

    // As first answered (copies: the statuses below become the final ones).
    const failed = outcomes.filter((o) => o.status !== 201).map((o) => ({ ...o }));
    // Each request not answered 201 is retried with its key, once a second, as a client would:
    // one B committed is replayed (its answer was recorded with it), one B died before committing
    // runs once B's reservation lease (15 s) lapsed (409 `idempotency_in_progress` until then).
    const settled = failed.map((o) => ({ ...o, tries: 0, replayed: false }));
    const settleBy = Date.now() + 30_000;
    await Promise.all(
      settled.map(async (o) => {
        while (o.status !== 201 && Date.now() < settleBy) {
          await sleep(1_000);
          o.tries += 1;
          const res = await fetch(`${balancer.url}/api/tickets`, {
            method: 'POST',
            headers: {
              ...authHeader(tokens.customer),
              'content-type': 'application/json',
              'Idempotency-Key': o.subject.replaceAll(' ', '-'),
            },
            body: JSON.stringify(newTicket(o.subject)),
            signal: AbortSignal.timeout(20_000),
          }).catch(() => null);
          await res?.arrayBuffer();
          o.status = res?.status ?? 0;
          o.replayed = res?.headers.get('idempotent-replayed') === 'true';
        }
      }),
    );
    for (const o of settled) {
      const first = outcomes.find((x) => x.subject === o.subject)!;
      first.status = o.status;
    }
    const acknowledged = outcomes.filter((o) => o.status === 201).map((o) => o.subject);
    // Requests B dropped or refused, which nginx passed on to A (its error log, one line each).
    const retried = balancer
      .errorLog()
      .split('\n')
      .filter((line) => line.includes(`upstream: "http://127.0.0.1:${b.port}`)).length;
    const stored = await db.prisma.ticket.findMany({
      where: { organizationId: acmeId, subject: { startsWith: `kill ${run} ` } },
      select: { id: true, subject: true },
    });
    const storedSubjects = stored.map((t) => t.subject);
    const found = acknowledged.filter((s) => storedSubjects.includes(s));
    const lost = acknowledged.length - found.length;
    const duplicated = storedSubjects.length - new Set(storedSubjects).size;
    console.info(
      `[cluster] kill -9: requests ${outcomes.length}, acknowledged ${acknowledged.length}, found ${found.length}, ` +
        `lost ${lost}, duplicated ${duplicated}, failed at first ${failed.length} ${byStatus(failed)}, ` +
        `settled by retrying with the key ${settled.filter((o) => o.status === 201).length} ` +
        `(replayed ${settled.filter((o) => o.replayed).length}, tries ${settled.map((o) => o.tries).join('/') || '-'}), ` +
        `stored ${stored.length}; passed on by the balancer after B failed: ${retried}`,
    );
    expect(acknowledged.length).toBeGreaterThanOrEqual(20);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    // Every request got its answer in the end, none ran twice.
    expect(acknowledged.length).toBe(outcomes.length);

    // Numbers: 1…counter, each once (the whole organization, the demo tickets included).
    const [numbers] = await db.prisma.$queryRaw<
      { count: bigint; distinct: bigint; min: number; max: number }[]
    >`SELECT count(*) AS count, count(DISTINCT number) AS distinct, min(number) AS min, max(number) AS max
      FROM tickets WHERE "organizationId" = ${acmeId}::uuid`;
    const org = await db.prisma.organization.findUniqueOrThrow({ where: { id: acmeId } });
    expect(numbers!.min).toBe(1);
    expect(Number(numbers!.count)).toBe(numbers!.max);
    expect(Number(numbers!.distinct)).toBe(numbers!.max);
    expect(org.ticketCounter).toBe(numbers!.max);
    // Whole: each stored ticket has its CREATED activity and its ticket.created event.
    const ids = stored.map((t) => t.id);
    const activities = await db.prisma.ticketActivity.groupBy({
      by: ['ticketId'],
      where: { ticketId: { in: ids }, type: 'CREATED' },
      _count: true,
    });
    const events = await db.prisma.outboxMessage.groupBy({
      by: ['aggregateId'],
      where: { aggregateId: { in: ids }, kind: 'EVENT', topic: 'ticket.created' },
      _count: true,
    });
    expect(activities.length).toBe(ids.length);
    expect(activities.every((row) => row._count === 1)).toBe(true);
    expect(events.length).toBe(ids.length);
    expect(events.every((row) => row._count === 1)).toBe(true);

    // B comes back for the next case.
    b.start();
    await b.ready(60_000);
  }, 120_000);

  it('rolling restart during a read/write load: no failed request at the balancer', async () => {
    const run = randomUUID().slice(0, 8);
    const outcomes: { kind: 'read' | 'write'; subject?: string; status: number }[] = [];
    let stopping = false;
    const list = await call(balancer.url, 'GET', '/api/tickets?limit=20', tokens.agent);
    expect(list.status).toBe(200);
    const ids = (list.body.data as { id: string }[]).map((t) => t.id);
    const writer = async (worker: number) => {
      for (let i = 0; !stopping && i < 1000; i++) {
        const subject = `rolling ${run} ${worker}-${i}`;
        const res = await call(
          balancer.url,
          'POST',
          '/api/tickets',
          tokens.customer,
          newTicket(subject),
          { 'Idempotency-Key': subject.replaceAll(' ', '-') },
        );
        outcomes.push({ kind: 'write', subject, status: res.status });
      }
    };
    const reader = async (worker: number) => {
      for (let i = 0; !stopping && i < 2000; i++) {
        const res =
          i % 2
            ? await call(balancer.url, 'GET', '/api/tickets?limit=10', tokens.agent)
            : await call(
                balancer.url,
                'GET',
                `/api/tickets/${ids[(i + worker) % ids.length]}`,
                tokens.agent,
              );
        outcomes.push({ kind: 'read', status: res.status });
      }
    };
    const restarts = (async () => {
      try {
        await sleep(500);
        for (const instance of [a, b]) {
          expect(await instance.stop('SIGTERM')).toBe(0);
          instance.start();
          await instance.ready(60_000);
          // The balancer leaves a failed instance out for 1 s (fail_timeout) and takes it back
          // only once a request to it succeeds: stop the other one only after the balancer has
          // served a request from this one again (else both are out at once: 502).
          const deadline = Date.now() + 15_000;
          for (;;) {
            const res = await fetch(`${balancer.url}/api/health/live`).catch(() => null);
            if (res?.headers.get('x-upstream')?.endsWith(`:${instance.port}`)) break;
            if (Date.now() > deadline)
              throw new Error(`the balancer never used :${instance.port} again`);
            await sleep(100);
          }
        }
      } finally {
        stopping = true;
      }
    })();
    await Promise.all([writer(0), writer(1), reader(0), reader(1), restarts]);

    const failed = outcomes.filter((o) => o.status < 200 || o.status >= 300);
    const writes = outcomes.filter((o) => o.kind === 'write');
    const acknowledged = writes.filter((o) => o.status === 201).map((o) => o.subject!);
    const stored = await db.prisma.ticket.findMany({
      where: { organizationId: acmeId, subject: { startsWith: `rolling ${run} ` } },
      select: { subject: true },
    });
    const storedSubjects = stored.map((t) => t.subject);
    const found = acknowledged.filter((s) => storedSubjects.includes(s));
    const duplicated = storedSubjects.length - new Set(storedSubjects).size;
    console.info(
      `[cluster] rolling restart: requests ${outcomes.length} (writes ${writes.length}), acknowledged ${acknowledged.length}, ` +
        `found ${found.length}, lost ${acknowledged.length - found.length}, duplicated ${duplicated}, ` +
        `failed ${failed.length} ${byStatus(failed)}`,
    );
    // On failure, what the balancer saw last (upstream errors, "no live upstreams").
    const balancerLog = balancer.errorLog().trim().split('\n').slice(-12).join('\n');
    expect(failed.length, `${byStatus(failed)}\n${balancerLog}`).toBe(0);
    expect(found.length).toBe(acknowledged.length);
    expect(duplicated).toBe(0);
    expect(outcomes.length).toBeGreaterThan(50);
  }, 150_000);
});
