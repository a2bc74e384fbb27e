/**
 * Satisfaction ratings (docs/product.md "Satisfaction"): the requester's answer to "How did we
 * do?" for one resolution of their ticket, through the signed tracking link of their emails (no
 * account needed) or, signed in, from the portal.
 *
 * - A rating is for a resolution: keyed by (ticket, resolvedAt). A ticket reopened and resolved
 *   again asks again; the earlier rating stays for the statistics.
 * - It may be given while the ticket is RESOLVED or CLOSED with a resolvedAt, and changed for
 *   SATISFACTION_CHANGE_DAYS days after it was first given (then 409 `rating_closed`). A
 *   reopened ticket: 409 `not_resolved`. Ratings turned off by the organization (settings
 *   `csatEnabled: false`): 409 `satisfaction_disabled`.
 * - The scale is the organization's `csatScale` when the rating is first given, and stays that
 *   of the rating afterwards (good_bad stores 1 or 5).
 * - Writing a rating is one transaction: the rating, a public SATISFACTION_RATED activity row
 *   (`after: {score, scale}`) and the `ticket.satisfaction_rated` event (webhooks).
 * - Only the requester rates: staff and API keys get 403.
 */
import {
  findOrganizationSettings,
  mergeOrganizationSettings,
} from '../../db/organization-settings.repository.js';
import type { Config } from '../../config.js';
import type { PrismaClient } from '../../lib/db.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { isStaff, userIdOf, type Principal } from '../../lib/principal.js';
import { createTrackingLinks } from '../../lib/tracking-token.js';
import { recordActivity, type Actor } from '../activity/index.js';
import { recordOrganizationActivity } from '../organization-activity/index.js';
import { LinkExpiredError } from '../public/index.js';
import { emitTicketEvent, findVisibleTicket, reloadTicket } from '../tickets/index.js';
import {
  SATISFACTION_CHANGE_DAYS,
  type RateBody,
  type SatisfactionState,
  type UpdateSatisfactionSettingsInput,
} from './satisfaction.schemas.js';
import {
  reasonOf,
  satisfactionSettingsOf,
  type SatisfactionSettings,
} from './satisfaction-summary.js';
import {
  findRatableTicket,
  findRating,
  insertRating,
  lockRatableTicket,
  updateRating,
  type RatableTicketRow,
  type RatingRow,
} from './satisfaction.repository.js';

const DAY_MS = 24 * 3600_000;

/** The end of the rating's change window. */
const changeableUntil = (rating: RatingRow): Date =>
  new Date(rating.createdAt.getTime() + SATISFACTION_CHANGE_DAYS * DAY_MS);

const isResolved = (ticket: RatableTicketRow): ticket is RatableTicketRow & { resolvedAt: Date } =>
  (ticket.status === 'RESOLVED' || ticket.status === 'CLOSED') && ticket.resolvedAt !== null;

/** The state the requester sees (SatisfactionStateSchema). */
function toState(
  ticket: RatableTicketRow,
  settings: SatisfactionSettings,
  rating: RatingRow | null,
  now: Date,
): SatisfactionState {
  const resolved = isResolved(ticket);
  return {
    scale: rating?.scale ?? settings.scale,
    rating: rating
      ? {
          score: rating.score,
          comment: rating.comment,
          reason: reasonOf(rating.reason),
          createdAt: rating.createdAt.toISOString(),
          updatedAt: rating.updatedAt.toISOString(),
        }
      : null,
    open:
      resolved &&
      settings.enabled &&
      (rating === null || now.getTime() < changeableUntil(rating).getTime()),
    resolvedAt: resolved ? ticket.resolvedAt!.toISOString() : null,
    changeableUntil: rating ? changeableUntil(rating).toISOString() : null,
  };
}

/** The requester as the actor of their rating: their account, else the guest by name. */
function requesterActor(ticket: RatableTicketRow): Actor {
  return ticket.requesterId
    ? {
        kind: 'user',
        id: ticket.requesterId,
        organizationId: ticket.organizationId,
        role: 'CUSTOMER',
        name: ticket.requesterName,
        email: ticket.requesterEmail,
      }
    : { kind: 'system', name: ticket.requesterName };
}

export function createSatisfactionService(deps: { prisma: PrismaClient; config: Config }) {
  const { prisma } = deps;
  const links = createTrackingLinks(deps.config);

  /**
   * The ticket of a tracking-link token (as public.service.ts).
   * @throws NotFoundError (malformed, tampered), LinkExpiredError
   */
  function ticketIdOfToken(token: string, now: Date): string {
    const check = links.verifyTrackingToken(token, now);
    if (check.valid) return check.ticketId;
    if (check.reason === 'expired') throw new LinkExpiredError();
    throw new NotFoundError('Ticket');
  }

  /** The rating state of the live ticket `ticketId`. @throws NotFoundError */
  async function stateOf(ticketId: string, now: Date): Promise<SatisfactionState> {
    const ticket = await findRatableTicket(prisma, ticketId);
    if (!ticket) throw new NotFoundError('Ticket');
    const settings = satisfactionSettingsOf(
      await findOrganizationSettings(prisma, ticket.organizationId),
    );
    const rating = ticket.resolvedAt
      ? await findRating(prisma, ticket.id, ticket.resolvedAt)
      : null;
    return toState(ticket, settings, isResolved(ticket) ? rating : null, now);
  }

  /**
   * Rates the current resolution of the live ticket `ticketId` (see the file's comment), in one
   * transaction holding the ticket's row lock.
   * @returns the new state.
   * @throws NotFoundError, ConflictError `not_resolved` | `rating_closed` |
   * `satisfaction_disabled`, ValidationError on `score` (not 1 or 5 on the good_bad scale)
   */
  async function rate(ticketId: string, input: RateBody, now: Date): Promise<SatisfactionState> {
    return prisma.$transaction(async (tx) => {
      const ticket = await lockRatableTicket(tx, ticketId);
      if (!ticket) throw new NotFoundError('Ticket');
      const settings = satisfactionSettingsOf(
        await findOrganizationSettings(tx, ticket.organizationId),
      );
      if (!settings.enabled) {
        throw new ConflictError(
          'Satisfaction ratings are turned off for this organization',
          'satisfaction_disabled',
        );
      }
      if (!isResolved(ticket)) {
        throw new ConflictError(
          'The ticket is not resolved: a rating is asked for once it is resolved again',
          'not_resolved',
        );
      }
      const existing = await findRating(tx, ticket.id, ticket.resolvedAt);
      if (existing && now.getTime() >= changeableUntil(existing).getTime()) {
        throw new ConflictError(
          `A rating may be changed for ${SATISFACTION_CHANGE_DAYS} days after it was given`,
          'rating_closed',
        );
      }
      const scale = existing?.scale ?? settings.scale;
      if (scale === 'good_bad' && input.score !== 1 && input.score !== 5) {
        throw new ValidationError('On the good/bad scale the score is 1 (bad) or 5 (good)', [
          { path: 'score', message: 'must be 1 (bad) or 5 (good)' },
        ]);
      }
      const values = {
        score: input.score,
        comment: input.comment ? input.comment : null,
        reason: input.reason ?? null,
        now,
      };
      const rating = existing
        ? await updateRating(tx, existing.id, values)
        : await insertRating(tx, {
            ...values,
            organizationId: ticket.organizationId,
            ticketId: ticket.id,
            resolvedAt: ticket.resolvedAt,
            scale,
            agentId: ticket.assigneeId,
            groupId: ticket.groupId,
            categoryId: ticket.categoryId,
          });
      const actor = requesterActor(ticket);
      await recordActivity(tx, actor, {
        organizationId: ticket.organizationId,
        ticketId: ticket.id,
        type: 'SATISFACTION_RATED',
        after: { score: rating.score, scale: rating.scale },
        isInternal: false,
        createdAt: now,
      });
      await emitTicketEvent(
        tx,
        'ticket.satisfaction_rated',
        await reloadTicket(tx, ticket.id),
        actor,
        {
          rating: {
            scale: rating.scale,
            score: rating.score,
            comment: rating.comment,
            reason: reasonOf(rating.reason),
            resolvedAt: rating.resolvedAt.toISOString(),
            createdAt: rating.createdAt.toISOString(),
            updatedAt: rating.updatedAt.toISOString(),
          },
        },
        now,
      );
      return toState(ticket, settings, rating, now);
    });
  }

  /**
   * GET /api/public/tickets/:token/satisfaction.
   * @throws NotFoundError (bad token, deleted ticket), LinkExpiredError
   */
  function stateByToken(token: string, now: Date = new Date()): Promise<SatisfactionState> {
    return stateOf(ticketIdOfToken(token, now), now);
  }

  /**
   * PUT /api/public/tickets/:token/satisfaction: the token holder rates as the requester.
   * @throws as `rate`, and LinkExpiredError
   */
  function rateByToken(
    token: string,
    input: RateBody,
    now: Date = new Date(),
  ): Promise<SatisfactionState> {
    return rate(ticketIdOfToken(token, now), input, now);
  }

  /**
   * GET /api/tickets/:id/satisfaction: the state of a ticket the principal may see (the
   * requester their own; staff their organization's, within their groups).
   * @throws NotFoundError
   */
  async function stateFor(
    principal: Principal,
    idOrReference: string,
    now: Date = new Date(),
  ): Promise<SatisfactionState> {
    const ticket = await findVisibleTicket(prisma, principal, idOrReference);
    return stateOf(ticket.id, now);
  }

  /**
   * PUT /api/tickets/:id/satisfaction: the signed-in requester rates their own ticket.
   * @throws ForbiddenError for staff and API keys (only the requester rates), NotFoundError for
   * another requester's ticket, and as `rate`.
   */
  async function rateAsRequester(
    principal: Principal,
    idOrReference: string,
    input: RateBody,
    now: Date = new Date(),
  ): Promise<SatisfactionState> {
    if (isStaff(principal)) throw new ForbiddenError('Only the requester rates their ticket');
    const ticket = await findVisibleTicket(prisma, principal, idOrReference);
    return rate(ticket.id, input, now);
  }

  /**
   * GET /api/satisfaction/settings: the organization's rating settings (docs/product.md
   * "Satisfaction": `csatEnabled`, default true; `csatScale`, default good_bad). Staff and API
   * keys; the route refuses customers.
   */
  async function settingsFor(principal: Principal): Promise<SatisfactionSettings> {
    return satisfactionSettingsOf(await findOrganizationSettings(prisma, principal.organizationId));
  }

  /**
   * PATCH /api/satisfaction/settings `{enabled?, scale?}`: merges `csatEnabled` / `csatScale`
   * into the organization's settings JSON in one statement (its other keys untouched) and records
   * a `satisfaction_settings.updated` organization activity row (`{before, after}`), in one
   * transaction. Admins and API keys with `admin`; the route refuses the others. A new scale
   * applies to the next question asked (the resolved mail, the tracker); ratings already given
   * keep theirs.
   * @returns the settings after the change.
   */
  async function updateSettings(
    principal: Principal,
    input: UpdateSatisfactionSettingsInput,
  ): Promise<SatisfactionSettings> {
    const patch: Record<string, string | boolean> = {};
    if (input.enabled !== undefined) patch['csatEnabled'] = input.enabled;
    if (input.scale !== undefined) patch['csatScale'] = input.scale;
    return prisma.$transaction(async (tx) => {
      const before = satisfactionSettingsOf(
        await findOrganizationSettings(tx, principal.organizationId),
      );
      const merged = await mergeOrganizationSettings(tx, principal.organizationId, patch);
      if (merged === null) throw new NotFoundError('Organization');
      const after = satisfactionSettingsOf(merged);
      await recordOrganizationActivity(tx, {
        organizationId: principal.organizationId,
        actorId: userIdOf(principal),
        type: 'satisfaction_settings.updated',
        data: { before: { ...before }, after: { ...after } },
      });
      return after;
    });
  }

  return {
    stateByToken,
    rateByToken,
    stateFor,
    rateAsRequester,
    settingsFor,
    updateSettings,
  };
}

export type SatisfactionService = ReturnType<typeof createSatisfactionService>;
