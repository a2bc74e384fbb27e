/**
 * Retention (docs/product.md "Data-subject requests", "Retention"): the organization setting
 * `retention: {closedTicketsMonths, action}` and the daily run that processes the CLOSED tickets
 * closed more than that many months ago:
 * - `erase`: the requester's name and email on the ticket and everything hanging from it
 *   (replies, activity, mails, events, webhook deliveries, CCs' names, received mails' originals)
 *   replaced by a pseudonym, their files deleted, the ticket detached from their account; the
 *   ticket itself (number, status, priority, category, times) stays for the statistics;
 * - `delete`: the ticket removed for good, with all that hangs from it.
 * Batches of BATCH tickets, one transaction each, at most MAX_BATCHES per run; the bytes of the
 * deleted files leave the store after each batch commits. One `retention.ran` audit entry per
 * run with the counts. At most one run a day per organization, across instances: a run first
 * claims the day by moving `settings.retentionLastRunAt` in one conditional statement.
 */
import type { Prisma, PrismaClient } from '../../lib/db.js';
import { recordOrganizationActivity } from '../organization-activity/index.js';
import {
  claimRetentionRun,
  deleteTickets,
  detachRequester,
  findOrganizationsWithRetention,
  lockRetentionBatch,
  scrubConversationRows,
  scrubMessageRows,
  scrubTicketRows,
  deletePersonAttachments,
} from './data-subjects.repository.js';
import type { RetentionSettings } from './data-subjects.schemas.js';

/** Tickets per transaction, and batches per run (a backlog is worked off over the next days). */
const BATCH = 100;
const MAX_BATCHES = 50;
/** A run is claimed when the last one started at least this long ago. */
const DAY_MS = 24 * 3_600_000;
/** Margin so that a timer firing a little early still runs the next day's pass. */
const CLAIM_INTERVAL_MS = DAY_MS - 10 * 60_000;

/** The retention setting in an organization's settings (defaults: off, erase). */
export function retentionOf(settings: Prisma.JsonValue | null): RetentionSettings {
  const all = settings && typeof settings === 'object' && !Array.isArray(settings) ? settings : {};
  const value = (all as Record<string, unknown>).retention;
  const r = value && typeof value === 'object' && !Array.isArray(value) ? value : {};
  const months = (r as Record<string, unknown>).closedTicketsMonths;
  const action = (r as Record<string, unknown>).action;
  return {
    closedTicketsMonths:
      typeof months === 'number' && Number.isInteger(months) && months >= 1 && months <= 120
        ? months
        : null,
    action: action === 'delete' ? 'delete' : 'erase',
  };
}

/** `now` minus `months` calendar months (UTC). */
function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now.getTime());
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/** One organization's run. */
export interface RetentionRun {
  organizationId: string;
  action: RetentionSettings['action'];
  tickets: number;
  attachments: number;
  storedFilesRemoved: number;
}

/** Erases the requester data of the locked tickets `batch` in `tx`. @returns the store keys. */
async function eraseBatch(
  tx: Prisma.TransactionClient,
  organizationId: string,
  batch: { id: string; requesterName: string; requesterEmail: string }[],
): Promise<{ attachments: number; keys: string[] }> {
  let attachments = 0;
  const keys: string[] = [];
  // One ticket at a time: each has its own requester to rewrite.
  for (const ticket of batch) {
    const scope = {
      organizationId,
      userId: null,
      email: ticket.requesterEmail.toLowerCase(),
      names: [ticket.requesterName],
      pseudonymName: `Erased requester ${ticket.id.slice(0, 4)}`,
      pseudonymEmail: `erased-${ticket.id}@erased.invalid`,
      requestedTicketIds: [ticket.id],
      ccTicketIds: [],
      chatIds: [],
      personWide: false,
    };
    const files = await deletePersonAttachments(tx, scope);
    attachments += files.count;
    keys.push(...files.keys);
    await scrubTicketRows(tx, scope, { organizationWideEmail: false });
    await scrubConversationRows(tx, scope);
    await scrubMessageRows(tx, scope);
  }
  await detachRequester(
    tx,
    batch.map((t) => t.id),
  );
  return { attachments, keys };
}

/**
 * Runs the retention of the organization `organizationId` at `now` when it has a setting and no
 * run started in the last day (claimed first, so one instance runs it). @returns the run, or
 * null when nothing ran.
 */
export async function runRetentionForOrganization(
  deps: { prisma: PrismaClient; removeKeys: (keys: readonly string[]) => Promise<number> },
  organizationId: string,
  now: Date = new Date(),
): Promise<RetentionRun | null> {
  const { prisma } = deps;
  const settings = await claimRetentionRun(prisma, organizationId, now, CLAIM_INTERVAL_MS);
  if (!settings) return null;
  const retention = retentionOf(settings);
  if (retention.closedTicketsMonths === null) return null;
  const before = monthsBefore(now, retention.closedTicketsMonths);
  const run: RetentionRun = {
    organizationId,
    action: retention.action,
    tickets: 0,
    attachments: 0,
    storedFilesRemoved: 0,
  };
  for (let i = 0; i < MAX_BATCHES; i++) {
    const done = await prisma.$transaction(
      async (tx) => {
        const batch = await lockRetentionBatch(tx, {
          organizationId,
          before,
          limit: BATCH,
          onlyNotErased: retention.action === 'erase',
        });
        if (!batch.length) return null;
        if (retention.action === 'delete') {
          const deleted = await deleteTickets(
            tx,
            organizationId,
            batch.map((t) => t.id),
          );
          return { tickets: deleted.tickets, attachments: deleted.keys.length, keys: deleted.keys };
        }
        const erased = await eraseBatch(tx, organizationId, batch);
        return { tickets: batch.length, ...erased };
      },
      { timeout: 120_000, maxWait: 10_000 },
    );
    if (!done) break;
    run.tickets += done.tickets;
    run.attachments += done.attachments;
    run.storedFilesRemoved += await deps.removeKeys(done.keys);
    if (done.tickets < BATCH) break;
  }
  await prisma.$transaction((tx) =>
    recordOrganizationActivity(tx, {
      organizationId,
      actorId: null,
      type: 'retention.ran',
      data: {
        action: run.action,
        closedTicketsMonths: retention.closedTicketsMonths,
        closedBefore: before.toISOString(),
        tickets: run.tickets,
        attachments: run.attachments,
        storedFilesRemoved: run.storedFilesRemoved,
      },
      at: now,
    }),
  );
  return run;
}

/**
 * One pass of the daily job over every organization with a retention setting (each claimed on
 * its own, see runRetentionForOrganization). Tests call it to run retention now. @returns the
 * runs that happened.
 */
export async function runRetention(
  deps: { prisma: PrismaClient; removeKeys: (keys: readonly string[]) => Promise<number> },
  options: { now?: Date } = {},
): Promise<RetentionRun[]> {
  const now = options.now ?? new Date();
  const runs: RetentionRun[] = [];
  for (const organization of await findOrganizationsWithRetention(deps.prisma)) {
    const run = await runRetentionForOrganization(deps, organization.id, now);
    if (run) runs.push(run);
  }
  return runs;
}
