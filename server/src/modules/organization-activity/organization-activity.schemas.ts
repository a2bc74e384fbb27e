/**
 * The organization activity log: the whitelisted answer of
 * GET /api/organization/activity.
 */
import { z } from 'zod';
import { PageQuerySchema, Timestamp, pageOf } from '../../lib/common.schemas.js';
import { ORGANIZATION_ACTIVITY_TYPES } from './organization-activity.types.js';

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
    ip: z
      .string()
      .nullable()
      .describe('The client address of the request (honouring TRUST_PROXY); null for Docket'),
    userAgent: z.string().nullable().describe('Its User-Agent, at most 500 characters'),
    before: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe('The record before the change, when the entry is about one'),
    after: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe('The record after the change, when the entry is about one'),
    position: z.number().int().describe("1, 2, 3, … in the organization's hash chain"),
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
        ip: null,
        userAgent: null,
        before: null,
        after: null,
        position: 42,
        createdAt: '2026-11-21T10:05:27.000Z',
      },
    ],
  });
export type OrganizationActivity = z.output<typeof OrganizationActivitySchema>;

export const OrganizationActivityListSchema = pageOf(OrganizationActivitySchema).meta({
  id: 'OrganizationActivityList',
});
export type OrganizationActivityList = z.output<typeof OrganizationActivityListSchema>;

/** The filters of the log and of its CSV: one type, one actor, a time range [from, to). */
const activityFilters = {
  type: z.enum(ORGANIZATION_ACTIVITY_TYPES).optional(),
  actorId: z.uuid().optional().describe('Entries of this user only'),
  from: Timestamp.optional().describe('Entries at or after this instant'),
  to: Timestamp.optional().describe('Entries before this instant'),
};

/** GET /api/organization/activity query: page and filters. */
export const ListOrganizationActivityQuerySchema = PageQuerySchema.extend(activityFilters);
export type ListOrganizationActivityQuery = z.output<typeof ListOrganizationActivityQuerySchema>;

/** GET /api/organization/activity.csv query: the filters. */
export const ExportOrganizationActivityQuerySchema = z.strictObject(activityFilters);
export type ExportOrganizationActivityQuery = z.output<
  typeof ExportOrganizationActivityQuerySchema
>;

/** GET /api/organization/activity/verify answer. */
export const ActivityChainVerificationSchema = z
  .object({
    valid: z.boolean().describe('Whether every entry checked is intact and linked to the previous'),
    checked: z.number().int().describe('Entries checked (all of them when `valid`)'),
    firstInvalid: z
      .object({
        id: z.uuid(),
        position: z.number().int(),
        reason: z
          .enum(['altered', 'missing_before', 'broken_link'])
          .describe(
            '`altered`: its content no longer matches its hash; `missing_before`: an entry before it was removed (a gap in positions); `broken_link`: its previousHash is not the hash of the entry before it (an entry before it was removed, replaced or moved)',
          ),
      })
      .nullable()
      .describe('The first entry (by position) where the chain breaks; null when valid'),
  })
  .meta({ id: 'ActivityChainVerification' });
export type ActivityChainVerification = z.output<typeof ActivityChainVerificationSchema>;
