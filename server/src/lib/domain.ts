/**
 * The domain's vocabulary as plain values (docs/product.md "Domain words" and docs/api.md).
 * Kept free of Prisma imports so that the SPA can share it through `contract.ts`.
 */

export const ROLES = ['ADMIN', 'AGENT', 'CUSTOMER'] as const;
export type Role = (typeof ROLES)[number];

/** Lifecycle order of docs/product.md: NEW → OPEN → IN_PROGRESS ⇄ WAITING_ON_CUSTOMER / ON_HOLD → RESOLVED → CLOSED. */
export const TICKET_STATUSES = [
  'NEW',
  'OPEN',
  'IN_PROGRESS',
  'WAITING_ON_CUSTOMER',
  'ON_HOLD',
  'RESOLVED',
  'CLOSED',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Ascending urgency; CRITICAL is the counselling seeds' "crisis" and must stand out everywhere. */
export const TICKET_PRIORITIES = ['LOW', 'MEDIUM', 'HIGH', 'URGENT', 'CRITICAL'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

export const TICKET_CHANNELS = ['web', 'portal', 'api', 'chat', 'email'] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];

export const SESSION_MODES = ['video', 'audio', 'chat', 'in_person'] as const;
export type SessionMode = (typeof SESSION_MODES)[number];

/** What became of a session occurrence, as the agent records it (docs/product.md "Sessions"). */
export const SESSION_OUTCOMES = ['held', 'no_show', 'cancelled'] as const;
export type SessionOutcome = (typeof SESSION_OUTCOMES)[number];

export const RESPONSE_AUTHOR_TYPES = ['CUSTOMER', 'AGENT', 'SYSTEM', 'EMAIL'] as const;
export type ResponseAuthorType = (typeof RESPONSE_AUTHOR_TYPES)[number];

/** How a response's content is written: staff write Markdown, everyone else plain text. */
export const RESPONSE_FORMATS = ['markdown', 'text'] as const;
export type ResponseFormat = (typeof RESPONSE_FORMATS)[number];

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
  'MERGED',
  'LINKED',
  'UNLINKED',
  'RESOLUTION_NOTE_CHANGED',
  'SATISFACTION_RATED',
  'SESSION_NOTES_RECORDED',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const ACTOR_TYPES = ['user', 'api_key', 'system', 'rule'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

/** Ticket number → reference: 42 → "TKT-00042" (at least five digits, more when needed). */
export function formatTicketReference(number: number): string {
  return `TKT-${String(number).padStart(5, '0')}`;
}

/** Reference → ticket number: "TKT-00042" (any case) → 42; anything else → null. */
export function parseTicketReference(reference: string): number | null {
  const match = /^TKT-(\d{1,10})$/i.exec(reference.trim());
  if (!match) return null;
  const number = Number(match[1]);
  return Number.isSafeInteger(number) && number > 0 ? number : null;
}
