import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { ChatListItem } from '@docket/server/contract/chats';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { DateTime } from '@/components/ui/date-time';
import { Field } from '@/components/ui/field';
import { Loading } from '@/components/ui/loading';
import { Select } from '@/components/ui/select';
import { paths } from '@/config/paths';
import { useCurrentUser } from '@/lib/current-user';
import { errorMessage } from '@/lib/form-errors';
import { useChats } from '../api/get-chats';
import {
  CHAT_AGENT_FILTERS,
  CHAT_STATUS_FILTERS,
  filtersFromSearchParams,
  filtersToSearchParams,
  type ChatFilters,
} from '../utils/chat-filters';
import { ChatBadges } from './chat-badges';

/**
 * The chat inbox (`/chats`): the organization's chats, newest activity first, filtered by status,
 * escalation and agent (the filters live in the address), with "Load more" following the API's
 * cursor. Each chat links to its page, where it can become a ticket.
 */
export function ChatInbox() {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = filtersFromSearchParams(searchParams);
  const chats = useChats(filters);
  const rows = chats.data?.pages.flatMap((page) => page.data) ?? [];

  function update(change: Partial<ChatFilters>) {
    setSearchParams(filtersToSearchParams({ ...filters, ...change }), { replace: true });
  }

  return (
    <>
      <form
        className="chat-filters"
        aria-label={t('chats.filters.label')}
        onSubmit={(e) => e.preventDefault()}
      >
        <Field label={t('chats.filters.status')}>
          {(control) => (
            <Select
              {...control}
              size="compact"
              value={filters.status}
              onValueChange={(status) => update({ status: status as ChatFilters['status'] })}
              options={CHAT_STATUS_FILTERS.map((value) => ({
                value,
                label: t(`chats.filters.statusOptions.${value}`),
              }))}
            />
          )}
        </Field>
        <Field label={t('chats.filters.agent')}>
          {(control) => (
            <Select
              {...control}
              size="compact"
              value={filters.agent}
              onValueChange={(agent) => update({ agent: agent as ChatFilters['agent'] })}
              options={CHAT_AGENT_FILTERS.map((value) => ({
                value,
                label: t(`chats.filters.agentOptions.${value}`),
              }))}
            />
          )}
        </Field>
        <Checkbox
          checked={filters.escalated}
          onCheckedChange={(escalated) => update({ escalated })}
          label={t('chats.filters.escalatedOnly')}
        />
      </form>

      {chats.isPending ? <Loading /> : null}
      {chats.isError ? <Alert tone="error">{errorMessage(chats.error, t)}</Alert> : null}
      {chats.isSuccess && rows.length === 0 ? (
        <p className="empty-state">{t('chats.empty')}</p>
      ) : null}
      {rows.length > 0 ? (
        <ul className="chat-list" aria-label={t('chats.listLabel')}>
          {rows.map((chat) => (
            <ChatRow key={chat.id} chat={chat} />
          ))}
        </ul>
      ) : null}
      {chats.hasNextPage ? (
        <div className="chat-more">
          <Button
            variant="secondary"
            onClick={() => void chats.fetchNextPage()}
            disabled={chats.isFetchingNextPage}
          >
            {chats.isFetchingNextPage ? t('common.loading') : t('chats.loadMore')}
          </Button>
        </div>
      ) : null}
    </>
  );
}

/**
 * One chat of the inbox: the customer, badges, who handles it, linked tickets, last activity, and
 * its last message (who wrote it, when, and its start).
 */
function ChatRow({ chat }: { chat: ChatListItem }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const agent =
    chat.agentId === null
      ? t('chats.agent.none')
      : chat.agentId === user.id
        ? t('chats.agent.me')
        : t('chats.agent.other');
  return (
    <li className={chat.escalated ? 'chat-row chat-row--escalated' : 'chat-row'}>
      <div className="chat-row__main">
        <Link to={paths.chat.getHref(chat.id)} className="chat-row__name">
          {chat.customerName}
        </Link>
        <span className="chat-row__email">{chat.customerEmail}</span>
        {chat.lastMessage ? (
          <p className="chat-row__last" data-testid="chat-last-message">
            <span className="chat-row__last-sender">
              {t('chats.lastMessage.from', {
                name: chat.lastMessage.senderName,
                kind: t(`chats.sender.${chat.lastMessage.senderType}`),
              })}
            </span>{' '}
            <DateTime value={chat.lastMessage.createdAt} />
            <span className="chat-row__excerpt">{chat.lastMessage.excerpt}</span>
          </p>
        ) : (
          <p className="chat-row__last chat-muted">{t('chats.lastMessage.none')}</p>
        )}
      </div>
      <div className="chat-row__meta">
        <ChatBadges chat={chat} />
        <span>{agent}</span>
        {chat.ticketIds.length > 0 ? (
          <span>{t('chats.ticketCount', { count: chat.ticketIds.length })}</span>
        ) : null}
        <span>
          {t('chats.lastActivity')} <DateTime value={chat.updatedAt} />
        </span>
      </div>
    </li>
  );
}
