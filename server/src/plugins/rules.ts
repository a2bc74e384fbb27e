/**
 * Automation rules as an app plugin (modules/rules, docs/product.md "Rules"):
 * - registers the `rules` queued event subscriber: triggers run after the change that caused
 *   them committed, off the request path, once per event in each ticket's order;
 * - hands the time-based scheduler to the outbox workers (`app.events.addDeliveryWorker`): they
 *   run it in a loop of their own (a pass a minute) and drive it in tests
 *   (`app.events.runDeliveriesOnce`, `drain`, each with an optional `now`).
 * Safe with several instances: subscriber rows, ticket row locks (SKIP LOCKED) and the
 * time-based markers are shared through PostgreSQL.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createRuleScheduler, createRuleSubscriber } from '../modules/rules/index.js';

async function rules(app: FastifyInstance) {
  app.events.subscribe(createRuleSubscriber());
  const scheduler = createRuleScheduler({
    prisma: app.prisma,
    log: app.log.child({ component: 'rules' }),
  });
  app.events.addDeliveryWorker({ name: scheduler.name, runOnce: scheduler.runOnce });
}

export default fp(rules, {
  name: 'rules',
  dependencies: ['prisma', 'event-workers'],
  fastify: '5.x',
});
