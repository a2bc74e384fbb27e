import { useTranslation } from 'react-i18next';
import type { ChatWithMessages } from '@docket/server/contract/chats';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/select';
import { useCurrentUser } from '@/lib/current-user';
import { errorMessage } from '@/lib/form-errors';
import { useChatAgents } from '../api/get-chat-agents';
import { useUpdateChat } from '../api/update-chat';

/** The Select's value for "nobody" (radix reserves the empty string). */
const UNASSIGNED = 'none';

/**
 * Who handles the chat and whether it is open (`PATCH /api/chats/:id`): "Assigned to" (the
 * organization's active agents and admins, or nobody) and Close / Reopen.
 */
export function ChatControls({ chat }: { chat: ChatWithMessages }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const agents = useChatAgents();
  const update = useUpdateChat(chat.id);

  const options = [
    { value: UNASSIGNED, label: t('chats.agent.none') },
    ...(agents.data ?? []).map((user) => ({
      value: user.id,
      label: user.id === me.id ? t('chats.controls.me', { name: user.name }) : user.name,
    })),
  ];
  // The chat's agent may have left the list (deactivated): still name the choice.
  if (chat.agentId && !options.some((o) => o.value === chat.agentId)) {
    options.push({ value: chat.agentId, label: t('chats.agent.other') });
  }

  return (
    <div className="chat-controls">
      <Field label={t('chats.controls.assignee')}>
        {(control) => (
          <Select
            {...control}
            size="compact"
            value={chat.agentId ?? UNASSIGNED}
            disabled={update.isPending || agents.isPending}
            onValueChange={(value) =>
              update.mutate({ agentId: value === UNASSIGNED ? null : value })
            }
            options={options}
          />
        )}
      </Field>
      {chat.status === 'OPEN' ? (
        <Button
          variant="secondary"
          disabled={update.isPending}
          onClick={() => update.mutate({ status: 'CLOSED' })}
        >
          {t('chats.controls.close')}
        </Button>
      ) : (
        <Button
          variant="secondary"
          disabled={update.isPending}
          onClick={() => update.mutate({ status: 'OPEN' })}
        >
          {t('chats.controls.reopen')}
        </Button>
      )}
      {update.isError ? <Alert tone="error">{errorMessage(update.error, t)}</Alert> : null}
    </div>
  );
}
