/** The signed-in person's profile and the agents' in-app notifications (docs/api.md "Profile", "In-app notifications"). */
export {
  SIGNATURE_MAX_LENGTH,
  THEMES,
  type Profile,
  type Theme,
  type UpdateProfileBody,
} from '../modules/me/me.schemas.js';
export type {
  UserNotification,
  UserNotificationList,
  UserNotificationType,
} from '../modules/notification-center/notification-center.schemas.js';
export type { UserNotice } from '../modules/live/live.schemas.js';
