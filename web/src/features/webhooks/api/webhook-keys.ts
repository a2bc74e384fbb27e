/**
 * Query keys of the webhooks feature, general to specific: every endpoint list, one endpoint's
 * delivery log. Mutations invalidate through them.
 */
export const webhookKeys = {
  all: ['webhooks'] as const,
  lists: () => [...webhookKeys.all, 'list'] as const,
  deliveries: (endpointId: string) => [...webhookKeys.all, 'deliveries', endpointId] as const,
};
