/**
 * Who is on which ticket, as one instance's live hub knows it (README.md in this folder): the
 * presences heard on `docket_live` (every instance hears every notice, so the stores agree across
 * instances), each kept until it expires (PRESENCE_TTL_MS after it was reported) or its person
 * leaves. Expired presences are swept every few seconds while there are any, and announced as
 * departures.
 */
import {
  PRESENCE_TTL_MS,
  type PresenceNotice,
  type PresenceState,
  type TicketPresence,
} from './live.schemas.js';

interface PresenceEntry {
  organizationId: string;
  ticketId: string;
  groupId: string | null;
  userId: string;
  name: string;
  state: PresenceState;
  since: Date;
  expiresAt: Date;
}

/** How often expired presences are swept (and announced as gone) while there are any. */
const PRESENCE_SWEEP_MS = 5000;

/**
 * Creates the store of one hub: `clock` decides expiry; `onExpired` gets the departure notice of
 * each presence the sweep removes.
 */
export function createPresenceStore(options: {
  clock: () => Date;
  onExpired: (notice: PresenceNotice) => void;
}) {
  const { clock } = options;
  const presences = new Map<string, PresenceEntry>();
  let sweepTimer: NodeJS.Timeout | undefined;
  let closed = false;

  const presenceKey = (ticketId: string, userId: string) => `${ticketId}:${userId}`;

  /** Applies a presence notice to the store: a state with its expiry, or a departure. */
  function apply(notice: PresenceNotice): void {
    const key = presenceKey(notice.ticketId, notice.userId);
    if (notice.state === null || notice.expiresAt === null) {
      presences.delete(key);
      return;
    }
    const previous = presences.get(key);
    const at = new Date(notice.at);
    presences.set(key, {
      organizationId: notice.organizationId,
      ticketId: notice.ticketId,
      groupId: notice.groupId ?? null,
      userId: notice.userId,
      name: notice.name,
      state: notice.state,
      since: previous && previous.state === notice.state ? previous.since : at,
      expiresAt: new Date(notice.expiresAt),
    });
    scheduleSweep();
  }

  /** Removes expired presences and tells `onExpired` those people left. */
  function sweepPresences(): void {
    const now = clock();
    for (const [key, entry] of presences) {
      if (entry.expiresAt > now) continue;
      presences.delete(key);
      options.onExpired({
        type: 'presence',
        organizationId: entry.organizationId,
        ticketId: entry.ticketId,
        groupId: entry.groupId,
        userId: entry.userId,
        name: entry.name,
        state: null,
        at: now.toISOString(),
        expiresAt: null,
      });
    }
    if (presences.size === 0) {
      clearInterval(sweepTimer);
      sweepTimer = undefined;
    }
  }

  function scheduleSweep(): void {
    if (sweepTimer || closed) return;
    sweepTimer = setInterval(sweepPresences, PRESENCE_SWEEP_MS);
    sweepTimer.unref();
  }

  return {
    apply,

    /**
     * The people on ticket `ticketId` of `organizationId` whose presence has not expired at the
     * clock, `excludeUserId` left out, the longest there first.
     */
    list(organizationId: string, ticketId: string, excludeUserId?: string) {
      const now = clock();
      const list: TicketPresence[] = [];
      for (const entry of presences.values()) {
        if (entry.organizationId !== organizationId || entry.ticketId !== ticketId) continue;
        if (entry.userId === excludeUserId || entry.expiresAt <= now) continue;
        list.push({
          userId: entry.userId,
          name: entry.name,
          state: entry.state,
          since: entry.since.toISOString(),
          expiresAt: entry.expiresAt.toISOString(),
        });
      }
      return list.sort((a, b) => a.since.localeCompare(b.since));
    },

    /**
     * A presence notice for `state` (null: leaving) at the clock, expiring after the TTL, on the
     * ticket `ticketId` of the group `groupId`.
     */
    notice(
      who: { organizationId: string; userId: string; name: string },
      ticketId: string,
      state: PresenceState | null,
      groupId: string | null = null,
    ): PresenceNotice {
      const now = clock();
      return {
        type: 'presence',
        organizationId: who.organizationId,
        ticketId,
        groupId,
        userId: who.userId,
        name: who.name,
        state,
        at: now.toISOString(),
        expiresAt: state ? new Date(now.getTime() + PRESENCE_TTL_MS).toISOString() : null,
      };
    },

    /** Stops sweeping for good (the hub is closing). */
    close(): void {
      closed = true;
      clearInterval(sweepTimer);
    },
  };
}
