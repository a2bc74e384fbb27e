/**
 * The attachment UI pieces, shared by the dashboard, the customer portal and the tracker (which
 * are features, so these live outside them): the picker (drag-and-drop, paste, choose, with file
 * chips and previews), the upload progress bar, the list of sent files with thumbnails and
 * downloads, and multipart posting with progress.
 */
export { AttachmentPicker } from './components/attachment-picker';
export { AttachmentList } from './components/attachment-list';
export { AttachmentsCard } from './components/attachments-card';
export { UploadProgressBar } from './components/upload-progress';
export { useAttachmentDraft } from './components/use-attachment-draft';
export { postForm, toFormData, type UploadProgress } from './api/upload-form';
export { attachmentErrorMessage } from './utils/attachment-errors';
