/**
 * The inbound log (`inbound_emails`) and the tickets' CCs (`ticket_ccs`): the rows of received
 * mail, the Message-ID look-ups of threading, and who takes part in a ticket's mail thread.
 * Rules are the callers' (docs/decisions/0005-repositories.md).
 */
import type { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../lib/db.js';

export type InboundEmailRow = Omit<Prisma.InboundEmailGetPayload<object>, 'raw'>;

/** Every column but the raw message (lists never carry it). */
const inboundSelect = {
  id: true,
  organizationId: true,
  mailboxId: true,
  source: true,
  messageId: true,
  dedupeKey: true,
  fromAddress: true,
  fromName: true,
  subject: true,
  sizeBytes: true,
  outcome: true,
  cause: true,
  ticketId: true,
  responseId: true,
  skippedFiles: true,
  receivedAt: true,
  updatedAt: true,
} satisfies Prisma.InboundEmailSelect;

/** The organization's log row with `dedupeKey`, or null. */
export function findInboundByDedupeKey(
  db: Db,
  organizationId: string,
  dedupeKey: string,
): Promise<InboundEmailRow | null> {
  return db.inboundEmail.findUnique({
    where: { organizationId_dedupeKey: { organizationId, dedupeKey } },
    select: inboundSelect,
  });
}

/** Inserts a log row. @throws Prisma P2002 when the organization has this dedupeKey already. */
export async function insertInboundEmail(
  db: Db,
  data: Prisma.InboundEmailUncheckedCreateInput,
): Promise<void> {
  await db.inboundEmail.create({ data, select: { id: true } });
}

/**
 * Moves a suspended row to `data`'s outcome (accepting or discarding it). @returns false when
 * the row is not suspended any more (another admin acted first) or not there.
 */
export async function resolveSuspendedInbound(
  db: Db,
  organizationId: string,
  id: string,
  data: Prisma.InboundEmailUncheckedUpdateManyInput,
): Promise<boolean> {
  const { count } = await db.inboundEmail.updateMany({
    where: { id, organizationId, outcome: 'suspended' },
    data,
  });
  return count === 1;
}

/** One log row of the organization (no raw), or null. */
export function findInboundEmail(
  db: Db,
  organizationId: string,
  id: string,
): Promise<InboundEmailRow | null> {
  return db.inboundEmail.findFirst({ where: { id, organizationId }, select: inboundSelect });
}

/**
 * The raw message of a log row of the organization (null when not kept) with what processing it
 * again needs; undefined when there is no such row.
 */
export async function findInboundRaw(
  db: Db,
  organizationId: string,
  id: string,
): Promise<
  | (Pick<InboundEmailRow, 'ticketId' | 'mailboxId' | 'outcome' | 'sizeBytes' | 'source'> & {
      raw: Uint8Array | null;
    })
  | undefined
> {
  const row = await db.inboundEmail.findFirst({
    where: { id, organizationId },
    select: {
      raw: true,
      ticketId: true,
      mailboxId: true,
      outcome: true,
      sizeBytes: true,
      source: true,
    },
  });
  return row ?? undefined;
}

/**
 * One page of the organization's log, newest first by (receivedAt, id): `take` rows after the
 * keyset position `after` (exclusive); `outcome` filters.
 */
export function findInboundPage(
  db: Db,
  organizationId: string,
  page: {
    take: number;
    after: { receivedAt: Date; id: string } | null;
    outcome?: InboundEmailRow['outcome'] | undefined;
    ticketId?: string | undefined;
  },
): Promise<InboundEmailRow[]> {
  return db.inboundEmail.findMany({
    where: {
      organizationId,
      ...(page.outcome ? { outcome: page.outcome } : {}),
      ...(page.ticketId ? { ticketId: page.ticketId } : {}),
      ...(page.after
        ? {
            OR: [
              { receivedAt: { lt: page.after.receivedAt } },
              { receivedAt: page.after.receivedAt, id: { lt: page.after.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
    take: page.take,
    select: inboundSelect,
  });
}

/**
 * The tickets of the organization's received mails whose Message-ID is one of `messageIds`
 * (lower-cased), through their dedupeKey `mid:<id>` (its unique index).
 */
export async function findTicketIdsByReceivedMessageIds(
  db: Db,
  organizationId: string,
  messageIds: readonly string[],
): Promise<{ messageId: string; ticketId: string }[]> {
  if (messageIds.length === 0) return [];
  const rows = await db.inboundEmail.findMany({
    where: {
      organizationId,
      dedupeKey: { in: messageIds.map((id) => `mid:${id}`) },
      ticketId: { not: null },
    },
    select: { dedupeKey: true, ticketId: true },
  });
  return rows.map((row) => ({ messageId: row.dedupeKey.slice(4), ticketId: row.ticketId! }));
}

/** Whether `email` (lower-cased) is one of the ticket's CCs. */
export async function isTicketCc(db: Db, ticketId: string, email: string): Promise<boolean> {
  return (await db.ticketCc.count({ where: { ticketId, email } })) > 0;
}

/** Adds CCs to a ticket (those it has already are left as they are). */
export async function addTicketCcs(
  db: Db,
  organizationId: string,
  ticketId: string,
  ccs: readonly { email: string; name: string | null }[],
): Promise<void> {
  if (ccs.length === 0) return;
  await db.ticketCc.createMany({
    data: ccs.map((cc) => ({ organizationId, ticketId, email: cc.email, name: cc.name })),
    skipDuplicates: true,
  });
}
