import { useTranslation } from 'react-i18next';
import type { Attachment, PublicAttachment } from '@docket/server/contract/attachments';
import { downloadAttachment, useAttachmentObjectUrl } from '../api/attachment-url';
import { formatFileSize } from '../utils/format-size';
import { fileTypeLabel } from './file-chip';

type AnyAttachment = Attachment | PublicAttachment;

type AttachmentListProps = {
  attachments: readonly AnyAttachment[];
  /**
   * true (the dashboard and portal): links need the session's token, so thumbnails and downloads
   * are fetched with it. false (the public tracker): the links carry their own token.
   */
  authenticated?: boolean;
};

/**
 * Files already sent, on a ticket or a response: a thumbnail for images (the server's re-encoded
 * WebP; never the original shown inline), the name, type and size, and a download.
 */
export function AttachmentList({ attachments, authenticated = true }: AttachmentListProps) {
  const { t } = useTranslation();
  if (!attachments.length) return null;
  return (
    <ul className="attachment-list" aria-label={t('attachments.listLabel')}>
      {attachments.map((attachment) => (
        <AttachmentItem
          key={attachment.links.content}
          attachment={attachment}
          authenticated={authenticated}
        />
      ))}
    </ul>
  );
}

function AttachmentItem({
  attachment,
  authenticated,
}: {
  attachment: AnyAttachment;
  authenticated: boolean;
}) {
  const { t, i18n } = useTranslation();
  const thumbnail = useAttachmentObjectUrl(attachment.links.thumbnail, authenticated);
  const label = t('attachments.download', { name: attachment.fileName });
  const meta = `${fileTypeLabel(attachment.fileName, attachment.mimeType)} · ${formatFileSize(
    attachment.sizeBytes,
    i18n.resolvedLanguage ?? 'en',
  )}`;
  const body = (
    <>
      {attachment.links.thumbnail ? (
        thumbnail ? (
          <img
            className="attachment__thumbnail"
            src={thumbnail}
            alt={t('attachments.previewOf', { name: attachment.fileName })}
            data-testid="attachment-thumbnail"
          />
        ) : (
          <span
            className="attachment__thumbnail attachment__thumbnail--loading"
            aria-hidden="true"
          />
        )
      ) : (
        <span className="attachment__type" aria-hidden="true">
          {fileTypeLabel(attachment.fileName, attachment.mimeType)}
        </span>
      )}
      <span className="attachment__name">{attachment.fileName}</span>
      <span className="attachment__meta">{meta}</span>
    </>
  );
  return (
    <li className="attachment" data-testid="attachment">
      {authenticated ? (
        <button
          type="button"
          className="attachment__link"
          aria-label={label}
          onClick={() => void downloadAttachment(attachment.links.content, attachment.fileName)}
        >
          {body}
        </button>
      ) : (
        <a className="attachment__link" href={attachment.links.content} download aria-label={label}>
          {body}
        </a>
      )}
    </li>
  );
}
