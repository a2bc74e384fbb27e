/**
 * Data-subject requests and retention (docs/product.md "Data-subject requests"): one method per
 * use case, for the routes (data-subjects.routes.ts). Admins of the organization only (the
 * routes check the role; API keys are refused: lib/api-key-scopes.ts).
 * - `exportData`: export-data-subject.ts; `erase`: erase-data-subject.ts;
 * - `retention` / `updateRetention`: the organization setting `retention` (merged into the
 *   settings, other keys kept) with a `retention.updated` audit entry; the daily run is
 *   retention.ts (scheduled by retention.job.ts).
 */
import {
  findOrganizationSettings,
  mergeOrganizationSettings,
} from '../../db/organization-settings.repository.js';
import type { PrismaClient } from '../../lib/db.js';
import type { Principal } from '../../lib/principal.js';
import type { AttachmentsService } from '../attachments/index.js';
import { activityActorOf, recordOrganizationActivity } from '../organization-activity/index.js';
import type {
  ErasureResult,
  RetentionState,
  UpdateRetentionBody,
} from './data-subjects.schemas.js';
import { eraseDataSubject } from './erase-data-subject.js';
import { exportDataSubject, type DataSubjectExport } from './export-data-subject.js';
import { retentionOf } from './retention.js';

/** The retention state of `settings`. */
function retentionStateOf(settings: Parameters<typeof retentionOf>[0]): RetentionState {
  const last =
    settings && typeof settings === 'object' && !Array.isArray(settings)
      ? (settings as Record<string, unknown>).retentionLastRunAt
      : undefined;
  return {
    ...retentionOf(settings),
    lastRunAt: typeof last === 'string' ? new Date(last).toISOString() : null,
  };
}

export function createDataSubjectsService(deps: {
  prisma: PrismaClient;
  attachments: Pick<AttachmentsService, 'openPublic' | 'removeUnreferencedKeys'>;
}) {
  const { prisma, attachments } = deps;
  const removeKeys = (keys: readonly string[]) => attachments.removeUnreferencedKeys(keys);

  return {
    /** POST /api/data-subjects/export. @throws NotFoundError */
    exportData(principal: Principal, email: string): Promise<DataSubjectExport> {
      return exportDataSubject({ prisma, attachments }, principal, email);
    },

    /** POST /api/data-subjects/erase. @throws NotFoundError, ConflictError `cannot_erase_self` */
    erase(principal: Principal, email: string): Promise<ErasureResult> {
      return eraseDataSubject({ prisma, removeKeys }, principal, email);
    },

    /** GET /api/data-subjects/retention: the setting and the last run. */
    async retention(principal: Principal): Promise<RetentionState> {
      return retentionStateOf(await findOrganizationSettings(prisma, principal.organizationId));
    },

    /** PUT /api/data-subjects/retention: replaces the setting, with an audit entry. */
    async updateRetention(
      principal: Principal,
      input: UpdateRetentionBody,
    ): Promise<RetentionState> {
      const settings = await prisma.$transaction(async (tx) => {
        const before = retentionOf(await findOrganizationSettings(tx, principal.organizationId));
        const after = { closedTicketsMonths: input.closedTicketsMonths, action: input.action };
        const merged = await mergeOrganizationSettings(tx, principal.organizationId, {
          retention: after,
        });
        await recordOrganizationActivity(tx, {
          ...activityActorOf(principal),
          type: 'retention.updated',
          data: {},
          before: { ...before },
          after: { ...after },
        });
        return merged;
      });
      return retentionStateOf(settings);
    },
  };
}

export type DataSubjectsService = ReturnType<typeof createDataSubjectsService>;
