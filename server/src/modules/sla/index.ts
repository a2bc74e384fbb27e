/**
 * The public surface of the SLA module (docs/product.md "SLA"): business hours and policies
 * (admin routes), the `sla` event subscriber that moves the clocks, the timer worker that warns,
 * breaches and escalates, and the explanation route.
 */
export { createSlaService } from './sla.service.js';
export { slaRoutes } from './sla.routes.js';
export { createSlaSubscriber } from './sla-subscriber.js';
export { createSlaTimerWorker } from './sla-timers.js';
export { replaySlaHistory } from './sla-replay.js';
export { ticketSchedule } from './sla-policies.js';
export { staffReplySlaColumnsSql } from './sla.repository.js';
