import { ROLES } from '@docket/server/contract/domain';

/** The roles an admin may give, most powerful first (as the server's `ROLES`). */
export const ROLE_OPTIONS = ROLES;
