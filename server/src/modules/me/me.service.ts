/**
 * The signed-in person's profile and their unread markers (docs/product.md "Profile", "Unread
 * markers"). Every query is scoped to the caller's organization and to the caller themself.
 * - Anyone signed in reads and changes their name, language, time zone and theme; the signature
 *   is staff's (a customer sending it gets 403 naming `signature`).
 * - `markSeen`: a staff member opened a ticket they may see (404 otherwise, as every ticket route).
 */
import type { PrismaClient } from '../../lib/db.js';
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { isStaff, type Principal } from '../../lib/principal.js';
import { findVisibleTicket } from '../tickets/index.js';
import { findProfileRow, updateProfileRow, upsertTicketRead } from './me.repository.js';
import type { Profile, UpdateProfileInput } from './me.schemas.js';

type ProfileRow = NonNullable<Awaited<ReturnType<typeof findProfileRow>>>;

/** The API shape of a profile: customers never have a signature. */
function toProfile(row: ProfileRow): Profile {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    locale: row.locale === 'fr-CA' ? 'fr-CA' : 'en',
    timeZone: row.timeZone,
    signature: row.role === 'CUSTOMER' ? null : row.signature,
    theme: row.theme,
  };
}

export function createMeService(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;

  return {
    /** The caller's profile. @throws NotFoundError when the user is gone (deleted meanwhile) */
    async get(principal: Principal): Promise<Profile> {
      const row = await findProfileRow(prisma, principal.organizationId, principal.id);
      if (!row) throw new NotFoundError('User');
      return toProfile(row);
    },

    /**
     * Changes the caller's own name, locale, time zone, theme and (staff) signature; an empty
     * signature removes it. @throws ForbiddenError (a customer's `signature`), NotFoundError
     */
    async update(principal: Principal, input: UpdateProfileInput): Promise<Profile> {
      if (input.signature !== undefined && !isStaff(principal)) {
        throw new ForbiddenError('Only staff have a signature', [
          { path: 'signature', message: 'customers may not set a signature' },
        ]);
      }
      const data: UpdateProfileInput = { ...input };
      if (data.signature !== undefined) data.signature = data.signature?.trim() || null;
      const updated = await prisma.$transaction(async (tx) => {
        const row = await findProfileRow(tx, principal.organizationId, principal.id);
        if (!row) throw new NotFoundError('User');
        return updateProfileRow(tx, row.id, data);
      });
      return toProfile(updated);
    },

    /**
     * The caller (staff or the requester) has just opened ticket `idOrReference`: its unread
     * marker clears.
     * @throws NotFoundError when they may not see it
     */
    async markSeen(principal: Principal, idOrReference: string): Promise<void> {
      const ticket = await findVisibleTicket(prisma, principal, idOrReference);
      await upsertTicketRead(prisma, {
        userId: principal.id,
        ticketId: ticket.id,
        organizationId: principal.organizationId,
      });
    },
  };
}

export type MeService = ReturnType<typeof createMeService>;
