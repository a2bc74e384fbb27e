/**
 * The organization activity log: the whitelisted answer of
 * GET /api/organization/activity.
 */
import { z } from 'zod';
import { PageQuerySchema, Timestamp, pageOf } from '../../lib/common.schemas.js';
import { ORGANIZATION_ACTIVITY_TYPES } from './organization-activity.recorder.js';

export const OrganizationActivitySchema = z
  .object({
    id: z.uuid(),
    type: z.enum(ORGANIZATION_ACTIVITY_TYPES),
    actor: z
      .object({ id: z.uuid().nullable(), name: z.string() })
      .describe('The user who did it; `{id: null, name: "Docket"}` for an automatic change'),
    data: z
      .record(z.string(), z.unknown())
      .describe(
        'webhook_endpoint.disabled: `{endpointId, url, description, reason, disabledAt, failingSince}`',
      ),
    createdAt: Timestamp,
  })
  .meta({
    id: 'OrganizationActivity',
    examples: [
      {
        id: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
        type: 'webhook_endpoint.disabled',
        actor: { id: null, name: 'Docket' },
        data: {
          endpointId: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
          url: 'https://hooks.example.com/docket',
          description: 'CRM sync',
          reason: 'The endpoint answered 410 Gone',
          disabledAt: '2026-11-21T10:05:27.000Z',
          failingSince: null,
        },
        createdAt: '2026-11-21T10:05:27.000Z',
      },
    ],
  });
export type OrganizationActivity = z.output<typeof OrganizationActivitySchema>;

export const OrganizationActivityListSchema = pageOf(OrganizationActivitySchema).meta({
  id: 'OrganizationActivityList',
});
export type OrganizationActivityList = z.output<typeof OrganizationActivityListSchema>;

/** GET /api/organization/activity query: page, optionally one type. */
export const ListOrganizationActivityQuerySchema = PageQuerySchema.extend({
  type: z.enum(ORGANIZATION_ACTIVITY_TYPES).optional(),
});
export type ListOrganizationActivityQuery = z.output<typeof ListOrganizationActivityQuerySchema>;
