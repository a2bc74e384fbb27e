/**
 * Merging a ticket into another and linking tickets (docs/product.md "Merge and links"). Every
 * change locks both tickets (in id order, so two changes of one pair never deadlock) and runs in
 * one transaction with its activity rows and events.
 */
import { formatTicketReference } from '../../lib/domain.js';
import type { Prisma, PrismaClient } from '../../lib/db.js';
import { ConflictError, NotFoundError, refuseIfClosed } from '../../lib/errors.js';
import type { Principal } from '../../lib/principal.js';
import { addStaffResponse } from '../responses/index.js';
import {
  closeMergedTicket,
  findVisibleTicket,
  lockVisibleTicketRow,
  recordChanges,
  toTicket,
  visibleTicketsSql,
  type TicketRow,
} from '../tickets/index.js';
import type { Ticket } from '../tickets/tickets.schemas.js';
import {
  deleteLink,
  findLinkOf,
  findLinks,
  findTicketNumber,
  hasParent,
  insertLink,
  isAncestorOrSelf,
  linkExists,
  moveTicketContents,
  type LinkRow,
  type TicketLinkType,
} from './relations.repository.js';
import type {
  CreateLinkInput,
  LinkRelation,
  MergeTicketInput,
  TicketLink,
} from './relations.schemas.js';

const reference = (ticket: Pick<TicketRow, 'number'>) => formatTicketReference(ticket.number);

/**
 * Both tickets, visible to `principal`, read under their row locks in `tx`, taken in id order.
 * @throws NotFoundError for either; ConflictError `code` when both name the same ticket.
 */
async function lockPair(
  tx: Prisma.TransactionClient,
  principal: Principal,
  first: string,
  second: string,
  sameCode: string,
): Promise<[TicketRow, TicketRow]> {
  const [a, b] = [
    await findVisibleTicket(tx, principal, first),
    await findVisibleTicket(tx, principal, second),
  ];
  if (a.id === b.id) throw new ConflictError(`Both name ${reference(a)}`, sameCode);
  const [low, high] = a.id < b.id ? [a, b] : [b, a];
  const lockedLow = await lockVisibleTicketRow(tx, principal, low.id);
  const lockedHigh = await lockVisibleTicketRow(tx, principal, high.id);
  return a.id === low.id ? [lockedLow, lockedHigh] : [lockedHigh, lockedLow];
}

/** What the other ticket of `row` is to the ticket it is read from. */
function relationOf(row: Pick<LinkRow, 'type' | 'outgoing'>): LinkRelation {
  if (row.type === 'related') return 'related';
  return row.outgoing ? 'child' : 'parent';
}

function presentLink(row: LinkRow): TicketLink {
  return {
    id: row.id,
    relation: relationOf(row),
    ticket: {
      id: row.otherId,
      reference: formatTicketReference(row.otherNumber),
      subject: row.otherSubject,
      status: row.otherStatus,
    },
    createdAt: row.createdAt.toISOString(),
  };
}

/** The relation as seen from the other side. */
const MIRROR: Record<LinkRelation, LinkRelation> = {
  related: 'related',
  parent: 'child',
  child: 'parent',
};

/** The LINKED / UNLINKED rows on both tickets (internal: links are the team's own). */
async function recordLinkActivity(
  tx: Prisma.TransactionClient,
  principal: Principal,
  type: 'LINKED' | 'UNLINKED',
  ticket: Pick<TicketRow, 'id' | 'number'>,
  other: Pick<TicketRow, 'id' | 'number'>,
  relation: LinkRelation,
): Promise<void> {
  const now = new Date();
  const side = (of: typeof ticket, to: typeof ticket, role: LinkRelation) => {
    const link = { role, ticket: { id: to.id, reference: reference(to) } };
    return type === 'LINKED' ? { after: { link } } : { before: { link } };
  };
  for (const [of, to, role] of [
    [ticket, other, relation],
    [other, ticket, MIRROR[relation]],
  ] as const) {
    await recordChanges(
      tx,
      principal,
      of.id,
      [{ type, ...side(of, to, role), isInternal: true }],
      null,
      now,
    );
  }
}

/** The service behind the merge and link routes; `deps.prisma` the app's client. */
export function createTicketRelationsService(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;
  return {
    /**
     * Merges ticket `sourceKey` into `input.targetId` (docs/api.md `POST /api/tickets/:id/merge`):
     * the source's description, replies, internal notes and files move to the target in their
     * order (internal there when the requesters differ), its chats and participants too; the
     * `comment`, when given, is first posted as a public reply on the source (its requester is
     * notified); the source is CLOSED with `mergedInto`; MERGED activity on both and a
     * `ticket.merged` event. One transaction.
     * @returns both tickets after it.
     * @throws NotFoundError (either ticket not visible, another organization's included),
     * ConflictError 409 `merge_into_self`, `ticket_closed` (source), `target_closed`.
     */
    async merge(
      principal: Principal,
      sourceKey: string,
      input: MergeTicketInput,
    ): Promise<{ source: Ticket; target: Ticket }> {
      const result = await prisma.$transaction(async (tx) => {
        const [locked, target] = await lockPair(
          tx,
          principal,
          sourceKey,
          input.targetId,
          'merge_into_self',
        );
        let source = locked;
        refuseIfClosed(source.status, source.number);
        if (target.status === 'CLOSED') {
          throw new ConflictError(
            `${reference(target)} is CLOSED; merge into a ticket that is still open`,
            'target_closed',
          );
        }
        const privateToTarget = source.requesterEmail !== target.requesterEmail;
        await moveTicketContents(tx, source, target, privateToTarget, reference(source));
        const comment = input.comment ?? null;
        if (comment) {
          await addStaffResponse(tx, source, principal, { content: comment, isInternal: false });
          source = await lockVisibleTicketRow(tx, principal, source.id);
        }
        return closeMergedTicket(tx, principal, source, target, {
          comment,
          privateToTarget,
          now: new Date(),
        });
      });
      return { source: toTicket(result.source), target: toTicket(result.target) };
    },

    /**
     * The links of a ticket the caller sees (docs/api.md `GET /api/tickets/:id/links`), oldest
     * first, each with what the other ticket is to it; links to tickets the caller may not see
     * (another group, deleted) are left out. @throws NotFoundError
     */
    async listLinks(principal: Principal, key: string): Promise<{ data: TicketLink[] }> {
      const ticket = await findVisibleTicket(prisma, principal, key);
      const rows = await findLinks(prisma, ticket.id, visibleTicketsSql(principal));
      return { data: rows.map(presentLink) };
    },

    /**
     * Links ticket `key` to `input.ticketId` (docs/api.md `POST /api/tickets/:id/links`) as
     * related, or the other as its parent or child. A ticket has at most one parent and the
     * parent chain has no cycle. LINKED (internal) on both tickets.
     * @returns the link as read from ticket `key`.
     * @throws NotFoundError, ConflictError 409 `link_to_self`, `already_linked`, `has_parent`,
     * `link_cycle`.
     */
    async addLink(principal: Principal, key: string, input: CreateLinkInput): Promise<TicketLink> {
      return prisma.$transaction(async (tx) => {
        const [ticket, other] = await lockPair(tx, principal, key, input.ticketId, 'link_to_self');
        if (await linkExists(tx, ticket.id, other.id)) {
          throw new ConflictError(
            `${reference(ticket)} and ${reference(other)} are linked already; remove that link first`,
            'already_linked',
          );
        }
        let type: TicketLinkType = 'related';
        let [sourceId, targetId] = [ticket.id, other.id];
        if (input.relation !== 'related') {
          type = 'parent';
          const [parent, child] = input.relation === 'parent' ? [other, ticket] : [ticket, other];
          [sourceId, targetId] = [parent.id, child.id];
          if (await hasParent(tx, child.id)) {
            throw new ConflictError(`${reference(child)} has a parent already`, 'has_parent');
          }
          if (await isAncestorOrSelf(tx, child.id, parent.id)) {
            throw new ConflictError(
              `${reference(child)} is above ${reference(parent)} already: the link would make a cycle`,
              'link_cycle',
            );
          }
        }
        const created = await insertLink(tx, {
          organizationId: principal.organizationId,
          type,
          sourceId,
          targetId,
          createdById: principal.kind === 'user' ? principal.id : null,
        });
        await recordLinkActivity(tx, principal, 'LINKED', ticket, other, input.relation);
        return presentLink({
          id: created.id,
          type,
          outgoing: sourceId === ticket.id,
          createdAt: created.createdAt,
          otherId: other.id,
          otherNumber: other.number,
          otherSubject: other.subject,
          otherStatus: other.status,
        });
      });
    },

    /**
     * Removes link `linkId` of ticket `key` (docs/api.md `DELETE /api/tickets/:id/links/:linkId`);
     * UNLINKED (internal) on both tickets.
     * @throws NotFoundError (the ticket, or no such link on it)
     */
    async removeLink(principal: Principal, key: string, linkId: string): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const ticket = await lockVisibleTicketRow(tx, principal, key);
        const link = await findLinkOf(tx, ticket.id, linkId);
        if (!link) throw new NotFoundError('Link');
        const otherId = link.sourceId === ticket.id ? link.targetId : link.sourceId;
        const other = await findTicketNumber(tx, otherId);
        await deleteLink(tx, link.id);
        if (other) {
          const relation = relationOf({ type: link.type, outgoing: link.sourceId === ticket.id });
          await recordLinkActivity(tx, principal, 'UNLINKED', ticket, other, relation);
        }
      });
    },
  };
}

export type TicketRelationsService = ReturnType<typeof createTicketRelationsService>;
