/**
 * The domain's vocabulary (statuses, priorities, roles, …; docs/product.md "Domain words") and the
 * RFC 9457 problem shape every error answer has (docs/api.md "Errors").
 */
export * from '../lib/domain.js';
export type { Problem } from '../lib/common.schemas.js';
