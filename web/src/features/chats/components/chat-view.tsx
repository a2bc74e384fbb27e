import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { ChatMessage, ChatWithMessages } from '@docket/server/contract/chats';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { DateTime } from '@/components/ui/date-time';
import { Loading } from '@/components/ui/loading';
import { useToast } from '@/components/ui/toast';
import { paths } from '@/config/paths';
import { isApiError } from '@/lib/api-client';
import { errorMessage } from '@/lib/form-errors';
import { useCreateTicketFromChat } from '../api/create-ticket-from-chat';
import { useChat } from '../api/get-chat';
import { useLinkedTicket } from '../api/get-linked-ticket';
import { ChatBadges } from './chat-badges';
import { ChatComposer } from './chat-composer';
import { ChatControls } from './chat-controls';
import { LinkTicketDialog } from './link-ticket-dialog';

/**
 * One chat (`/chats/:chatId`): who the customer is, who handles the chat (assign, close, reopen),
 * whether it is closed or linked to tickets, the conversation oldest first — kept current by the
 * live stream's chat notices — with the agent's reply box, and the two ways into the ticket
 * system: "Create ticket" (`POST /api/tickets/from-chat/:chatId`, then the ticket's page) and
 * "Link to a ticket".
 */
export function ChatView({ chatId }: { chatId: string }) {
  const { t } = useTranslation();
  const chat = useChat(chatId);

  if (chat.isPending) return <Loading />;
  if (chat.isError) {
    const notFound = isApiError(chat.error) && chat.error.status === 404;
    return (
      <>
        <h1>{t('chats.chat.title')}</h1>
        <Alert tone="error">
          {notFound ? t('chats.chat.notFound') : errorMessage(chat.error, t)}
        </Alert>
      </>
    );
  }
  return <ChatDetails chat={chat.data} />;
}

function ChatDetails({ chat }: { chat: ChatWithMessages }) {
  const { t } = useTranslation();
  return (
    <article className="chat-page" aria-labelledby="chat-title">
      <title>{t('app.pageTitle', { page: chat.customerName })}</title>
      <header className="chat-page__header">
        <div>
          <h1 id="chat-title">{chat.customerName}</h1>
          <p className="chat-page__email">{chat.customerEmail}</p>
          <p className="chat-page__meta">
            <ChatBadges chat={chat} />
            <span>
              {t('chats.chat.started')} <DateTime value={chat.createdAt} />
            </span>
          </p>
        </div>
        <div className="chat-page__side">
          <ChatActions chat={chat} />
          <ChatControls chat={chat} />
        </div>
      </header>

      <ChatState chat={chat} />

      <Card title={t('chats.chat.tickets')}>
        {chat.ticketIds.length === 0 ? (
          <p className="chat-muted">{t('chats.chat.noTickets')}</p>
        ) : (
          <ul className="chat-tickets">
            {chat.ticketIds.map((id) => (
              <LinkedTicket key={id} ticketId={id} />
            ))}
          </ul>
        )}
      </Card>

      <Card title={t('chats.chat.conversation')}>
        {chat.messages.length === 0 ? (
          <p className="chat-muted">{t('chats.chat.noMessages')}</p>
        ) : null}
        {/* New messages, the customer's included, arrive live: announced politely. */}
        <ol
          className="chat-messages"
          aria-live="polite"
          aria-label={t('chats.chat.conversation')}
          data-testid="chat-messages"
        >
          {chat.messages.map((message) => (
            <ChatMessageItem key={message.id} message={message} />
          ))}
        </ol>
        {chat.status === 'OPEN' ? (
          <ChatComposer chatId={chat.id} />
        ) : (
          <p className="chat-muted chat-closed-note">{t('chats.state.closedComposer')}</p>
        )}
      </Card>
    </article>
  );
}

/** "Create ticket" (then the new ticket's page) and "Link to a ticket". */
function ChatActions({ chat }: { chat: ChatWithMessages }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { toast } = useToast();
  const createTicket = useCreateTicketFromChat(chat.id);

  function handleCreate() {
    createTicket.mutate(
      {},
      {
        onSuccess: (ticket) => {
          toast({
            tone: 'success',
            title: t('chats.chat.ticketCreated', { reference: ticket.reference }),
          });
          void navigate(paths.ticket.getHref(ticket.reference));
        },
      },
    );
  }

  return (
    <div className="chat-actions">
      <Button onClick={handleCreate} disabled={createTicket.isPending}>
        {createTicket.isPending ? t('chats.chat.creatingTicket') : t('chats.chat.createTicket')}
      </Button>
      <LinkTicketDialog chatId={chat.id} linkedTicketIds={chat.ticketIds} />
      {createTicket.isError ? (
        <Alert tone="error">{errorMessage(createTicket.error, t)}</Alert>
      ) : null}
    </div>
  );
}

/**
 * Where the chat stands, in words: closed (no more messages until reopened) and the tickets it
 * became or was linked to, each linking to its page.
 */
function ChatState({ chat }: { chat: ChatWithMessages }) {
  const { t } = useTranslation();
  if (chat.status === 'OPEN' && chat.ticketIds.length === 0) return null;
  return (
    <div className="chat-state" role="status" data-testid="chat-state">
      {chat.status === 'CLOSED' ? <p>{t('chats.state.closed')}</p> : null}
      {chat.ticketIds.length > 0 ? (
        <p>
          {t('chats.state.linked', { count: chat.ticketIds.length })}{' '}
          {chat.ticketIds.map((id, index) => (
            <span key={id}>
              {index > 0 ? ', ' : null}
              <TicketReferenceLink ticketId={id} />
            </span>
          ))}
        </p>
      ) : null}
    </div>
  );
}

/** A linked ticket's reference, linking to its page (nothing while it loads or if it is gone). */
function TicketReferenceLink({ ticketId }: { ticketId: string }) {
  const ticket = useLinkedTicket(ticketId);
  if (!ticket.isSuccess) return null;
  return (
    <Link to={paths.ticket.getHref(ticket.data.reference)} className="chat-tickets__reference">
      {ticket.data.reference}
    </Link>
  );
}

/** A ticket of the chat, by reference and subject, linking to the ticket's page. */
function LinkedTicket({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const ticket = useLinkedTicket(ticketId);
  if (ticket.isPending) return <li>{t('common.loading')}</li>;
  if (ticket.isError) return <li className="chat-muted">{t('chats.chat.ticketUnavailable')}</li>;
  return (
    <li>
      <Link to={paths.ticket.getHref(ticket.data.reference)} className="chat-tickets__reference">
        {ticket.data.reference}
      </Link>{' '}
      {ticket.data.subject}
    </li>
  );
}

/** One message: who wrote it (name and kind, in words), when, and what. */
function ChatMessageItem({ message }: { message: ChatMessage }) {
  const { t } = useTranslation();
  return (
    <li className={`chat-message chat-message--${message.senderType}`}>
      <p className="chat-message__meta">
        <span className="chat-message__sender">{message.senderName}</span>{' '}
        <span className="chat-message__kind">({t(`chats.sender.${message.senderType}`)})</span>{' '}
        <DateTime value={message.createdAt} />
      </p>
      <p className="chat-message__content prose">{message.content}</p>
    </li>
  );
}
