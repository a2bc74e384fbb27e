/**
 * The public surface of the live updates module (README.md in this folder): what the app and the
 * plugins may use. The rest of the folder is the module's own.
 */
export { liveRoutes, type LivePluginOptions } from './live.routes.js';
export { notifyLiveSql, poolConnectionString } from './live.repository.js';
export type { LiveNotice, UserNotice } from './live.schemas.js';
