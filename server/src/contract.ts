/**
 * The API contract as TypeScript types and zod schemas, for the SPA (`@docket/server/contract`),
 * gathered from one file per resource in `contract/` (`@docket/server/contract/<resource>`).
 * The SPA imports a resource's file so that a page's bundle carries only the schemas it uses;
 * this file re-exports them all for code that wants the whole contract.
 * Only zod schemas and plain values live behind these files: nothing that pulls in Prisma or Node APIs.
 */
export * from './contract/domain.js';
export * from './contract/auth.js';
export * from './contract/tickets.js';
export * from './contract/responses.js';
export * from './contract/activity.js';
export * from './contract/attachments.js';
export * from './contract/chats.js';
export * from './contract/stats.js';
export * from './contract/public.js';
export * from './contract/satisfaction.js';
export * from './contract/two-factor.js';
export * from './contract/users.js';
export * from './contract/accounts.js';
export * from './contract/categories.js';
export * from './contract/api-keys.js';
export * from './contract/webhooks.js';
export * from './contract/notifications.js';
export * from './contract/organization-activity.js';
export * from './contract/saved-views.js';
export * from './contract/live.js';
export * from './contract/rules.js';
export * from './contract/groups.js';
