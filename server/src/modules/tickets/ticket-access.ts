/**
 * Who sees which ticket, and how a ticket is found and locked for a change (the product's role
 * rules): every read and write is scoped to the caller's organization, deleted tickets are
 * gone until restored, and a customer sees only the tickets they requested — another's ticket
 * is 404, never 403, so its existence does not leak. Every change holds the ticket's row lock
 * (lockVisibleTicket) until its transaction ends, so concurrent changes apply one after another.
 */
import { isUuid } from '../../lib/cursor.js';
import { parseTicketReference } from '../../lib/domain.js';
import type { Db, Prisma } from '../../lib/db.js';
import { NotFoundError } from '../../lib/errors.js';
import { isStaff, type Principal } from '../../lib/principal.js';
import type { TicketRow } from './tickets.presenter.js';
import {
  findTicketRow,
  loadTicketRows,
  lockTicketRow,
  lockTicketRows,
  ticketKeySql,
  visibleTicketsSql,
} from './tickets.repository.js';

/**
 * The where-clause that limits tickets to what the principal may see: their organization,
 * not deleted, for a customer only the tickets they requested, and for staff restricted to
 * groups (Principal.groupIds) only the tickets of those groups: another group's ticket is 404.
 */
export function visibleTicketsWhere(principal: Principal): Prisma.TicketWhereInput {
  return {
    organizationId: principal.organizationId,
    deletedAt: null,
    ...(!isStaff(principal)
      ? { requesterId: principal.id }
      : principal.groupIds
        ? { groupId: { in: [...principal.groupIds] } }
        : {}),
  };
}

/** `:id` → a where-clause: uuid, number ("42") or reference ("TKT-00042"); null if none of them. */
export function ticketKey(idOrReference: string): Prisma.TicketWhereInput | null {
  if (isUuid(idOrReference)) return { id: idOrReference.toLowerCase() };
  if (/^\d{1,10}$/.test(idOrReference)) return { number: Number(idOrReference) };
  const number = parseTicketReference(idOrReference);
  return number === null ? null : { number };
}

/**
 * Finds a ticket the principal may see, by uuid, number or reference.
 * @throws NotFoundError when it does not exist, is deleted, belongs to another organization or,
 * for a customer, to another requester.
 */
export async function findVisibleTicket(
  db: Db,
  principal: Principal,
  idOrReference: string,
): Promise<TicketRow> {
  // One statement (tickets.repository.ts loadTicketRows), not the ORM's query per relation: this
  // lookup is on every ticket route (bench/ measured it).
  const key = ticketKeySql(idOrReference);
  if (!key) throw new NotFoundError('Ticket');
  const [row] = await loadTicketRows(db, [...visibleTicketsSql(principal), key]);
  if (!row) throw new NotFoundError('Ticket');
  return row;
}

/**
 * Finds a ticket the principal may see (as findVisibleTicket) and takes its row lock
 * (`SELECT … FOR UPDATE`) in the transaction `tx`, then reads it again: the returned row is
 * current and stays so until the transaction ends, so the rules checked against it hold.
 * @throws NotFoundError (not visible, or deleted meanwhile)
 */
export async function lockVisibleTicket(
  tx: Prisma.TransactionClient,
  principal: Principal,
  idOrReference: string,
): Promise<TicketRow> {
  const visible = await findVisibleTicket(tx, principal, idOrReference);
  await lockTicketRow(tx, visible.id);
  const [row] = await loadTicketRows(tx, [
    ...visibleTicketsSql(principal),
    ticketKeySql(visible.id)!,
  ]);
  if (!row) throw new NotFoundError('Ticket');
  return row;
}

/**
 * Finds a ticket the principal may see and takes its row lock in the transaction `tx`, reading
 * it once: ONE statement (`SELECT … FOR UPDATE OF t`, tickets.repository.ts lockTicketRows), whose
 * visibility conditions PostgreSQL checks again on the locked row, so the returned row is current
 * and stays so until the transaction ends. For the paths that count round trips (PATCH).
 * @throws NotFoundError (not visible, or deleted meanwhile)
 */
export async function lockVisibleTicketRow(
  tx: Prisma.TransactionClient,
  principal: Principal,
  idOrReference: string,
): Promise<TicketRow> {
  const key = ticketKeySql(idOrReference);
  if (!key) throw new NotFoundError('Ticket');
  const [row] = await lockTicketRows(tx, [...visibleTicketsSql(principal), key]);
  if (!row) throw new NotFoundError('Ticket');
  return row;
}

/** The ticket by id, with what the presenter needs (deleted or not). @throws NotFoundError */
export function reloadTicket(db: Db, id: string): Promise<TicketRow> {
  return loadTicketRow(db, id);
}

/** The ticket `id` (uuid) as TicketRow, deleted or not, unscoped (the caller checked it). @throws NotFoundError */
export async function loadTicketRow(db: Db, id: string): Promise<TicketRow> {
  const row = await findTicketRow(db, id);
  if (!row) throw new NotFoundError('Ticket');
  return row;
}
