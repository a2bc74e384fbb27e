/**
 * Bulk changes of tickets (POST /api/tickets/bulk; docs/product.md "Dashboard", after Zendesk's and
 * Zammad's bulk updates): assign (or unassign), set the group, change status, add tags, or apply a macro
 * (macros module, handed in as `applyMacro`: each ticket one change of its own), on up to 100
 * tickets.
 * - Each ticket goes through tickets.service `update`, the single-ticket PATCH's own function:
 *   the same organization and role checks, lifecycle rules (ticket-lifecycle.ts), activity rows
 *   and events, each ticket in its own transaction. So one ticket's refusal (a forbidden
 *   transition, a CLOSED ticket, a ticket not found) leaves the others done: the answer says,
 *   per ticket, `ok` or the problem (status, stable `code`, detail) it met.
 * - Adding tags reads the ticket's tags and writes the union with `If-Match` on the version it
 *   read, retried when another change slipped in between (never a lost update), up to
 *   ADD_TAGS_ATTEMPTS times (then 412 `precondition_failed` for that ticket).
 * - Tickets are done one after the other, in the order given (a row lock per ticket; doing them
 *   in parallel would only contend for the same connections).
 */
import type { FastifyBaseLogger } from 'fastify';
import { AppError, NotFoundError, ValidationError } from '../../lib/errors.js';
import type { Principal } from '../../lib/principal.js';
import type {
  BulkAction,
  BulkTicketResult,
  BulkTicketsInput,
  BulkTicketsResult,
} from './bulk.schemas.js';
import type { AnyTicket, Ticket } from './tickets.schemas.js';
import type { TicketsService } from './tickets.service.js';

const ADD_TAGS_ATTEMPTS = 3;
/** A ticket holds at most this many tags (UpdateTicketBodySchema). */
const MAX_TAGS = 20;

/** The problem an error becomes in a per-ticket result: our domain errors as they are, others hidden. */
function problemOf(error: unknown, log: FastifyBaseLogger, id: string) {
  if (error instanceof AppError) {
    return {
      title: error.title,
      status: error.status,
      code: error.code,
      detail: error.message,
      ...(error.errors ? { errors: error.errors } : {}),
    };
  }
  log.error({ err: error, ticket: id }, 'bulk ticket change failed');
  return {
    title: 'Internal server error',
    status: 500,
    code: 'internal_error',
    detail: 'Something went wrong on our side with this ticket.',
  };
}

/** The bulk service: `apply(principal, input, log)`. */
export function createBulkTicketsService(deps: {
  tickets: TicketsService;
  /** Applies macro `macroId` to ticket `id` as `principal` (macros.service.ts `apply`). */
  applyMacro?: (principal: Principal, id: string, macroId: string) => Promise<AnyTicket>;
}) {
  const { tickets } = deps;

  /** Applies the action to one ticket; answers the ticket after, and whether it changed. */
  async function applyOne(principal: Principal, id: string, action: BulkAction) {
    if ('macro' in action) {
      if (!deps.applyMacro) throw new NotFoundError('Macro');
      return deps.applyMacro(principal, id, action.macro);
    }
    if ('assign' in action) {
      return tickets.update(principal, id, { assigneeId: action.assign });
    }
    if ('group' in action) {
      return tickets.update(principal, id, { groupId: action.group });
    }
    if ('status' in action) {
      return tickets.update(principal, id, { status: action.status, reason: action.reason });
    }
    for (let attempt = 1; ; attempt++) {
      const current = (await tickets.get(principal, id)) as Ticket;
      const tags = [...new Set([...current.tags, ...action.addTags])];
      if (tags.length === current.tags.length) return current;
      if (tags.length > MAX_TAGS) {
        throw new ValidationError(`A ticket holds at most ${MAX_TAGS} tags`, [
          { path: 'action.addTags', message: `this ticket would have ${tags.length} tags` },
        ]);
      }
      try {
        return await tickets.update(principal, id, { tags }, { ifMatch: `"${current.version}"` });
      } catch (error) {
        const stale = error instanceof AppError && error.code === 'precondition_failed';
        if (!stale || attempt >= ADD_TAGS_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Applies `input.action` to each of `input.ids` (uuid, number or reference) for `principal`
   * (an agent, admin or API key: the route refuses customers). Never throws for one ticket's
   * refusal: each result is `{id, ok: true, ticket: {id, reference, version}, changed}` or
   * `{id, ok: false, problem: {status, code, title, detail, errors?}}`, in the order given.
   */
  async function apply(
    principal: Principal,
    input: BulkTicketsInput,
    log: FastifyBaseLogger,
  ): Promise<BulkTicketsResult> {
    const results: BulkTicketResult[] = [];
    for (const id of input.ids) {
      try {
        const before = await tickets.get(principal, id);
        const after = await applyOne(principal, id, input.action);
        results.push({
          id,
          ok: true,
          ticket: { id: after.id, reference: after.reference, version: after.version },
          changed: after.version !== before.version,
        });
      } catch (error) {
        results.push({ id, ok: false, problem: problemOf(error, log, id) });
      }
    }
    const succeeded = results.filter((r) => r.ok).length;
    return { results, succeeded, failed: results.length - succeeded };
  }

  return { apply };
}

export type BulkTicketsService = ReturnType<typeof createBulkTicketsService>;
