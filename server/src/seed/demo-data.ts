/**
 * Demo data for `pnpm start` and the tests (issue "Foundation"): two organizations, the demo
 * users, ~200 Acme tickets built from real support requests (Bitext customer-support sample,
 * CDLA-Sharing-1.0, server/data/bitext-customer-support/), with responses, internal notes and
 * activity consistent with each ticket's history, and a few chats.
 *
 * Idempotent: organizations and users are upserted by slug and email; tickets and chats are made
 * only for an organization that has none yet, so restarts never duplicate anything.
 * Deterministic: a seeded PRNG, so every fresh database gets the same demo tickets (dates are
 * relative to the seeding time).
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Prisma, PrismaClient } from '../lib/db.js';
import type { TicketPriority, TicketStatus } from '../lib/domain.js';
import { hashPassword } from '../lib/password.js';
import { replaySlaHistory } from '../modules/sla/index.js';
import { recomputeCustomerActivity, recomputeSearchVectors } from '../modules/tickets/index.js';

export const DEMO_PASSWORD = 'docket-demo';

export interface DemoLogin {
  email: string;
  role: 'ADMIN' | 'AGENT' | 'CUSTOMER';
  organization: string;
}

const ORGANIZATIONS = [
  {
    slug: 'acme',
    name: 'Acme Support',
    mailbox: { address: 'support@acme.test', displayName: 'Acme support' },
    users: [
      {
        email: 'admin@acme.test',
        name: 'Ada Admin',
        role: 'ADMIN',
        locale: 'en',
        timeZone: 'America/Toronto',
      },
      {
        email: 'agent@acme.test',
        name: 'Alex Agent',
        role: 'AGENT',
        locale: 'en',
        timeZone: 'America/Toronto',
      },
      {
        email: 'agent2@acme.test',
        name: 'Camille Tremblay',
        role: 'AGENT',
        locale: 'fr-CA',
        timeZone: 'America/Montreal',
      },
      {
        email: 'customer@acme.test',
        name: 'Casey Customer',
        role: 'CUSTOMER',
        locale: 'en',
        timeZone: 'America/Vancouver',
      },
      {
        email: 'customer2@acme.test',
        name: 'Élodie Gagnon',
        role: 'CUSTOMER',
        locale: 'fr-CA',
        timeZone: 'America/Montreal',
      },
    ],
  },
  {
    slug: 'globex',
    name: 'Globex',
    mailbox: { address: 'help@globex.test', displayName: 'Globex help' },
    users: [
      {
        email: 'admin@globex.test',
        name: 'Greta Globex',
        role: 'ADMIN',
        locale: 'en',
        timeZone: 'Europe/London',
      },
      {
        email: 'agent@globex.test',
        name: 'Gus Agent',
        role: 'AGENT',
        locale: 'en',
        timeZone: 'Europe/London',
      },
      {
        email: 'customer@globex.test',
        name: 'Gina Customer',
        role: 'CUSTOMER',
        locale: 'en',
        timeZone: 'Europe/Paris',
      },
    ],
  },
] as const;

/** Demo sign-ins, printed by `pnpm start` (every password is DEMO_PASSWORD). */
export const DEMO_LOGINS: DemoLogin[] = ORGANIZATIONS.flatMap((org) =>
  org.users.map((u) => ({ email: u.email, role: u.role, organization: org.name })),
);

const CATEGORY_NAMES: Record<string, string> = {
  ACCOUNT: 'Account',
  ORDER: 'Order',
  REFUND: 'Refund',
  PAYMENT: 'Payment',
  DELIVERY: 'Delivery',
  INVOICE: 'Invoice',
  CONTACT: 'Contact',
  SHIPPING_ADDRESS: 'Shipping address',
  FEEDBACK: 'Feedback',
  CANCELLATION_FEE: 'Cancellation fee',
  NEWSLETTER: 'Newsletter',
};

/**
 * First response, next response and resolution targets in minutes, per priority (a common
 * helpdesk default). Acme counts them in its business hours (Mon–Fri 09:00–17:00, Toronto: an
 * 8-hour day), the other organizations 24/7.
 */
const SLA: Record<TicketPriority, [number, number, number]> = {
  CRITICAL: [30, 30, 8 * 60],
  URGENT: [60, 60, 16 * 60],
  HIGH: [4 * 60, 4 * 60, 24 * 60],
  MEDIUM: [8 * 60, 8 * 60, 40 * 60],
  LOW: [16 * 60, 16 * 60, 80 * 60],
};

/** Acme's business hours: weekdays 09:00–17:00 in Toronto, and Christmas Day. */
const ACME_BUSINESS_HOURS = {
  name: 'Toronto office',
  timeZone: 'America/Toronto',
  intervals: ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({
    day,
    start: '09:00',
    end: '17:00',
  })),
  holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
};

const GUEST_NAMES = [
  'Maya Patel',
  'Jonas Becker',
  'Aiko Tanaka',
  'Liam O’Connor',
  'Sofia Rossi',
  'Noah Williams',
  'Fatima Al-Sayed',
  'Lucas Martin',
  'Chloé Dubois',
  'Mateo García',
  'Olivia Brown',
  'Ethan Nguyen',
  'Amara Okafor',
  'Henrik Larsen',
  'Zoe Chen',
  'Gabriel Silva',
  'Isabelle Roy',
  'Omar Haddad',
  'Hannah Schmidt',
  'Ravi Kumar',
  'Emma Johansson',
  'Daniel Cohen',
  'Léa Bouchard',
  'Samuel Mensah',
  'Priya Sharma',
  'Thomas Müller',
  'Nora Lindqvist',
  'Kenji Sato',
  'Ana Costa',
  'Felix Wagner',
];

const INTERNAL_NOTES = [
  'Checked the account in the back office: no duplicate charge on our side. Waiting for the bank reference.',
  'Customer has contacted us three times this month; handle with care and keep replies short.',
  'Escalated to the billing team in #billing; they confirmed the refund batch runs on Friday.',
  'Warehouse confirms the parcel left on time; the carrier is investigating the delay.',
  'Possible fraud flag on this order — do not change the shipping address until verified.',
  'Known issue with the checkout page this week (see incident report); reassure and offer a voucher.',
  'Verified identity with the last four digits of the card on file.',
];

const FOLLOW_UPS = [
  'Thanks for the quick answer. I tried that but it still does not work for me — any other idea?',
  'I followed the steps but I am still stuck. Could someone look at my account directly?',
  'Any update on this? It has been a few days.',
  'That helped, thank you! One more question: will I get a confirmation email?',
];

const CHATS = [
  {
    customerName: 'Maya Patel',
    customerEmail: 'maya.patel@example.com',
    escalated: true,
    intent: 'payment_issue',
  },
  {
    customerName: 'Jonas Becker',
    customerEmail: 'jonas.becker@example.com',
    escalated: false,
    intent: 'track_order',
  },
  {
    customerName: 'Aiko Tanaka',
    customerEmail: 'aiko.tanaka@example.com',
    escalated: false,
    intent: 'change_shipping_address',
  },
  {
    customerName: 'Casey Customer',
    customerEmail: 'customer@acme.test',
    escalated: false,
    intent: 'get_invoice',
  },
] as const;

interface Request {
  instruction: string;
  intent: string;
  category: string;
  entity_type: string;
  entity_value: string;
  response: string;
}

/** Reads the copied Bitext sample (server/data/bitext-customer-support). */
export function loadSupportRequests(repoRoot: string): Request[] {
  const file = path.join(
    repoRoot,
    'server',
    'data',
    'bitext-customer-support',
    'customer-support-requests.sample.csv',
  );
  return parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Request[];
}

/** mulberry32: a small deterministic PRNG, so the demo data is the same on every machine. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  function weighted<T extends string>(weights: Record<T, number>): T {
    const entries = Object.entries(weights) as [T, number][];
    let r = next() * entries.reduce((s, [, w]) => s + w, 0);
    for (const [value, w] of entries) {
      r -= w;
      if (r <= 0) return value;
    }
    return entries[entries.length - 1]![0];
  }
  return { next, int, pick, weighted };
}

const sentence = (s: string) => {
  const t = s
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/\s+([?.!,])/g, '$1');
  return t.charAt(0).toUpperCase() + t.slice(1);
};
const emailOf = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f’']/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '.')
    .replace(/^\.|\.$/g, '') + '@example.com';

/**
 * Creates the demo organizations, users, categories, SLA policies, tickets and chats if missing.
 * @returns what was created, for the start-up log.
 */
export async function seedDemoData(
  prisma: PrismaClient,
  options: { repoRoot: string; now?: Date; ticketCount?: number },
): Promise<{ createdUsers: number; createdTickets: number }> {
  const now = options.now ?? new Date();
  const requests = loadSupportRequests(options.repoRoot);
  let createdUsers = 0;
  let createdTickets = 0;

  for (const orgSpec of ORGANIZATIONS) {
    const org = await prisma.organization.upsert({
      where: { slug: orgSpec.slug },
      update: {},
      create: {
        slug: orgSpec.slug,
        name: orgSpec.name,
        settings: { timeZone: 'America/Toronto', locale: 'en' },
      },
    });
    const users = [];
    for (const u of orgSpec.users) {
      const existing = await prisma.user.findUnique({ where: { email: u.email } });
      if (existing) {
        users.push(existing);
        continue;
      }
      users.push(
        await prisma.user.create({
          data: { ...u, organizationId: org.id, passwordHash: await hashPassword(DEMO_PASSWORD) },
        }),
      );
      createdUsers++;
    }
    await prisma.category.createMany({
      data: Object.values(CATEGORY_NAMES).map((name) => ({ organizationId: org.id, name })),
      skipDuplicates: true,
    });
    await seedSlaPolicies(prisma, org.id, orgSpec.slug === 'acme');
    await seedRules(prisma, org.id);
    await seedGroups(prisma, org.id, users);

    // Its support address; the inbound secret is unknown (admins rotate it to get one).
    await prisma.mailbox.upsert({
      where: { address: orgSpec.mailbox.address },
      update: {},
      create: {
        organizationId: org.id,
        ...orgSpec.mailbox,
        inboundSecretHash: createHash('sha256').update(randomBytes(32)).digest('hex'),
      },
    });

    if (org.ticketCounter > 0) continue;
    const count = options.ticketCount ?? (orgSpec.slug === 'acme' ? 200 : 12);
    createdTickets += await seedTickets(prisma, {
      organizationId: org.id,
      users,
      requests,
      count,
      now,
      seed: orgSpec.slug === 'acme' ? 42 : 7,
      withChats: orgSpec.slug === 'acme',
    });
    // The demo tickets' SLA clocks, as if the `sla` subscriber had followed their history.
    await prisma.$transaction((tx) => replaySlaHistory(tx, org.id, now), SEED_TRANSACTION_OPTIONS);
    // Time in status (time-based rules): since each ticket's last status change in its history.
    await prisma.$executeRaw`UPDATE tickets t SET "statusChangedAt" = COALESCE(
        (SELECT max(a."createdAt") FROM ticket_activities a
          WHERE a."ticketId" = t.id AND a.type = 'STATUS_CHANGED'), t."createdAt")
      WHERE t."organizationId" = ${org.id}::uuid`;
  }
  return { createdUsers, createdTickets };
}

type SeedUser = { id: string; name: string; email: string; role: string };

/**
 * The organization's demo groups (docs/product.md "Groups and routing"), once: "Tier 1" with
 * every agent (capacity 10) and "Crisis line" with the first agent (skills `crisis`, `lang:fr`),
 * both routing by hand — an admin picks a mode in Admin → Groups; routed from the start, the demo
 * tickets made in a browser session would be taken by agents nobody is signed in as.
 */
async function seedGroups(
  prisma: PrismaClient,
  organizationId: string,
  users: readonly SeedUser[],
): Promise<void> {
  if (await prisma.group.count({ where: { organizationId } })) return;
  const agents = users.filter((u) => u.role === 'AGENT');
  if (!agents.length) return;
  await prisma.group.create({
    data: {
      organizationId,
      name: 'Tier 1',
      description: 'First line: every new ticket',
      members: { create: agents.map((a) => ({ userId: a.id, capacity: 10 })) },
    },
  });
  await prisma.group.create({
    data: {
      organizationId,
      name: 'Crisis line',
      description: 'Tickets that need immediate attention',
      routing: 'manual',
      skillRules: [{ tag: 'crisis', skills: ['crisis'] }],
      members: { create: [{ userId: agents[0]!.id, skills: ['crisis', 'lang:fr'] }] },
    },
  });
}

/**
 * The organization's demo rules (docs/product.md "Rules"), once, inactive: two time-based rules
 * ("Resolved for 4 days → Closed", "Waiting on customer for 3 days → reminder reply") and a
 * trigger ("Mail from @vip.test → Urgent"). An admin tries them with the dry run, then switches
 * them on: active from the start, the time-based ones would close and remind dozens of the demo
 * tickets within a minute of the first start, before anyone has looked at them.
 */
async function seedRules(prisma: PrismaClient, organizationId: string): Promise<void> {
  if (await prisma.rule.count({ where: { organizationId } })) return;
  const status = (value: string, hours: number) => ({
    all: [
      { field: 'ticket.status', operator: 'is', value },
      { field: 'ticket.hoursInStatus', operator: 'greater_than', value: hours },
    ],
    any: [],
  });
  await prisma.rule.createMany({
    data: [
      {
        organizationId,
        name: 'Resolved for 4 days → Closed',
        position: 0,
        active: false,
        event: 'schedule',
        conditions: status('RESOLVED', 96),
        actions: [{ type: 'set_status', value: 'CLOSED' }],
      },
      {
        organizationId,
        name: 'Waiting on customer for 3 days → reminder',
        position: 1,
        active: false,
        event: 'schedule',
        conditions: status('WAITING_ON_CUSTOMER', 72),
        actions: [
          {
            type: 'reply',
            content:
              'Hello {{ requester.firstName }}, we have not heard back from you about {{ ticket.reference }}. Is there anything else we can do? Just reply to this message.',
            isInternal: false,
          },
        ],
      },
      {
        organizationId,
        name: 'Mail from @vip.test → Urgent',
        position: 2,
        active: false,
        event: 'ticket.created',
        conditions: {
          all: [{ field: 'requester.domain', operator: 'is', value: 'vip.test' }],
          any: [],
        },
        actions: [
          { type: 'set_priority', value: 'URGENT' },
          { type: 'add_tags', value: ['vip'] },
        ],
      },
    ],
  });
}

/**
 * The organization's SLA policies, one per priority (most urgent first), in Acme's business
 * hours or 24/7; once (an organization that has policies keeps them).
 */
async function seedSlaPolicies(
  prisma: PrismaClient,
  organizationId: string,
  businessHours: boolean,
): Promise<void> {
  if (await prisma.slaPolicy.count({ where: { organizationId } })) return;
  const hours = businessHours
    ? await prisma.businessHours.create({ data: { organizationId, ...ACME_BUSINESS_HOURS } })
    : null;
  const priorities = Object.keys(SLA).reverse() as TicketPriority[];
  await prisma.slaPolicy.createMany({
    data: (Object.entries(SLA) as [TicketPriority, [number, number, number]][]).map(
      ([priority, [first, next, resolution]]) => ({
        organizationId,
        name: `${priority.charAt(0)}${priority.slice(1).toLowerCase()} priority`,
        position: 10 * (priorities.length - 1 - priorities.indexOf(priority)),
        conditions: { priorities: [priority] },
        businessHoursId: hours?.id ?? null,
        firstResponseMinutes: first,
        nextResponseMinutes: next,
        resolutionMinutes: resolution,
        // Urgent work escalates: a breach raises the priority one step and tags the ticket.
        escalation: {
          raisePriority: priority === 'CRITICAL' ? null : 'one_step',
          addTag: 'sla-breached',
          notify: true,
        },
        holdNotificationsUntilOpen: businessHours,
      }),
    ),
  });
}

/**
 * The organization's tickets, responses, activity and chats are written in one transaction
 * (all or nothing). Prisma's default 5 s limit is for requests; on a loaded machine (CI, tests
 * running in parallel) writing 200 tickets with their history can take longer.
 */
const SEED_TRANSACTION_OPTIONS = { timeout: 60_000, maxWait: 30_000 } as const;

async function seedTickets(
  prisma: PrismaClient,
  o: {
    organizationId: string;
    users: SeedUser[];
    requests: Request[];
    count: number;
    now: Date;
    seed: number;
    withChats: boolean;
  },
): Promise<number> {
  const rnd = prng(o.seed);
  const staff = o.users.filter((u) => u.role !== 'CUSTOMER');
  const agents = staff.filter((u) => u.role === 'AGENT');
  const customers = o.users.filter((u) => u.role === 'CUSTOMER');
  const categories = await prisma.category.findMany({
    where: { organizationId: o.organizationId },
  });
  const categoryId = (name: string) => categories.find((c) => c.name === name)?.id ?? null;
  const byIntent = new Map<string, Request[]>();
  for (const r of o.requests) byIntent.set(r.intent, [...(byIntent.get(r.intent) ?? []), r]);

  const tickets: Prisma.TicketCreateManyInput[] = [];
  const responses: Prisma.TicketResponseCreateManyInput[] = [];
  const activities: Prisma.TicketActivityCreateManyInput[] = [];
  const minute = 60_000;
  const day = 24 * 60 * minute;

  // Oldest first, so that ticket numbers increase with creation time.
  const ages = Array.from({ length: o.count }, () => rnd.next() * 90 * day).sort((a, b) => b - a);
  ages.forEach((age, index) => {
    const request = o.requests[Math.floor(rnd.next() * o.requests.length)]!;
    const id = crypto.randomUUID();
    const createdAt = new Date(o.now.getTime() - age);
    const ageDays = age / day;
    const roll = rnd.next();
    const requester =
      roll < 0.1 ? customers[0]! : roll < 0.16 && customers[1] ? customers[1] : null;
    const guestName = rnd.pick(GUEST_NAMES);
    const requesterName = requester?.name ?? guestName;
    const requesterEmail = requester?.email ?? emailOf(guestName);

    // Older tickets are mostly solved or waiting on someone: a team working its queue leaves
    // few tickets unanswered for days (and the demo's SLA clocks then look like a real desk's).
    const status: TicketStatus =
      ageDays > 30
        ? rnd.weighted({
            CLOSED: 60,
            RESOLVED: 30,
            WAITING_ON_CUSTOMER: 6,
            ON_HOLD: 4,
          })
        : ageDays > 7
          ? rnd.weighted({
              CLOSED: 35,
              RESOLVED: 40,
              IN_PROGRESS: 2,
              WAITING_ON_CUSTOMER: 16,
              ON_HOLD: 7,
            })
          : ageDays > 1.5
            ? rnd.weighted({
                NEW: 4,
                OPEN: 4,
                IN_PROGRESS: 40,
                WAITING_ON_CUSTOMER: 27,
                RESOLVED: 25,
              })
            : rnd.weighted({
                NEW: 35,
                OPEN: 30,
                IN_PROGRESS: 25,
                WAITING_ON_CUSTOMER: 5,
                RESOLVED: 5,
              });
    const priority: TicketPriority = rnd.weighted({
      LOW: 20,
      MEDIUM: 45,
      HIGH: 20,
      URGENT: 10,
      CRITICAL: 5,
    });
    const assignee =
      status === 'NEW' ? null : rnd.next() < 0.85 ? rnd.pick(agents) : rnd.pick(staff);

    // The history, step by step: each step is an activity row at a time after the previous one.
    let t = createdAt.getTime();
    // Each step moves time forward, by at most a third of what is left until now, so that a
    // recent ticket's history stays in the past and in order.
    const later = (minMinutes: number, maxMinutes: number) => {
      const room = (o.now.getTime() - t) / 3;
      t += Math.max(1000, Math.min(rnd.int(minMinutes, maxMinutes) * minute, room));
      return new Date(t);
    };
    const requesterActor = requester
      ? { actorType: 'user' as const, actorId: requester.id, actorName: requester.name }
      : { actorType: 'system' as const, actorId: null, actorName: 'Docket' };
    const agentActor = assignee
      ? { actorType: 'user' as const, actorId: assignee.id, actorName: assignee.name }
      : requesterActor;
    let changes = 0;
    const activity = (
      a: Omit<Prisma.TicketActivityCreateManyInput, 'organizationId' | 'ticketId'>,
    ) => {
      changes++;
      activities.push({ organizationId: o.organizationId, ticketId: id, ...a });
    };
    const respond = (
      r: Omit<Prisma.TicketResponseCreateManyInput, 'organizationId' | 'ticketId'>,
    ) => responses.push({ organizationId: o.organizationId, ticketId: id, ...r });

    const subject = sentence(request.instruction).slice(0, 200);
    const entity = request.entity_value
      ? `\n\n${sentence(request.entity_type.replace(/_/g, ' '))}: ${request.entity_value}`
      : '';
    const description = `Hello,\n\n${sentence(request.instruction)}${entity}\n\nThanks,\n${requesterName}`;
    const channel = requester ? 'portal' : rnd.weighted({ web: 3, email: 4, api: 2, chat: 1 });
    activity({
      ...requesterActor,
      type: 'CREATED',
      after: {
        subject,
        status: 'NEW',
        priority,
        category: CATEGORY_NAMES[request.category],
        channel,
      },
      createdAt,
    });

    let currentStatus: TicketStatus = 'NEW';
    const moveTo = (next: TicketStatus, at: Date, reason?: string) => {
      if (next === currentStatus) return;
      activity({
        ...agentActor,
        type: 'STATUS_CHANGED',
        before: { status: currentStatus },
        after: { status: next },
        reason: reason ?? null,
        createdAt: at,
      });
      currentStatus = next;
    };
    let firstRespondedAt: Date | null = null;
    let resolvedAt: Date | null = null;
    let closedAt: Date | null = null;

    if (assignee) {
      const at = later(2, 240);
      const claimed = rnd.next() < 0.5;
      activity({
        ...agentActor,
        type: claimed ? 'CLAIMED' : 'ASSIGNED',
        before: { assignee: null },
        after: { assignee: { id: assignee.id, name: assignee.name } },
        isInternal: true,
        createdAt: at,
      });
      moveTo('OPEN', at);
    }
    if (status !== 'NEW' && status !== 'OPEN' && assignee) {
      if (rnd.next() < 0.3) {
        const at = later(5, 120);
        const note = rnd.pick(INTERNAL_NOTES);
        respond({
          content: note,
          isInternal: true,
          authorType: 'AGENT',
          authorId: assignee.id,
          authorName: assignee.name,
          authorEmail: assignee.email,
          createdAt: at,
        });
        activity({ ...agentActor, type: 'INTERNAL_NOTE_ADDED', isInternal: true, createdAt: at });
      }
      const at = later(10, 600);
      respond({
        content: request.response,
        isInternal: false,
        authorType: 'AGENT',
        authorId: assignee.id,
        authorName: assignee.name,
        authorEmail: assignee.email,
        createdAt: at,
      });
      activity({ ...agentActor, type: 'RESPONSE_ADDED', createdAt: at });
      firstRespondedAt = at;
      moveTo('IN_PROGRESS', at);

      if (rnd.next() < 0.35) {
        const back = later(60, 1440);
        const followUp =
          rnd.next() < 0.6
            ? rnd.pick(FOLLOW_UPS)
            : sentence(rnd.pick(byIntent.get(request.intent) ?? [request]).instruction);
        respond({
          content: followUp,
          isInternal: false,
          authorType: 'CUSTOMER',
          authorId: requester?.id ?? null,
          authorName: requesterName,
          authorEmail: requesterEmail,
          createdAt: back,
        });
        activity({ ...requesterActor, type: 'RESPONSE_ADDED', createdAt: back });
        const answer = later(15, 480);
        respond({
          content: rnd.pick(byIntent.get(request.intent) ?? [request]).response,
          isInternal: false,
          authorType: 'AGENT',
          authorId: assignee.id,
          authorName: assignee.name,
          authorEmail: assignee.email,
          createdAt: answer,
        });
        activity({ ...agentActor, type: 'RESPONSE_ADDED', createdAt: answer });
      }
      if (status === 'WAITING_ON_CUSTOMER' || status === 'ON_HOLD') {
        moveTo(
          status,
          later(1, 30),
          status === 'ON_HOLD' ? 'Waiting for the billing team' : 'Asked the requester for details',
        );
      }
      if (status === 'RESOLVED' || status === 'CLOSED') {
        resolvedAt = later(30, 2880);
        moveTo('RESOLVED', resolvedAt);
      }
      if (status === 'CLOSED') {
        closedAt = later(1440, 4320);
        activity({
          actorType: 'system',
          actorId: null,
          actorName: 'Docket',
          type: 'STATUS_CHANGED',
          before: { status: 'RESOLVED' },
          after: { status: 'CLOSED' },
          reason: 'Closed automatically 3 days after resolution',
          createdAt: closedAt,
        });
        currentStatus = 'CLOSED';
      }
    }
    if (status === 'IN_PROGRESS' && !assignee) moveTo('OPEN', later(5, 60));

    const tags = [request.intent];
    if (priority === 'CRITICAL' || priority === 'URGENT') tags.push('escalated');
    if (rnd.next() < 0.1) tags.push('vip');
    tickets.push({
      id,
      organizationId: o.organizationId,
      number: index + 1,
      subject,
      description,
      status: currentStatus,
      priority,
      categoryId: categoryId(CATEGORY_NAMES[request.category] ?? ''),
      tags,
      channel,
      requesterId: requester?.id ?? null,
      requesterName,
      requesterEmail,
      assigneeId: assignee?.id ?? null,
      externalRefs: request.entity_type === 'order_id' ? { orderId: request.entity_value } : {},
      firstRespondedAt,
      resolvedAt,
      closedAt,
      createdAt,
      updatedAt: new Date(Math.max(t, createdAt.getTime())),
      // Every change after creation bumped the version once.
      version: changes,
    });
  });

  await prisma.$transaction(async (tx) => {
    await tx.ticket.createMany({ data: tickets });
    await tx.ticketResponse.createMany({ data: responses });
    // Replies inserted in bulk: what their tickets keep of them is computed here (a reply's own
    // statement writes it otherwise; tickets/ticket-replies.repository.ts).
    const ticketIds = tickets.map((ticket) => ticket.id!);
    await recomputeSearchVectors(tx, ticketIds);
    await recomputeCustomerActivity(tx, ticketIds);
    await tx.ticketActivity.createMany({ data: activities });
    await tx.organization.update({
      where: { id: o.organizationId },
      data: { ticketCounter: tickets.length },
    });
    if (!o.withChats) return;
    for (const [i, spec] of CHATS.entries()) {
      const pool = byIntent.get(spec.intent) ?? o.requests;
      const start = o.now.getTime() - (i + 1) * 3 * 3600_000;
      const first = pool[0]!;
      const second = pool[1] ?? first;
      const agent = agents[i % agents.length]!;
      await tx.chat.create({
        data: {
          organizationId: o.organizationId,
          customerName: spec.customerName,
          customerEmail: spec.customerEmail,
          escalated: spec.escalated,
          agentId: spec.escalated ? agent.id : null,
          createdAt: new Date(start),
          messages: {
            create: [
              {
                senderType: 'bot',
                senderName: 'Acme Assistant',
                content: 'Hi! I am the Acme assistant. How can I help you today?',
                createdAt: new Date(start),
              },
              {
                senderType: 'customer',
                senderName: spec.customerName,
                content: sentence(first.instruction),
                createdAt: new Date(start + 40_000),
              },
              {
                senderType: 'bot',
                senderName: 'Acme Assistant',
                content: first.response,
                createdAt: new Date(start + 45_000),
              },
              {
                senderType: 'customer',
                senderName: spec.customerName,
                content: sentence(second.instruction),
                createdAt: new Date(start + 120_000),
              },
              ...(spec.escalated
                ? [
                    {
                      senderType: 'bot' as const,
                      senderName: 'Acme Assistant',
                      content: 'Let me bring in a member of our team.',
                      createdAt: new Date(start + 125_000),
                    },
                    {
                      senderType: 'agent' as const,
                      senderId: agent.id,
                      senderName: agent.name,
                      content: `Hi ${spec.customerName.split(' ')[0]}, I am ${agent.name}. I am looking into this for you now.`,
                      createdAt: new Date(start + 300_000),
                    },
                    {
                      senderType: 'customer' as const,
                      senderName: spec.customerName,
                      content: 'Thank you. This is really urgent, I was charged twice.',
                      createdAt: new Date(start + 360_000),
                    },
                  ]
                : []),
            ],
          },
        },
      });
    }
  }, SEED_TRANSACTION_OPTIONS);
  return tickets.length;
}
