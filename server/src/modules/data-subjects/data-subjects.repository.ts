/**
 * The queries of data-subject requests and retention (docs/product.md "Data-subject requests"):
 * finding a person's rows, rewriting their name and email into a pseudonym in every table that
 * stores them, and the retention job's batches. Each function takes the client or a transaction
 * client first; the use cases (erase-data-subject.ts, retention.ts) open the transactions.
 *
 * The rewriting is SQL `regexp_replace` with case-insensitive patterns built here from the exact
 * email and names (regex-escaped; JSON-escaped too for json columns): the same expression for
 * text, varchar, json and jsonb columns (those cast to text and back, keys and order kept).
 */
import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../lib/db.js';

/** Who is rewritten, into what, and which rows are theirs. */
export interface ScrubScope {
  organizationId: string;
  /** Their user (null for a guest requester known by email only). */
  userId: string | null;
  /** Lower-cased. */
  email: string;
  /** The names they are known by (user, requester snapshots, chats, CCs, mail senders). */
  names: readonly string[];
  pseudonymName: string;
  pseudonymEmail: string;
  /** Tickets they requested, and tickets they are CC'd on (not requested). */
  requestedTicketIds: readonly string[];
  ccTicketIds: readonly string[];
  /** Their chats (by customer email). */
  chatIds: readonly string[];
  /**
   * true: a person's erasure, their rows anywhere in the organization (their replies, mails,
   * CCs, events naming their email); false: a retention erasure, the rows of the tickets only.
   */
  personWide: boolean;
}

/** A pattern that matches nothing (no name known). */
const NOTHING = '[^\\s\\S]';

/** `text` with every ARE metacharacter escaped. */
function escapeRegex(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/** One name as a pattern: whole words where it starts or ends with a word character. */
function namePattern(name: string): string {
  const body = escapeRegex(name);
  return `${/^\w/.test(name) ? '\\m' : ''}${body}${/\w$/.test(name) ? '\\M' : ''}`;
}

/** The patterns of a scope: the email, and the names (plain and as JSON-escaped strings). */
export function patternsOf(scope: Pick<ScrubScope, 'email' | 'names'>): {
  email: string;
  name: string;
  any: string;
} {
  const names = new Set<string>();
  for (const name of scope.names) {
    const trimmed = name.trim();
    // A name of one or two characters would rewrite unrelated words.
    if (trimmed.length < 3) continue;
    names.add(namePattern(trimmed));
    names.add(namePattern(JSON.stringify(trimmed).slice(1, -1)));
  }
  const email = escapeRegex(scope.email);
  const name = names.size ? [...names].join('|') : NOTHING;
  return { email, name, any: names.size ? `${email}|${name}` : email };
}

interface Sql {
  email: string;
  name: string;
  pe: string;
  pn: string;
}

function sqlOf(scope: ScrubScope): Sql {
  const p = patternsOf(scope);
  return { email: p.email, name: p.name, pe: scope.pseudonymEmail, pn: scope.pseudonymName };
}

/** `col` (text) with the email and the names replaced. */
function scrub(col: string, s: Sql): Prisma.Sql {
  return Prisma.sql`regexp_replace(regexp_replace(${Prisma.raw(col)}, ${s.email}, ${s.pe}, 'gi'), ${s.name}, ${s.pn}, 'gi')`;
}
/** `col` (text) with the email replaced. */
function scrubEmail(col: string, s: Sql): Prisma.Sql {
  return Prisma.sql`regexp_replace(${Prisma.raw(col)}, ${s.email}, ${s.pe}, 'gi')`;
}
/** `col` (json or jsonb) with the email and names replaced. */
function scrubJson(col: string, type: 'json' | 'jsonb', s: Sql): Prisma.Sql {
  return Prisma.sql`(${scrub(`${col}::text`, s)})::${Prisma.raw(type)}`;
}

/**
 * The person of the organization with `email`: their user (any role), or null. Locked FOR
 * UPDATE when `lock`.
 */
export async function findPersonUser(
  db: Db,
  organizationId: string,
  email: string,
): Promise<{ id: string; name: string; email: string; role: string } | null> {
  const rows = await db.$queryRaw<{ id: string; name: string; email: string; role: string }[]>`
    SELECT "id", "name", "email", "role"::text AS "role" FROM "users"
    WHERE "organizationId" = ${organizationId}::uuid AND lower("email") = ${email}
    FOR UPDATE`;
  return rows[0] ?? null;
}

/**
 * The ids of the live and deleted tickets `email` (or user `userId`) requested, those they are
 * CC'd on (not requested), their chats, and the names they are known by there.
 */
export async function findPersonFootprint(
  db: Db,
  organizationId: string,
  email: string,
  userId: string | null,
): Promise<{
  requested: string[];
  cc: string[];
  chats: string[];
  names: string[];
}> {
  const requested = await db.$queryRaw<{ id: string; name: string }[]>`
    SELECT "id", "requesterName" AS "name" FROM "tickets"
    WHERE "organizationId" = ${organizationId}::uuid
      AND (lower("requesterEmail") = ${email} OR "requesterId" = ${userId}::uuid)
    ORDER BY "number"`;
  const cc = await db.$queryRaw<{ id: string; name: string | null }[]>`
    SELECT c."ticketId" AS "id", c."name" FROM "ticket_ccs" c
    WHERE c."organizationId" = ${organizationId}::uuid AND lower(c."email") = ${email}`;
  const chats = await db.$queryRaw<{ id: string; name: string }[]>`
    SELECT "id", "customerName" AS "name" FROM "chats"
    WHERE "organizationId" = ${organizationId}::uuid AND lower("customerEmail") = ${email}
    ORDER BY "createdAt"`;
  const senders = await db.$queryRaw<{ name: string | null }[]>`
    SELECT DISTINCT "fromName" AS "name" FROM "inbound_emails"
    WHERE "organizationId" = ${organizationId}::uuid AND lower("fromAddress") = ${email}`;
  const requestedIds = requested.map((r) => r.id);
  return {
    requested: requestedIds,
    cc: [...new Set(cc.map((r) => r.id))].filter((id) => !requestedIds.includes(id)),
    chats: chats.map((r) => r.id),
    names: [...requested, ...cc, ...chats, ...senders].flatMap((r) => (r.name ? [r.name] : [])),
  };
}

/** Whether anything of the organization is about `email` (a guest has no user row). */
export async function personExists(
  db: Db,
  organizationId: string,
  email: string,
): Promise<boolean> {
  const rows = await db.$queryRaw<{ found: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM "tickets" WHERE "organizationId" = ${organizationId}::uuid AND lower("requesterEmail") = ${email})
        OR EXISTS (SELECT 1 FROM "chats" WHERE "organizationId" = ${organizationId}::uuid AND lower("customerEmail") = ${email})
        OR EXISTS (SELECT 1 FROM "ticket_ccs" WHERE "organizationId" = ${organizationId}::uuid AND lower("email") = ${email})
      AS "found"`;
  return rows[0]?.found ?? false;
}

/** The tickets, responses and activity rows: snapshots replaced, texts rewritten. */
export async function scrubTicketRows(
  tx: Prisma.TransactionClient,
  scope: ScrubScope,
  options: { organizationWideEmail: boolean },
): Promise<{ tickets: number; responses: number; activities: number }> {
  const s = sqlOf(scope);
  const org = scope.organizationId;
  const requested = [...scope.requestedTicketIds];
  const tied = [...scope.requestedTicketIds, ...scope.ccTicketIds];
  const uid = scope.userId;
  // Responses first: their trigger recomputes the ticket's vectors from the ticket row, and the
  // tickets' update below (a watched column) recomputes them again with the new requester.
  const responses = await tx.$executeRaw`
    UPDATE "ticket_responses" SET
      "content" = CASE WHEN "ticketId" = ANY(${tied}::uuid[]) OR "authorId" = ${uid}::uuid
                         OR lower("authorEmail") = ${scope.email}
                    THEN ${scrub('"content"', s)} ELSE ${scrubEmail('"content"', s)} END,
      "authorName" = CASE WHEN "authorId" = ${uid}::uuid OR lower("authorEmail") = ${scope.email}
                       THEN ${s.pn} ELSE ${scrub('"authorName"', s)} END,
      "authorEmail" = CASE WHEN "authorId" = ${uid}::uuid OR lower("authorEmail") = ${scope.email}
                        THEN ${s.pe} ELSE "authorEmail" END,
      "emailMessageId" = ${scrubEmail('"emailMessageId"', s)}
    WHERE "organizationId" = ${org}::uuid AND (
      "ticketId" = ANY(${tied}::uuid[])
      OR (${scope.personWide} AND ("authorId" = ${uid}::uuid OR lower("authorEmail") = ${scope.email}))
      OR (${options.organizationWideEmail} AND "content" ~* ${s.email}))`;
  const tickets = await tx.$executeRaw`
    UPDATE "tickets" SET
      "requesterName" = CASE WHEN "id" = ANY(${requested}::uuid[]) THEN ${s.pn} ELSE "requesterName" END,
      "requesterEmail" = CASE WHEN "id" = ANY(${requested}::uuid[]) THEN ${s.pe} ELSE "requesterEmail" END,
      "subject" = CASE WHEN "id" = ANY(${tied}::uuid[]) THEN ${scrub('"subject"', s)} ELSE ${scrubEmail('"subject"', s)} END,
      "description" = CASE WHEN "id" = ANY(${tied}::uuid[]) THEN ${scrub('"description"', s)} ELSE ${scrubEmail('"description"', s)} END,
      "resolutionNote" = CASE WHEN "id" = ANY(${tied}::uuid[]) THEN ${scrub('"resolutionNote"', s)} ELSE "resolutionNote" END,
      "sessionMeetingLink" = ${scrubEmail('"sessionMeetingLink"', s)},
      "customFields" = CASE WHEN "id" = ANY(${tied}::uuid[]) THEN ${scrubJson('"customFields"', 'jsonb', s)} ELSE "customFields" END,
      "metadata" = CASE WHEN "id" = ANY(${tied}::uuid[]) THEN ${scrubJson('"metadata"', 'jsonb', s)} ELSE "metadata" END,
      "externalRefs" = CASE WHEN "id" = ANY(${tied}::uuid[]) THEN ${scrubJson('"externalRefs"', 'jsonb', s)} ELSE "externalRefs" END
    WHERE "organizationId" = ${org}::uuid AND (
      "id" = ANY(${tied}::uuid[])
      OR (${options.organizationWideEmail} AND ("subject" ~* ${s.email} OR "description" ~* ${s.email})))`;
  const activities = await tx.$executeRaw`
    UPDATE "ticket_activities" SET
      "actorName" = CASE WHEN "actorId" = ${uid}::uuid THEN ${s.pn} ELSE ${scrub('"actorName"', s)} END,
      "before" = ${scrubJson('"before"', 'jsonb', s)},
      "after" = ${scrubJson('"after"', 'jsonb', s)},
      "reason" = ${scrub('"reason"', s)}
    WHERE "organizationId" = ${org}::uuid AND (
      "ticketId" = ANY(${tied}::uuid[]) OR "actorId" = ${uid}::uuid
      OR (${options.organizationWideEmail} AND ("before"::text ~* ${s.email} OR "after"::text ~* ${s.email})))`;
  // What hangs from the tickets: rule runs, ratings' comments, session notes, SLA histories,
  // the staff's bell.
  await tx.$executeRaw`
    UPDATE "rule_runs" SET "reason" = ${scrub('"reason"', s)},
      "changes" = ${scrubJson('"changes"', 'jsonb', s)}, "error" = ${scrub('"error"', s)}
    WHERE "ticketId" = ANY(${tied}::uuid[])`;
  await tx.$executeRaw`
    UPDATE "satisfaction_ratings" SET "comment" = ${scrub('"comment"', s)}
    WHERE "ticketId" = ANY(${tied}::uuid[]) AND "comment" IS NOT NULL`;
  await tx.$executeRaw`
    UPDATE "session_occurrences" SET "notes" = ${scrub('"notes"', s)}
    WHERE "ticketId" = ANY(${tied}::uuid[]) AND "notes" IS NOT NULL`;
  await tx.$executeRaw`
    UPDATE "ticket_sla_targets" SET "history" = ${scrubJson('"history"', 'jsonb', s)}
    WHERE "ticketId" = ANY(${tied}::uuid[])`;
  await tx.$executeRaw`
    UPDATE "user_notifications" SET "actorName" = ${scrub('"actorName"', s)},
      "excerpt" = ${scrub('"excerpt"', s)}
    WHERE "organizationId" = ${org}::uuid AND "ticketId" = ANY(${tied}::uuid[])`;
  return { tickets, responses, activities };
}

/**
 * The attachment rows that are the person's — uploaded by them, on a response they wrote, or
 * on a ticket they requested (not on a staff reply) — deleted. @returns their storage keys.
 */
export async function deletePersonAttachments(
  tx: Prisma.TransactionClient,
  scope: ScrubScope,
): Promise<{ count: number; keys: string[] }> {
  const rows = await tx.$queryRaw<{ storageKey: string; thumbnailKey: string | null }[]>`
    DELETE FROM "attachments" a
    WHERE a."organizationId" = ${scope.organizationId}::uuid AND (
      a."uploadedById" = ${scope.userId}::uuid
      OR (a."ticketId" = ANY(${[...scope.requestedTicketIds]}::uuid[]) AND a."responseId" IS NULL)
      OR a."responseId" IN (
        SELECT r."id" FROM "ticket_responses" r
        WHERE r."organizationId" = ${scope.organizationId}::uuid
          AND ((${scope.personWide} AND (r."authorId" = ${scope.userId}::uuid OR lower(r."authorEmail") = ${scope.email}))
               OR (r."ticketId" = ANY(${[...scope.requestedTicketIds]}::uuid[]) AND r."authorType" IN ('CUSTOMER', 'EMAIL')))))
    RETURNING a."storageKey", a."thumbnailKey"`;
  return {
    count: rows.length,
    keys: rows.flatMap((r) => (r.thumbnailKey ? [r.storageKey, r.thumbnailKey] : [r.storageKey])),
  };
}

/** Chats and their messages, CCs, received mails. */
export async function scrubConversationRows(
  tx: Prisma.TransactionClient,
  scope: ScrubScope,
): Promise<{ chats: number; chatMessages: number; ccs: number; inboundEmails: number }> {
  const s = sqlOf(scope);
  const org = scope.organizationId;
  const chatIds = [...scope.chatIds];
  const tied = [...scope.requestedTicketIds, ...scope.ccTicketIds];
  const chats = await tx.$executeRaw`
    UPDATE "chats" SET "customerName" = ${s.pn}, "customerEmail" = ${s.pe}
    WHERE "organizationId" = ${org}::uuid AND "id" = ANY(${chatIds}::uuid[])`;
  const chatMessages = await tx.$executeRaw`
    UPDATE "chat_messages" SET
      "content" = ${scrub('"content"', s)},
      "senderName" = CASE WHEN "senderId" = ${scope.userId}::uuid
                            OR ("senderType" = 'customer' AND "chatId" = ANY(${chatIds}::uuid[]))
                       THEN ${s.pn} ELSE ${scrub('"senderName"', s)} END
    WHERE "chatId" = ANY(${chatIds}::uuid[]) OR "senderId" = ${scope.userId}::uuid`;
  const ccs = await tx.$executeRaw`
    UPDATE "ticket_ccs" SET
      "email" = CASE WHEN lower("email") = ${scope.email} THEN ${s.pe} ELSE "email" END,
      "name" = CASE WHEN lower("email") = ${scope.email} THEN ${s.pn} ELSE ${scrub('"name"', s)} END
    WHERE "organizationId" = ${org}::uuid AND (
      (${scope.personWide} AND lower("email") = ${scope.email}) OR "ticketId" = ANY(${tied}::uuid[]))`;
  // The original of a mail (raw RFC 5322 bytes) cannot be rewritten without breaking its
  // encodings: it is dropped, as for a mail too large to keep.
  const inboundEmails = await tx.$executeRaw`
    UPDATE "inbound_emails" SET
      "fromAddress" = CASE WHEN lower("fromAddress") = ${scope.email} THEN ${s.pe} ELSE "fromAddress" END,
      "fromName" = CASE WHEN lower("fromAddress") = ${scope.email} THEN ${s.pn} ELSE ${scrub('"fromName"', s)} END,
      "subject" = ${scrub('"subject"', s)},
      "skippedFiles" = ${scrubJson('"skippedFiles"', 'jsonb', s)},
      "raw" = CASE WHEN lower("fromAddress") = ${scope.email}
                     OR "ticketId" = ANY(${[...scope.requestedTicketIds]}::uuid[])
                     OR position(${scope.email} IN lower(encode("raw", 'escape'))) > 0
                THEN NULL ELSE "raw" END
    WHERE "organizationId" = ${org}::uuid AND (
      "ticketId" = ANY(${tied}::uuid[])
      OR (${scope.personWide} AND (lower("fromAddress") = ${scope.email}
          OR position(${scope.email} IN lower(encode("raw", 'escape'))) > 0)))`;
  return { chats, chatMessages, ccs, inboundEmails };
}

/** Email notifications, outbox messages, webhook deliveries and their attempts. */
export async function scrubMessageRows(
  tx: Prisma.TransactionClient,
  scope: ScrubScope,
): Promise<{ emailNotifications: number; outboxMessages: number; webhookDeliveries: number }> {
  const s = sqlOf(scope);
  const org = scope.organizationId;
  const tied = [...scope.requestedTicketIds, ...scope.ccTicketIds];
  const aggregates = [...tied, ...scope.chatIds, ...(scope.userId ? [scope.userId] : [])];
  const emailNotifications = await tx.$executeRaw`
    UPDATE "email_notifications" SET
      "recipientEmail" = CASE WHEN lower("recipientEmail") = ${scope.email} OR "recipientUserId" = ${scope.userId}::uuid
                           THEN ${s.pe} ELSE "recipientEmail" END,
      "recipientName" = CASE WHEN lower("recipientEmail") = ${scope.email} OR "recipientUserId" = ${scope.userId}::uuid
                          THEN ${s.pn} ELSE ${scrub('"recipientName"', s)} END,
      "subject" = ${scrub('"subject"', s)}, "text" = ${scrub('"text"', s)}, "html" = ${scrub('"html"', s)},
      "attachments" = ${scrubJson('"attachments"', 'jsonb', s)},
      "lastError" = ${scrub('"lastError"', s)}
    WHERE "organizationId" = ${org}::uuid AND (
      "ticketId" = ANY(${tied}::uuid[])
      OR (${scope.personWide} AND (lower("recipientEmail") = ${scope.email}
          OR "recipientUserId" = ${scope.userId}::uuid
          OR "subject" ~* ${s.email} OR "text" ~* ${s.email})))`;
  const outboxMessages = await tx.$executeRaw`
    UPDATE "outbox_messages" SET "payload" = ${scrubJson('"payload"', 'json', s)},
      "lastError" = ${scrub('"lastError"', s)}
    WHERE "organizationId" = ${org}::uuid AND (
      "aggregateId" = ANY(${aggregates}::uuid[])
      OR (${scope.personWide} AND "payload"::text ~* ${s.email}))`;
  const deliveries = await tx.$queryRaw<{ id: string }[]>`
    UPDATE "webhook_deliveries" d SET "payload" = ${scrubJson('d."payload"', 'json', s)},
      "responseExcerpt" = ${scrub('d."responseExcerpt"', s)}, "lastError" = ${scrub('d."lastError"', s)}
    FROM "webhook_endpoints" e
    WHERE d."endpointId" = e."id" AND e."organizationId" = ${org}::uuid AND (
      d."aggregateId" = ANY(${aggregates}::uuid[])
      OR (${scope.personWide} AND d."payload"::text ~* ${s.email}))
    RETURNING d."id"`;
  await tx.$executeRaw`
    UPDATE "webhook_delivery_attempts" SET "responseExcerpt" = ${scrub('"responseExcerpt"', s)},
      "error" = ${scrub('"error"', s)}
    WHERE "deliveryId" = ANY(${deliveries.map((d) => d.id)}::uuid[])`;
  return { emailNotifications, outboxMessages, webhookDeliveries: deliveries.length };
}

/**
 * The person's account: idempotency records (theirs, or whose cached answer names them),
 * account tokens, sessions and their refresh tokens, two-factor recovery codes deleted; the
 * user row pseudonymised, deactivated, its password and TOTP secrets cleared, `erasedAt` set.
 */
export async function eraseAccountRows(
  tx: Prisma.TransactionClient,
  scope: ScrubScope,
  now: Date,
): Promise<{
  idempotencyRecords: number;
  accountTokens: number;
  sessions: number;
  recoveryCodes: number;
}> {
  const s = sqlOf(scope);
  const org = scope.organizationId;
  const anyPattern = patternsOf(scope).any;
  const idempotencyRecords = await tx.$executeRaw`
    DELETE FROM "idempotency_records"
    WHERE "organizationId" = ${org}::uuid AND (
      "principal" = ${`user:${scope.userId ?? ''}`}
      OR "responseBody"::text ~* ${anyPattern} OR "responseHeaders"::text ~* ${anyPattern})`;
  const accountTokens = await tx.$executeRaw`
    DELETE FROM "account_tokens"
    WHERE "organizationId" = ${org}::uuid AND ("userId" = ${scope.userId}::uuid OR lower("email") = ${scope.email})`;
  if (!scope.userId) return { idempotencyRecords, accountTokens, sessions: 0, recoveryCodes: 0 };
  await tx.$executeRaw`
    DELETE FROM "session_refresh_tokens"
    WHERE "sessionId" IN (SELECT "id" FROM "user_sessions" WHERE "userId" = ${scope.userId}::uuid)`;
  const sessions = await tx.$executeRaw`
    DELETE FROM "user_sessions" WHERE "userId" = ${scope.userId}::uuid`;
  const recoveryCodes = await tx.$executeRaw`
    DELETE FROM "totp_recovery_codes" WHERE "userId" = ${scope.userId}::uuid`;
  await tx.$executeRaw`
    UPDATE "users" SET "name" = ${s.pn}, "email" = ${s.pe}, "passwordHash" = NULL,
      "isActive" = false, "erasedAt" = ${now}, "sessionsRevokedAt" = ${now}, "signature" = NULL,
      "totpSecret" = NULL, "totpPendingSecret" = NULL, "totpEnabledAt" = NULL, "totpLastStep" = NULL,
      "updatedAt" = ${now}
    WHERE "id" = ${scope.userId}::uuid`;
  return { idempotencyRecords, accountTokens, sessions, recoveryCodes };
}

/**
 * The organization's audit entries about the person — done by them (their address and
 * User-Agent dropped) or naming their id or email (names and email rewritten in data, before,
 * after) — rewritten, under the chain's advisory lock (taken here, held until `tx` ends).
 * @returns how many were rewritten and the first position rewritten (null: none).
 */
export async function rewriteAuditEntries(
  tx: Prisma.TransactionClient,
  scope: ScrubScope,
): Promise<{ rewritten: number; fromPosition: bigint | null; previousHead: string | null }> {
  const s = sqlOf(scope);
  const org = scope.organizationId;
  await tx.$executeRaw`
    SELECT pg_advisory_xact_lock(hashtextextended('organization-activity:' || ${org}, 0))`;
  const head = await tx.$queryRaw<{ hash: string }[]>`
    SELECT "hash" FROM "organization_activity" WHERE "organizationId" = ${org}::uuid
    ORDER BY "position" DESC LIMIT 1`;
  const uidText = scope.userId ?? '00000000-0000-0000-0000-000000000000';
  const rows = await tx.$queryRaw<{ position: bigint }[]>`
    UPDATE "organization_activity" SET
      "data" = ${scrubJson('"data"', 'jsonb', s)},
      "before" = ${scrubJson('"before"', 'jsonb', s)},
      "after" = ${scrubJson('"after"', 'jsonb', s)},
      -- The client's address and User-Agent are theirs when they acted, and when an entry about
      -- them had no signed-in actor (a failed sign-in, a reset asked for, a refresh token reused).
      "ip" = CASE WHEN "actorId" = ${scope.userId}::uuid
                   OR ("actorId" IS NULL AND "type" LIKE 'auth.%') THEN NULL ELSE "ip" END,
      "userAgent" = CASE WHEN "actorId" = ${scope.userId}::uuid
                   OR ("actorId" IS NULL AND "type" LIKE 'auth.%') THEN NULL ELSE "userAgent" END
    WHERE "organizationId" = ${org}::uuid AND (
      "actorId" = ${scope.userId}::uuid
      OR "data"::text ~* ${s.email} OR "before"::text ~* ${s.email} OR "after"::text ~* ${s.email}
      OR strpos("data"::text || coalesce("before"::text, '') || coalesce("after"::text, ''), ${uidText}) > 0)
    RETURNING "position"`;
  const positions = rows.map((r) => r.position);
  const fromPosition = positions.length ? positions.reduce((a, b) => (b < a ? b : a)) : null;
  return { rewritten: rows.length, fromPosition, previousHead: head[0]?.hash ?? null };
}

/**
 * Re-seals the organization's hash chain from `fromPosition` on: each entry's previousHash and
 * hash recomputed in order with organization_activity_hash() (the trigger's function), as the
 * audit_chain migration chained the entries made before it. The caller holds the chain's lock.
 * @returns the entries re-sealed.
 */
export async function resealAuditChain(
  tx: Prisma.TransactionClient,
  organizationId: string,
  fromPosition: bigint,
): Promise<number> {
  // A recursive walk in one statement, entry after entry by the (organization, position) index:
  // each entry's hash depends on the one before.
  return tx.$executeRaw`
    WITH RECURSIVE chain AS (
      SELECT e."id", e."position",
             p."hash"::text AS "previousHash",
             organization_activity_hash(e."organizationId", e."position", e."type", e."actorId",
               e."ip", e."userAgent", e."data", e."before", e."after", e."createdAt", p."hash") AS "hash"
      FROM "organization_activity" e
      LEFT JOIN "organization_activity" p
        ON p."organizationId" = e."organizationId" AND p."position" = e."position" - 1
      WHERE e."organizationId" = ${organizationId}::uuid AND e."position" = ${fromPosition}
      UNION ALL
      SELECT e."id", e."position", c."hash",
             organization_activity_hash(e."organizationId", e."position", e."type", e."actorId",
               e."ip", e."userAgent", e."data", e."before", e."after", e."createdAt", c."hash")
      FROM chain c JOIN "organization_activity" e
        ON e."organizationId" = ${organizationId}::uuid AND e."position" = c."position" + 1
    )
    UPDATE "organization_activity" a SET "previousHash" = chain."previousHash", "hash" = chain."hash"
    FROM chain WHERE a."id" = chain."id"`;
}

// ───────────────────────────── retention ─────────────────────────────

/**
 * Claims today's retention run of the organization: sets `settings.retentionLastRunAt` to `now`
 * unless a run started less than `minIntervalMs` ago — one statement, so of several instances
 * only one gets it. @returns the organization's settings when claimed, else null.
 */
export async function claimRetentionRun(
  db: Db,
  organizationId: string,
  now: Date,
  minIntervalMs: number,
): Promise<Prisma.JsonValue | null> {
  const since = new Date(now.getTime() - minIntervalMs);
  const rows = await db.$queryRaw<{ settings: Prisma.JsonValue }[]>`
    UPDATE "organizations"
    SET "settings" = COALESCE("settings", '{}'::jsonb) || jsonb_build_object('retentionLastRunAt', ${now.toISOString()}::text)
    WHERE "id" = ${organizationId}::uuid
      AND jsonb_typeof("settings"->'retention') = 'object'
      AND ("settings"->>'retentionLastRunAt' IS NULL
           OR ("settings"->>'retentionLastRunAt')::timestamptz <= ${since})
    RETURNING "settings"`;
  return rows[0]?.settings ?? null;
}

/** The organizations with a retention setting. */
export async function findOrganizationsWithRetention(db: Db): Promise<{ id: string }[]> {
  return db.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "organizations" WHERE jsonb_typeof("settings"->'retention') = 'object'
    ORDER BY "id"`;
}

/**
 * Up to `limit` CLOSED tickets of the organization closed before `before` (deleted ones too),
 * oldest first, locked (SKIP LOCKED); for `erase`, only those whose requester is not yet
 * pseudonymised.
 */
export function lockRetentionBatch(
  tx: Prisma.TransactionClient,
  query: { organizationId: string; before: Date; limit: number; onlyNotErased: boolean },
): Promise<{ id: string; requesterName: string; requesterEmail: string }[]> {
  return tx.$queryRaw`
    SELECT "id", "requesterName", "requesterEmail" FROM "tickets"
    WHERE "organizationId" = ${query.organizationId}::uuid AND "status" = 'CLOSED'
      AND "closedAt" < ${query.before}
      AND (NOT ${query.onlyNotErased} OR "requesterEmail" NOT LIKE 'erased-%@erased.invalid')
    ORDER BY "closedAt", "id"
    LIMIT ${query.limit}
    FOR UPDATE SKIP LOCKED`;
}

/**
 * Deletes the tickets `ids` (their responses, activity, attachments and the rest follow by
 * cascade) with their received mails, email notifications, and settled events and webhook
 * deliveries. @returns the attachments' keys.
 */
export async function deleteTickets(
  tx: Prisma.TransactionClient,
  organizationId: string,
  ids: readonly string[],
): Promise<{ tickets: number; keys: string[] }> {
  const files = await tx.$queryRaw<{ storageKey: string; thumbnailKey: string | null }[]>`
    SELECT "storageKey", "thumbnailKey" FROM "attachments" WHERE "ticketId" = ANY(${[...ids]}::uuid[])`;
  await tx.$executeRaw`
    DELETE FROM "inbound_emails" WHERE "organizationId" = ${organizationId}::uuid AND "ticketId" = ANY(${[...ids]}::uuid[])`;
  await tx.$executeRaw`
    DELETE FROM "email_notifications" WHERE "organizationId" = ${organizationId}::uuid AND "ticketId" = ANY(${[...ids]}::uuid[])`;
  // Their events and webhook deliveries once settled (pending ones finish, then the outbox sweep
  // removes them): the payloads name the requester.
  await tx.$executeRaw`
    DELETE FROM "webhook_deliveries" d USING "webhook_endpoints" e
    WHERE d."endpointId" = e."id" AND e."organizationId" = ${organizationId}::uuid
      AND d."aggregateId" = ANY(${[...ids]}::uuid[]) AND d."status" <> 'PENDING'`;
  await tx.$executeRaw`
    DELETE FROM "outbox_messages" WHERE "organizationId" = ${organizationId}::uuid
      AND "aggregateId" = ANY(${[...ids]}::uuid[]) AND "status" IN ('SENT', 'FAILED')`;
  const tickets = await tx.$executeRaw`
    DELETE FROM "tickets" WHERE "organizationId" = ${organizationId}::uuid AND "id" = ANY(${[...ids]}::uuid[])`;
  return {
    tickets,
    keys: files.flatMap((r) => (r.thumbnailKey ? [r.storageKey, r.thumbnailKey] : [r.storageKey])),
  };
}

/** The requester's user row of each of `ids` keeps its link; the tickets lose their requester. */
export async function detachRequester(
  tx: Prisma.TransactionClient,
  ids: readonly string[],
): Promise<void> {
  await tx.$executeRaw`UPDATE "tickets" SET "requesterId" = NULL WHERE "id" = ANY(${[...ids]}::uuid[])`;
}

// ───────────────────────────── export ─────────────────────────────

/** The person's chats with their messages (oldest first). */
export function findChatsWithMessages(db: Db, organizationId: string, ids: readonly string[]) {
  return db.chat.findMany({
    where: { organizationId, id: { in: [...ids] } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      customerName: true,
      status: true,
      createdAt: true,
      updatedAt: true,
      messages: {
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        select: {
          id: true,
          chatId: true,
          senderType: true,
          senderId: true,
          senderName: true,
          content: true,
          createdAt: true,
        },
      },
    },
  });
}

/** The ticket numbers of `ids`. */
export function findTicketNumbersOf(
  db: Db,
  ids: readonly string[],
): Promise<{ id: string; number: number; deletedAt: Date | null }[]> {
  return db.ticket.findMany({
    where: { id: { in: [...ids] } },
    select: { id: true, number: true, deletedAt: true },
  });
}
