import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attachment, PublicAttachment } from '@docket/server/contract/attachments';
import { AttachmentList } from './attachment-list';

/**
 * The files of a ticket itself (sent with it or added later) as a titled card: thumbnails for
 * images, name, type and size, a download each. Nothing when there are none. `authenticated` as
 * for AttachmentList (false on the public tracker, whose links carry their own token).
 */
export function AttachmentsCard({
  attachments,
  authenticated = true,
}: {
  attachments: readonly (Attachment | PublicAttachment)[];
  authenticated?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  if (!attachments.length) return null;
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="ticket-attachments">
      <h2 id={`${id}-title`} className="card__title">
        {t('attachments.heading')}
      </h2>
      <AttachmentList attachments={attachments} authenticated={authenticated} />
    </section>
  );
}
