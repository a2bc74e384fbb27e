import type { OrganizationActivityType } from '@docket/server/contract/organization-activity';
import { downloadAttachment } from '@/components/attachments/api/attachment-url';
import { API_BASE, toSearchParams } from '@/lib/api-client';

/**
 * `GET /api/organization/activity.csv` with the log's filter (`type`), fetched with the
 * session's token and saved as `organization-activity.csv`. @throws on a failed request.
 */
export function downloadOrganizationActivityCsv(type: OrganizationActivityType | undefined) {
  const params = toSearchParams({ type });
  const query = params.toString();
  return downloadAttachment(
    `${API_BASE}/organization/activity.csv${query ? `?${query}` : ''}`,
    'organization-activity.csv',
  );
}
