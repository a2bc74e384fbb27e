/**
 * The public surface of the rules module (docs/product.md "Rules"): the admin routes and the
 * service, the `rules` event subscriber (triggers) and the time-based scheduler.
 */
export { createRulesService } from './rules.service.js';
export { rulesRoutes } from './rules.routes.js';
export { createRuleSubscriber } from './rule-subscriber.js';
export { createRuleScheduler } from './rule-scheduler.js';
export { activeTriggers, forgetActiveTriggers } from './active-rules.js';
