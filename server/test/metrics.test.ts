/**
 * GET /api/metrics (plugins/metrics.ts, docs/operations.md "Metrics"): the Prometheus text
 * format, requests counted under their route pattern (never the raw URL), the queue gauges read
 * from the database (the outbox backlog moves with a pending event), the live streams, and the
 * token: open in development, Bearer METRICS_TOKEN when set, 404 in production without one.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { ticketInclude } from '../src/modules/tickets/tickets.presenter.js';
import { emitTicketEvent } from '../src/modules/tickets/ticket-outbox.repository.js';
import { createTestApp, testConfig, type TestApp } from './helpers/app.js';
import { createOrganizationWithUsers, createTicket } from './helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: false });
});
afterAll(async () => {
  await t?.close();
});

/** The value of the series `name{labels}` in a scrape, or undefined when absent. */
function valueOf(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function scrape(): Promise<string> {
  const res = await t.http().get('/api/metrics');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text;
}

describe('GET /api/metrics', () => {
  it('counts requests under their route pattern, never the raw URL', async () => {
    const id = '6f1c1a52-4a0e-4f3c-9a55-0f8a1a2b3c4d';
    await t.http().get(`/api/tickets/${id}`);
    await t.http().get(`/api/tickets/${id}`);
    await t.http().get('/api/no-such-route');
    const text = await scrape();
    expect(
      valueOf(
        text,
        'http_request_duration_seconds_count{method="GET",route="/api/tickets/:id",status_class="4xx"}',
      ),
    ).toBe(2);
    expect(
      valueOf(
        text,
        'http_request_duration_seconds_bucket{le="10",method="GET",route="/api/tickets/:id",status_class="4xx"}',
      ),
    ).toBe(2);
    expect(text).not.toContain(id);
    expect(text).not.toContain('no-such-route');
    expect(
      valueOf(
        text,
        'http_request_duration_seconds_count{method="GET",route="unmatched",status_class="4xx"}',
      ),
    ).toBe(1);
  });

  it('has the runtime, pool, queue and live-stream series', async () => {
    const text = await scrape();
    for (const name of [
      'nodejs_eventloop_lag_seconds',
      'process_resident_memory_bytes',
      'docket_db_pool_connections',
      'docket_db_pool_waiting',
      'docket_db_pool_max_connections',
      'docket_email_queue_pending',
      'docket_email_queue_failed',
      'docket_webhook_deliveries_pending',
      'docket_webhook_deliveries_failed',
      'docket_inbound_emails_last_hour',
      'docket_live_streams',
      'docket_metrics_database_read_ok',
    ]) {
      expect(text, name).toMatch(new RegExp(`^# TYPE ${name} `, 'm'));
    }
    expect(valueOf(text, 'docket_live_streams')).toBe(0);
    expect(valueOf(text, 'docket_metrics_database_read_ok')).toBe(1);
    expect(valueOf(text, 'docket_inbound_emails_last_hour{outcome="suspended"}')).toBe(0);
  });

  it('shows the outbox backlog and its age when an event is pending', async () => {
    const series = 'docket_outbox_pending_messages{kind="event",subscriber="dispatcher"}';
    expect(valueOf(await scrape(), series) ?? 0).toBe(0);
    const { organization } = await createOrganizationWithUsers(t.prisma, {});
    const { id } = await createTicket(t.prisma, { organizationId: organization.id });
    const ticket = await t.prisma.ticket.findUniqueOrThrow({
      where: { id },
      include: ticketInclude,
    });
    await t.prisma.$transaction((tx) =>
      emitTicketEvent(tx, 'ticket.restored', ticket, { kind: 'system' }, {}),
    );
    // The database is read at most every 5 s, however often Prometheus scrapes.
    await new Promise((resolve) => setTimeout(resolve, 5_200));
    const text = await scrape();
    expect(valueOf(text, series)).toBe(1);
    expect(
      valueOf(text, 'docket_outbox_oldest_pending_seconds{kind="event",subscriber="dispatcher"}'),
    ).toBeGreaterThan(0);
  }, 15_000);
});

describe('the metrics token', () => {
  const token = 'metrics-token-0123456789abcdef';

  async function appWith(env: Record<string, string>) {
    const app = await buildApp(testConfig(env), {
      prisma: t.prisma,
      ownsPrisma: false,
      logger: false,
    });
    await app.ready();
    return app;
  }

  it('in production, asks for the Bearer token and refuses anything else with 401', async () => {
    const app = await appWith({ NODE_ENV: 'production', METRICS_TOKEN: token });
    try {
      const none = await request(app.server).get('/api/metrics');
      expect(none.status).toBe(401);
      expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
      const wrong = await request(app.server)
        .get('/api/metrics')
        .set('Authorization', `Bearer ${token}x`);
      expect(wrong.status).toBe(401);
      const right = await request(app.server)
        .get('/api/metrics')
        .set('Authorization', `Bearer ${token}`);
      expect(right.status).toBe(200);
      expect(right.text).toContain('http_request_duration_seconds');
    } finally {
      await app.close();
    }
  });

  it('in production without METRICS_TOKEN, does not exist', async () => {
    const app = await appWith({ NODE_ENV: 'production' });
    try {
      const res = await request(app.server).get('/api/metrics');
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
    } finally {
      await app.close();
    }
  });

  it('outside production, is open without a token and asks for it once set', async () => {
    expect((await t.http().get('/api/metrics')).status).toBe(200);
    const app = await appWith({ METRICS_TOKEN: token });
    try {
      expect((await request(app.server).get('/api/metrics')).status).toBe(401);
    } finally {
      await app.close();
    }
  });
});
