/**
 * The mailboxes module's public surface: the service (admin CRUD, the inbound endpoint's
 * credentials), the address helpers, and the queries the inbound pipeline and the IMAP fetcher
 * make of mailboxes.
 */
export { createMailboxesService, mailboxAddressOf, plusTagOf } from './mailboxes.service.js';
export type { MailboxesService } from './mailboxes.service.js';
export { mailboxesRoutes } from './mailboxes.routes.js';
export {
  countMailProcessed,
  findActiveMailboxesByAddress,
  findAllMailboxAddresses,
  findImapMailboxes,
  findImapMailboxesDue,
  findMailbox,
  findPrimaryMailbox,
  recordImapFetch,
  saveImapCursor,
  takeImapLease,
} from './mailboxes.repository.js';
export type { MailboxRow } from './mailboxes.repository.js';
export { createReplyAddresses } from './reply-address.js';
export type { ReplyAddresses } from './reply-address.js';
