/**
 * What the dispatcher's loops share (event-dispatcher.ts): their context, and what a failed
 * dispatch or handler does to its outbox row: one more attempt counted, then a retry with
 * exponential backoff and jitter (lib/backoff.ts), or FAILED once `maxAttempts` are spent.
 */
import { backoffMs, type BackoffOptions } from '../../lib/backoff.js';
import type { PrismaClient } from '../../lib/db.js';
import { findOutboxMessageAttempts, recordOutboxMessageFailure } from './outbox.repository.js';
import type { SubscriberRegistry } from './subscriber-registry.js';

/** Retries of a dispatch that failed (a database error): 1 s doubling to 5 min. */
export const DISPATCH_RETRY: BackoffOptions = { baseMs: 1000, capMs: 5 * 60_000 };
/** Retries of a subscriber's handler: 5 s doubling to 1 h (10 attempts ≈ 40 min). */
export const SUBSCRIBER_RETRY: BackoffOptions = { baseMs: 5000, capMs: 3600_000 };

/** The dispatcher of one process as its loops see it. */
export interface OutboxContext {
  prisma: PrismaClient;
  /** Scheduling clock. */
  clock: () => Date;
  /** Jitter source of the retries; default Math.random. */
  random?: (() => number) | undefined;
  log?: { warn(obj: object, msg: string): void } | undefined;
  registry: SubscriberRegistry;
}

/** A failed dispatch or handler: one more attempt counted, retried later or FAILED. */
export async function recordOutboxFailure(
  ctx: OutboxContext,
  id: string,
  error: unknown,
  now: Date,
  retry = DISPATCH_RETRY,
): Promise<void> {
  const row = await findOutboxMessageAttempts(ctx.prisma, id);
  if (!row) return;
  // EVENT rows count attempts here; SUBSCRIBER rows counted theirs when taken.
  const attempts = row.kind === 'EVENT' ? row.attempts + 1 : row.attempts;
  const message = error instanceof Error ? error.message : String(error);
  ctx.log?.warn({ err: error, outboxMessageId: id, attempts }, 'outbox message failed');
  await recordOutboxMessageFailure(
    ctx.prisma,
    id,
    attempts,
    message.slice(0, 2000),
    attempts >= row.maxAttempts
      ? { status: 'FAILED' }
      : {
          nextAttemptAt: new Date(
            now.getTime() + backoffMs(attempts, { ...retry, random: ctx.random }),
          ),
        },
  );
}
