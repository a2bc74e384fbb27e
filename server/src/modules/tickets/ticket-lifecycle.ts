/**
 * The ticket lifecycle as pure rules (docs/product.md "Ticket": NEW → OPEN → IN_PROGRESS ⇄
 * WAITING_ON_CUSTOMER / ON_HOLD → RESOLVED → CLOSED; "Roles": a customer may only close their
 * own ticket; CLOSED is final for everyone). No database, no clock: the service asks these
 * functions what is allowed and what a change implies, so the rules are unit-tested on their own
 * (ticket-lifecycle.test.ts) and read in one place.
 */
import type { TicketStatus } from '../../lib/domain.js';

/** Who asks for a status change: agents, admins and API keys are `staff`; requesters are `customer`. */
export type LifecycleActor = 'staff' | 'customer';

/**
 * The status changes agents, admins and API keys may make, from → allowed targets.
 * - Nothing goes back to NEW: NEW only means "nobody has looked at it yet".
 * - Nothing leaves CLOSED: a follow-up is a new ticket (docs/product.md).
 * - Any working status (NEW, OPEN, IN_PROGRESS, WAITING_ON_CUSTOMER, ON_HOLD) may move to any
 *   other working status but NEW, and straight to RESOLVED or CLOSED (e.g. spam, duplicates),
 *   as in Zendesk and Zammad.
 * - RESOLVED reopens to OPEN or IN_PROGRESS, or is CLOSED; it does not park in
 *   WAITING_ON_CUSTOMER or ON_HOLD (reopen first, then wait).
 */
export const STAFF_TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  NEW: ['OPEN', 'IN_PROGRESS', 'WAITING_ON_CUSTOMER', 'ON_HOLD', 'RESOLVED', 'CLOSED'],
  OPEN: ['IN_PROGRESS', 'WAITING_ON_CUSTOMER', 'ON_HOLD', 'RESOLVED', 'CLOSED'],
  IN_PROGRESS: ['OPEN', 'WAITING_ON_CUSTOMER', 'ON_HOLD', 'RESOLVED', 'CLOSED'],
  WAITING_ON_CUSTOMER: ['OPEN', 'IN_PROGRESS', 'ON_HOLD', 'RESOLVED', 'CLOSED'],
  ON_HOLD: ['OPEN', 'IN_PROGRESS', 'WAITING_ON_CUSTOMER', 'RESOLVED', 'CLOSED'],
  RESOLVED: ['OPEN', 'IN_PROGRESS', 'CLOSED'],
  CLOSED: [],
};

/**
 * The status changes a requester may make on their own ticket: close it, from any status but
 * CLOSED (docs/product.md "Roles": "close own ticket only; cannot reopen a CLOSED ticket"). Their reply
 * reopening a RESOLVED or WAITING_ON_CUSTOMER ticket is a rule of responses, not a PATCH.
 */
export const CUSTOMER_TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  NEW: ['CLOSED'],
  OPEN: ['CLOSED'],
  IN_PROGRESS: ['CLOSED'],
  WAITING_ON_CUSTOMER: ['CLOSED'],
  ON_HOLD: ['CLOSED'],
  RESOLVED: ['CLOSED'],
  CLOSED: [],
};

export type TransitionCheck = { allowed: true } | { allowed: false; reason: string };

/**
 * May `actor` move a ticket from `from` to `to`? `from === to` is not a transition (the caller
 * treats it as no change) and is answered `allowed`. A refusal carries a sentence naming both
 * statuses, used as the detail of the 409 `invalid_transition` problem.
 */
export function checkTransition(
  from: TicketStatus,
  to: TicketStatus,
  actor: LifecycleActor,
): TransitionCheck {
  if (from === to) return { allowed: true };
  const table = actor === 'staff' ? STAFF_TRANSITIONS : CUSTOMER_TRANSITIONS;
  if (table[from].includes(to)) return { allowed: true };
  let why: string;
  if (from === 'CLOSED') why = 'CLOSED is final; create a follow-up ticket instead';
  else if (to === 'NEW') why = 'a ticket never goes back to NEW';
  else if (actor === 'customer') why = 'a requester may only close their ticket';
  else why = `from ${from} a ticket may move to ${table[from].join(', ')}`;
  return { allowed: false, reason: `Cannot change the status from ${from} to ${to}: ${why}.` };
}

/**
 * What a status change does to the lifecycle dates (docs/product.md "Ticket"): entering RESOLVED sets
 * `resolvedAt`; entering CLOSED sets `closedAt` (keeping `resolvedAt` when closed from RESOLVED);
 * leaving RESOLVED for a working status clears `resolvedAt` (the ticket is open again and will be
 * resolved anew). Only the dates that change are returned; `now` is the time of the change.
 */
export function statusDates(
  from: TicketStatus,
  to: TicketStatus,
  now: Date,
): { resolvedAt?: Date | null; closedAt?: Date | null } {
  if (from === to) return {};
  if (to === 'RESOLVED') return { resolvedAt: now };
  if (to === 'CLOSED') return { closedAt: now };
  if (from === 'RESOLVED') return { resolvedAt: null };
  return {};
}

/**
 * The status a ticket takes when an agent claims it: a NEW ticket becomes OPEN (someone owns it
 * now, as Zendesk does on assignment); any other status is kept.
 */
export function statusAfterClaim(status: TicketStatus): TicketStatus {
  return status === 'NEW' ? 'OPEN' : status;
}

/** The outcome of comparing an `If-Match` header with a ticket's version. */
export type IfMatchResult = 'absent' | 'match' | 'stale' | 'invalid';

/**
 * Evaluates `If-Match` (RFC 9110 §13.1.1) against the ticket's `version`, the value we send as
 * `ETag: "<version>"`. Accepted forms, also in a comma-separated list: `"3"`, `W/"3"` (weak
 * comparison is enough here: the version is the whole state) and a bare `3` (lenient, for
 * hand-written clients); `*` matches any existing ticket.
 * - `absent`: no header (or an empty one) — apply the change;
 * - `match`: one of the tags is the current version;
 * - `stale`: well-formed, but none is current — 412;
 * - `invalid`: not a list of entity tags — 400 on the header.
 */
export function evaluateIfMatch(header: string | undefined, version: number): IfMatchResult {
  if (header === undefined || header.trim() === '') return 'absent';
  const tags = header.split(',').map((part) => part.trim());
  let match = false;
  for (const tag of tags) {
    if (tag === '*') {
      match = true;
      continue;
    }
    const parsed = /^(?:W\/)?"(\d{1,10})"$|^(\d{1,10})$/.exec(tag);
    if (!parsed) return 'invalid';
    if (Number(parsed[1] ?? parsed[2]) === version) match = true;
  }
  return match ? 'match' : 'stale';
}
