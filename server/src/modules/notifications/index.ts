/**
 * The public surface of the email notifications module (README.md in this folder): what the app
 * and the plugins may use. The rest of the folder is the module's own.
 */
export { createMailTransport, type MailTransport } from './mail-transport.js';
export { createMailWorker } from './mail-worker.js';
export { EMAIL_EVENT_TYPES, createEmailSubscriber } from './notifications.subscriber.js';
export { notificationsRoutes } from './notifications.routes.js';
export { createNotificationsService } from './notifications.service.js';
export { devMailRoutes } from './dev-mail.routes.js';
export { findTicketIdsBySentMessageIds } from './email-notifications.repository.js';
export { messageIdHost } from './mail-context.js';
export { queueAccountMail } from './account-mails.js';
