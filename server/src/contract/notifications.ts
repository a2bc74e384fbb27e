/** The email notification log (docs/api.md "Administration"). */
export {
  EMAIL_NOTIFICATION_STATUSES,
  type EmailNotification,
  type EmailNotificationList,
} from '../modules/notifications/notifications.schemas.js';
