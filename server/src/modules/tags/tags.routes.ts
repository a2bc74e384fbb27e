/** GET /api/tags (tags.service.ts): agents, admins and API keys; customers 403. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import type { TagsService } from './tags.service.js';
import { ListTagsQuerySchema, TagListSchema } from './tags.schemas.js';

/** Registers GET /api/tags; `tags` is createTagsService(deps). */
export const tagsRoutes: FastifyPluginAsyncZod<{ tags: TagsService }> = async (app, { tags }) => {
  app.addHook('onRequest', app.authenticate);

  /**
   * GET /api/tags?q=&limit= — `{data: [{name, count}]}`: tags in use in the organization
   * starting with `q` (any case), most used first (limit 1–50, default 20). 403 customers.
   */
  app.get(
    '/api/tags',
    {
      preValidation: app.requireRole('AGENT', 'ADMIN'),
      schema: {
        tags: ['tickets'],
        summary: 'Suggest tags',
        description:
          'Tags in use on the organization’s recently updated tickets, most used first, for filters and tag pickers.',
        querystring: ListTagsQuerySchema,
        response: { 200: TagListSchema, ...commonProblems },
      },
    },
    async (request) => tags.list(principalOf(request), request.query),
  );
};
