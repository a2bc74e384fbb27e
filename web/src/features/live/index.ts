/** Live updates (SSE), the header's live mark and the collision notice of the ticket page. */
export { useLiveUpdates } from './components/use-live-updates';
export type { LiveQueryKeys } from './utils/apply-notice';
export { LiveIndicator } from './components/live-indicator';
export { TicketPresence } from './components/ticket-presence';
export { PresenceReporter } from './components/use-report-presence';
