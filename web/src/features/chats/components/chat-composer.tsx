import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { errorMessage } from '@/lib/form-errors';
import { useSendChatMessage } from '../api/send-chat-message';

/** Longest message, in characters, as the API allows (chats.schemas.ts CHAT_MESSAGE_MAX_LENGTH). */
const MESSAGE_MAX_LENGTH = 10_000;

/**
 * The agent's reply box of a chat (docs/product.md "Chats for agents"): Enter sends, as in every
 * chat product, and so does Ctrl+Enter / ⌘+Enter (the ticket composer's shortcut); Shift+Enter
 * starts a new line. An empty message is not sent. The text stays when sending fails, with the
 * server's reason shown; it is cleared once the message is accepted.
 */
export function ChatComposer({ chatId }: { chatId: string }) {
  const { t } = useTranslation();
  const [content, setContent] = useState('');
  const send = useSendChatMessage(chatId);

  function submit() {
    const text = content.trim();
    if (!text || send.isPending) return;
    send.mutate(text, { onSuccess: () => setContent('') });
  }

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    submit();
  }

  function handleKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // An input method composing a character uses Enter to confirm it.
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    submit();
  }

  return (
    <form className="chat-composer" onSubmit={handleSubmit} aria-label={t('chats.composer.label')}>
      <Field label={t('chats.composer.field')} hint={t('chats.composer.hint')}>
        {(control) => (
          <textarea
            {...control}
            className="textarea"
            name="content"
            rows={3}
            maxLength={MESSAGE_MAX_LENGTH}
            value={content}
            onChange={(event) => {
              setContent(event.target.value);
              if (send.isError) send.reset();
            }}
            onKeyDown={handleKeyDown}
          />
        )}
      </Field>
      {send.isError ? <Alert tone="error">{errorMessage(send.error, t)}</Alert> : null}
      <div className="chat-composer__actions">
        <Button type="submit" disabled={send.isPending || content.trim() === ''}>
          {send.isPending ? t('chats.composer.sending') : t('chats.composer.send')}
        </Button>
      </div>
    </form>
  );
}
