/**
 * Presence on a ticket page, for the dashboard's collision notice ("Alice is replying"; the
 * helpdesks docs/product.md points to — Zendesk, Zammad, FreeScout — all show it): who has a ticket open,
 * and who is writing a reply. Kept in each instance's memory (live-hub.ts), fed by notices on
 * `docket_live` that every instance hears, so any instance answers the same.
 * Staff only: customers never learn which agent is on their ticket (docs/product.md "Roles": they see
 * whether a ticket is assigned, not to whom). Presence is a person's, so API keys may read it but
 * not report one.
 */
import { ForbiddenError } from '../../lib/errors.js';
import type { PrismaClient } from '../../lib/db.js';
import { isStaff, type Principal } from '../../lib/principal.js';
import { findVisibleTicket } from '../tickets/index.js';
import type { LiveHub } from './live-hub.js';
import { publishNotice } from './live-notice.js';
import type { PresenceState, TicketPresence } from './live.schemas.js';

export function createLiveService(deps: { prisma: PrismaClient; hub: LiveHub }) {
  const { prisma, hub } = deps;

  /**
   * The ticket's uuid and group if the principal is staff and may see it.
   * @throws Forbidden, NotFound.
   */
  async function ticketFor(
    principal: Principal,
    idOrReference: string,
  ): Promise<{ id: string; groupId: string | null }> {
    if (!isStaff(principal)) throw new ForbiddenError('Presence is for agents and admins');
    const ticket = await findVisibleTicket(prisma, principal, idOrReference);
    return { id: ticket.id, groupId: ticket.groupId };
  }

  function requireUser(principal: Principal): void {
    if (principal.kind !== 'user') throw new ForbiddenError('Presence is reported by people');
  }

  /** Publishes a presence notice to every instance, remembered here at once. */
  async function announce(
    principal: Principal,
    ticket: { id: string; groupId: string | null },
    state: PresenceState | null,
  ) {
    await hub.start();
    const notice = hub.presenceNotice(
      { organizationId: principal.organizationId, userId: principal.id, name: principal.name },
      ticket.id,
      state,
      ticket.groupId,
    );
    hub.remember(notice);
    await publishNotice(prisma, notice);
  }

  return {
    /**
     * Reports that the calling user is `state` ('viewing' | 'replying') on ticket `idOrReference`
     * (uuid, number or reference), until PRESENCE_TTL_MS (40 s) from now unless repeated.
     * @returns the others on the ticket (the caller excluded).
     * @throws ForbiddenError for customers and API keys; NotFoundError for a ticket the caller
     * may not see (another organization's, deleted).
     */
    async setPresence(
      principal: Principal,
      idOrReference: string,
      state: PresenceState,
    ): Promise<{ data: TicketPresence[] }> {
      const ticket = await ticketFor(principal, idOrReference);
      requireUser(principal);
      await announce(principal, ticket, state);
      return { data: hub.listPresence(principal.organizationId, ticket.id, principal.id) };
    },

    /**
     * The calling user leaves ticket `idOrReference` (idempotent).
     * @throws as setPresence.
     */
    async clearPresence(principal: Principal, idOrReference: string): Promise<void> {
      const ticket = await ticketFor(principal, idOrReference);
      requireUser(principal);
      await announce(principal, ticket, null);
    },

    /**
     * Who is on ticket `idOrReference` now (presences not expired), the caller excluded, the
     * longest there first. @throws ForbiddenError for customers; NotFoundError as setPresence.
     */
    async listPresence(
      principal: Principal,
      idOrReference: string,
    ): Promise<{ data: TicketPresence[] }> {
      const ticket = await ticketFor(principal, idOrReference);
      await hub.start();
      return { data: hub.listPresence(principal.organizationId, ticket.id, principal.id) };
    },
  };
}
