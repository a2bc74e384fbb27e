/**
 * The attachment UI pieces, for the dashboard, the customer portal and the tracker:
 * the picker (drag-and-drop, paste, choose), file chips with previews, the upload progress bar,
 * the list of sent files with thumbnails and downloads, and multipart posting with progress.
 */
export { AttachmentPicker } from './components/attachment-picker';
export { AttachmentList } from './components/attachment-list';
export { AttachmentsCard } from './components/attachments-card';
export { FileChip, fileTypeLabel } from './components/file-chip';
export { UploadProgressBar } from './components/upload-progress';
export {
  useAttachmentDraft,
  filesFromClipboard,
  type AttachmentDraft,
} from './components/use-attachment-draft';
export { postForm, toFormData, type UploadProgress } from './api/upload-form';
export { downloadAttachment, useAttachmentObjectUrl } from './api/attachment-url';
export { attachmentErrorMessage } from './utils/attachment-errors';
export { checkFiles, looksAccepted, ACCEPT_ATTRIBUTE } from './utils/file-checks';
export { formatFileSize } from './utils/format-size';
