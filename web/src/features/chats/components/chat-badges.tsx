import { useTranslation } from 'react-i18next';
import type { Chat } from '@docket/server/contract/chats';
import { Badge } from '@/components/ui/badge';
import { AlertTriangleIcon } from '@/components/ui/icons';

/** The chat's status (Open / Closed) and, when escalated, a warning badge; words, not colour alone. */
export function ChatBadges({ chat }: { chat: Pick<Chat, 'status' | 'escalated'> }) {
  const { t } = useTranslation();
  return (
    <span className="chat-badges">
      <Badge tone={chat.status === 'OPEN' ? 'info' : 'neutral'}>
        {t(`chats.status.${chat.status}`)}
      </Badge>
      {chat.escalated ? (
        <Badge tone="warning" icon={<AlertTriangleIcon className="badge__icon" />}>
          {t('chats.escalated')}
        </Badge>
      ) : null}
    </span>
  );
}
