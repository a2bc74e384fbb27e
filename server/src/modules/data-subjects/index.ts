/**
 * The public surface of the data-subjects module: what the composition root and tests use. The
 * rest of the folder is the module's own (docs/architecture.md "Modules").
 */
export { createDataSubjectsService } from './data-subjects.service.js';
export { dataSubjectsRoutes } from './data-subjects.routes.js';
export { default as retentionJob } from './retention.job.js';
export { runRetention } from './retention.js';
