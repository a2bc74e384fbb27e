/**
 * The public surface of the macros module (docs/product.md "Macros"): the service and its
 * routes; for rules (modules/rules), the plan of a list of actions, the placeholders, and the
 * shared macros a rule applies.
 */
export { createMacrosService } from './macros.service.js';
export { macrosRoutes } from './macros.routes.js';
export { changesOf, planActions, templateVariables, type ActionPlan } from './macro-plan.js';
export { renderTemplate, templateProblems } from './macro-template.js';
export { findMacro } from './macros.repository.js';
