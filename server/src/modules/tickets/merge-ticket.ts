/**
 * The ticket rows of a merge (docs/product.md "Merge and links"): the source CLOSED and pointing
 * at the target, the target told what came in, with their activity rows and events. Moving the
 * source's replies, files, chats and participants is modules/ticket-relations' part; both run in
 * the one transaction that holds both tickets' row locks.
 */
import { formatTicketReference } from '../../lib/domain.js';
import type { Prisma } from '../../lib/db.js';
import type { Principal } from '../../lib/principal.js';
import { emitTicketEvent } from './ticket-outbox.repository.js';
import { changeActivityRows, changeEvents, type ActivityDraft } from './ticket-events.js';
import { statusDates } from './ticket-lifecycle.js';
import { insertTicketEvents } from './ticket-outbox.repository.js';
import { reloadTicket } from './ticket-access.js';
import { toTicket, type TicketRow } from './tickets.presenter.js';
import { updateTicketWithActivities } from './ticket-writes.repository.js';

/**
 * Closes `source` as merged into `target` (both read under their row locks in `tx`) at `now`:
 * the source becomes CLOSED with `mergedIntoId`, a public STATUS_CHANGED and a public MERGED
 * row (`after.mergedInto: {id, reference}`: its requester sees where the conversation went);
 * the target's version moves with a MERGED row (`after.mergedFrom`), internal when
 * `privateToTarget` (another requester: the target's requester does not learn of the source).
 * Events: the source's `ticket.status_changed`, then `ticket.merged` with both tickets.
 * @returns both tickets after the change.
 */
export async function closeMergedTicket(
  tx: Prisma.TransactionClient,
  principal: Principal,
  source: TicketRow,
  target: TicketRow,
  options: { comment: string | null; privateToTarget: boolean; now: Date },
): Promise<{ source: TicketRow; target: TicketRow }> {
  const { now, comment } = options;
  const reason = comment;
  const sourceChanges: ActivityDraft[] = [
    { type: 'STATUS_CHANGED', before: { status: source.status }, after: { status: 'CLOSED' } },
    {
      type: 'MERGED',
      after: {
        mergedInto: { id: target.id, reference: formatTicketReference(target.number) },
      },
    },
  ];
  await updateTicketWithActivities(
    tx,
    source.id,
    {
      status: 'CLOSED',
      ...statusDates(source.status, 'CLOSED', now),
      mergedIntoId: target.id,
      staffActivityAt: now,
    },
    changeActivityRows(principal, source.id, sourceChanges, reason, now),
    now,
  );
  const targetChanges: ActivityDraft[] = [
    {
      type: 'MERGED',
      after: {
        mergedFrom: { id: source.id, reference: formatTicketReference(source.number) },
      },
      isInternal: options.privateToTarget,
    },
  ];
  await updateTicketWithActivities(
    tx,
    target.id,
    {},
    changeActivityRows(principal, target.id, targetChanges, reason, now),
    now,
  );
  const [closed, merged] = [await reloadTicket(tx, source.id), await reloadTicket(tx, target.id)];
  await insertTicketEvents(tx, closed, changeEvents(principal, closed, sourceChanges, reason, now));
  await emitTicketEvent(
    tx,
    'ticket.merged',
    closed,
    principal,
    { target: toTicket(merged), comment },
    now,
  );
  return { source: closed, target: merged };
}
