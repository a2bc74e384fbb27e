/**
 * Routing as an app plugin (modules/groups, docs/product.md "Groups and routing"): registers the
 * `routing` queued event subscriber after the `rules` one, so that a ticket is placed once the
 * rules have run on the change that queued it. Safe with several instances: subscriber rows,
 * the group's row lock and SKIP LOCKED on the queue are shared through PostgreSQL.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createRoutingSubscriber } from '../modules/groups/index.js';

async function groups(app: FastifyInstance) {
  app.events.subscribe(createRoutingSubscriber());
}

export default fp(groups, {
  name: 'groups',
  dependencies: ['prisma', 'event-workers', 'rules'],
  fastify: '5.x',
});
