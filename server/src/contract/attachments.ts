/** Attachments: accepted types, upload limits, and the shapes staff and the public see (docs/api.md "Attachments"). */
export {
  ACCEPTED_ATTACHMENT_TYPES,
  DEFAULT_ATTACHMENT_LIMITS,
  type Attachment,
  type AttachmentList,
  type PublicAttachment,
} from '../modules/attachments/attachments.schemas.js';
