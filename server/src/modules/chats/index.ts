/**
 * The public surface of the chats module: what other modules and the plugins may use. The rest
 * of the folder is the module's own (docs/architecture.md "Modules").
 */
export { FROM_CHAT_TAG, createTicketFromChat, linkChat } from './ticket-from-chat.js';
export { formatTranscript } from './chat-transcript.js';
export { toChatMessage } from './chats.presenter.js';
