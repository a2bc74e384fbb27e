/**
 * The API contract as TypeScript types and zod schemas, for the SPA (`@docket/server/contract`).
 * The SPA imports from here so that its types cannot drift from what the server validates and sends.
 * Only zod schemas and plain values live behind this file: nothing that pulls in Prisma or Node APIs.
 */
export * from './lib/domain.js';
export type { Problem } from './lib/common.schemas.js';
export {
  CreateTicketBodySchema,
  type AnyTicket,
  type CreateTicketBody,
  type CustomerTicket,
  type ListTicketsQuery,
  type Ticket,
  type TicketCounts,
  type TicketList,
} from './modules/tickets/tickets.schemas.js';
export {
  CreateResponseBodySchema,
  type CreateResponseBody,
  type TicketResponse,
  type TicketResponseList,
} from './modules/responses/responses.schemas.js';
export type { LoginBody, LoginResponse, User } from './modules/auth/auth.schemas.js';
export type {
  ScheduleSessionInput,
  TicketFromChatInput,
  UpdateTicketBody,
} from './modules/tickets/tickets.schemas.js';
export {
  ScheduleSessionBodySchema,
  UpdateTicketBodySchema,
} from './modules/tickets/tickets.schemas.js';
export { STAFF_TRANSITIONS } from './modules/tickets/ticket-lifecycle.js';
export type { TicketActivity, TicketActivityList } from './modules/activity/activity.schemas.js';
export {
  ACCEPTED_ATTACHMENT_TYPES,
  DEFAULT_ATTACHMENT_LIMITS,
  type Attachment,
  type AttachmentList,
  type PublicAttachment,
} from './modules/attachments/attachments.schemas.js';
export type {
  Chat,
  ChatList,
  ChatMessage,
  ChatWithMessages,
  CreateChatBody,
  CreateChatMessageBody,
  UpdateChatBody,
} from './modules/chats/chats.schemas.js';
export type { TicketStats, DurationStats } from './modules/stats/stats.schemas.js';
export {
  PublicReplyBodySchema,
  TrackTicketBodySchema,
  type PublicReplyBody,
  type PublicTicket,
  type PublicTimelineItem,
  type TrackTicketBody,
  type TrackingLink,
} from './modules/public/public.schemas.js';
export {
  CreateUserBodySchema,
  type CreateUserBody,
  type OrganizationUser,
  type OrganizationUserList,
  type UpdateUserBody,
} from './modules/users/users.schemas.js';
export {
  CreateCategoryBodySchema,
  type Category,
  type CategoryList,
  type CreateCategoryBody,
  type UpdateCategoryBody,
} from './modules/categories/categories.schemas.js';
export {
  API_KEY_ROLES,
  CreateApiKeyBodySchema,
  type ApiKey,
  type ApiKeyList,
  type CreateApiKeyBody,
  type CreatedApiKey,
} from './modules/api-keys/api-keys.schemas.js';
export { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './modules/events/events.schemas.js';
export {
  EMAIL_NOTIFICATION_STATUSES,
  type EmailNotification,
  type EmailNotificationList,
} from './modules/notifications/notifications.schemas.js';
export type {
  OrganizationActivity,
  OrganizationActivityList,
} from './modules/organization-activity/organization-activity.schemas.js';
export {
  CreateWebhookEndpointBodySchema,
  WEBHOOK_DELIVERY_STATUSES,
  type CreateWebhookEndpointBody,
  type UpdateWebhookEndpointBody,
  type WebhookDelivery,
  type WebhookDeliveryList,
  type WebhookEndpoint,
  type WebhookEndpointList,
  type WebhookEndpointWithSecret,
} from './modules/webhooks/webhooks.schemas.js';
export {
  SAVED_VIEW_FILTER_KEYS,
  type CreateSavedViewBody,
  type SavedView,
  type SavedViewFilters,
  type SavedViewList,
  type UpdateSavedViewBody,
} from './modules/saved-views/saved-views.schemas.js';
export {
  BULK_MAX_TICKETS,
  type BulkTicketResult,
  type BulkTicketsBody,
  type BulkTicketsResult,
} from './modules/tickets/bulk.schemas.js';
export type { TagList } from './modules/tags/tags.schemas.js';
export {
  PRESENCE_HEARTBEAT_MS,
  type ChatNotice,
  type LiveNotice,
  type PresenceNotice,
  type PresenceState,
  type TicketNotice,
  type TicketPresence,
} from './modules/live/live.schemas.js';
