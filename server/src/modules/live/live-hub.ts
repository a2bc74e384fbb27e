/**
 * The live hub of one instance (README.md in this folder): LISTENs on `docket_live` with a
 * PostgreSQL connection of its own, keeps the presences it hears of, and fans every notice out to
 * the SSE streams connected to this instance, per organization:
 * - a ticket notice goes to the organization's subscribers; an internal one (an internal note)
 *   only to staff (docs/product.md "Roles": customers never see internal notes, "live events" included);
 * - a chat notice (the chat inbox) and a presence notice go to the organization's staff;
 * - staff restricted to groups hear ticket and presence notices of their groups' tickets only;
 * - a user notice (a new in-app notification) goes to that one user's streams only.
 * Every instance hears every notice (NOTIFY reaches all listeners), so presences kept in memory
 * here agree across instances (live-presence.ts keeps them). When the LISTEN connection drops,
 * the hub reconnects after 5 s and tells its subscribers to `resync` (notices sent meanwhile were
 * missed).
 */
import { isStaff, type Principal } from '../../lib/principal.js';
import { createListenConnection, listenOn, type ListenConnection } from '../events/index.js';
import { createPresenceStore } from './live-presence.js';
import { LIVE_NOTIFY_CHANNEL } from './live.repository.js';
import {
  type ChatNotice,
  LiveNoticeSchema,
  type LiveNotice,
  type PresenceNotice,
  type PresenceState,
  type UserNotice,
} from './live.schemas.js';

/** One connected SSE stream. */
export interface LiveSubscriber {
  principal: Pick<Principal, 'organizationId' | 'role' | 'groupIds'> &
    Partial<Pick<Principal, 'kind' | 'id'>>;
  /** Sends one SSE event (`event` name, JSON `data`); must not throw. */
  send(event: 'ticket' | 'chat' | 'presence' | 'notification' | 'resync', data: unknown): void;
  /** Ends the stream (the hub is closing). */
  close(): void;
}

export interface LiveHubOptions {
  /** PostgreSQL URL for the LISTEN connection; without it the hub hears nothing (logged). */
  connectionString: string | undefined;
  /** Clock of presence expiry; default real time. */
  now?: () => Date;
  log?: { warn(obj: object, msg: string): void };
  /** Delay before reconnecting a lost LISTEN connection, ms; default 5000. */
  reconnectDelayMs?: number;
}

const isPresence = (notice: LiveNotice): notice is PresenceNotice => notice.type === 'presence';
const isChat = (notice: LiveNotice): notice is ChatNotice => 'chatId' in notice;
const isUserNotice = (notice: LiveNotice): notice is UserNotice => notice.type === 'notification';

/**
 * Creates the hub. Nothing connects until `start()` (called by the first subscriber or presence
 * request, or at start-up when the outbox workers run).
 */
export function createLiveHub(options: LiveHubOptions) {
  const clock = options.now ?? (() => new Date());
  const reconnectDelayMs = options.reconnectDelayMs ?? 5000;
  const subscribers = new Set<LiveSubscriber>();
  let client: ListenConnection | undefined;
  let starting: Promise<void> | undefined;
  let closed = false;
  let lostConnection = false;
  let reconnectTimer: NodeJS.Timeout | undefined;
  /** Presences heard of; expired ones are announced as departures. */
  const presences = createPresenceStore({ clock, onExpired: fanOut });

  /** Hands `notice` to the subscribers allowed to see it. */
  function fanOut(notice: LiveNotice): void {
    // An in-app notification is one user's: only their own streams hear of it.
    if (isUserNotice(notice)) {
      for (const subscriber of subscribers) {
        const { principal } = subscriber;
        if (principal.kind !== 'user' || principal.id !== notice.userId) continue;
        if (principal.organizationId !== notice.organizationId) continue;
        subscriber.send('notification', notice);
      }
      return;
    }
    const event = isPresence(notice) ? 'presence' : isChat(notice) ? 'chat' : 'ticket';
    const staffOnly = isPresence(notice) || isChat(notice) || notice.isInternal;
    for (const subscriber of subscribers) {
      if (subscriber.principal.organizationId !== notice.organizationId) continue;
      if (staffOnly && !isStaff(subscriber.principal as Principal)) continue;
      // Staff restricted to groups hear only of their groups' tickets (docs/product.md
      // "Groups and routing"): another group's ticket does not exist for them.
      const groupIds = subscriber.principal.groupIds;
      if (groupIds && !isChat(notice) && !(notice.groupId && groupIds.includes(notice.groupId))) {
        continue;
      }
      subscriber.send(event, notice);
    }
  }

  /**
   * Takes one notice as heard on the channel (JSON text): presence notices update the store, then
   * every notice is fanned out. Malformed payloads are ignored (logged).
   */
  function receive(payload: string | undefined): void {
    let notice: LiveNotice;
    try {
      const parsed = LiveNoticeSchema.safeParse(JSON.parse(payload ?? ''));
      if (!parsed.success) throw parsed.error;
      notice = parsed.data;
    } catch (err) {
      options.log?.warn({ err }, 'ignoring a malformed live notice');
      return;
    }
    if (isPresence(notice)) presences.apply(notice);
    fanOut(notice);
  }

  /** Opens the LISTEN connection; on loss, retries after `reconnectDelayMs` and resyncs. */
  async function connect(): Promise<void> {
    if (closed) return;
    if (!options.connectionString) {
      options.log?.warn({}, 'live updates: no database URL to LISTEN with');
      return;
    }
    const next = createListenConnection(options.connectionString);
    const retry = () => {
      if (client === next) client = undefined;
      next.removeAllListeners('notification');
      next.end().catch(() => {});
      lostConnection = true;
      if (!closed && !reconnectTimer) {
        reconnectTimer = setTimeout(() => {
          reconnectTimer = undefined;
          void connect();
        }, reconnectDelayMs);
        reconnectTimer.unref();
      }
    };
    next.on('notification', (message) => {
      if (message.channel === LIVE_NOTIFY_CHANNEL) receive(message.payload);
    });
    next.on('error', (err) => {
      options.log?.warn({ err }, 'live LISTEN connection lost; reconnecting');
      retry();
    });
    try {
      await listenOn(next, LIVE_NOTIFY_CHANNEL);
      if (closed) {
        await next.end();
        return;
      }
      client = next;
      if (lostConnection) {
        lostConnection = false;
        for (const subscriber of subscribers) subscriber.send('resync', {});
      }
    } catch (err) {
      options.log?.warn({ err }, 'live LISTEN failed; retrying');
      retry();
    }
  }

  return {
    /**
     * Starts listening (idempotent). Resolves once the first LISTEN attempt is done, so a notice
     * published after it is heard (a failed attempt is retried in the background).
     */
    start(): Promise<void> {
      starting ??= connect();
      return starting;
    },

    /** Adds an SSE stream; @returns the function that removes it. */
    subscribe(subscriber: LiveSubscriber): () => void {
      subscribers.add(subscriber);
      return () => subscribers.delete(subscriber);
    },

    /** True once `close()` began: no new stream may start (the server is shutting down). */
    isClosed: () => closed,

    /** Connected streams of this instance (for logs and tests). */
    subscriberCount: () => subscribers.size,

    /** Handles a notice as if heard on the channel (the LISTEN path uses it too). */
    receive,

    /**
     * Records a presence notice in this instance's store at once, without fanning it out: the
     * publisher's own view is then current before its NOTIFY comes back (which applies it again,
     * harmlessly, and fans it out).
     */
    remember: (notice: PresenceNotice) => presences.apply(notice),

    /**
     * The people on ticket `ticketId` of `organizationId` whose presence has not expired at the
     * hub's clock, `excludeUserId` left out, the longest there first.
     */
    listPresence(organizationId: string, ticketId: string, excludeUserId?: string) {
      return presences.list(organizationId, ticketId, excludeUserId);
    },

    /** A presence notice for `state` (null: leaving) at the hub's clock, expiring after the TTL. */
    presenceNotice(
      who: { organizationId: string; userId: string; name: string },
      ticketId: string,
      state: PresenceState | null,
      groupId: string | null = null,
    ): PresenceNotice {
      return presences.notice(who, ticketId, state, groupId);
    },

    /** Ends every stream and the LISTEN connection. */
    async close(): Promise<void> {
      closed = true;
      clearTimeout(reconnectTimer);
      presences.close();
      for (const subscriber of subscribers) subscriber.close();
      subscribers.clear();
      await starting?.catch(() => {});
      await client?.end().catch(() => {});
      client = undefined;
    },
  };
}

export type LiveHub = ReturnType<typeof createLiveHub>;
