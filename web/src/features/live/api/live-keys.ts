/**
 * Query keys of the live feature (TkDodo's "Effective React Query Keys"): `all`, then who is on
 * a ticket's page (by the ticket's uuid).
 */
export const liveKeys = {
  all: ['live'] as const,
  presences: () => [...liveKeys.all, 'presence'] as const,
  presence: (ticketId: string) => [...liveKeys.presences(), ticketId] as const,
};
