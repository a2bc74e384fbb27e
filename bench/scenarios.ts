/**
 * The thirteen scenarios of the benchmark (issue "Benchmark at a million tickets", "Scenarios"), each
 * as the request Docket answers and the request the bare baseline answers (for the reads, with the
 * same query string and Docket's SQL; baseline-server.ts).
 * All of them act in the big organization, as one of its agents.
 *
 * Requests that vary (which ticket, which body) draw from a seeded generator, so Docket and the
 * baseline see the same sequence.
 */

/** What the scenarios need from the data set; run.ts reads it from the database before the load. */
export interface ScenarioContext {
  /** Ticket numbers of the big organization to fetch (scenario `get`), spread over 3 years. */
  ticketNumbers: number[];
  /** Ids of unsolved tickets of the big organization to answer (scenario `response`). */
  openTicketIds: string[];
  /** Unsolved tickets of the big organization and their status (scenario `status`). */
  statusTickets: { id: string; status: string }[];
  /** Unsolved tickets with their number and requester's email (scenario `inbound`). */
  inboundTickets: { number: number; requesterEmail: string }[];
  /** The big organization's benchmark mailbox: its address and HTTP Basic credentials. */
  mailbox: { address: string; authorization: string };
  /** Requesters of the big organization (scenario `create`). */
  requesters: { name: string; email: string }[];
  /** The deep page: its depth in rows, and Docket's cursor for the row just before it. */
  deep: { depth: number; cursor: string };
  selectivePhrase: string;
  commonWord: string;
}

/** One HTTP request of a scenario: a fixed one, or one made afresh for each request. */
export interface ScenarioRequest {
  method: 'GET' | 'POST' | 'PATCH';
  /** Path and query, or a function giving the next one. */
  path: string | (() => string);
  /** JSON body (made afresh for each request, after `path`) for POST and PATCH. */
  body?: () => unknown;
  /** Another content type than JSON (the body is then the text to send). */
  contentType?: string;
  /** Headers of this scenario's requests (they replace the run's, e.g. its Authorization). */
  headers?: Record<string, string>;
  /** How the request is described in the results ("GET /api/tickets?…"). */
  describe: string;
}

export interface Scenario {
  id: string;
  title: string;
  /** Writes rows: run after the reads so that they do not change what the reads see. */
  writes: boolean;
  /** Concurrent connections; `null` means the run's `--connections`. */
  connections: number | null;
  docket(ctx: ScenarioContext): ScenarioRequest;
  baseline(ctx: ScenarioContext): ScenarioRequest;
}

/** The statuses of an unsolved ticket: the default list shows these ("open tickets"). */
export const OPEN_STATUSES = ['NEW', 'OPEN', 'IN_PROGRESS', 'WAITING_ON_CUSTOMER', 'ON_HOLD'];

/** A small seeded generator (mulberry32): the same sequence for Docket and for the baseline. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A function returning a random element of `items` at each call, from seed `seed`. */
function drawFrom<T>(items: readonly T[], seed: number): () => T {
  if (items.length === 0) throw new Error('nothing to draw from');
  const random = seededRandom(seed);
  return () => items[Math.floor(random() * items.length)] as T;
}

const reference = (n: number) => `TKT-${String(n).padStart(5, '0')}`;
const openList = `status=${OPEN_STATUSES.join(',')}&sortBy=updatedAt&sortOrder=desc&limit=25`;
/** The SLA order of the list (docs/api.md `sortBy=slaDueAt`): soonest due first, none last. */
const slaOrder = 'sortBy=slaDueAt&sortOrder=asc&limit=25';

/** A ticket as an integrator or an agent would create it, with a varied subject. */
function newTicketBody(ctx: ScenarioContext, seed: number): () => Record<string, string> {
  const random = seededRandom(seed);
  const requester = drawFrom(ctx.requesters, seed + 1);
  let count = 0;
  return () => {
    count += 1;
    const who = requester();
    return {
      subject: `Blender arrived broken, parcel ${Math.floor(random() * 1e9)}`,
      description: `The blender I ordered arrived with a cracked jar (bench request ${count}). Please send a replacement or refund me.`,
      priority: 'HIGH',
      requesterName: who.name,
      requesterEmail: who.email,
    };
  };
}

/**
 * The status changes of scenario `status`: each request moves a random ticket of the pool between
 * IN_PROGRESS and ON_HOLD (always a real transition, never a no-op), from the status it has now.
 * `path` draws the ticket and `body` names its next status (load.ts calls them in that order).
 * One map per server, kept across the warm-up and the measured run.
 */
function statusChanges(ctx: ScenarioContext, statuses: Map<string, string>, prefix: string) {
  const next = drawFrom(ctx.statusTickets, 9);
  let target = 'IN_PROGRESS';
  return {
    path: () => {
      const ticket = next();
      const current = statuses.get(ticket.id) ?? ticket.status;
      target = current === 'IN_PROGRESS' ? 'ON_HOLD' : 'IN_PROGRESS';
      statuses.set(ticket.id, target);
      return `${prefix}/${ticket.id}`;
    },
    body: () => ({ status: target }),
  };
}
const docketStatuses = new Map<string, string>();
const baselineStatuses = new Map<string, string>();

/**
 * Replies by mail, as a mail client writes them: from a ticket's requester, `Re: [TKT-…]`, the
 * new text above a quoted original, a fresh Message-ID each (else they would be duplicates).
 */
function inboundMails(ctx: ScenarioContext, seed: number): () => string {
  const next = drawFrom(ctx.inboundTickets, seed);
  let count = 0;
  return () => {
    count += 1;
    const ticket = next();
    return [
      `From: ${ticket.requesterEmail}`,
      `To: ${ctx.mailbox.address}`,
      `Subject: Re: [${reference(ticket.number)}] My order`,
      `Message-ID: <bench-${count}-${Date.now()}-${Math.floor(Math.random() * 1e9)}@client.example>`,
      'Date: Thu, 03 Dec 2026 08:00:00 +0000',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Thanks, the replacement arrived today and works.',
      '',
      'On Wed, 2 Dec 2026 at 10:00, Support <support@example.test> wrote:',
      '> The replacement has shipped and should arrive within 3 business days.',
      '',
    ].join('\r\n');
  };
}

const replyBody = () => ({
  content:
    'Thanks for your patience: the replacement has shipped and should arrive within 3 business days.',
});

export const SCENARIOS: Scenario[] = [
  {
    id: 'get',
    title: 'Get one ticket by reference',
    writes: false,
    connections: null,
    docket: (ctx) => {
      const next = drawFrom(ctx.ticketNumbers, 1);
      return {
        method: 'GET',
        path: () => `/api/tickets/${reference(next())}`,
        describe: 'GET /api/tickets/TKT-… (random reference)',
      };
    },
    baseline: (ctx) => {
      const next = drawFrom(ctx.ticketNumbers, 1);
      return {
        method: 'GET',
        path: () => `/tickets/${next()}`,
        describe: 'GET /tickets/:number',
      };
    },
  },
  {
    id: 'list',
    title: 'List, first page (open tickets by updated, 25)',
    writes: false,
    connections: null,
    docket: () => ({
      method: 'GET',
      path: `/api/tickets?${openList}`,
      describe: `GET /api/tickets?${openList}`,
    }),
    baseline: () => ({
      method: 'GET',
      path: `/tickets?${openList}`,
      describe: `GET /tickets?${openList}`,
    }),
  },
  {
    id: 'deep',
    title: 'List, a page 10,000 rows deep (cursor vs OFFSET)',
    writes: false,
    connections: null,
    docket: (ctx) => ({
      method: 'GET',
      path: `/api/tickets?${openList}&cursor=${ctx.deep.cursor}`,
      describe: `GET /api/tickets?${openList}&cursor=<row ${ctx.deep.depth}>`,
    }),
    baseline: (ctx) => ({
      method: 'GET',
      path: `/tickets?${openList}&offset=${ctx.deep.depth}`,
      describe: `GET /tickets?${openList}&offset=${ctx.deep.depth}`,
    }),
  },
  {
    id: 'search-selective',
    title: 'Full-text search, selective phrase',
    writes: false,
    connections: null,
    docket: (ctx) => ({
      method: 'GET',
      path: `/api/tickets?q=${encodeURIComponent(ctx.selectivePhrase)}&limit=25`,
      describe: `GET /api/tickets?q=${ctx.selectivePhrase}&limit=25`,
    }),
    baseline: (ctx) => ({
      method: 'GET',
      path: `/tickets?q=${encodeURIComponent(ctx.selectivePhrase)}&limit=25`,
      describe: `GET /tickets?q=${ctx.selectivePhrase}&limit=25`,
    }),
  },
  {
    id: 'search-common',
    title: 'Full-text search, common word',
    writes: false,
    connections: null,
    docket: (ctx) => ({
      method: 'GET',
      path: `/api/tickets?q=${encodeURIComponent(ctx.commonWord)}&limit=25`,
      describe: `GET /api/tickets?q=${ctx.commonWord}&limit=25`,
    }),
    baseline: (ctx) => ({
      method: 'GET',
      path: `/tickets?q=${encodeURIComponent(ctx.commonWord)}&limit=25`,
      describe: `GET /tickets?q=${ctx.commonWord}&limit=25`,
    }),
  },
  {
    id: 'filtered',
    title: 'Filtered list (URGENT+CRITICAL, unassigned)',
    writes: false,
    connections: null,
    docket: () => ({
      method: 'GET',
      path: '/api/tickets?priority=URGENT,CRITICAL&assigneeId=none&limit=25',
      describe: 'GET /api/tickets?priority=URGENT,CRITICAL&assigneeId=none&limit=25',
    }),
    baseline: () => ({
      method: 'GET',
      path: '/tickets?priority=URGENT,CRITICAL&assigneeId=none&limit=25',
      describe: 'GET /tickets?priority=URGENT,CRITICAL&assigneeId=none&limit=25',
    }),
  },
  {
    id: 'sla-sorted',
    title: 'List sorted by SLA due (open tickets)',
    writes: false,
    connections: null,
    docket: () => ({
      method: 'GET',
      path: `/api/tickets?status=${OPEN_STATUSES.join(',')}&${slaOrder}`,
      describe: `GET /api/tickets?status=${OPEN_STATUSES.join(',')}&${slaOrder}`,
    }),
    baseline: () => ({
      method: 'GET',
      path: `/tickets?status=${OPEN_STATUSES.join(',')}&${slaOrder}`,
      describe: `GET /tickets?status=${OPEN_STATUSES.join(',')}&${slaOrder}`,
    }),
  },
  {
    id: 'breached',
    title: 'Breached view',
    writes: false,
    connections: null,
    docket: () => ({
      method: 'GET',
      path: `/api/tickets?sla=breached&${slaOrder}`,
      describe: `GET /api/tickets?sla=breached&${slaOrder}`,
    }),
    baseline: () => ({
      method: 'GET',
      path: `/tickets?sla=breached&${slaOrder}`,
      describe: `GET /tickets?sla=breached&${slaOrder}`,
    }),
  },
  {
    id: 'views',
    title: 'Views with counts (5 built-in views, capped at 1000)',
    writes: false,
    connections: null,
    docket: () => ({
      method: 'GET',
      path: '/api/saved-views/counts',
      describe: 'GET /api/saved-views/counts',
    }),
    baseline: () => ({
      method: 'GET',
      path: '/views/counts',
      describe: 'GET /views/counts (the five capped counts, one UNION ALL)',
    }),
  },
  {
    id: 'create',
    title: 'Create a ticket (20 connections)',
    writes: true,
    connections: 20,
    docket: (ctx) => ({
      method: 'POST',
      path: '/api/tickets',
      body: newTicketBody(ctx, 7),
      describe: 'POST /api/tickets {subject, description, priority, requesterName, requesterEmail}',
    }),
    baseline: (ctx) => ({
      method: 'POST',
      path: '/tickets',
      body: newTicketBody(ctx, 7),
      describe: 'POST /tickets (same body)',
    }),
  },
  {
    id: 'response',
    title: 'Add a response',
    writes: true,
    connections: null,
    docket: (ctx) => {
      const next = drawFrom(ctx.openTicketIds, 8);
      return {
        method: 'POST',
        path: () => `/api/tickets/${next()}/responses`,
        body: replyBody,
        describe: 'POST /api/tickets/:id/responses {content} (random unsolved ticket)',
      };
    },
    baseline: (ctx) => {
      const next = drawFrom(ctx.openTicketIds, 8);
      return {
        method: 'POST',
        path: () => `/tickets/${next()}/responses`,
        body: replyBody,
        describe: 'POST /tickets/:id/responses {content}',
      };
    },
  },
  {
    id: 'status',
    title: 'Change a status',
    writes: true,
    connections: null,
    docket: (ctx) => ({
      method: 'PATCH',
      ...statusChanges(ctx, docketStatuses, '/api/tickets'),
      describe: 'PATCH /api/tickets/:id {status} (IN_PROGRESS ↔ ON_HOLD, random unsolved ticket)',
    }),
    baseline: (ctx) => ({
      method: 'PATCH',
      ...statusChanges(ctx, baselineStatuses, '/tickets'),
      describe: 'PATCH /tickets/:id {status}',
    }),
  },
  {
    id: 'inbound',
    title: 'Inbound email reply',
    writes: true,
    connections: null,
    docket: (ctx) => ({
      method: 'POST',
      path: '/api/inbound/email',
      body: inboundMails(ctx, 10),
      contentType: 'message/rfc822',
      headers: { authorization: ctx.mailbox.authorization },
      describe: 'POST /api/inbound/email (message/rfc822: a requester’s reply, [TKT-…] subject)',
    }),
    // The bare baseline has no mail parser: beside it, the reply it stands for.
    baseline: (ctx) => {
      const next = drawFrom(ctx.openTicketIds, 10);
      return {
        method: 'POST',
        path: () => `/tickets/${next()}/responses`,
        body: replyBody,
        describe: 'POST /tickets/:id/responses {content} (the reply the mail makes)',
      };
    },
  },
];
