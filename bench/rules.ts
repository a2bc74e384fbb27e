/**
 * Automation rules in the benchmark (docs/product.md "Rules"): the write scenarios again with 20
 * active rules in the big organization, to compare with the same scenarios without rules in the
 * same run, and what the `rules` outbox subscriber did meanwhile — events handled per second and
 * how far behind it was when the load stopped (server/src/modules/rules/rule-subscriber.ts).
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';

/** How many rules the phase installs. */
export const BENCH_RULE_COUNT = 20;

const FIVE_YEARS_HOURS = 5 * 365 * 24;

const all = (...conditions: object[]) => ({ all: conditions, any: [] });
const is = (field: string, value: unknown) => ({ field, operator: 'is', value });

/**
 * Twenty active rules of the kinds a support team keeps: triggers on creation, updates and
 * replies, most of which match few tickets (as in practice), one that matches and writes on
 * every new ticket of the create scenario (all HIGH), and two time-based rules. The replies of the response scenario are
 * to generated tickets, which later runs keep: no rule that matches them writes. The time-based
 * rules' thresholds (5 years) are past every generated ticket's, so that a run does not close
 * the data set's resolved tickets: their scans run, their changes do not.
 */
function benchRules(): { name: string; event: string; conditions: object; actions: object[] }[] {
  const rules: { name: string; event: string; conditions: object; actions: object[] }[] = [];
  for (let i = 0; i < 8; i++) {
    rules.push({
      name: `Bench: mail from domain ${i} → high`,
      event: 'ticket.created',
      conditions: all({ field: 'requester.domain', operator: 'is', value: `bench-${i}.test` }),
      actions: [
        { type: 'set_priority', value: 'HIGH' },
        { type: 'add_tags', value: [`domain-${i}`] },
      ],
    });
  }
  rules.push({
    name: 'Bench: high priority on creation → tag',
    event: 'ticket.created',
    conditions: all(is('ticket.priority', 'HIGH')),
    actions: [{ type: 'add_tags', value: ['high-intake'] }],
  });
  rules.push({
    name: 'Bench: subject mentions refund → tag',
    event: 'ticket.created',
    conditions: all({ field: 'ticket.subject', operator: 'contains', value: 'refund' }),
    actions: [{ type: 'add_tags', value: ['refund'] }],
  });
  for (let i = 0; i < 4; i++) {
    rules.push({
      name: `Bench: customer reply with keyword ${i} → tag`,
      event: 'ticket.response_added',
      conditions: all(
        { field: 'response.authorType', operator: 'in', value: ['CUSTOMER', 'EMAIL'] },
        { field: 'response.content', operator: 'contains', value: `keyword-${i}` },
      ),
      actions: [{ type: 'add_tags', value: [`keyword-${i}`] }],
    });
  }
  rules.push({
    name: 'Bench: agent promised a call back → note',
    event: 'ticket.response_added',
    conditions: all(
      { field: 'response.authorType', operator: 'is', value: 'AGENT' },
      { field: 'response.content', operator: 'contains', value: 'call you back' },
    ),
    actions: [{ type: 'reply', content: 'Call back promised.', isInternal: true }],
  });
  rules.push({
    name: 'Bench: chat tickets in Billing → tag',
    event: 'ticket.created',
    conditions: all(is('ticket.channel', 'chat'), is('ticket.category', 'Billing')),
    actions: [{ type: 'add_tags', value: ['chat-billing'] }],
  });
  for (const priority of ['URGENT', 'CRITICAL']) {
    rules.push({
      name: `Bench: priority changed to ${priority} → tag`,
      event: 'ticket.updated',
      conditions: all({ field: 'ticket.priority', operator: 'changed_to', value: priority }),
      actions: [{ type: 'add_tags', value: [`escalated-${priority.toLowerCase()}`] }],
    });
  }
  rules.push({
    name: 'Bench: resolved for 5 years → closed',
    event: 'schedule',
    conditions: all(is('ticket.status', 'RESOLVED'), {
      field: 'ticket.hoursInStatus',
      operator: 'greater_than',
      value: FIVE_YEARS_HOURS,
    }),
    actions: [{ type: 'set_status', value: 'CLOSED' }],
  });
  rules.push({
    name: 'Bench: waiting on customer for 5 years → reminder',
    event: 'schedule',
    conditions: all(is('ticket.status', 'WAITING_ON_CUSTOMER'), {
      field: 'ticket.hoursInStatus',
      operator: 'greater_than',
      value: FIVE_YEARS_HOURS,
    }),
    actions: [
      { type: 'reply', content: 'Any news, {{ requester.firstName }}?', isInternal: false },
    ],
  });
  return rules.slice(0, BENCH_RULE_COUNT);
}

/** Installs the twenty rules, active, in organization `organizationId`. @returns how many. */
export async function installBenchRules(db: pg.Client, organizationId: string): Promise<number> {
  await removeBenchRules(db, organizationId);
  const rules = benchRules();
  for (const [position, rule] of rules.entries()) {
    await db.query(
      `INSERT INTO rules (id, "organizationId", name, position, active, event, conditions, actions, "updatedAt")
       VALUES ($1, $2, $3, $4, true, $5, $6, $7, now())`,
      [
        randomUUID(),
        organizationId,
        rule.name,
        position,
        rule.event,
        JSON.stringify(rule.conditions),
        JSON.stringify(rule.actions),
      ],
    );
  }
  return rules.length;
}

/** Deletes every rule of organization `organizationId` (their markers go with them). */
export async function removeBenchRules(db: pg.Client, organizationId: string): Promise<void> {
  await db.query(`DELETE FROM rules WHERE "organizationId" = $1`, [organizationId]);
}

/** What the `rules` subscriber did with the events of a measured load. */
export interface RuleSubscriberCost {
  /** Its rows (one per ticket event) created since the load started. */
  events: number;
  /** Of those, still waiting when the load stopped, and the oldest one's age then (ms). */
  pendingAtEnd: number;
  lagAtEndMs: number;
  /** Time from the end of the load until none was waiting (ms); null when it did not catch up in 5 minutes. */
  catchUpMs: number | null;
  /** Rows handled per second, from the first row's creation to the last one's handling. */
  eventsPerSecond: number | null;
  /** Rule runs written (rules that matched) and rows FAILED. */
  ruleRuns: number;
  failed: number;
}

/**
 * The `rules` subscriber's work on the events written since `since` (the start of a load that
 * just ended): how far behind it is now, then waits until it caught up.
 */
export async function measureRuleSubscriber(
  db: pg.Client,
  since: Date,
): Promise<RuleSubscriberCost> {
  const pending = async () =>
    (
      await db.query<{ n: string; oldest: Date | null }>(
        `SELECT count(*) AS n, min("createdAt") AS oldest FROM outbox_messages
         WHERE kind = 'SUBSCRIBER' AND subscriber = 'rules' AND status = 'PENDING'
           AND "createdAt" >= $1`,
        [since],
      )
    ).rows[0]!;
  const end = Date.now();
  const atEnd = await pending();
  let catchUpMs: number | null = null;
  for (;;) {
    const now = await pending();
    if (Number(now.n) === 0) {
      catchUpMs = Date.now() - end;
      break;
    }
    if (Date.now() - end > 300_000) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const totals = (
    await db.query<{ events: string; failed: string; first: Date | null; last: Date | null }>(
      `SELECT count(*) AS events, count(*) FILTER (WHERE status = 'FAILED') AS failed,
              min("createdAt") AS first, max("sentAt") AS last
       FROM outbox_messages WHERE kind = 'SUBSCRIBER' AND subscriber = 'rules' AND "createdAt" >= $1`,
      [since],
    )
  ).rows[0]!;
  const runs = (
    await db.query<{ n: string }>(`SELECT count(*) AS n FROM rule_runs WHERE "createdAt" >= $1`, [
      since,
    ])
  ).rows[0]!;
  const events = Number(totals.events);
  const seconds =
    totals.first && totals.last ? (totals.last.getTime() - totals.first.getTime()) / 1000 : 0;
  return {
    events,
    pendingAtEnd: Number(atEnd.n),
    lagAtEndMs: atEnd.oldest ? Math.max(0, end - atEnd.oldest.getTime()) : 0,
    catchUpMs,
    eventsPerSecond: seconds > 0 ? Math.round(events / seconds) : null,
    ruleRuns: Number(runs.n),
    failed: Number(totals.failed),
  };
}

/**
 * Polls `countSql` (a `SELECT count(*) AS n …`) every 500 ms until it counts 0, or `maxMs` passed.
 * @returns how long it waited (ms) and the last count.
 */
async function waitForNone(
  db: pg.Client,
  countSql: string,
  maxMs: number,
): Promise<{ ms: number; pending: number }> {
  const started = Date.now();
  for (;;) {
    const pending = Number((await db.query<{ n: string }>(countSql)).rows[0]!.n);
    const ms = Date.now() - started;
    if (pending === 0 || ms > maxMs) return { ms, pending };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * Waits until the mail worker has sent every mail due (email_notifications PENDING with
 * `nextAttemptAt` passed; held mails are not waited for), or `maxMs` passed.
 * @returns how long it waited (ms) and how many were still due.
 */
function waitForMail(db: pg.Client, maxMs: number): Promise<{ ms: number; pending: number }> {
  return waitForNone(
    db,
    `SELECT count(*) AS n FROM email_notifications
     WHERE status = 'PENDING' AND "nextAttemptAt" <= now()`,
    maxMs,
  );
}

/**
 * Waits until the outbox has nothing left to do (no EVENT nor SUBSCRIBER row PENDING), at most
 * `maxMs`. @returns how long it took (ms) and the rows still waiting then.
 */
export function waitForOutbox(
  db: pg.Client,
  maxMs: number,
): Promise<{ ms: number; pending: number }> {
  return waitForNone(
    db,
    `SELECT count(*) AS n FROM outbox_messages WHERE status = 'PENDING'`,
    maxMs,
  );
}

/**
 * Waits until the outbox is drained (waitForOutbox), then until the mails its subscribers queued
 * are sent (waitForMail), each at most `maxMs`: a write scenario's run starts from nothing left
 * by the one before. @returns how long both waits took (ms).
 */
export async function waitForBacklog(db: pg.Client, maxMs: number): Promise<number> {
  const outbox = await waitForOutbox(db, maxMs);
  const mail = await waitForMail(db, maxMs);
  return outbox.ms + mail.ms;
}
