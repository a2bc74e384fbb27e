/** Ticket and SLA statistics (docs/api.md "Tickets", `GET /api/tickets/stats` and `GET /api/tickets/stats/sla`). */
export type {
  DurationStats,
  SatisfactionStats,
  SlaStats,
  TicketStats,
} from '../modules/stats/stats.schemas.js';
