/**
 * The Prisma client as `app.prisma`, connected for the app's lifetime and disconnected on close.
 * Only repositories and services use it; routes never do (docs/style.md).
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { PrismaClient } from '../generated/prisma/client.js';

declare module 'fastify' {
  interface FastifyInstance {
    prisma: PrismaClient;
  }
}

export interface PrismaPluginOptions {
  prisma: PrismaClient;
  /** Disconnect on app close (false when the caller owns the client, e.g. tests). */
  disconnectOnClose: boolean;
}

async function prismaPlugin(app: FastifyInstance, opts: PrismaPluginOptions) {
  app.decorate('prisma', opts.prisma);
  if (opts.disconnectOnClose) app.addHook('onClose', async () => opts.prisma.$disconnect());
}

export default fp(prismaPlugin, { name: 'prisma', fastify: '5.x' });
