import { z } from 'zod';
const HealthSchema = z.object({
  status: z.enum(['ok', 'error']),
  database: z.enum(['ok', 'unreachable']),
});
export const healthRoutes = async (app) => {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['service'],
        summary: 'Health check',
        security: [],
        response: { 200: HealthSchema, 503: HealthSchema },
      },
    },
    async (request, reply) => {
      try {
        await app.prisma.$queryRaw`SELECT 1`;
        return { status: 'ok', database: 'ok' };
      } catch (err) {
        request.log.warn({ err }, 'health check: database unreachable');
        return reply
          .code(503)
          .header('Retry-After', '5')
          .send({ status: 'error', database: 'unreachable' });
      }
    },
  );
};
//# sourceMappingURL=health.routes.js.map
