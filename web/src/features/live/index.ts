/** Live updates (SSE), the header's live mark and the collision notice of the ticket page. */
export { useLiveUpdates } from './components/use-live-updates';
export { LiveIndicator } from './components/live-indicator';
export { TicketPresence } from './components/ticket-presence';
export { PresenceReporter, useReportPresence } from './components/use-report-presence';
