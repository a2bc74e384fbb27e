/**
 * The public surface of the users module: what other modules and the plugins may use. The rest
 * of the folder is the module's own (docs/architecture.md "Modules").
 */
export { findAssignableAgent } from './assignable-agent.js';
export {
  findActiveUserByEmail,
  findUserCredentialsByEmail,
  findUserIdByEmail,
  findUserOrganizationByEmail,
  findUserProfile,
  insertUser,
  recordSignIn,
} from './users.repository.js';
export { toOrganizationUser } from './users.service.js';
export {
  findActiveUserRecipient,
  listActiveAdminRecipients,
} from './user-recipients.repository.js';
