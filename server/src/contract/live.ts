/** Live notices and presence (docs/api.md "Live"). */
export {
  PRESENCE_HEARTBEAT_MS,
  type ChatNotice,
  type LiveNotice,
  type PresenceNotice,
  type PresenceState,
  type TicketNotice,
  type TicketPresence,
} from '../modules/live/live.schemas.js';
