/**
 * The one rule of ticket links that a status change must respect (docs/product.md "Merge and
 * links"): a parent ticket is not resolved nor closed by staff while one of its child tickets is
 * still open, unless the change is forced with a reason. The links themselves are managed by
 * modules/ticket-relations.
 */
import type { Db } from '../../lib/db.js';
import { formatTicketReference } from '../../lib/domain.js';
import { ConflictError, ValidationError } from '../../lib/errors.js';
import { isStaff, type Principal } from '../../lib/principal.js';
import { findOpenChildNumbers } from './ticket-links.repository.js';
import type { TicketRow } from './tickets.presenter.js';
import type { UpdateTicketInput } from './tickets.schemas.js';

/** At most this many open children are named in the 409's detail. */
const NAMED_CHILDREN = 5;

/**
 * Refuses a staff change of `current` to RESOLVED or CLOSED while a child ticket (a `parent`
 * link from `current`) is neither RESOLVED nor CLOSED (deleted children do not count), unless
 * `input.force` is true and a `reason` is given. A customer closing their own ticket is not held
 * back (they do not see links). One indexed query, only for such a change.
 * @throws ConflictError 409 `open_children` naming up to five open children;
 * ValidationError on `reason` when `force` comes without one.
 */
export async function refuseIfOpenChildren(
  db: Db,
  principal: Principal,
  current: TicketRow,
  input: Pick<UpdateTicketInput, 'status' | 'force' | 'reason'>,
): Promise<void> {
  if (input.force && !input.reason) {
    throw new ValidationError('A forced change needs a reason', [
      { path: 'reason', message: 'required with force' },
    ]);
  }
  if (!isStaff(principal) || input.force) return;
  if (input.status !== 'RESOLVED' && input.status !== 'CLOSED') return;
  if (current.status === input.status) return;
  const open = await findOpenChildNumbers(db, current.id, NAMED_CHILDREN);
  if (open.length === 0) return;
  const names = open.map((row) => formatTicketReference(row.number)).join(', ');
  throw new ConflictError(
    `${formatTicketReference(current.number)} has open child tickets (${names}); resolve them first, or send force: true with a reason`,
    'open_children',
  );
}
