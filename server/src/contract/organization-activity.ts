/** The organization's activity log (docs/api.md "Administration"). */
export type {
  OrganizationActivity,
  OrganizationActivityList,
} from '../modules/organization-activity/organization-activity.schemas.js';
