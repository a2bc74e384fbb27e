import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useOutletContext, useParams } from 'react-router';
import type { AnyTicket, Ticket } from '@docket/server/contract/tickets';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { DateTime } from '@/components/ui/date-time';
import { LoadError } from '@/components/ui/load-error';
import { Loading } from '@/components/ui/loading';
import { useToast } from '@/components/ui/toast';
import { paths } from '@/config/paths';
import { AttachmentList } from '@/components/attachments';
import { useCurrentUser } from '@/lib/current-user';
import { PresenceReporter, TicketPresence } from '@/features/live';
import { SuggestedAgents } from '@/features/groups/components/suggested-agents';
import { MacroPicker } from '@/features/macros/components/macro-picker';
import { TicketRuleRuns } from '@/features/rules/components/ticket-rule-runs';
import { TicketSlaPanel } from '@/features/sla/components/ticket-sla-panel';
import { SatisfactionPanel } from '@/features/tickets/components/satisfaction-panel';
import { useMarkTicketSeen } from '@/features/notification-center/api/ticket-seen';
import { MentionAutocomplete } from '@/features/notification-center/components/mention-autocomplete';
import { useTicket } from '@/features/tickets/api/get-ticket';
import { useTicketActivity } from '@/features/tickets/api/get-ticket-activity';
import { useTicketResponses } from '@/features/tickets/api/get-ticket-responses';
import { LinkedChats } from '@/features/tickets/components/linked-chats';
import { PriorityBadge } from '@/features/tickets/components/priority-badge';
import {
  ReplyComposer,
  type ReplyComposerHandle,
  type ReplySent,
} from '@/features/tickets/components/reply-composer';
import { RequesterCard } from '@/features/tickets/components/requester-card';
import { CustomFieldsPanel } from '@/features/tickets/components/custom-fields-panel';
import { MergedNotice, RelatedTickets } from '@/features/tickets/components/related-tickets';
import { ResolutionNote } from '@/features/tickets/components/resolution-note';
import { SessionScheduler } from '@/features/tickets/components/session-scheduler';
import {
  CopyReference,
  ShareWithCustomer,
} from '@/features/tickets/components/share-with-customer';
import { StatusBadge } from '@/features/tickets/components/status-badge';
import { TicketControls } from '@/features/tickets/components/ticket-controls';
import { TicketSummary } from '@/features/tickets/components/ticket-summary';
import { TicketTimeline } from '@/features/tickets/components/ticket-timeline';
import { isAgentView } from '@/features/tickets/utils/ticket-view';
import { errorMessage } from '@/lib/form-errors';
import { useShortcut } from '@/features/shortcuts/hooks/use-shortcut';
import '@/styles/ticket-page.css';
import { ticketKeys } from '@/lib/query-keys';
import type { InboxContext } from './tickets';

/**
 * The ticket page (docs/product.md "Dashboard"): header with reference, badges and sharing; the
 * description, the merged timeline with the reply composer and, for agents and admins, the rule
 * runs; beside them the properties (status, priority, assignee, category, tags, claim), the
 * session, the requester and linked chats. A change refused as stale (412, `If-Match`) is explained and the latest version loaded
 * on request, the reply draft kept. It opens inside the inbox (tickets.tsx: beside the list on wide
 * screens), whose context gives the list's address and the next ticket; keyboard: r reply, n
 * internal note, a assignee, s status (docs/product.md "Keyboard shortcuts").
 */
export function TicketRoute() {
  const { t } = useTranslation();
  const { ticketId = '' } = useParams();
  const ticket = useTicket(ticketId);
  const inbox = useOutletContext<InboxContext | undefined>();

  const backLink = (
    <Link className="back-link" to={inbox?.listHref ?? paths.tickets.getHref()}>
      {t('ticket.backToList')}
    </Link>
  );

  if (ticket.data === undefined) {
    if (ticket.isPending) return <Loading />;
    return (
      <>
        {backLink}
        <LoadError
          title={t('ticket.error')}
          notFoundTitle={t('ticket.notFound')}
          error={ticket.error}
          onRetry={() => void ticket.refetch()}
        />
      </>
    );
  }

  return (
    <div className="ticket-page">
      <title>
        {t('app.pageTitle', { page: `${ticket.data.reference} ${ticket.data.subject}` })}
      </title>
      {backLink}
      {isAgentView(ticket.data) ? (
        // Keyed by ticket: moving to another ticket (the requester card's links) starts afresh.
        <AgentTicketPage key={ticket.data.id} ticket={ticket.data} detailId={ticketId} />
      ) : (
        // Customers work in the portal; should one land here, they get the plain view.
        <CustomerTicketView ticket={ticket.data} />
      )}
    </div>
  );
}

function AgentTicketPage({ ticket, detailId }: { ticket: Ticket; detailId: string }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const [conflict, setConflict] = useState(false);
  const [reloading, setReloading] = useState(false);
  const composerRef = useRef<ReplyComposerHandle>(null);
  const asideRef = useRef<HTMLElement>(null);
  // Opening the ticket clears its unread marker for this agent (docs/product.md "Unread markers").
  useMarkTicketSeen(ticket.id, ticket.version);

  /** Focuses the property control labelled `label` (a radix Select: Enter or arrows open it). */
  function focusControl(label: string) {
    const labels = asideRef.current?.querySelectorAll('label') ?? [];
    const match = [...labels].find((element) => element.textContent?.trim() === label);
    const control = match?.htmlFor ? document.getElementById(match.htmlFor) : null;
    if (!control) return false;
    control.focus();
    control.scrollIntoView?.({ block: 'nearest' });
    return true;
  }

  useShortcut('r', () => composerRef.current?.focus('public'));
  useShortcut('n', () => composerRef.current?.focus('internal'));
  useShortcut('a', () => focusControl(t('ticketPage.controls.assignee')));
  useShortcut('s', () => focusControl(t('ticketPage.controls.status')));

  async function loadLatest() {
    setReloading(true);
    try {
      await Promise.all([
        queryClient.refetchQueries({ queryKey: ticketKeys.detail(detailId), exact: true }),
        queryClient.invalidateQueries({ queryKey: ticketKeys.activity(ticket.id) }),
        queryClient.invalidateQueries({ queryKey: ticketKeys.responses(ticket.id) }),
      ]);
      setConflict(false);
      toast({ tone: 'success', title: t('ticketPage.conflict.reloaded') });
    } finally {
      setReloading(false);
    }
  }

  const upcomingSession =
    ticket.session && Date.parse(ticket.session.scheduledAt) > Date.now() ? ticket.session : null;

  return (
    <>
      {conflict ? (
        <div className="ticket-page__conflict" data-testid="conflict-notice">
          <Alert
            tone="error"
            title={t('ticketPage.conflict.title')}
            action={
              <Button disabled={reloading} onClick={() => void loadLatest()}>
                {t('ticketPage.conflict.reload')}
              </Button>
            }
          >
            {t('ticketPage.conflict.body')}
          </Alert>
        </div>
      ) : null}

      <header
        className={`ticket-header ticket-header--${ticket.priority.toLowerCase()}`}
        aria-labelledby="ticket-subject"
      >
        <div className="ticket-header__top">
          <p className="ticket-header__reference">{ticket.reference}</p>
          <CopyReference reference={ticket.reference} />
          {/* The collision notice: who else is viewing or replying (features/live). */}
          <div className="ticket-page__presence">
            <TicketPresence ticketId={ticket.id} />
          </div>
        </div>
        <h1 id="ticket-subject" className="ticket-header__subject">
          {ticket.subject}
        </h1>
        <div className="ticket-header__badges">
          <StatusBadge status={ticket.status} />
          <PriorityBadge priority={ticket.priority} />
          {ticket.assignee ? <Badge tone="info">{t('ticketPage.badges.claimed')}</Badge> : null}
          {upcomingSession ? <Badge tone="info">{t('ticketPage.badges.scheduled')}</Badge> : null}
          {ticket.status === 'RESOLVED' ? (
            <Badge tone="success">{t('ticketPage.badges.completed')}</Badge>
          ) : null}
        </div>
        <div className="ticket-header__actions">
          <ShareWithCustomer ticket={ticket} />
        </div>
      </header>

      <MergedNotice ticket={ticket} />
      <div className="ticket-page__layout">
        <div className="ticket-page__main">
          <Card title={t('ticket.description')}>
            <div className="prose">{ticket.description}</div>
            {ticket.attachments.length ? (
              <div className="ticket-attachments">
                <h3 className="section-title">{t('attachments.heading')}</h3>
                <AttachmentList attachments={ticket.attachments} />
              </div>
            ) : null}
          </Card>
          {/* Reports this agent's presence: replying while the composer has text. */}
          <PresenceReporter ticketId={ticket.id}>
            <AgentConversation
              ticket={ticket}
              detailId={detailId}
              onConflict={() => setConflict(true)}
              composerRef={composerRef}
            />
          </PresenceReporter>
          {/* What automation rules did to the ticket; staff only (features/rules). */}
          <TicketRuleRuns ticketId={ticket.id} version={ticket.version} />
        </div>

        <aside className="ticket-page__aside" aria-label={t('ticketPage.sidebar')} ref={asideRef}>
          <TicketControls
            ticket={ticket}
            detailId={detailId}
            user={user}
            locked={conflict}
            onConflict={() => setConflict(true)}
          />
          {/* Who could take the ticket and why (features/groups). */}
          <SuggestedAgents
            ticketId={ticket.id}
            version={ticket.version}
            assigneeId={ticket.assignee?.id ?? null}
            disabled={conflict || ticket.status === 'CLOSED'}
          />
          <TicketSlaPanel ticketId={ticket.id} sla={ticket.sla} timeZone={user.timeZone} />
          <SatisfactionPanel ticket={ticket} />
          <ResolutionNote ticket={ticket} detailId={detailId} />
          <SessionScheduler ticket={ticket} detailId={detailId} timeZone={user.timeZone} />
          <RequesterCard ticket={ticket} />
          <CustomFieldsPanel ticket={ticket} detailId={detailId} />
          <LinkedChats ticket={ticket} />
          <RelatedTickets ticket={ticket} detailId={detailId} />
          <TicketDetails ticket={ticket} />
        </aside>
      </div>
    </>
  );
}

function TicketDetails({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const rows: [string, React.ReactNode][] = [
    [t('ticket.created'), <DateTime key="c" value={ticket.createdAt} />],
    [t('ticket.updated'), <DateTime key="u" value={ticket.updatedAt} />],
  ];
  if (ticket.firstResponseDueAt && !ticket.firstRespondedAt) {
    rows.push([
      t('ticketPage.details.firstResponseDue'),
      <DateTime key="f" value={ticket.firstResponseDueAt} />,
    ]);
  }
  if (ticket.resolutionDueAt && !ticket.resolvedAt) {
    rows.push([
      t('ticketPage.details.resolutionDue'),
      <DateTime key="r" value={ticket.resolutionDueAt} />,
    ]);
  }
  if (ticket.followUpOf) {
    rows.push([
      t('ticketPage.details.followUpOf'),
      <Link key="p" to={paths.ticket.getHref(ticket.followUpOf.reference)}>
        {ticket.followUpOf.reference}
      </Link>,
    ]);
  }
  return (
    <Card title={t('ticketPage.details.heading')}>
      <dl className="details details--stacked">
        {rows.map(([label, value]) => (
          <div className="details__item" key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

/**
 * The merged timeline of replies, internal notes and activity, then the composer with the macro
 * picker (features do not import each other, so they meet here).
 */
function AgentConversation({
  ticket,
  detailId,
  onConflict,
  composerRef,
}: {
  ticket: Ticket;
  detailId: string;
  onConflict: () => void;
  composerRef: React.Ref<ReplyComposerHandle>;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { toast } = useToast();
  const inbox = useOutletContext<InboxContext | undefined>();

  /** "Send and next": a reply sent with a status moves on to the next ticket of the list. */
  function sent({ status }: ReplySent) {
    if (!status || !inbox) return;
    const next = inbox.nextTicketHref(ticket.reference);
    if (next) {
      void navigate(next);
      return;
    }
    toast({ title: t('inbox.endOfList') });
    void navigate(inbox.listHref);
  }
  const responses = useTicketResponses(ticket.id);
  const activity = useTicketActivity(ticket.id);
  const error = responses.error ?? activity.error;

  return (
    <section className="conversation" aria-labelledby="conversation-heading">
      <h2 id="conversation-heading" className="section-title">
        {t('ticket.timeline')}
      </h2>
      {responses.data !== undefined && activity.data !== undefined ? (
        <TicketTimeline responses={responses.data} activity={activity.data} />
      ) : error ? (
        <LoadError
          title={responses.error ? t('ticket.responsesError') : t('ticketPage.timeline.loadError')}
          error={error}
          onRetry={() => {
            void responses.refetch();
            void activity.refetch();
          }}
        />
      ) : (
        <Loading />
      )}
      {ticket.status === 'CLOSED' ? (
        <Alert tone="info">{t('composer.closed')}</Alert>
      ) : (
        <ReplyComposer
          key={ticket.id}
          ref={composerRef}
          ticketId={ticket.id}
          canWriteInternalNotes
          onSent={sent}
          boxAddon={(composer) => (
            <MentionAutocomplete
              textareaRef={composer.textareaRef}
              value={composer.content}
              onChange={composer.onContentChange}
              enabled={composer.internal}
            />
          )}
          tools={(composer) => (
            <MacroPicker
              ticketId={ticket.id}
              detailId={detailId}
              version={ticket.version}
              onConflict={onConflict}
              {...composer}
            />
          )}
        />
      )}
    </section>
  );
}

function CustomerTicketView({ ticket }: { ticket: AnyTicket }) {
  const { t } = useTranslation();
  const responses = useTicketResponses(ticket.id);
  return (
    <>
      <TicketSummary ticket={ticket} />
      <section className="conversation" aria-labelledby="conversation-heading">
        <h2 id="conversation-heading" className="section-title">
          {t('ticket.timeline')}
        </h2>
        {responses.data !== undefined ? (
          <TicketTimeline responses={responses.data} />
        ) : responses.isPending ? (
          <Loading />
        ) : (
          <Alert tone="error" title={t('ticket.responsesError')}>
            {errorMessage(responses.error, t)}
          </Alert>
        )}
        {ticket.status === 'CLOSED' ? (
          <Alert tone="info">{t('composer.closed')}</Alert>
        ) : (
          <ReplyComposer key={ticket.id} ticketId={ticket.id} canWriteInternalNotes={false} />
        )}
      </section>
    </>
  );
}
