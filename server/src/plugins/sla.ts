/**
 * SLA clocks as an app plugin (modules/sla, docs/product.md "SLA"):
 * - registers the `sla` queued event subscriber, which moves each ticket's clocks after its
 *   changes, off the request path (exactly once per event, in the ticket's order);
 * - hands the timer worker (warnings, breaches, escalation) to the outbox workers
 *   (`app.events.addDeliveryWorker`): they run it in a loop of their own and drive it in tests
 *   (`app.events.runDeliveriesOnce`, `drain`, each with an optional `now`).
 * Safe with several instances: the subscriber's rows and the worker's per-ticket row locks
 * (SKIP LOCKED) are shared through PostgreSQL.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createSlaSubscriber, createSlaTimerWorker } from '../modules/sla/index.js';

async function sla(app: FastifyInstance) {
  app.events.subscribe(createSlaSubscriber());
  const timers = createSlaTimerWorker({
    prisma: app.prisma,
    log: app.log.child({ component: 'sla' }),
  });
  app.events.addDeliveryWorker({ name: timers.name, runOnce: timers.runOnce });
}

export default fp(sla, {
  name: 'sla',
  dependencies: ['prisma', 'event-workers'],
  fastify: '5.x',
});
