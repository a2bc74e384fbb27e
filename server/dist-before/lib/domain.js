/**
 * The domain's vocabulary as plain values (SPEC.md "Domain words" and API.md).
 * Kept free of Prisma imports so that the SPA can share it through `contract.ts`.
 */
export const ROLES = ['ADMIN', 'AGENT', 'CUSTOMER'];
/** Lifecycle order of SPEC.md: NEW → OPEN → IN_PROGRESS ⇄ WAITING_ON_CUSTOMER / ON_HOLD → RESOLVED → CLOSED. */
export const TICKET_STATUSES = [
  'NEW',
  'OPEN',
  'IN_PROGRESS',
  'WAITING_ON_CUSTOMER',
  'ON_HOLD',
  'RESOLVED',
  'CLOSED',
];
/** Ascending urgency; CRITICAL is the counselling seeds' "crisis" and must stand out everywhere. */
export const TICKET_PRIORITIES = ['LOW', 'MEDIUM', 'HIGH', 'URGENT', 'CRITICAL'];
export const TICKET_CHANNELS = ['web', 'portal', 'api', 'chat', 'email'];
export const SESSION_MODES = ['video', 'audio', 'chat', 'in_person'];
export const RESPONSE_AUTHOR_TYPES = ['CUSTOMER', 'AGENT', 'SYSTEM', 'EMAIL'];
export const ACTIVITY_TYPES = [
  'CREATED',
  'STATUS_CHANGED',
  'PRIORITY_CHANGED',
  'ASSIGNED',
  'UNASSIGNED',
  'CLAIMED',
  'UNCLAIMED',
  'RESPONSE_ADDED',
  'INTERNAL_NOTE_ADDED',
  'FIELDS_CHANGED',
  'CHAT_LINKED',
  'SESSION_SCHEDULED',
  'ATTACHMENT_ADDED',
  'ATTACHMENT_REMOVED',
  'DELETED',
  'RESTORED',
];
export const ACTOR_TYPES = ['user', 'api_key', 'system'];
/** Ticket number → reference: 42 → "TKT-00042" (at least five digits, more when needed). */
export function formatTicketReference(number) {
  return `TKT-${String(number).padStart(5, '0')}`;
}
/** Reference → ticket number: "TKT-00042" (any case) → 42; anything else → null. */
export function parseTicketReference(reference) {
  const match = /^TKT-(\d{1,10})$/i.exec(reference.trim());
  if (!match) return null;
  const number = Number(match[1]);
  return Number.isSafeInteger(number) && number > 0 ? number : null;
}
//# sourceMappingURL=domain.js.map
