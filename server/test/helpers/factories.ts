/**
 * Test data factories: each writes one row (organization, user, category, ticket, response,
 * API key, chat) through the test database's PrismaClient (`t.prisma`) and returns it, with
 * unique defaults (a per-process counter in names, slugs and emails) and the test's overrides on
 * top. A test states only what matters to its assertions, on its own rows, instead of relying on
 * the demo seed's people and tickets; use `createTestApp({ seed: false })` when it needs nothing
 * else from the seed.
 *
 * The rows are written directly, not through the API: no activity, events or emails come with
 * them, and tickets get no SLA due dates unless given. What the API does on a change is what the
 * tests exercise afterwards, through HTTP.
 */
import { randomUUID } from 'node:crypto';
import type {
  ApiKey,
  Category,
  Chat,
  Organization,
  Prisma,
  PrismaClient,
  SlaPolicy,
  Ticket,
  TicketPriority,
  TicketResponse,
  User,
} from '../../src/generated/prisma/client.js';
import { generateApiKey } from '../../src/lib/api-key.js';
import { TICKET_PRIORITIES } from '../../src/lib/domain.js';
import {
  recomputeCustomerActivity,
  recomputeSearchVectors,
} from '../../src/modules/tickets/index.js';
import { hashPassword } from '../../src/lib/password.js';
import { TEST_PASSWORD } from './auth.js';

/** A PrismaClient on the test database (`t.prisma`), or a transaction client. */
export type FactoryDb = PrismaClient | Prisma.TransactionClient;

let counter = 0;
/** The next number of this process's sequence: unique names and emails within a test file. */
function next(): number {
  counter += 1;
  return counter;
}

/** scrypt hashes by password: hashing costs ~50–100 ms, and every factory user shares a few. */
const hashes = new Map<string, Promise<string>>();
function passwordHashOf(password: string): Promise<string> {
  let hash = hashes.get(password);
  if (!hash) hashes.set(password, (hash = hashPassword(password)));
  return hash;
}

/**
 * Creates an organization: slug `org-<n>`, name `Organization <n>`, settings
 * `{timeZone: 'UTC', locale: 'en'}`, unless overridden.
 */
export async function createOrganization(
  db: FactoryDb,
  overrides: Partial<Prisma.OrganizationUncheckedCreateInput> = {},
): Promise<Organization> {
  const n = next();
  return db.organization.create({
    data: {
      slug: `org-${n}`,
      name: `Organization ${n}`,
      settings: { timeZone: 'UTC', locale: 'en' },
      ...overrides,
    },
  });
}

export type UserOverrides = Partial<Omit<Prisma.UserUncheckedCreateInput, 'passwordHash'>> & {
  /** The password to sign in with: TEST_PASSWORD by default; null for a requester without one. */
  password?: string | null;
};

/**
 * Creates a user: role AGENT, email `user<n>@factory.test`, name `User <n>`, locale `en`,
 * time zone UTC, active, password TEST_PASSWORD (so `signIn(t, user)` works), in
 * `overrides.organizationId` or else in a new organization.
 */
export async function createUser(db: FactoryDb, overrides: UserOverrides = {}): Promise<User> {
  const n = next();
  const { password = TEST_PASSWORD, ...fields } = overrides;
  const organizationId = fields.organizationId ?? (await createOrganization(db)).id;
  return db.user.create({
    data: {
      email: `user${n}@factory.test`,
      name: `User ${n}`,
      role: 'AGENT',
      locale: 'en',
      timeZone: 'UTC',
      ...fields,
      organizationId,
      passwordHash: password === null ? null : await passwordHashOf(password),
    },
  });
}

/**
 * Creates an organization (with `organization` overrides) and one user per entry of `users`
 * in it: `{admin: {role: 'ADMIN'}, agent: {}}` → `{organization, users: {admin, agent}}`.
 */
export async function createOrganizationWithUsers<K extends string>(
  db: FactoryDb,
  users: Record<K, Omit<UserOverrides, 'organizationId'>>,
  organization: Partial<Prisma.OrganizationUncheckedCreateInput> = {},
): Promise<{ organization: Organization; users: Record<K, User> }> {
  const org = await createOrganization(db, organization);
  const created = {} as Record<K, User>;
  // One after the other: the counter, hence the default emails, follow the order given.
  for (const [key, fields] of Object.entries(users) as [K, UserOverrides][])
    created[key] = await createUser(db, { ...fields, organizationId: org.id });
  return { organization: org, users: created };
}

/** Creates an active category named `Category <n>` in `overrides.organizationId`. */
export async function createCategory(
  db: FactoryDb,
  overrides: Partial<Prisma.CategoryUncheckedCreateInput> & { organizationId: string },
): Promise<Category> {
  const n = next();
  return db.category.create({ data: { name: `Category ${n}`, ...overrides } });
}

/**
 * Response and resolution targets in minutes per priority: the common helpdesk defaults that the
 * demo data uses too (CRITICAL 15 min / 4 h … LOW 24 h / 5 days).
 */
export const DEFAULT_SLA_TARGETS = {
  CRITICAL: { firstResponseMinutes: 15, resolutionMinutes: 4 * 60 },
  URGENT: { firstResponseMinutes: 60, resolutionMinutes: 8 * 60 },
  HIGH: { firstResponseMinutes: 4 * 60, resolutionMinutes: 24 * 60 },
  MEDIUM: { firstResponseMinutes: 8 * 60, resolutionMinutes: 72 * 60 },
  LOW: { firstResponseMinutes: 24 * 60, resolutionMinutes: 120 * 60 },
} as const satisfies Record<
  TicketPriority,
  { firstResponseMinutes: number; resolutionMinutes: number }
>;

/**
 * Creates the organization's SLA policies, one per priority of `targets` (all five, with
 * DEFAULT_SLA_TARGETS, by default), 24/7, each with the condition of its priority.
 */
export async function createSlaPolicies(
  db: FactoryDb,
  organizationId: string,
  targets: Partial<
    Record<TicketPriority, { firstResponseMinutes: number; resolutionMinutes: number }>
  > = DEFAULT_SLA_TARGETS,
): Promise<SlaPolicy[]> {
  const policies: SlaPolicy[] = [];
  for (const [priority, target] of Object.entries(targets) as [
    TicketPriority,
    { firstResponseMinutes: number; resolutionMinutes: number },
  ][])
    policies.push(
      await db.slaPolicy.create({
        data: {
          organizationId,
          name: `${priority} priority`,
          position: 10 * (4 - TICKET_PRIORITIES.indexOf(priority)),
          conditions: { priorities: [priority] },
          ...target,
        },
      }),
    );
  return policies;
}

export type TicketOverrides = Partial<Prisma.TicketUncheckedCreateInput>;

/**
 * Creates a ticket with the organization's next number (the counter that `POST /api/tickets`
 * increments, so later API creates keep numbering gap-free), subject `Test ticket <n>`.
 * - Requester: `requesterId`'s user (its name, email and organization), else `requesterName`/
 *   `requesterEmail` as given, else a guest `Guest <n>` <`guest<n>@factory.test`>.
 * - Organization: `organizationId`, else the requester's.
 * - A RESOLVED ticket gets `resolvedAt`, a CLOSED one `resolvedAt` and `closedAt` (now), as the
 *   lifecycle sets them (docs/product.md "Ticket"), unless given.
 * @throws Error when neither `organizationId` nor `requesterId` is given.
 */
export async function createTicket(
  db: FactoryDb,
  overrides: TicketOverrides = {},
): Promise<Ticket> {
  const n = next();
  const requester = overrides.requesterId
    ? await db.user.findUniqueOrThrow({ where: { id: overrides.requesterId } })
    : null;
  const organizationId = overrides.organizationId ?? requester?.organizationId;
  if (!organizationId) throw new Error('createTicket: give organizationId or requesterId');
  const { ticketCounter } = await db.organization.update({
    where: { id: organizationId },
    data: { ticketCounter: { increment: 1 } },
    select: { ticketCounter: true },
  });
  const now = new Date();
  const status = overrides.status ?? 'NEW';
  return db.ticket.create({
    data: {
      subject: `Test ticket ${n}`,
      description: `Description of test ticket ${n}.`,
      requesterName: requester?.name ?? `Guest ${n}`,
      requesterEmail: requester?.email ?? `guest${n}@factory.test`,
      ...(status === 'RESOLVED' || status === 'CLOSED' ? { resolvedAt: now } : {}),
      ...(status === 'CLOSED' ? { closedAt: now } : {}),
      ...overrides,
      status,
      organizationId,
      number: overrides.number ?? ticketCounter,
    },
  });
}

/**
 * Creates a response on `overrides.ticketId`: public, content `Response <n>`, written by
 * `authorId`'s user (authorType CUSTOMER for a customer, else AGENT) or, without one, by the
 * ticket's requester (CUSTOMER). The ticket itself is not changed (no firstRespondedAt, version
 * or activity) but for what it keeps of its replies: the reply's words in its search vectors,
 * and the requester's last activity for a customer's reply.
 */
export async function createResponse(
  db: FactoryDb,
  overrides: Partial<Prisma.TicketResponseUncheckedCreateInput> & { ticketId: string },
): Promise<TicketResponse> {
  const n = next();
  const ticket = await db.ticket.findUniqueOrThrow({ where: { id: overrides.ticketId } });
  const authorId = overrides.authorId === undefined ? ticket.requesterId : overrides.authorId;
  const author = authorId ? await db.user.findUniqueOrThrow({ where: { id: authorId } }) : null;
  const response = await db.ticketResponse.create({
    data: {
      organizationId: ticket.organizationId,
      content: `Response ${n}`,
      isInternal: false,
      authorType: author && author.role !== 'CUSTOMER' ? 'AGENT' : 'CUSTOMER',
      authorName: author?.name ?? ticket.requesterName,
      authorEmail: author?.email ?? ticket.requesterEmail,
      ...overrides,
      authorId,
    },
  });
  // As a reply's own statement does: its words in the ticket's search vectors, and the
  // requester's last activity for a public reply from the customer's side.
  await recomputeSearchVectors(db, [ticket.id]);
  await recomputeCustomerActivity(db, [ticket.id]);
  return response;
}

/**
 * Creates an API key (role AGENT, name `Key <n>`) in `overrides.organizationId` and returns its
 * row with the secret `key` (`dk_<prefix>_<secret>`, lib/api-key.ts), to send as a bearer value.
 */
export async function createApiKey(
  db: FactoryDb,
  overrides: Partial<Omit<Prisma.ApiKeyUncheckedCreateInput, 'prefix' | 'keyHash'>> & {
    organizationId: string;
  },
): Promise<ApiKey & { key: string }> {
  const n = next();
  const { key, prefix, keyHash } = generateApiKey();
  const row = await db.apiKey.create({
    data: { name: `Key ${n}`, role: 'AGENT', ...overrides, prefix, keyHash },
  });
  return { ...row, key };
}

/**
 * An admin key and an agent key of `organizationId`, created by `createdById`: the secrets
 * (`Bearer <key>`) as `{ adminKey, agentKey }`.
 */
export async function createAdminAndAgentKeys(
  db: FactoryDb,
  organizationId: string,
  createdById: string,
): Promise<{ adminKey: string; agentKey: string }> {
  const key = async (role: 'ADMIN' | 'AGENT') =>
    (await createApiKey(db, { organizationId, name: `${role} key`, role, createdById })).key;
  return { adminKey: await key('ADMIN'), agentKey: await key('AGENT') };
}

/** A chat message as given to createChat; its time is the chat's, a millisecond apart in order. */
export type ChatMessageInput = Omit<
  Prisma.ChatMessageUncheckedCreateInput,
  'chatId' | 'id' | 'createdAt'
>;

/**
 * Creates an open chat in `overrides.organizationId` with customer `Chat customer <n>`
 * <`chat<n>@factory.test`>, and its `messages` (none by default) in the order given.
 */
export async function createChat(
  db: FactoryDb,
  overrides: Partial<Prisma.ChatUncheckedCreateInput> & {
    organizationId: string;
    messages?: ChatMessageInput[];
  },
): Promise<Chat> {
  const n = next();
  const { messages = [], ...fields } = overrides;
  const id = fields.id ?? randomUUID();
  const start = Date.now();
  const chat = await db.chat.create({
    data: {
      customerName: `Chat customer ${n}`,
      customerEmail: `chat${n}@factory.test`,
      ...fields,
      id,
    },
  });
  if (messages.length > 0)
    await db.chatMessage.createMany({
      data: messages.map((m, i) => ({ ...m, chatId: id, createdAt: new Date(start + i) })),
    });
  return chat;
}
