/**
 * The public surface of the organization-activity module: what other modules and the plugins may use. The rest
 * of the folder is the module's own (docs/architecture.md "Modules").
 */
export { activityActorOf, recordOrganizationActivity } from './organization-activity.recorder.js';
