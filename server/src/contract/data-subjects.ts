/** Data-subject requests and retention (docs/api.md "Data-subject requests"). */
export type {
  EraseDataSubjectBody,
  ErasureResult,
  ExportDataSubjectBody,
  RetentionState,
  UpdateRetentionBody,
} from '../modules/data-subjects/data-subjects.schemas.js';
export { DATA_SUBJECT_EMAIL_MAX } from '../modules/data-subjects/data-subjects.schemas.js';
