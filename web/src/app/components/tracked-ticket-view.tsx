import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PublicTicket } from '@docket/server/contract/public';
import { paths } from '@/config/paths';
import { AttachmentList, AttachmentsCard } from '@/components/attachments';
import { PriorityBadge } from '@/features/tickets/components/priority-badge';
import { ClosedNotice } from '@/features/tracker/components/closed-notice';
import { PublicTicketView } from '@/features/tracker/components/public-ticket-view';

/**
 * The public view of a ticket found without signing in (a look-up or a tracking link), with the
 * dashboard's priority badge and the public files. Their links carry a tracking token of their
 * own: no session is sent with them. `children` follow the history (a reply form or a note).
 */
export function TrackedTicketView({
  ticket,
  children,
}: {
  ticket: PublicTicket;
  children: ReactNode;
}) {
  return (
    <PublicTicketView
      ticket={ticket}
      priority={<PriorityBadge priority={ticket.priority} />}
      attachments={<AttachmentsCard attachments={ticket.attachments} authenticated={false} />}
      renderReplyAttachments={(files) => (
        <AttachmentList attachments={files} authenticated={false} />
      )}
    >
      {children}
    </PublicTicketView>
  );
}

/** A CLOSED ticket takes no reply: the notice invites a follow-up, after signing in. */
export function FollowUpClosedNotice({ reference }: { reference: string }) {
  const { t } = useTranslation();
  return (
    <ClosedNotice
      action={
        <Link
          className="button button--secondary"
          to={paths.signIn.getHref(paths.portalNewTicket.getHref(reference))}
        >
          {t('tracker.closed.signInToFollowUp')}
        </Link>
      }
    />
  );
}
