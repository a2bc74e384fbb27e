/**
 * Deleting and restoring a ticket (the product's roles: admins only — the routes check the
 * role). Deletion is soft: the ticket keeps every row, leaves every list and reads as 404 until
 * an admin restores it. Both write an internal activity row and the matching event.
 */
import type { PrismaClient } from '../../lib/db.js';
import { NotFoundError } from '../../lib/errors.js';
import type { Principal } from '../../lib/principal.js';
import { lockVisibleTicket, reloadTicket, ticketKey } from './ticket-access.js';
import { recordChanges } from './ticket-events.js';
import { presentTicket } from './tickets.presenter.js';
import type { AnyTicket } from './tickets.schemas.js';
import { findTicketIdInOrganization, lockTicketRow } from './tickets.repository.js';
import { setTicketDeletedAt } from './ticket-writes.repository.js';

/**
 * Soft-deletes a ticket (docs/api.md `DELETE /api/tickets/:id`; docs/product.md: admins only — the route
 * checks the role). Sets `deletedAt`, bumps the version and writes DELETED (internal); the
 * ticket then leaves every list and reads as 404 until restored. Nothing is removed.
 * @throws NotFoundError (absent, already deleted or another organization's)
 */
export async function deleteTicket(
  prisma: PrismaClient,
  principal: Principal,
  idOrReference: string,
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const current = await lockVisibleTicket(tx, principal, idOrReference);
    const now = new Date();
    await setTicketDeletedAt(tx, current.id, now, now);
    await recordChanges(
      tx,
      principal,
      current.id,
      [{ type: 'DELETED', after: { deletedAt: now.toISOString() }, isInternal: true }],
      null,
      now,
    );
  });
}

/**
 * Restores a soft-deleted ticket (`POST /api/tickets/:id/restore`; admins only — the route
 * checks the role): clears `deletedAt`, bumps the version, writes RESTORED (internal). Restoring
 * a ticket that is not deleted changes nothing and answers it as it is.
 * @throws NotFoundError (no such ticket in the organization, deleted or not)
 */
export async function restoreTicket(
  prisma: PrismaClient,
  principal: Principal,
  idOrReference: string,
): Promise<AnyTicket> {
  const key = ticketKey(idOrReference);
  if (!key) throw new NotFoundError('Ticket');
  const row = await prisma.$transaction(async (tx) => {
    const found = await findTicketIdInOrganization(tx, principal.organizationId, key);
    if (!found) throw new NotFoundError('Ticket');
    await lockTicketRow(tx, found.id);
    const current = await reloadTicket(tx, found.id);
    if (!current.deletedAt) return current;
    const now = new Date();
    await setTicketDeletedAt(tx, current.id, null, now);
    await recordChanges(
      tx,
      principal,
      current.id,
      [
        {
          type: 'RESTORED',
          before: { deletedAt: current.deletedAt.toISOString() },
          after: { deletedAt: null },
          isInternal: true,
        },
      ],
      null,
      now,
    );
    return reloadTicket(tx, current.id);
  });
  return presentTicket(row, principal);
}
