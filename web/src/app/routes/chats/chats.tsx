import { useTranslation } from 'react-i18next';
import { ChatInbox } from '@/features/chats/components/chat-inbox';
import '@/styles/chats.css';

/** `/chats`: the agents' live-chat inbox (docs/product.md "Dashboard": "chat inbox"). */
export function ChatsRoute() {
  const { t } = useTranslation();
  return (
    <div className="chats-page">
      <title>{t('app.pageTitle', { page: t('chats.title') })}</title>
      <div className="page-header">
        <h1>{t('chats.title')}</h1>
      </div>
      <p className="chat-muted">{t('chats.intro')}</p>
      <ChatInbox />
    </div>
  );
}
