/**
 * Webhook endpoints of an organization and their delivery log (docs/product.md roles
 * table: "manage … webhooks" is for signed-in admins — the routes check it).
 * - Create: the URL is checked (http(s), no credentials, no refused literal address:
 *   webhook-ssrf.ts) and normalised; a `whsec_` secret of 32 random bytes is made, returned
 *   once and stored encrypted (lib/secret-box.ts).
 * - Update: URL, event types, description, internal notes, enabled. Re-enabling clears the
 *   disabled state and the failure window; pending deliveries then resume in order.
 * - Rotate: a new secret, returned once; the old one keeps signing for
 *   WEBHOOK_SECRET_ROTATION_HOURS (both signatures are sent).
 * - Deliveries: newest first, with status, attempts, last answer and error; one delivery with its
 *   body and every attempt; retry (redeliver now, same webhook-id).
 * Every query is scoped by the caller's organization: another organization's endpoint is 404.
 * Creating, changing (rotating the secret included) and deleting an endpoint are recorded in the
 * organization activity log with before/after, never a secret (docs/product.md "Audit trail").
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../../config.js';
import { decodeCursor, keysetPage, isUuid } from '../../lib/cursor.js';
import type { Prisma, PrismaClient } from '../../lib/db.js';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import type { Principal } from '../../lib/principal.js';
import { createSecretBox } from '../../lib/secret-box.js';
import { activityActorOf, recordOrganizationActivity } from '../organization-activity/index.js';
import { isWebhookEventType, type WebhookEventType } from '../events/events.schemas.js';
import {
  findEndpointDelivery,
  listEndpointDeliveries,
  rescheduleDelivery,
  type WebhookDeliveryRow,
} from './webhook-deliveries.repository.js';
import {
  countOrganizationEndpoints,
  deleteOrganizationEndpoint,
  findOrganizationEndpoint,
  insertWebhookEndpoint,
  listOrganizationEndpoints,
  updateWebhookEndpoint,
  type WebhookEndpointRow,
} from './webhook-endpoints.repository.js';
import { generateWebhookSecret } from './webhook-signature.js';
import { addressPolicyFrom, validateWebhookUrl } from './webhook-ssrf.js';
import type {
  CreateWebhookEndpointInput,
  ListDeliveriesQuery,
  UpdateWebhookEndpointInput,
  WebhookDelivery,
  WebhookDeliveryDetail,
  WebhookDeliveryList,
  WebhookEndpoint,
  WebhookEndpointList,
  WebhookEndpointWithSecret,
} from './webhooks.schemas.js';
import { isoInstantOrNull } from '../../lib/iso-instant.js';

/** Endpoints one organization may have. */
export const MAX_ENDPOINTS_PER_ORGANIZATION = 50;

type EndpointRow = WebhookEndpointRow;
type DeliveryRow = WebhookDeliveryRow;

/** The API shape of an endpoint: a whitelist without the secrets. */
export function toWebhookEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes.filter(isWebhookEventType),
    includeInternal: row.includeInternal,
    enabled: row.enabled,
    failingSince: isoInstantOrNull(row.failingSince),
    disabledAt: isoInstantOrNull(row.disabledAt),
    disabledReason: row.disabledReason,
    previousSecretExpiresAt:
      row.previousSecret && row.previousSecretExpiresAt && row.previousSecretExpiresAt > new Date()
        ? row.previousSecretExpiresAt.toISOString()
        : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The API shape of a delivery in the log. */
export function toWebhookDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    endpointId: row.endpointId,
    eventId: row.eventId,
    eventType: row.eventType as WebhookEventType,
    ticketId: row.aggregateId,
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    nextAttemptAt: row.status === 'PENDING' ? row.nextAttemptAt.toISOString() : null,
    lastAttemptAt: isoInstantOrNull(row.lastAttemptAt),
    lastStatusCode: row.lastStatusCode,
    lastLatencyMs: row.lastLatencyMs,
    lastError: row.lastError,
    responseExcerpt: row.responseExcerpt,
    deliveredAt: isoInstantOrNull(row.deliveredAt),
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * The webhooks service: `prisma`, and from `config.webhooks` the SSRF allow-list (to check URLs
 * at save time), the key that encrypts secrets and the rotation overlap.
 */
export function createWebhooksService(deps: {
  prisma: PrismaClient;
  config: Pick<Config, 'webhooks'>;
}) {
  const { prisma, config } = deps;
  const secretBox = createSecretBox(config.webhooks.secretKey);
  const policy = addressPolicyFrom(config.webhooks);

  /** @throws ValidationError on `url` when the URL is refused. */
  function checkedUrl(input: string): string {
    const checked = validateWebhookUrl(input, policy);
    if (!checked.ok) {
      throw new ValidationError(`The webhook URL is refused: ${checked.message}`, [
        { path: 'url', message: checked.message },
      ]);
    }
    return checked.url;
  }

  /** The organization's endpoint `id`. @throws NotFoundError */
  async function findEndpoint(principal: Principal, id: string): Promise<EndpointRow> {
    if (!isUuid(id)) throw new NotFoundError('Webhook endpoint');
    const row = await findOrganizationEndpoint(prisma, principal.organizationId, id.toLowerCase());
    if (!row) throw new NotFoundError('Webhook endpoint');
    return row;
  }

  /**
   * Creates an endpoint and returns it with its secret (the only time it is shown).
   * @throws ValidationError (url), ConflictError `too_many_endpoints` past
   * MAX_ENDPOINTS_PER_ORGANIZATION.
   */
  async function create(
    principal: Principal,
    input: CreateWebhookEndpointInput,
  ): Promise<WebhookEndpointWithSecret> {
    const url = checkedUrl(input.url);
    const count = await countOrganizationEndpoints(prisma, principal.organizationId);
    if (count >= MAX_ENDPOINTS_PER_ORGANIZATION) {
      throw new ConflictError(
        `An organization may have at most ${MAX_ENDPOINTS_PER_ORGANIZATION} webhook endpoints; delete one first`,
        'too_many_endpoints',
      );
    }
    const id = randomUUID();
    const secret = generateWebhookSecret();
    const row = await prisma.$transaction(async (tx) => {
      const inserted = await insertWebhookEndpoint(tx, {
        id,
        organizationId: principal.organizationId,
        url,
        description: input.description || null,
        eventTypes: [...new Set(input.eventTypes)],
        includeInternal: input.includeInternal,
        enabled: input.enabled,
        disabledAt: input.enabled ? null : new Date(),
        disabledReason: input.enabled ? null : `Created disabled by ${principal.name}`,
        secret: secretBox.seal(secret, id),
      });
      await recordOrganizationActivity(tx, {
        ...activityActorOf(principal),
        type: 'webhook_endpoint.created',
        data: { endpointId: inserted.id, url: inserted.url },
        after: toWebhookEndpoint(inserted),
      });
      return inserted;
    });
    return { ...toWebhookEndpoint(row), secret };
  }

  /** The organization's endpoints, oldest first. */
  async function list(principal: Principal): Promise<WebhookEndpointList> {
    const rows = await listOrganizationEndpoints(prisma, principal.organizationId);
    return { data: rows.map(toWebhookEndpoint) };
  }

  /** One endpoint. @throws NotFoundError */
  async function get(principal: Principal, id: string): Promise<WebhookEndpoint> {
    return toWebhookEndpoint(await findEndpoint(principal, id));
  }

  /**
   * Changes an endpoint. `enabled: false` records who disabled it; `enabled: true` clears the
   * disabled state and the failure window. A new URL also clears the failure window.
   * @throws NotFoundError, ValidationError (url)
   */
  async function update(
    principal: Principal,
    id: string,
    input: UpdateWebhookEndpointInput,
  ): Promise<WebhookEndpoint> {
    const current = await findEndpoint(principal, id);
    const data: Prisma.WebhookEndpointUpdateInput = {};
    if (input.url !== undefined) {
      const url = checkedUrl(input.url);
      if (url !== current.url) Object.assign(data, { url, failingSince: null });
    }
    if (input.eventTypes !== undefined) data.eventTypes = [...new Set(input.eventTypes)];
    if (input.description !== undefined) data.description = input.description || null;
    if (input.includeInternal !== undefined) data.includeInternal = input.includeInternal;
    if (input.enabled === true && !current.enabled) {
      Object.assign(data, {
        enabled: true,
        disabledAt: null,
        disabledReason: null,
        failingSince: null,
      });
    } else if (input.enabled === false && current.enabled) {
      Object.assign(data, {
        enabled: false,
        disabledAt: new Date(),
        disabledReason: `Disabled by ${principal.name}`,
      });
    }
    if (Object.keys(data).length === 0) return toWebhookEndpoint(current);
    const row = await prisma.$transaction(async (tx) => {
      const updated = await updateWebhookEndpoint(tx, current.id, data);
      await recordOrganizationActivity(tx, {
        ...activityActorOf(principal),
        type: 'webhook_endpoint.updated',
        data: { endpointId: current.id, url: updated.url, fields: Object.keys(data) },
        before: toWebhookEndpoint(current),
        after: toWebhookEndpoint(updated),
      });
      return updated;
    });
    return toWebhookEndpoint(row);
  }

  /** Deletes an endpoint with its delivery log. @throws NotFoundError */
  async function remove(principal: Principal, id: string): Promise<void> {
    const current = await findEndpoint(principal, id);
    await prisma.$transaction(async (tx) => {
      await deleteOrganizationEndpoint(tx, principal.organizationId, current.id);
      await recordOrganizationActivity(tx, {
        ...activityActorOf(principal),
        type: 'webhook_endpoint.deleted',
        data: { endpointId: current.id, url: current.url },
        before: toWebhookEndpoint(current),
      });
    });
  }

  /**
   * Rotates the signing secret: a new one, returned once; the current one becomes the previous
   * secret and keeps signing until WEBHOOK_SECRET_ROTATION_HOURS from now (both signatures are
   * sent in `webhook-signature`), so receivers can switch without losing a delivery.
   * @throws NotFoundError
   */
  async function rotateSecret(
    principal: Principal,
    id: string,
  ): Promise<WebhookEndpointWithSecret> {
    const current = await findEndpoint(principal, id);
    const secret = generateWebhookSecret();
    const overlap = config.webhooks.secretRotationOverlapMs;
    const row = await prisma.$transaction(async (tx) => {
      const updated = await updateWebhookEndpoint(tx, current.id, {
        secret: secretBox.seal(secret, current.id),
        previousSecret: overlap > 0 ? current.secret : null,
        previousSecretExpiresAt: overlap > 0 ? new Date(Date.now() + overlap) : null,
      });
      await recordOrganizationActivity(tx, {
        ...activityActorOf(principal),
        type: 'webhook_endpoint.updated',
        data: { endpointId: current.id, url: current.url, fields: ['secret'] },
      });
      return updated;
    });
    return { ...toWebhookEndpoint(row), secret };
  }

  /**
   * The endpoint's deliveries, newest event first, keyset-paginated; `status` filters.
   * @throws NotFoundError, ValidationError (cursor)
   */
  async function listDeliveries(
    principal: Principal,
    id: string,
    query: ListDeliveriesQuery,
  ): Promise<WebhookDeliveryList> {
    const endpoint = await findEndpoint(principal, id);
    let after: { sequence: bigint; id: string } | undefined;
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor);
      // A bigint sequence: digits only, within PostgreSQL's bigint.
      if (
        typeof cursor.value !== 'string' ||
        !/^\d{1,19}$/.test(cursor.value) ||
        BigInt(cursor.value) > 9_223_372_036_854_775_807n
      ) {
        throw new ValidationError('The cursor is not valid; use nextCursor from a previous page', [
          { path: 'cursor', message: 'invalid cursor' },
        ]);
      }
      after = { sequence: BigInt(cursor.value), id: cursor.id };
    }
    const rows = await listEndpointDeliveries(prisma, {
      endpointId: endpoint.id,
      status: query.status,
      after,
      take: query.limit + 1,
    });
    const { rows: page, nextCursor } = keysetPage(rows, query.limit, (row) =>
      row.sequence.toString(),
    );
    return {
      data: page.map(toWebhookDelivery),
      nextCursor,
    };
  }

  /** The endpoint's delivery `deliveryId`. @throws NotFoundError */
  async function findDelivery(principal: Principal, id: string, deliveryId: string) {
    const endpoint = await findEndpoint(principal, id);
    if (!isUuid(deliveryId)) throw new NotFoundError('Delivery');
    const row = await findEndpointDelivery(prisma, endpoint.id, deliveryId.toLowerCase());
    if (!row) throw new NotFoundError('Delivery');
    return { endpoint, row };
  }

  /** One delivery with the body sent and every attempt. @throws NotFoundError */
  async function getDelivery(
    principal: Principal,
    id: string,
    deliveryId: string,
  ): Promise<WebhookDeliveryDetail> {
    const { row } = await findDelivery(principal, id, deliveryId);
    return {
      ...toWebhookDelivery(row),
      payload: (row.payload ?? {}) as Record<string, unknown>,
      attemptLog: row.attemptLog.map((a) => ({
        attempt: a.attempt,
        startedAt: a.startedAt.toISOString(),
        succeeded: a.succeeded,
        statusCode: a.statusCode,
        latencyMs: a.latencyMs,
        error: a.error,
        responseExcerpt: a.responseExcerpt,
      })),
    };
  }

  /**
   * Redelivers now, with the same webhook-id (receivers that already have it deduplicate): a
   * pending delivery is moved up to now; a delivered or failed one gets one more attempt. It is
   * still sent in its ticket's order.
   * @throws NotFoundError, ConflictError `endpoint_disabled` (enable the endpoint first)
   */
  async function retryDelivery(
    principal: Principal,
    id: string,
    deliveryId: string,
  ): Promise<WebhookDelivery> {
    const { endpoint, row } = await findDelivery(principal, id, deliveryId);
    if (!endpoint.enabled) {
      throw new ConflictError(
        'The endpoint is disabled; enable it first, then retry',
        'endpoint_disabled',
      );
    }
    // A pending delivery keeps its remaining attempts (at least one more); a finished one gets one.
    const maxAttempts =
      row.status === 'PENDING' ? Math.max(row.maxAttempts, row.attempts + 1) : row.attempts + 1;
    const updated = await rescheduleDelivery(prisma, row.id, new Date(), maxAttempts);
    return toWebhookDelivery(updated);
  }

  return {
    create,
    list,
    get,
    update,
    remove,
    rotateSecret,
    listDeliveries,
    getDelivery,
    retryDelivery,
  };
}

export type WebhooksService = ReturnType<typeof createWebhooksService>;
