/**
 * Stopping one instance of several without losing work (docs/operations.md "Stopping an
 * instance"): `app.drain()` is what server.ts runs on SIGTERM or SIGINT, in this order:
 * 1. `app.draining` becomes true: GET /api/health/ready answers 503, so load balancers and
 *    orchestrators stop sending this instance traffic; for SHUTDOWN_DELAY_MS (default 0) it
 *    keeps serving meanwhile;
 * 2. `app.close()`: every new request is refused with 503 `shutting_down` + `Retry-After` +
 *    `Connection: close` (plugins/http-protocol.ts), the outbox workers stop taking work,
 *    finish what is in flight and hand back the leases they still hold
 *    (plugins/event-workers.ts), the live streams are told to reconnect and ended
 *    (modules/live), the listener stops accepting connections and idle keep-alive connections
 *    are closed, requests in flight are answered (then their connections closed), then the
 *    database pool is closed.
 * The bound on all of it (SHUTDOWN_TIMEOUT_MS, default 10 s) is server.ts's: past it the
 * process exits anyway (close-with-grace).
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /** True once the instance began stopping (`drain()` or `close()`): not ready for traffic. */
    readonly draining: boolean;
    /**
     * Stops the instance gracefully (see plugins/drain.ts); idempotent: a second call returns
     * the first one's promise. Resolves when the app is closed.
     */
    drain(): Promise<void>;
  }
}

export interface DrainOptions {
  /** ms of serving while reported not ready, before closing (SHUTDOWN_DELAY_MS). */
  delayMs: number;
}

async function drainPlugin(app: FastifyInstance, options: DrainOptions) {
  let draining = false;
  let drained: Promise<void> | undefined;
  app.decorate('draining', {
    getter: () => draining,
  });
  app.decorate('drain', function drain(): Promise<void> {
    drained ??= (async () => {
      draining = true;
      app.log.info({ delayMs: options.delayMs }, 'draining: reported not ready');
      if (options.delayMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      }
      await app.close();
      app.log.info('drained');
    })();
    return drained;
  });
  // Closed by other means (a test, an error at start-up): not ready either. While closing, idle
  // keep-alive connections are closed every 100 ms: one whose request is answered after the
  // listener closed would otherwise hold the close up until its keep-alive timeout (72 s in
  // Fastify); a request already pipelined on it keeps it open, and is answered 503
  // (plugins/http-protocol.ts). Nothing is added to the path of a request.
  let sweeper: NodeJS.Timeout | undefined;
  app.addHook('preClose', async () => {
    draining = true;
    sweeper = setInterval(() => app.server.closeIdleConnections(), 100);
    sweeper.unref();
  });
  app.addHook('onClose', async () => clearInterval(sweeper));
}

export default fp(drainPlugin, { name: 'drain', fastify: '5.x' });
