/** Chats and their messages (docs/api.md "Chats"). */
export type {
  Chat,
  ChatLastMessage,
  ChatList,
  ChatListItem,
  ChatMessage,
  ChatWithMessages,
  CreateChatBody,
  CreateChatMessageBody,
  UpdateChatBody,
} from '../modules/chats/chats.schemas.js';
