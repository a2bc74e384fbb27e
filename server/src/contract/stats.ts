/** Ticket statistics (docs/api.md "Tickets", `GET /api/tickets/stats`). */
export type { DurationStats, TicketStats } from '../modules/stats/stats.schemas.js';
