/**
 * A Server-Sent Events client for tests of `GET /api/live`: opens the stream with a bearer
 * token, parses the `event:`/`data:` blocks (RFC: WHATWG HTML "Server-sent events") and lets a
 * test wait for an event matching a predicate. Resolves once the server's `ready` event came, so
 * the caller is subscribed before it makes the change it wants to hear about.
 */
import { expect } from 'vitest';
import { authHeader } from './auth.js';

export interface StreamEvent {
  event: string;
  data: Record<string, unknown>;
}

/** An open SSE connection: the events received so far, and a way to wait for one. */
export interface LiveStream {
  events: StreamEvent[];
  /** The first event (received or to come) that `match` accepts. */
  next(match: (e: StreamEvent) => boolean): Promise<StreamEvent>;
  /** Heartbeat comment lines received (": heartbeat"). */
  heartbeats: () => number;
  /** Resolves when the server ends the stream (or the test aborts it). */
  ended: Promise<void>;
  close(): void;
}

/** Opens `${baseUrl}/api/live` with `token`; expects 200 `text/event-stream`. */
export async function openLiveStream(baseUrl: string, token: string): Promise<LiveStream> {
  const controller = new AbortController();
  const res = await fetch(`${baseUrl}/api/live`, {
    headers: { ...authHeader(token), Accept: 'text/event-stream' },
    signal: controller.signal,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events: StreamEvent[] = [];
  let heartbeats = 0;
  const waiters: { match: (e: StreamEvent) => boolean; resolve: (e: StreamEvent) => void }[] = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const ended = (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(': heartbeat')) heartbeats++;
          const fields = Object.fromEntries(
            block
              .split('\n')
              .filter((line) => line && !line.startsWith(':'))
              .map((line) => [
                line.slice(0, line.indexOf(':')),
                line.slice(line.indexOf(':') + 1).trim(),
              ]),
          );
          if (fields.data === undefined) continue;
          const event = { event: fields.event ?? 'message', data: JSON.parse(fields.data) };
          events.push(event);
          for (const waiter of [...waiters]) {
            if (waiter.match(event)) {
              waiters.splice(waiters.indexOf(waiter), 1);
              waiter.resolve(event);
            }
          }
        }
      }
    } catch {
      // aborted
    }
  })();
  const stream: LiveStream = {
    events,
    heartbeats: () => heartbeats,
    ended,
    next(match) {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    close: () => controller.abort(),
  };
  await stream.next((e) => e.event === 'ready');
  return stream;
}
