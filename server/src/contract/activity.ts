/** A ticket's activity rows (docs/api.md "Activity"). */
export type { TicketActivity, TicketActivityList } from '../modules/activity/activity.schemas.js';
