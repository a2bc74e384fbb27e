/**
 * The public surface of the attachments module: what other modules and the plugins may use. The rest
 * of the folder is the module's own (docs/architecture.md "Modules").
 */
export {
  attachmentInclude,
  presentAttachment,
  presentPublicAttachment,
  publicAttachmentArgs,
} from './attachments.presenter.js';
export { BytesSchema, sendAttachmentBytes } from './attachment-bytes.js';
// Imported, then exported, so that the linter's cycle check sees a type-only import (it does not
// treat an `export type … from` as one).
import type {
  AttachmentIntake,
  AttachmentsService,
  OpenedAttachment,
  PreparedAttachment,
} from './attachments.service.js';
export type { AttachmentIntake, AttachmentsService, OpenedAttachment, PreparedAttachment };
export {
  createUploadLimits,
  uploaderOf,
  type UploadMeter,
  type Uploader,
} from './upload-limits.js';
