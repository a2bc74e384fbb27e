import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type {
  PRESENCE_HEARTBEAT_MS as ContractHeartbeat,
  PresenceState,
} from '@docket/server/contract/live';
import { leavePresence, reportPresence } from '../api/presence';
import { presenceKeys } from '@/lib/query-keys';

/**
 * The contract's heartbeat period (ms), by value: importing it would load the contract's notice
 * schemas, and the schema library, into every dashboard page (the frame holds this feature). Its
 * type is the contract's literal, so a change there fails to compile here until it is followed.
 */
const PRESENCE_HEARTBEAT_MS: typeof ContractHeartbeat = 15_000;

/**
 * Reports this person's presence on ticket `ticketId` (uuid) while the calling component is
 * mounted: `PUT …/presence {state}` at once, again on every change of `state`, and every 15 s
 * (the server forgets a presence 40 s after the last one); `DELETE` when it unmounts or the page
 * is closed. The answer (the others on the ticket) refreshes the presence list.
 */
export function useReportPresence(ticketId: string, state: PresenceState): void {
  const queryClient = useQueryClient();

  useEffect(() => {
    let stopped = false;
    const beat = () => {
      reportPresence(ticketId, state)
        .then((others) => {
          if (!stopped) queryClient.setQueryData(presenceKeys.detail(ticketId), others);
        })
        .catch(() => {
          // A missed heartbeat is repaired by the next one.
        });
    };
    beat();
    const timer = window.setInterval(beat, PRESENCE_HEARTBEAT_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [queryClient, ticketId, state]);

  useEffect(() => {
    const leave = () => leavePresence(ticketId);
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      leave();
    };
  }, [ticketId]);
}

/** Whether a text field inside `container` holds text (the reply composer's draft). */
export function hasDraftText(container: HTMLElement | null): boolean {
  if (!container) return false;
  return Array.from(container.querySelectorAll('textarea')).some((field) => field.value.trim());
}

/** How often the draft is looked at besides typing (a sent reply empties it without an input event). */
const DRAFT_CHECK_MS = 2000;

/**
 * Wraps the part of a ticket page that holds the reply composer and reports presence for it:
 * `replying` while a text field inside has text, else `viewing`. Adds no box of its own
 * (`display: contents`), so the layout is unchanged.
 */
export function PresenceReporter({
  ticketId,
  children,
}: {
  ticketId: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<PresenceState>('viewing');

  useEffect(() => {
    const check = () => setState(hasDraftText(ref.current) ? 'replying' : 'viewing');
    check();
    const timer = window.setInterval(check, DRAFT_CHECK_MS);
    return () => window.clearInterval(timer);
  }, []);

  useReportPresence(ticketId, state);

  return (
    <div
      ref={ref}
      className="presence-reporter"
      onInput={() => setState(hasDraftText(ref.current) ? 'replying' : 'viewing')}
    >
      {children}
    </div>
  );
}
