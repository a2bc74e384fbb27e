/**
 * The public surface of the activity module: what other modules and the plugins may use. The rest
 * of the folder is the module's own (docs/architecture.md "Modules").
 */
export {
  STAFF_ACTOR_NAME,
  activityRow,
  recordActivity,
  recordActivityRows,
} from './activity.recorder.js';
export type { Actor } from './activity.recorder.js';
export { findPublicActivities } from './activity.repository.js';
export type { PublicActivityRow } from './activity.repository.js';
