/**
 * What the ticket use cases (create-ticket.ts, update-ticket.ts, …) are given by the composition
 * in tickets.service.ts: the database client, the configuration they read and, optionally, the
 * attachments intake for files sent with a create.
 */
import type { Config } from '../../config.js';
import type { PrismaClient } from '../../lib/db.js';
import type { AttachmentIntake } from '../attachments/index.js';
import type { NewTicketRouter } from './create-ticket.js';

export interface TicketsDeps {
  prisma: PrismaClient;
  /** `meetingBaseUrl`: the base of generated session links (ticket-sessions.ts). */
  config: Pick<Config, 'meetingBaseUrl'>;
  /** Takes the files of a multipart create (attachments.service.ts). */
  attachments?: AttachmentIntake;
  /** Places a new ticket of a routed group as it is created, when it can (groups/routing.ts). */
  routeNewTicket?: NewTicketRouter;
}
