/** Attachments: accepted types, upload limits, and the shapes staff and the public see (docs/api.md "Attachments"). */
// The plain values from a module without zod: a file picker does not load the schemas.
export {
  ACCEPTED_ATTACHMENT_TYPES,
  DEFAULT_ATTACHMENT_LIMITS,
} from '../modules/attachments/attachment-types.js';
export type {
  Attachment,
  AttachmentList,
  PublicAttachment,
} from '../modules/attachments/attachments.schemas.js';
