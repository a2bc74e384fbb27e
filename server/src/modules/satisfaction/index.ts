/**
 * The public surface of the satisfaction module: what other modules may use. The rest of the
 * folder is the module's own (docs/architecture.md "Modules").
 */
export { latestSatisfaction, satisfactionSettingsOf } from './satisfaction-summary.js';
