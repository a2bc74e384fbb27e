import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { paths } from '@/config/paths';
import { ChatView } from '@/features/chats/components/chat-view';
import '@/styles/chats.css';

/** `/chats/:chatId`: one chat, its conversation, and "Create ticket" / "Link to a ticket". */
export function ChatRoute() {
  const { t } = useTranslation();
  const { chatId = '' } = useParams();
  return (
    <div className="chats-page">
      <Link to={paths.chats.getHref()} className="back-link">
        {t('chats.chat.back')}
      </Link>
      <ChatView key={chatId} chatId={chatId} />
    </div>
  );
}
