import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Ticket } from '@docket/server/contract/tickets';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { DateTime } from '@/components/ui/date-time';
import { Loading } from '@/components/ui/loading';
import { paths } from '@/config/paths';
import { useLinkedChats } from '../api/get-linked-chats';

/** The chats of a ticket, origin chat first (docs/product.md "Chats and the chat-to-ticket flow"). */
export function linkedChatIds(ticket: Pick<Ticket, 'originChatId' | 'linkedChatIds'>): string[] {
  const ids = ticket.originChatId ? [ticket.originChatId] : [];
  for (const id of ticket.linkedChatIds) if (!ids.includes(id)) ids.push(id);
  return ids;
}

/** The chats linked to the ticket, each with its customer, size and a link to the chat page. */
export function LinkedChats({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const ids = linkedChatIds(ticket);
  const chats = useLinkedChats(ids);
  if (ids.length === 0) return null;

  return (
    <Card title={t('ticketPage.chats.heading')} className="linked-chats">
      <ul className="linked-chats__list">
        {ids.map((chatId, index) => {
          const chat = chats[index];
          return (
            <li key={chatId} className="linked-chats__item">
              {chat?.data ? (
                <>
                  <Link to={paths.chat.getHref(chatId)}>
                    {t('ticketPage.chats.open', { name: chat.data.customerName })}
                  </Link>
                  <span className="linked-chats__meta">
                    {t('ticketPage.chats.messages', { count: chat.data.messages.length })}
                    {' · '}
                    <DateTime value={chat.data.updatedAt} />
                    {chat.data.escalated ? (
                      <span className="badge badge--tone-warning">
                        <span className="badge__label">{t('ticketPage.chats.escalated')}</span>
                      </span>
                    ) : null}
                  </span>
                  {chatId === ticket.originChatId ? (
                    <span className="linked-chats__meta">{t('ticketPage.chats.origin')}</span>
                  ) : null}
                </>
              ) : chat?.isError ? (
                <Alert tone="error">{t('ticketPage.chats.loadError')}</Alert>
              ) : (
                <Loading />
              )}
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
