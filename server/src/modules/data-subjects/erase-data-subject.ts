/**
 * Erasure of a person's data (docs/product.md "Data-subject requests"; GDPR art. 17): their
 * name and email replaced by a pseudonym everywhere Docket stores them, in ONE transaction, the
 * tickets' skeletons (numbers, status, priority, category, times, ratings' scores) kept so that
 * statistics do not move. After the commit, the bytes of their deleted attachments leave the
 * attachment store (local or S3).
 *
 * The audit log is a hash chain (docs/product.md "Audit trail"): its entries that name the person
 * are rewritten and the chain re-sealed from the first of them, under the chain's lock, and a
 * `data_subject.erased` entry records where the re-sealing started and the head hash before it,
 * so that `verify` stays valid and an external copy of the old head can be reconciled.
 */
import { randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient } from '../../lib/db.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import type { Principal } from '../../lib/principal.js';
import { activityActorOf, recordOrganizationActivity } from '../organization-activity/index.js';
import {
  deletePersonAttachments,
  eraseAccountRows,
  findPersonFootprint,
  findPersonUser,
  personExists,
  resealAuditChain,
  rewriteAuditEntries,
  scrubConversationRows,
  scrubMessageRows,
  scrubTicketRows,
  type ScrubScope,
} from './data-subjects.repository.js';
import type { ErasureCounts, ErasureResult } from './data-subjects.schemas.js';

/** The pseudonym of a person: a name and an address that can never receive mail (RFC 2606). */
export function pseudonymOf(id: string): { name: string; email: string } {
  return { name: `Erased person ${id.slice(0, 4)}`, email: `erased-${id}@erased.invalid` };
}

/** What the erasing transaction did, and the store keys to remove after it. */
interface ErasedInTransaction {
  result: Omit<ErasureResult, 'counts'> & { counts: Omit<ErasureCounts, 'storedFilesRemoved'> };
  keys: string[];
}

/**
 * Erases the person of the principal's organization whose email is `email`, in one
 * transaction; then removes the bytes of their attachments with `removeKeys`.
 * @throws NotFoundError (no such person), ConflictError `cannot_erase_self` (an admin erasing
 * themselves)
 */
export async function eraseDataSubject(
  deps: {
    prisma: PrismaClient;
    removeKeys: (keys: readonly string[]) => Promise<number>;
  },
  principal: Principal,
  email: string,
  now: Date = new Date(),
): Promise<ErasureResult> {
  const address = email.trim().toLowerCase();
  const erased = await deps.prisma.$transaction(
    (tx) => eraseInTransaction(tx, principal, address, now),
    { timeout: 120_000, maxWait: 10_000 },
  );
  const storedFilesRemoved = await deps.removeKeys(erased.keys);
  return { ...erased.result, counts: { ...erased.result.counts, storedFilesRemoved } };
}

async function eraseInTransaction(
  tx: Prisma.TransactionClient,
  principal: Principal,
  email: string,
  now: Date,
): Promise<ErasedInTransaction> {
  const organizationId = principal.organizationId;
  const user = await findPersonUser(tx, organizationId, email);
  if (!user && !(await personExists(tx, organizationId, email))) throw new NotFoundError('Person');
  if (user && principal.kind === 'user' && user.id === principal.id) {
    throw new ConflictError(
      'An admin cannot erase themselves; another admin must do it',
      'cannot_erase_self',
    );
  }
  const footprint = await findPersonFootprint(tx, organizationId, email, user?.id ?? null);
  const pseudonym = pseudonymOf(user?.id ?? randomUUID());
  const scope: ScrubScope = {
    organizationId,
    userId: user?.id ?? null,
    email,
    names: [...new Set([...(user ? [user.name] : []), ...footprint.names])],
    pseudonymName: pseudonym.name,
    pseudonymEmail: pseudonym.email,
    requestedTicketIds: footprint.requested,
    ccTicketIds: footprint.cc,
    chatIds: footprint.chats,
    personWide: true,
  };
  // Files first: which responses are theirs is read from the authors before these are rewritten.
  const files = await deletePersonAttachments(tx, scope);
  const ticketRows = await scrubTicketRows(tx, scope, { organizationWideEmail: true });
  const conversations = await scrubConversationRows(tx, scope);
  const messages = await scrubMessageRows(tx, scope);
  const account = await eraseAccountRows(tx, scope, now);
  const audit = await rewriteAuditEntries(tx, scope);
  const resealed =
    audit.fromPosition !== null
      ? await resealAuditChain(tx, organizationId, audit.fromPosition)
      : 0;
  const counts = {
    tickets: ticketRows.tickets,
    responses: ticketRows.responses,
    activities: ticketRows.activities,
    chats: conversations.chats,
    chatMessages: conversations.chatMessages,
    ticketCcs: conversations.ccs,
    inboundEmails: conversations.inboundEmails,
    emailNotifications: messages.emailNotifications,
    outboxMessages: messages.outboxMessages,
    webhookDeliveries: messages.webhookDeliveries,
    idempotencyRecords: account.idempotencyRecords,
    accountTokens: account.accountTokens,
    sessions: account.sessions,
    recoveryCodes: account.recoveryCodes,
    attachments: files.count,
    auditEntriesRewritten: audit.rewritten,
    auditEntriesResealed: resealed,
  };
  // Ids only: the entry itself must not name the person it erased.
  await recordOrganizationActivity(tx, {
    ...activityActorOf(principal),
    type: 'data_subject.erased',
    data: {
      userId: user?.id ?? null,
      pseudonym: pseudonym.name,
      counts,
      resealedFromPosition: audit.fromPosition === null ? null : Number(audit.fromPosition),
      previousHeadHash: audit.fromPosition === null ? null : audit.previousHead,
    },
    at: now,
  });
  return { result: { userId: user?.id ?? null, pseudonym, counts }, keys: files.keys };
}
