/**
 * The public surface of the satisfaction module: what other modules may use. The rest of the
 * folder is the module's own (docs/architecture.md "Modules").
 */
export { LATEST_RATING_JSON_SQL } from './satisfaction.repository.js';
export {
  latestSatisfaction,
  ratingOfJson,
  satisfactionSettingsOf,
} from './satisfaction-summary.js';
