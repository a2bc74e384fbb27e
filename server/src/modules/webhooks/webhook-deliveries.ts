/**
 * Webhook deliveries: made from events by the dispatcher, then sent, retried and recorded
 * (the Standard Webhooks specification).
 *
 * - `createWebhookSubscriber`: the inline event subscriber (modules/events) the webhooks plugin
 *   registers; in the dispatcher's transaction it calls, for each event of an organization with
 *   an enabled endpoint, `createDeliveriesForEvent`: one WebhookDelivery per enabled
 *   endpoint of the event's organization subscribed to its type; an internal note
 *   (`ticket.response_added` with `isInternal`) and a file on one (`attachment.added` with
 *   `isInternal`) only to endpoints with `includeInternal`.
 * - `runDeliveriesOnce` (the delivery worker) takes due deliveries with a lease
 *   (`FOR UPDATE SKIP LOCKED`, then `lockedUntil`), sends them, and records each attempt:
 *   - order per ticket per endpoint: a delivery is not taken while an earlier delivery of the
 *     same ticket to the same endpoint is still PENDING (waiting, retrying or in flight);
 *   - at-least-once: a worker that dies mid-send loses its lease, and another sends again with
 *     the same `webhook-id`, which receivers deduplicate on;
 *   - only 2xx is success; otherwise a retry with exponential backoff and jitter (10 s doubling
 *     to 6 h, 15 attempts: about a day), never sooner than the answer's `Retry-After`; then FAILED;
 *   - `410 Gone` fails the delivery and disables the endpoint; an endpoint failing continuously
 *     for WEBHOOK_DISABLE_AFTER_HOURS (no success in between) is disabled too. Disabling emits the
 *     internal event `webhook_endpoint.disabled`, which the email notifications' subscriber turns
 *     into a message to admins; the endpoint shows `disabledAt` and `disabledReason`.
 *   Deliveries of a disabled endpoint stay PENDING and resume, in order, once it is re-enabled.
 */
import type { Config } from '../../config.js';
import { backoffMs, type BackoffOptions } from '../../lib/backoff.js';
import type { Prisma, PrismaClient } from '../../lib/db.js';
import type { SecretBox } from '../../lib/secret-box.js';
import { emitEvent } from '../events/index.js';
import { recordOrganizationActivity } from '../organization-activity/index.js';
import {
  INTERNAL_CAPABLE_EVENT_TYPES,
  isWebhookEventType,
  type EventType,
} from '../events/events.schemas.js';
import type { DispatchedEvent, InlineEventSubscriber } from '../events/index.js';
import {
  claimDueDeliveries,
  deleteFinishedDeliveries,
  findLeasedDeliveries,
  insertDeliveries,
  insertDeliveryAttempt,
  recordDeliveryOutcome,
  type ClaimedDelivery,
} from './webhook-deliveries.repository.js';
import {
  clearEndpointFailingSince,
  disableEnabledEndpoint,
  findEndpointFailingSince,
  findOrganizationsWithEnabledEndpoints,
  findSubscribedEndpoints,
  markEndpointFailingSince,
} from './webhook-endpoints.repository.js';
import type { WebhookAttemptResult, WebhookHttpClient } from './webhook-http.js';
import { webhookHeaders } from './webhook-signature.js';

/** Attempts of a delivery before it is FAILED. */
export const WEBHOOK_MAX_ATTEMPTS = 15;
/** The retry schedule: 10 s after the first failure, doubling, at most 6 h apart (≈ 23 h in all). */
export const WEBHOOK_RETRY: BackoffOptions = { baseMs: 10_000, capMs: 6 * 3600_000, jitter: 0.25 };
/** Longest `Retry-After` honoured (a receiver cannot park a delivery for weeks). */
export const MAX_RETRY_AFTER_MS = 24 * 3600_000;
/** The actor of what the delivery worker does on its own (disabling an endpoint). */
const SYSTEM_ACTOR = { kind: 'system', name: 'Docket webhooks' } as const;

const INTERNAL_CAPABLE_TYPES: ReadonlySet<string> = new Set(INTERNAL_CAPABLE_EVENT_TYPES);

/**
 * Creates the deliveries of one event in the dispatcher's transaction `tx` (idempotent: the
 * (endpoint, event) pair is unique). Internal event types are never delivered to webhooks.
 * @returns how many deliveries were created.
 */
export async function createDeliveriesForEvent(
  tx: Prisma.TransactionClient,
  event: DispatchedEvent,
  now: Date,
): Promise<number> {
  if (!isWebhookEventType(event.topic)) return 0;
  const data = (event.payload as { data?: { isInternal?: unknown } } | null)?.data;
  // An internal note, and a file on one, reach only the endpoints that asked for internal notes
  // (docs/product.md: internal notes are never shown to customers on any channel; an integrator opts in
  // knowingly). Without an explicit `isInternal: false` the event is taken as internal.
  const internal = INTERNAL_CAPABLE_TYPES.has(event.topic) && data?.isInternal !== false;
  const endpoints = await findSubscribedEndpoints(tx, {
    organizationId: event.organizationId,
    eventType: event.topic,
    internalOnly: internal,
  });
  if (endpoints.length === 0) return 0;
  return insertDeliveries(
    tx,
    endpoints.map((endpoint) => ({
      endpointId: endpoint.id,
      outboxMessageId: event.id,
      eventId: event.id,
      eventType: event.topic,
      aggregateId: event.aggregateId,
      sequence: event.sequence,
      payload: event.payload as Prisma.InputJsonValue,
      maxAttempts: WEBHOOK_MAX_ATTEMPTS,
      nextAttemptAt: now,
    })),
  );
}

/**
 * The webhooks' inline event subscriber (`webhooks`): in the dispatcher's transaction, the
 * deliveries of each event of the batch, only for the organizations that have an enabled
 * endpoint (one query for the batch instead of one per event; raw SQL: this runs for every
 * write of the API, bench/). Its sweep removes deliveries that succeeded or failed for good
 * (with their attempts) and were last touched before the cut-off; pending ones stay.
 */
export function createWebhookSubscriber(deps: { prisma: PrismaClient }): InlineEventSubscriber {
  return {
    name: 'webhooks',
    mode: 'inline',
    async deliver(tx, events, now) {
      const organizationIds = [...new Set(events.map((e) => e.organizationId))];
      const withEndpoints = new Set(
        await findOrganizationsWithEnabledEndpoints(tx, organizationIds),
      );
      let deliveries = 0;
      for (const event of events) {
        if (withEndpoints.has(event.organizationId)) {
          deliveries += await createDeliveriesForEvent(tx, event, now);
        }
      }
      return deliveries;
    },
    async sweep(before) {
      return deleteFinishedDeliveries(deps.prisma, before);
    },
  };
}

export interface DeliveryWorkerDeps {
  prisma: PrismaClient;
  config: Pick<Config, 'webhooks'>;
  secretBox: SecretBox;
  http: WebhookHttpClient;
  /** Scheduling clock (due dates, backoff, continuous-failure window); default real time. */
  now?: () => Date;
  /** Jitter source; default Math.random. */
  random?: () => number;
  log?: { warn(obj: object, msg: string): void };
}

export interface DeliveryRunResult {
  attempted: number;
  succeeded: number;
  failed: number;
}

/** How long a worker holds a delivery it is sending, beyond the request's own time limit. */
const LEASE_MARGIN_MS = 60_000;

/**
 * The delivery worker. `runDeliveriesOnce` sends up to `limit` due deliveries (concurrently: they
 * are to different endpoints or tickets) and returns when all are recorded.
 */
export function createDeliveryWorker(deps: DeliveryWorkerDeps) {
  const { prisma, secretBox, http } = deps;
  const clock = deps.now ?? (() => new Date());
  const { timeoutMs, disableAfterMs } = deps.config.webhooks;

  async function runDeliveriesOnce(
    options: { limit?: number; now?: Date } = {},
  ): Promise<DeliveryRunResult> {
    const now = options.now ?? clock();
    const lease = new Date(now.getTime() + timeoutMs + LEASE_MARGIN_MS);
    const claimed = await claimDueDeliveries(prisma, {
      now,
      lease,
      limit: options.limit ?? 10,
    });
    if (claimed.length === 0) return { attempted: 0, succeeded: 0, failed: 0 };

    const deliveries = await findLeasedDeliveries(prisma, claimed, lease);
    const outcomes = await Promise.all(deliveries.map((d) => attempt(d, now, lease)));
    const succeeded = outcomes.filter(Boolean).length;
    return { attempted: outcomes.length, succeeded, failed: outcomes.length - succeeded };
  }

  /** Signs and sends one delivery, then records the outcome. @returns whether it succeeded. */
  async function attempt(delivery: ClaimedDelivery, now: Date, lease: Date): Promise<boolean> {
    const { endpoint } = delivery;
    let result: WebhookAttemptResult;
    // Each secret opened on its own: a previous secret sealed under a WEBHOOK_SECRET_KEY since
    // changed cannot be read, and must not cost the current one (rotating is the way out).
    const open = (sealed: string): string | null => {
      try {
        return secretBox.open(sealed, endpoint.id);
      } catch {
        return null;
      }
    };
    const current = open(endpoint.secret);
    const secrets: string[] = [];
    if (current !== null) {
      secrets.push(current);
      if (
        endpoint.previousSecret &&
        endpoint.previousSecretExpiresAt &&
        endpoint.previousSecretExpiresAt.getTime() > now.getTime()
      ) {
        const previous = open(endpoint.previousSecret);
        if (previous !== null) secrets.push(previous);
      }
    }
    if (secrets.length === 0) {
      result = {
        ok: false,
        statusCode: null,
        latencyMs: 0,
        responseExcerpt: null,
        error:
          'the signing secret cannot be read (WEBHOOK_SECRET_KEY changed?): rotate the endpoint secret',
        retryAfterMs: null,
      };
    } else {
      // Exactly the stored JSON text: every attempt sends (and signs) the same bytes.
      const body = JSON.stringify(delivery.payload);
      // The signature's timestamp is the real time of sending (receivers check it against
      // their clock), whatever the scheduling clock says.
      const headers = webhookHeaders(secrets, delivery.eventId, new Date(), body);
      result = await http.send({ url: endpoint.url, headers, body });
    }
    try {
      await record(delivery, result, now, lease);
    } catch (error) {
      // The lease expires and another attempt follows: at-least-once, nothing lost.
      deps.log?.warn({ err: error, deliveryId: delivery.id }, 'could not record a webhook attempt');
    }
    return result.ok;
  }

  /** Writes the attempt, the delivery's new state and the endpoint's health in one transaction. */
  async function record(
    delivery: ClaimedDelivery,
    result: WebhookAttemptResult,
    now: Date,
    lease: Date,
  ): Promise<void> {
    const gone = result.statusCode === 410;
    const exhausted = delivery.attempts >= delivery.maxAttempts;
    let data: Prisma.WebhookDeliveryUpdateManyMutationInput;
    if (result.ok) {
      data = { status: 'SUCCEEDED', deliveredAt: now, lastError: null };
    } else if (gone) {
      data = {
        status: 'FAILED',
        lastError: `${result.error}: the endpoint is gone and has been disabled`,
      };
    } else if (exhausted) {
      data = {
        status: 'FAILED',
        lastError: `${result.error} (gave up after ${delivery.attempts} attempt${delivery.attempts === 1 ? '' : 's'})`,
      };
    } else {
      const backoff = backoffMs(delivery.attempts, { ...WEBHOOK_RETRY, random: deps.random });
      const retryAfter = Math.min(result.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS);
      data = {
        status: 'PENDING',
        nextAttemptAt: new Date(now.getTime() + Math.max(backoff, retryAfter)),
        lastError: result.error,
      };
    }
    await prisma.$transaction(async (tx) => {
      const updated = await recordDeliveryOutcome(tx, delivery.id, lease, {
        ...data,
        lockedUntil: null,
        lastStatusCode: result.statusCode,
        lastLatencyMs: result.latencyMs,
        responseExcerpt: result.responseExcerpt,
        updatedAt: now,
      });
      if (!updated) return; // the lease ran out and another worker took it over
      await insertDeliveryAttempt(tx, {
        deliveryId: delivery.id,
        attempt: delivery.attempts,
        startedAt: now,
        succeeded: result.ok,
        statusCode: result.statusCode,
        latencyMs: result.latencyMs,
        error: result.error,
        responseExcerpt: result.responseExcerpt,
      });
      if (result.ok) {
        await clearEndpointFailingSince(tx, delivery.endpointId);
        return;
      }
      await markEndpointFailingSince(tx, delivery.endpointId, now);
      if (gone) {
        await disableEndpoint(tx, delivery.endpointId, 'The endpoint answered 410 Gone', now);
        return;
      }
      const since = await findEndpointFailingSince(tx, delivery.endpointId);
      if (since?.failingSince && now.getTime() - since.failingSince.getTime() >= disableAfterMs) {
        const hours = Math.round(disableAfterMs / 3600_000);
        await disableEndpoint(
          tx,
          delivery.endpointId,
          `Every delivery failed for ${hours} hour${hours === 1 ? '' : 's'} (since ${since.failingSince.toISOString()}); last error: ${result.error}`,
          now,
        );
      }
    });
  }

  return { runDeliveriesOnce };
}

/**
 * Disables an enabled endpoint (no-op when already disabled) and emits the internal event
 * `webhook_endpoint.disabled` in the same transaction, for the admins' notification.
 * @returns whether this call disabled it.
 */
export async function disableEndpoint(
  tx: Prisma.TransactionClient,
  endpointId: string,
  reason: string,
  now: Date,
): Promise<boolean> {
  const endpoint = await disableEnabledEndpoint(tx, endpointId, reason, now);
  if (!endpoint) return false;
  // The organization's audit log keeps it, in the transaction of the change.
  await recordOrganizationActivity(tx, {
    organizationId: endpoint.organizationId,
    actorId: null,
    type: 'webhook_endpoint.disabled',
    at: now,
    data: {
      endpointId: endpoint.id,
      url: endpoint.url,
      description: endpoint.description,
      reason,
      disabledAt: now.toISOString(),
      failingSince: endpoint.failingSince?.toISOString() ?? null,
    },
  });
  await emitEvent(tx, {
    type: 'webhook_endpoint.disabled' satisfies EventType,
    organizationId: endpoint.organizationId,
    aggregateId: endpoint.id,
    actor: SYSTEM_ACTOR,
    at: now,
    data: {
      endpoint: { id: endpoint.id, url: endpoint.url, description: endpoint.description },
      reason,
      disabledAt: now.toISOString(),
      failingSince: endpoint.failingSince?.toISOString() ?? null,
    },
  });
  return true;
}
