/**
 * The assignments routing has chosen for new tickets whose insert has not finished yet, in this
 * process (docs/product.md "Groups and routing", "Routing as a ticket is created"). A create
 * chooses its member before its insert, outside any transaction, and the member's load (kept by
 * the trigger on tickets) moves only when that insert commits: without this ledger, creates
 * arriving together all read the same loads and give their tickets to the same member — at
 * 1,000,000 tickets and 20 connections, 696 of 1,000 routed tickets went to the member of the
 * ticket before (bench/README.md "Routing", 2026-12-06).
 *
 * So a create's choice counts, on top of the committed loads, the tickets this process is placing
 * with each member (`loads`): in its statement, as they stood when it was sent, and again among
 * the few candidates it reads (routing.ts createNewTicketRouter) when the answer comes back, where
 * choosing and recording the member (`hold`) are one synchronous step — so two creates of this
 * process never choose on the same view, and none waits for another. Creates on other instances
 * are not seen: behind a load balancer each instance spreads its own.
 * An entry is released by its create once the insert has committed or failed; one left behind
 * (a create that failed between its choice and its insert without releasing) expires after
 * HOLD_TTL_MS, since it is only a hint for the order.
 */

/** How long an unreleased entry counts (ms): far above a create's insert, even under load. */
export const HOLD_TTL_MS = 10_000;

/** The in-flight load per member (user id): tickets, and their priority weights. */
export interface InFlightLoads {
  counts: Record<string, number>;
  weights: Record<string, number>;
}

interface Hold {
  userId: string;
  weight: number;
  expiresAt: number;
}

/** The ledger (see the file's comment): one per app, kept by its new-ticket router. */
export class AssignmentsInFlight {
  readonly #holds = new Set<Hold>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Records a ticket of priority weight `weight` being given to `userId`. @returns its release,
   * to call once the ticket's insert has committed or failed (calling it again does nothing).
   */
  hold(userId: string, weight: number): () => void {
    const entry: Hold = { userId, weight, expiresAt: this.now() + HOLD_TTL_MS };
    this.#holds.add(entry);
    return () => void this.#holds.delete(entry);
  }

  /** The tickets (and weights) held per member now; expired entries are dropped on the way. */
  loads(): InFlightLoads {
    const counts: Record<string, number> = {};
    const weights: Record<string, number> = {};
    const now = this.now();
    for (const entry of this.#holds) {
      if (entry.expiresAt <= now) {
        this.#holds.delete(entry);
        continue;
      }
      counts[entry.userId] = (counts[entry.userId] ?? 0) + 1;
      weights[entry.userId] = (weights[entry.userId] ?? 0) + entry.weight;
    }
    return { counts, weights };
  }
}
