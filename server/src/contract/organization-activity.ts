/** The organization's activity log (docs/api.md "Administration"). */
export type {
  ActivityChainVerification,
  OrganizationActivity,
  OrganizationActivityList,
} from '../modules/organization-activity/organization-activity.schemas.js';
export {
  ORGANIZATION_ACTIVITY_TYPES,
  type OrganizationActivityType,
} from '../modules/organization-activity/organization-activity.types.js';
